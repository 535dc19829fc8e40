import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackerError } from '../../../../../src/core/net/trackerError';
import { Outbox } from '../../../../../src/core/records/outbox';
import { GitlabDeploymentsSink } from '../../../../../src/core/records/sinks/engines/gitlabDeploymentsSink';
import { isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeGitlab, GITLAB_TOKEN, startFakeGitlab } from '../../../../helpers/fakes/fakeGitlab';
import { changeRecord, deploymentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const SECRETS = { 'gitlab.token': GITLAB_TOKEN };
const OPTS = { idempotencyKey: 'k' };
const A = 'aaaaaaa1111111111111111111111111111aaaaa';
const B = 'bbbbbbb2222222222222222222222222222bbbbb';

describe('GitlabDeploymentsSink against a fake GitLab deployments API', () => {
  let gl: FakeGitlab;
  const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', baseBranch: 'release' });
  const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: A, environment: 'staging', records: [change.id] });
  const rollback = deploymentRecord({ createdAt: '2026-03-10T09:30:00.000Z', commit: B, environment: 'staging', kind: 'rollback', rollsBack: deploy.id });
  const sinkWith = (secrets: Record<string, string> = SECRETS) =>
    new GitlabDeploymentsSink({ projectId: 'acme/api', apiBaseUrl: `${gl.server.url}/api/v4` }, engineSetup([change, deploy, rollback], secrets, NOW));

  beforeEach(async () => {
    gl = await startFakeGitlab('acme/api', NOW);
    gl.known = new Set([A, B]);
  });
  afterEach(() => gl.close());

  it('creates a running deployment of the commit on the carried ref and marks it success, once', async () => {
    const sink = sinkWith();
    await sink.deliver(deploy, OPTS);
    await sink.deliver(deploy, OPTS);
    await sink.deliver(change, OPTS);
    assert.equal(gl.deployments.length, 1);
    const d = gl.deployments[0];
    assert.deepEqual([d.sha, d.ref, d.environment, d.status], [A, 'release', 'staging', 'success']);
    assert.deepEqual(d.updates, ['running', 'success']);
    const create = gl.server.requests.find((r) => r.method === 'POST');
    assert.equal((JSON.parse(create!.body) as { tag: boolean }).tag, false);
  });

  it('a rollback is a newer successful deployment of its own commit', async () => {
    const sink = sinkWith();
    await sink.deliver(deploy, OPTS);
    await sink.deliver(rollback, OPTS);
    assert.deepEqual(gl.deployments.map((d) => [d.sha, d.status]), [[A, 'success'], [B, 'success']]);
  });

  it('through the real outbox, a create whose reply was lost is found and finished, not duplicated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ct-gl-outbox-'));
    try {
      let now = Date.parse(NOW);
      const outbox = new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
      const sink = sinkWith();
      gl.dropCreateReply = true;
      await outbox.enqueue(deploy, [sink.id]);
      assert.equal((await outbox.deliverDue([sink])).retrying, 1);
      now += 60 * 60_000;
      assert.equal((await outbox.deliverDue([sink])).delivered, 1);
      assert.equal(gl.deployments.length, 1);
      assert.deepEqual(gl.deployments[0].updates, ['running', 'success']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('401 and 403 are permanent with what to set, a 400 names the field, a 429 carries Retry-After, no token waits', async () => {
    const wrong = await sinkWith({ 'gitlab.token': 'glpat-wrong-0000000000' }).deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(wrong instanceof TrackerError && wrong.status === 401 && isPermanentFailure(wrong) && /CHANGETRAIL_GITLAB_TOKEN/.test(wrong.message));
    gl.next = (_req, res) => (res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"403 Forbidden"}'), true);
    const forbidden = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(forbidden instanceof TrackerError && forbidden.status === 403 && /Developer role/.test(forbidden.message));
    gl.known = new Set();
    const invalid = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(isPermanentFailure(invalid));
    assert.match(String(invalid), /sha is not a commit of this project/);
    gl.next = (_req, res) => (res.writeHead(429, { 'Retry-After': '30', 'RateLimit-Remaining': '0' }).end('Retry later'), true);
    const limited = await sinkWith().deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(limited instanceof TrackerError && limited.retryAt === Date.parse(NOW) + 30_000 && !isPermanentFailure(limited));
    const missing = await sinkWith({}).deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(missing instanceof Error && !isPermanentFailure(missing));
  });
});
