import * as assert from 'node:assert/strict';
import { DEFAULT_NETWORK, HttpClient, MAX_RESPONSE_BYTES, retryAfterMs } from '../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../src/core/net/trackerError';
import { fixedClock } from '../../../../src/core/clock';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../helpers/localHttpServer';

const SECRET = 'sekrit-token-0123456789';

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
    assert.ok(!error.message.includes(SECRET), 'the token leaked into the message');
    return error;
  }
  assert.fail('the request succeeded');
}

describe('HttpClient against a local server', () => {
  let server: LocalHttpServer;
  const client = () => new HttpClient('Tracker', { ...DEFAULT_NETWORK, timeoutMs: 300, maxRetryWaitMs: 1500 });
  const get = (path: string, signal?: AbortSignal) => client().request({ url: `${server.url}${path}`, headers: { Authorization: `Bearer ${SECRET}` }, signal });

  beforeEach(async () => {
    server = await startLocalHttpServer((_req, res) => json(res, 200, { ok: true }));
  });
  afterEach(() => server.close());

  it('returns parsed JSON and sends the headers it was given', async () => {
    const res = await get('/ok');
    assert.deepEqual(res.data, { ok: true });
    assert.equal(server.requests[0].headers.authorization, `Bearer ${SECRET}`);
    assert.equal(server.requests[0].headers.accept, 'application/json');
  });

  const statuses: [number, TrackerErrorKind, RegExp][] = [
    [401, 'auth', /sign in again/],
    [403, 'forbidden', /access denied \(403\)/],
    [404, 'notFound', /not found \(404\): http:\/\/127\.0\.0\.1:\d+\/x; check the base URL/],
    [500, 'server', /failed \(500\)/],
    [503, 'server', /failed \(503\)/],
    [400, 'unexpected', /refused the request \(400\): bad jql, echo \*\*\*/],
  ];
  for (const [status, kind, message] of statuses) {
    it(`maps ${status} to ${kind}`, async () => {
      // Some trackers echo the credentials in their error text: they must not reach the message.
      server.handle((_req, res) => json(res, status, { message: `bad jql, echo ${SECRET}` }));
      const error = await failure(get('/x?token=abc'));
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('token=abc'), 'query strings stay out of messages');
    });
  }

  it('names the URL without a password written into it (https://user:password@host) in 403, 404 and 410 messages', async () => {
    const withPassword = server.url.replace('http://', 'http://bob:hunter2-in-the-url@');
    for (const status of [403, 404, 410]) {
      server.handle((_req, res) => json(res, status, {}));
      const error = await failure(client().request({ url: `${withPassword}/rest/api/2/search` }));
      assert.match(error.message, /http:\/\/bob:\*\*\*@127\.0\.0\.1:\d+\/rest\/api\/2\/search/);
      assert.ok(!error.message.includes('hunter2'), `the password is in: ${error.message}`);
    }
  });

  it('waits out a short Retry-After on 429 and succeeds', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? json(res, 429, {}, { 'Retry-After': '1' }) : json(res, 200, { n: calls })));
    assert.deepEqual((await get('/r')).data, { n: 2 });
    assert.equal(server.requests.length, 2);
  });

  it('gives up on a long Retry-After with kind rateLimited and when to retry', async () => {
    server.handle((_req, res) => json(res, 429, {}, { 'Retry-After': '120' }));
    const error = await failure(get('/r'));
    assert.equal(error.kind, 'rateLimited');
    assert.match(error.message, /try again in 120 s/);
    assert.ok(error.retryAt && error.retryAt > Date.now() + 100_000);
    assert.equal(server.requests.length, 1);
  });

  it('retries a limit at most once: no burst of identical requests', async () => {
    server.handle((_req, res) => json(res, 429, {}, { 'Retry-After': '0' }));
    const error = await failure(get('/r'));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(server.requests.length, 2);
  });

  it('a limit that names no time waits at least a minute (by the injected clock), never a quick retry', async () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    server.handle((_req, res) => json(res, 429, { message: 'slow down' }));
    const error = await failure(new HttpClient('Tracker', DEFAULT_NETWORK, undefined, fixedClock(now)).request({ url: `${server.url}/r` }));
    assert.equal(error.retryAt, now + 60_000);
    assert.equal(server.requests.length, 1);
  });

  it('a deleted resource (410) is notFound; a redirect it was told not to follow comes back as it is', async () => {
    server.handle((req, res) => (req.path === '/gone' ? json(res, 410, { message: 'This issue was deleted' }) : json(res, 301, { message: 'Moved Permanently' }, { Location: '/elsewhere' })));
    const gone = await failure(get('/gone'));
    assert.equal(gone.kind, 'notFound');
    assert.match(gone.message, /gone \(410\)/);
    const moved = await client().request({ url: `${server.url}/moved`, method: 'POST', body: {}, maxRedirects: 0 });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, '/elsewhere');
  });

  it('hands statuses it is told to back with their body (Linear\'s GraphQL errors come with 400)', async () => {
    server.handle((_req, res) => json(res, 400, { errors: [{ extensions: { code: 'RATELIMITED' } }] }));
    const res = await client().request({ url: `${server.url}/graphql`, method: 'POST', body: {}, bodyOnStatus: [400] });
    assert.equal(res.status, 400);
    assert.deepEqual(res.data, { errors: [{ extensions: { code: 'RATELIMITED' } }] });
  });

  it('reports an HTML page (a login page) as unexpected, with a hint', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
    });
    const error = await failure(get('/h'));
    assert.equal(error.kind, 'unexpected');
    assert.match(error.message, /HTML page instead of JSON/);
  });

  it('masks an echoed token before it cuts the tracker\'s text: no piece of it survives at the cut', async () => {
    // The token starts 8 characters before the 200-character cut: cutting first left its head behind.
    server.handle((_req, res) => json(res, 422, { message: `${'x'.repeat(191)} ${SECRET}` }));
    const error = await failure(get('/cut'));
    assert.equal(error.kind, 'unexpected');
    assert.ok(!error.message.includes(SECRET.slice(0, 6)), `a piece of the token is in: ${error.message}`);
    assert.match(error.message, /\*\*\*/);
  });

  it('stops reading an answer larger than MAX_RESPONSE_BYTES (a server streaming without end would fill the memory)', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
      // A valid JSON array padded past the cap: read to the end it would parse.
      for (let i = 0; i <= MAX_RESPONSE_BYTES / chunk.length; i++) res.write(chunk);
      res.end(']');
    });
    const error = await failure(new HttpClient('Tracker', { ...DEFAULT_NETWORK, timeoutMs: 30_000 }).request({ url: `${server.url}/huge?token=abc`, headers: { Authorization: `Bearer ${SECRET}` } }));
    assert.equal(error.kind, 'unexpected');
    assert.match(error.message, /127\.0\.0\.1:\d+ answered http:\/\/127\.0\.0\.1:\d+\/huge with more than 32 MB; ChangeTrail stopped reading/);
  });

  it('reports malformed JSON as unexpected', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"issues": [');
    });
    assert.match((await failure(get('/m'))).message, /malformed JSON/);
  });

  it('times out a server that never answers', async () => {
    server.handle(() => undefined);
    const error = await failure(get('/hang'));
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /did not answer within 0\.3 s/);
  });

  it('is cancelled by its AbortSignal', async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = get('/hang', controller.signal);
    setTimeout(() => controller.abort(), 50);
    assert.equal((await failure(pending)).kind, 'cancelled');
  });

  it('says plainly when nothing listens', async () => {
    const url = server.url;
    await server.close();
    const error = await failure(new HttpClient('Tracker', { ...DEFAULT_NETWORK, timeoutMs: 1000 }).request({ url: `${url}/x` }));
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /refused the connection/);
    server = await startLocalHttpServer((_req, res) => json(res, 200, {}));
  });

  it('goes through a configured HTTP proxy', async () => {
    const target = server.url;
    const proxy = await startLocalHttpServer((req, res) => json(res, 200, { proxied: req.url }));
    try {
      const res = await new HttpClient('Tracker', { ...DEFAULT_NETWORK, proxy: proxy.url }).request({ url: `${target}/via` });
      assert.deepEqual(res.data, { proxied: `${target}/via` });
      assert.equal(server.requests.length, 0, 'the target was reached through the proxy only');
    } finally {
      await proxy.close();
    }
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(retryAfterMs('3', 0), 3000);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 5000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(undefined, 0), undefined);
  });
});
