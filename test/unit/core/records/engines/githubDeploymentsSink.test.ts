import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackerError } from '../../../../../src/core/net/trackerError';
import { Outbox } from '../../../../../src/core/records/outbox';
import { GithubDeploymentsSink } from '../../../../../src/core/records/sinks/engines/githubDeploymentsSink';
import { isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeGithub, GITHUB_TOKEN, startFakeGithub } from '../../../../helpers/fakes/fakeGithub';
import { changeRecord, deploymentRecord, incidentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const SECRETS = { 'github.token': GITHUB_TOKEN };
const OPTS = { idempotencyKey: 'k' };
const A = 'aaaaaaa1111111111111111111111111111aaaaa';
const B = 'bbbbbbb2222222222222222222222222222bbbbb';

describe('GithubDeploymentsSink against a fake GitHub deployments API', () => {
  let gh: FakeGithub;
  const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-12'] });
  const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: A, environment: 'production', records: [change.id] });
  const rollback = deploymentRecord({ createdAt: '2026-03-10T09:30:00.000Z', commit: B, environment: 'production', kind: 'rollback', rollsBack: deploy.id });
  const sinkWith = (secrets: Record<string, string> = SECRETS) => new GithubDeploymentsSink({ owner: 'acme', repo: 'api', apiBaseUrl: gh.server.url }, engineSetup([change, deploy, rollback], secrets, NOW));

  beforeEach(async () => {
    gh = await startFakeGithub('acme', 'api');
    gh.known = new Set([A, B]);
  });
  afterEach(() => gh.close());

  it('creates one deployment for the commit with the record id in its payload and a success status, once', async () => {
    const sink = sinkWith();
    await sink.deliver(deploy, OPTS);
    await sink.deliver(deploy, OPTS);
    assert.equal(gh.deployments.length, 1);
    const d = gh.deployments[0];
    assert.equal(d.sha, A);
    assert.equal(d.environment, 'production');
    assert.equal(d.production_environment, true);
    assert.deepEqual((d.payload as { changetrail: string }).changetrail, deploy.id);
    assert.deepEqual(d.statuses.map((s) => s.state), ['success'], 'a repeated delivery posts no second status');
    const create = gh.server.requests.find((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    const body = JSON.parse(create!.body) as { auto_merge: boolean; required_contexts: string[] };
    assert.equal(body.auto_merge, false);
    assert.deepEqual(body.required_contexts, []);
    assert.equal(await sink.deliver(change, OPTS).then(() => gh.deployments.length), 1, 'a change record sends nothing');
  });

  it('a rollback gets its own successful deployment and leaves the undone one inactive; an incident marks its cause failed', async () => {
    const sink = sinkWith();
    await sink.deliver(deploy, OPTS);
    await sink.deliver(rollback, OPTS);
    const [first, second] = gh.deployments;
    assert.equal(second.sha, B);
    assert.equal(second.statuses.at(-1)?.state, 'success');
    assert.equal(first.statuses.at(-1)?.state, 'inactive');
    await sink.deliver(incidentRecord({ createdAt: NOW, cause: { kind: 'deployment', deployment: deploy.id } }), OPTS);
    assert.equal(first.statuses.at(-1)?.state, 'failure');
  });

  it('through the real outbox, a create whose reply was lost is found again instead of duplicated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ct-gh-outbox-'));
    try {
      let now = Date.parse(NOW);
      const outbox = new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
      const sink = sinkWith();
      gh.dropCreateReply = true;
      await outbox.enqueue(deploy, [sink.id]);
      assert.equal((await outbox.deliverDue([sink])).retrying, 1);
      now += 60 * 60_000;
      assert.equal((await outbox.deliverDue([sink])).delivered, 1);
      assert.equal(gh.deployments.length, 1, 'no second deployment');
      assert.deepEqual(gh.deployments[0].statuses.map((s) => s.state), ['success']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('bad credentials are permanent, a missing token waits, a 422 names the field, x-ratelimit-reset sets retryAt', async () => {
    const wrong = await sinkWith({ 'github.token': 'ghp_wrong_token_0000000000' }).deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(wrong instanceof TrackerError && wrong.status === 401 && isPermanentFailure(wrong));
    assert.match(wrong.message, /CHANGETRAIL_GITHUB_TOKEN/);
    assert.ok(!wrong.message.includes('ghp_wrong_token'));
    const missing = await sinkWith({}).deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(missing instanceof Error && !isPermanentFailure(missing));
    gh.known = new Set();
    const invalid = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(isPermanentFailure(invalid));
    assert.match(String(invalid), /No ref found for/);
    const reset = Date.parse(NOW) / 1000 + 900;
    gh.next = (_req, res) => (res.writeHead(403, { 'Content-Type': 'application/json', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }).end('{"message":"API rate limit exceeded"}'), true);
    const limited = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(limited instanceof TrackerError);
    assert.equal(limited.retryAt, reset * 1000);
    assert.equal(isPermanentFailure(limited), false);
    gh.next = (_req, res) => (res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"Resource not accessible by integration"}'), true);
    const forbidden = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(forbidden instanceof TrackerError && forbidden.status === 403 && /repo_deployment/.test(forbidden.message));
  });
});
