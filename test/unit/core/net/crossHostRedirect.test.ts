import * as assert from 'node:assert/strict';
import { DEFAULT_NETWORK, HttpClient, sameHost } from '../../../../src/core/net/httpClient';
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
      // The same host name, another port: another service on that machine.
      if (req.path === '/port') return json(res, 302, {}, { Location: `${other.url}/collect` });
      // A company's single sign-on in front of a self-hosted tracker, when the token is missing or expired.
      if (req.path === '/sso') return json(res, 302, {}, { Location: `${other.url.replace('127.0.0.1', 'localhost')}/saml/login?RelayState=x` });
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

  it('is not followed to another port of the same host with credentials', async () => {
    const client = new HttpClient('GitLab', DEFAULT_NETWORK);
    const error = await client.request({ url: `${tracker.url}/port`, headers: { 'PRIVATE-TOKEN': TOKEN } }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TrackerError, String(error));
    assert.match(error.message, new RegExp(`redirected to another host \\(127\\.0\\.0\\.1:${new URL(other.url).port}\\)`));
    assert.equal(other.requests.length, 0, 'nothing reached the other port');
  });

  // The refusal replaced the older 'HTML page ... (a single sign-on or proxy login page?)' answer:
  // saying only 'check the base URL' had people change a correct URL instead of signing in.
  it('says a refused redirect may be a sign-in page as well as a wrong base URL', async () => {
    const error = await new HttpClient('Jira', DEFAULT_NETWORK).request({ url: `${tracker.url}/sso`, headers: { Authorization: `Bearer ${TOKEN}` } }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TrackerError, String(error));
    assert.match(error.message, /sign-on or proxy login page/);
    assert.match(error.message, /missing or expired: sign in again/);
    assert.match(error.message, /base URL/);
    assert.ok(!error.message.includes('\n'));
    assert.equal(other.requests.length, 0);
  });

  it('counts the port, and lets http on its default port move to https on its default port only', () => {
    const cases: [string, string, boolean][] = [
      ['http://tracker.example.com/api', 'https://tracker.example.com/api', true],
      ['https://tracker.example.com/api', 'https://tracker.example.com:443/x', true],
      ['https://tracker.example.com/api', 'http://tracker.example.com/api', false],
      ['https://tracker.example.com/api', 'https://tracker.example.com:8443/api', false],
      ['http://tracker.example.com:8080/api', 'http://tracker.example.com:9090/api', false],
      ['http://tracker.example.com:8080/api', 'https://tracker.example.com/api', false],
      ['http://tracker.example.com/api', 'https://tracker.example.com:8443/api', false],
    ];
    for (const [from, to, expected] of cases) assert.equal(sameHost(from, new URL(to)), expected, `${from} -> ${to}`);
  });
});
