import * as assert from 'node:assert/strict';
import { DEFAULT_NETWORK, HttpClient } from '../../../../src/core/net/httpClient';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../helpers/localHttpServer';

const TOKEN = 'glpat-cross-host-0123456789';

// axios (follow-redirects) drops Authorization and Cookie on a redirect to another host, but not
// any other header: GitLab's PRIVATE-TOKEN, an API key header, went along to whatever host a
// tracker (or someone between) redirected to.
describe('HttpClient: redirects to another host', () => {
  let other: LocalHttpServer;
  let tracker: LocalHttpServer;
  beforeEach(async () => {
    other = await startLocalHttpServer((_req, res) => json(res, 200, { ok: true }));
    tracker = await startLocalHttpServer((req, res) => {
      // "localhost" is another host name than the tracker's 127.0.0.1.
      if (req.path === '/away') return json(res, 302, {}, { Location: `${other.url.replace('127.0.0.1', 'localhost')}/collect` });
      if (req.path === '/same') return json(res, 301, {}, { Location: '/moved' });
      return json(res, 200, { at: req.path });
    });
  });
  afterEach(async () => {
    await other.close();
    await tracker.close();
  });

  it('is not followed with credentials, whatever header carries them, and says where it led', async () => {
    const client = new HttpClient('GitLab', DEFAULT_NETWORK);
    const error = await client.request({ url: `${tracker.url}/away`, headers: { 'PRIVATE-TOKEN': TOKEN, 'X-Api-Key': TOKEN, Authorization: `Bearer ${TOKEN}` } }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TrackerError, String(error));
    assert.match(error.message, /redirected to another host \(localhost:\d+\)/);
    assert.ok(!error.message.includes(TOKEN));
    assert.equal(other.requests.length, 0, 'nothing reached the other host');
  });

  it('a redirect on the same host is still followed (a transferred GitHub issue)', async () => {
    const res = await new HttpClient('GitHub', DEFAULT_NETWORK).request({ url: `${tracker.url}/same`, headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.deepEqual(res.data, { at: '/moved' });
  });
});
