import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../../../src/core/clock';
import { silentLogger } from '../../../../../../src/core/log';
import { Outbox } from '../../../../../../src/core/records/outbox';
import { DevlakeSink } from '../../../../../../src/core/records/sinks/engines/devlakeSink';
import type { EngineSinkSetup } from '../../../../../../src/core/records/sinks/engines/engineSinkSetup';
import { isPermanentFailure, retryAtOf } from '../../../../../../src/core/records/sinks/recordSink';
import { type FakeDevlake, startFakeDevlake } from '../../../../../fixtures/engines/fakeDevlake';
import { type TestRepo, createTestRepo } from '../../../../../helpers/createTestRepo';
import { changeRecord, deploymentRecord, incidentRecord, memoryLogIndex } from '../../../../../helpers/memoryLogIndex';

const KEY = 'dl-api-key-0123456789abcdef';
const NOW = Date.parse('2026-03-10T10:00:00Z');

describe('DevlakeSink (Apache DevLake incoming webhook)', () => {
  let fake: FakeDevlake;
  let repo: TestRepo;
  let sha: string;
  beforeEach(async () => {
    fake = await startFakeDevlake(KEY, 7);
    repo = createTestRepo();
    sha = repo.commit('Shorten the payment timeout', { 'pay.ts': 'x' });
    // Credentials in the remote must never reach DevLake.
    repo.git('remote', 'add', 'origin', 'https://ana:ghp_secret123456@git.example.com/acme/shop.git');
  });
  afterEach(async () => {
    await fake.close();
    repo.dispose();
  });

  const setup = (over: Partial<EngineSinkSetup> = {}): EngineSinkSetup => ({ secret: async (engine, name) => (engine === 'devlake' && name === 'apiKey' ? KEY : undefined), repoRoot: repo.path, clock: fixedClock(NOW), logger: silentLogger, ...over });
  const sink = (over: Partial<EngineSinkSetup> = {}, environments?: Record<string, 'PRODUCTION' | 'STAGING'>) => new DevlakeSink({ url: fake.url, connectionId: 7, ...(environments ? { environments } : {}) }, setup(over));
  const opts = (id: string) => ({ idempotencyKey: `${id}:devlake` });

  it('posts a deployment with this repository and every other repository it carried as deploymentCommits', async () => {
    const here = changeRecord({ createdAt: '2026-03-10T08:00:00Z', repository: 'https://git.example.com/acme/shop.git', commits: [{ sha, subject: 'Shorten the payment timeout' }] });
    const other = changeRecord({ createdAt: '2026-03-10T08:10:00Z', repository: 'https://git.example.com/acme/payments', branch: 'feat/retry', commits: [{ sha: 'b'.repeat(40), subject: 'Retry the card call' }] });
    const deployment = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha, environment: 'prod-eu', records: [here.id, other.id], pipeline: { id: 'p-9', name: 'release', url: 'https://ci.example.com/p/9' } });
    await sink({ index: memoryLogIndex([here, other, deployment]) }).deliver(deployment, opts(deployment.id));
    const stored = fake.deployments.get(deployment.id);
    assert.ok(stored, 'stored under the record id');
    assert.equal(stored.environment, 'PRODUCTION');
    assert.equal(stored.result, 'SUCCESS');
    assert.equal(stored.url, 'https://ci.example.com/p/9');
    assert.equal(stored.startedDate, '2026-03-10T09:00:00Z');
    assert.deepEqual(stored.deploymentCommits.map((c) => [c.repoUrl, c.commitSha, c.commitMsg]), [
      ['https://git.example.com/acme/shop.git', sha, 'Shorten the payment timeout'],
      ['https://git.example.com/acme/payments', 'b'.repeat(40), 'Retry the card call'],
    ]);
    assert.equal(stored.deploymentCommits[1]?.refName, 'feat/retry');
    const request = fake.server.requests[0];
    assert.equal(request?.path, '/api/rest/plugins/webhook/connections/7/deployments');
    assert.doesNotMatch(request?.body ?? '', /ghp_secret|ana:/);
  });

  it('maps environments by the team mapping first, then by name', async () => {
    const d1 = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha, environment: 'preprod' });
    const d2 = deploymentRecord({ createdAt: '2026-03-10T09:01:00Z', commit: sha, environment: 'eu-1' });
    const s = sink({}, { 'eu-1': 'PRODUCTION' });
    await s.deliver(d1, opts(d1.id));
    await s.deliver(d2, opts(d2.id));
    assert.equal(fake.deployments.get(d1.id)?.environment, 'STAGING');
    assert.equal(fake.deployments.get(d2.id)?.environment, 'PRODUCTION');
  });

  it('opens an incident as an INCIDENT issue keyed by incidentId, updates it, and closes it on resolve', async () => {
    const opened = incidentRecord({ createdAt: '2026-03-10T09:30:00Z', systems: ['checkout'], alert: { source: 'grafana', id: 'a1', url: 'https://grafana.example.com/a/1' } });
    const resolved = incidentRecord({ createdAt: '2026-03-10T10:30:00Z', incidentId: opened.id, supersedes: opened.id, detectedAt: opened.detectedAt, status: 'resolved', resolvedAt: '2026-03-10T10:25:00Z' });
    await sink().deliver(opened, opts(opened.id));
    assert.deepEqual([fake.issues.get(opened.id)?.status, fake.issues.get(opened.id)?.type, fake.issues.get(opened.id)?.closed], ['TODO', 'INCIDENT', undefined]);
    await sink().deliver(resolved, opts(resolved.id));
    assert.equal(fake.issues.size, 1, 'one issue, updated');
    const issue = fake.issues.get(opened.id);
    assert.deepEqual([issue?.status, issue?.resolution_date, issue?.closed], ['DONE', '2026-03-10T10:25:00Z', true]);
    assert.equal(fake.server.requests.at(-1)?.path, `/api/rest/plugins/webhook/connections/7/issue/${opened.id}/close`);
  });

  it('sends nothing for a change record (DevLake reads commits itself)', async () => {
    await sink().deliver(changeRecord({ createdAt: '2026-03-10T08:00:00Z' }), opts('x'));
    assert.equal(fake.server.requests.length, 0);
  });

  it('without an API key waits in the outbox instead of sending unauthenticated', async () => {
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha });
    const error = await sink({ secret: async () => undefined }).deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error && /no API key/.test(error.message));
    assert.equal(isPermanentFailure(error), false);
    assert.equal(fake.server.requests.length, 0);
  });

  it('a refused key (401) is retried later, not dropped, and the key is never in the message', async () => {
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha });
    const error = await sink({ secret: async () => 'wrong-key-abcdefghijk' }).deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error && /401/.test(error.message) && /api key is invalid/.test(error.message), String(error));
    assert.equal(isPermanentFailure(error), false);
    assert.equal(retryAtOf(error), NOW + 15 * 60_000);
    assert.doesNotMatch(error.message, /wrong-key/);
  });

  it('a validation refusal (400) is final and says what DevLake said', async () => {
    fake.next.push({ status: 400, body: { success: false, message: 'startedDate is required' } });
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha });
    const error = await sink().deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error && /400/.test(error.message) && /startedDate is required/.test(error.message), String(error));
    assert.equal(isPermanentFailure(error), true);
  });

  it('a rate limit (429 Retry-After) comes back at the time asked', async () => {
    fake.next.push({ status: 429, headers: { 'Retry-After': '120' } });
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha });
    const error = await sink().deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.equal(isPermanentFailure(error), false);
    assert.equal(retryAtOf(error), NOW + 120_000);
  });

  it('through the real outbox, a delivery whose reply was lost is retried and updates the same deployment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-devlake-outbox-'));
    try {
      let now = NOW;
      const outbox = new Outbox(dir, silentLogger, { clock: () => now, deliveryTimeoutMs: 5_000 });
      const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: sha });
      const s = sink();
      await outbox.enqueue(d, [s.id]);
      fake.loseNextReply = true;
      assert.deepEqual(await outbox.deliverDue([s]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      assert.equal(fake.deployments.size, 1, 'DevLake stored it before the reply was lost');
      now += 60 * 60_000;
      assert.deepEqual(await outbox.deliverDue([s]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
      assert.equal(fake.server.requests.filter((r) => r.path.endsWith('/deployments')).length, 2, 'sent twice');
      assert.equal(fake.deployments.size, 1, 'still one deployment: same id, updated');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
