import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fixedClock } from '../../../../../../src/core/clock';
import { silentLogger } from '../../../../../../src/core/log';
import { Outbox } from '../../../../../../src/core/records/outbox';
import { CdeventsSink } from '../../../../../../src/core/records/sinks/engines/cdeventsSink';
import type { EngineSinkSetup } from '../../../../../../src/core/records/sinks/engines/engineSinkSetup';
import { isPermanentFailure, retryAtOf } from '../../../../../../src/core/records/sinks/recordSink';
import { type FakeCloudEventsReceiver, startFakeCloudEventsReceiver } from '../../../../../fixtures/engines/fakeCloudEventsReceiver';
import { type TestRepo, createTestRepo } from '../../../../../helpers/createTestRepo';
import { changeRecord, deploymentRecord, incidentRecord } from '../../../../../helpers/memoryLogIndex';

const TOKEN = 'ce-token-0123456789abcdef';
const NOW = Date.parse('2026-03-10T10:00:00Z');

describe('CdeventsSink (CDEvents over CloudEvents HTTP)', () => {
  let fake: FakeCloudEventsReceiver;
  let repo: TestRepo;
  let name: string;
  beforeEach(async () => {
    fake = await startFakeCloudEventsReceiver(TOKEN);
    repo = createTestRepo();
    repo.git('remote', 'add', 'origin', 'https://ana:ghp_secret123456@git.example.com/acme/shop.git');
    name = basename(repo.path);
  });
  afterEach(async () => {
    await fake.close();
    repo.dispose();
  });

  const setup = (over: Partial<EngineSinkSetup> = {}): EngineSinkSetup => ({ secret: async (engine, key) => (engine === 'cdevents' && key === 'token' ? TOKEN : undefined), repoRoot: repo.path, clock: fixedClock(NOW), logger: silentLogger, ...over });
  const sink = (over: Partial<EngineSinkSetup> = {}, config: { authHeader?: string; url?: string } = {}) => new CdeventsSink({ url: config.url ?? `${fake.url}/events`, ...(config.authHeader ? { authHeader: config.authHeader } : {}) }, setup(over));
  const opts = (id: string) => ({ idempotencyKey: `${id}:cdevents` });
  const only = (id: string) => [...fake.events.values()].find((e) => e.id === id);

  it('sends a first deployment as service.deployed, a later one as service.upgraded and a rollback as service.rolledback, in structured mode', async () => {
    const first = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40), environment: 'production' });
    const next = deploymentRecord({ createdAt: '2026-03-10T09:10:00Z', commit: 'b'.repeat(40), previousCommit: 'a'.repeat(40), environment: 'production' });
    const back = deploymentRecord({ createdAt: '2026-03-10T09:20:00Z', commit: 'a'.repeat(40), previousCommit: 'b'.repeat(40), kind: 'rollback', rollsBack: next.id });
    const s = sink();
    for (const d of [first, next, back]) await s.deliver(d, opts(d.id));
    assert.deepEqual([first, next, back].map((d) => only(d.id)?.type), ['dev.cdevents.service.deployed.0.2.0', 'dev.cdevents.service.upgraded.0.2.0', 'dev.cdevents.service.rolledback.0.2.0']);
    const rolled = only(back.id);
    assert.equal(rolled?.source, `changetrail/${name}`);
    assert.deepEqual(rolled?.data.subject, { id: `service/${name}`, source: `changetrail/${name}`, type: 'service', content: { environment: { id: 'production', source: `changetrail/${name}` }, artifactId: `pkg:generic/${name.toLowerCase()}@${'a'.repeat(40)}` } });
    assert.equal((rolled?.data.customData?.changetrail as { rollsBack?: string }).rollsBack, next.id);
    assert.match(String(fake.server.requests[0]?.headers['content-type']), /^application\/cloudevents\+json/);
  });

  it('sends incident.detected for the opening record, nothing for an update, incident.resolved for the resolution, all on the incident as subject', async () => {
    const opened = incidentRecord({ createdAt: '2026-03-10T09:30:00Z' });
    const update = incidentRecord({ createdAt: '2026-03-10T09:40:00Z', incidentId: opened.id, supersedes: opened.id, status: 'mitigated' });
    const resolved = incidentRecord({ createdAt: '2026-03-10T10:30:00Z', incidentId: opened.id, supersedes: update.id, status: 'resolved', resolvedAt: '2026-03-10T10:25:00Z' });
    const s = sink();
    for (const i of [opened, update, resolved]) await s.deliver(i, opts(i.id));
    assert.equal(fake.server.requests.length, 2, 'the update is not an event');
    assert.equal(only(opened.id)?.type, 'dev.cdevents.incident.detected.0.2.0');
    assert.equal(only(resolved.id)?.type, 'dev.cdevents.incident.resolved.0.2.0');
    assert.equal(only(resolved.id)?.data.subject.id, opened.id);
    assert.equal(only(resolved.id)?.subject, opened.id, 'the CloudEvents subject names the incident too');
  });

  it('sends change.merged for a change record with commits (repository without credentials), nothing for a manual change', async () => {
    const merged = changeRecord({ createdAt: '2026-03-10T08:00:00Z', commits: [{ sha: 'c'.repeat(40), subject: 'Fix' }] });
    const manual = changeRecord({ createdAt: '2026-03-10T08:05:00Z', origin: 'manual' });
    const s = sink();
    await s.deliver(merged, opts(merged.id));
    await s.deliver(manual, opts(manual.id));
    assert.equal(fake.events.size, 1);
    assert.deepEqual(only(merged.id)?.data.subject.content, { repository: { id: 'https://git.example.com/acme/shop.git', source: `changetrail/${name}` } });
    assert.doesNotMatch(fake.server.requests[0]?.body ?? '', /ghp_secret/);
  });

  it('a refused token (401) is retried later, not dropped; the token is never in the message', async () => {
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40) });
    const error = await sink({ secret: async () => 'wrong-token-abcdefghij' }).deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error && /401/.test(error.message), String(error));
    assert.equal(isPermanentFailure(error), false);
    assert.equal(retryAtOf(error), NOW + 15 * 60_000);
    assert.doesNotMatch(error.message, /wrong-token/);
  });

  it('a validation refusal (400) is final and carries the receiver words', async () => {
    fake.next.push({ status: 400, body: { error: 'subject.content.artifactId: not a purl' } });
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40) });
    const error = await sink().deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error && /not a purl/.test(error.message), String(error));
    assert.equal(isPermanentFailure(error), true);
  });

  it('a rate limit (429 Retry-After) comes back at the time asked', async () => {
    fake.next.push({ status: 429, headers: { 'Retry-After': '30' } });
    const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40) });
    const error = await sink().deliver(d, opts(d.id)).then(() => undefined, (e: unknown) => e);
    assert.equal(isPermanentFailure(error), false);
    assert.equal(retryAtOf(error), NOW + 30_000);
  });

  it('puts the token in another header as it is when authHeader names one', async () => {
    const open = await startFakeCloudEventsReceiver(undefined);
    try {
      const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40) });
      await sink({}, { url: open.url, authHeader: 'X-Api-Key' }).deliver(d, opts(d.id));
      assert.equal(open.server.requests[0]?.headers['x-api-key'], TOKEN);
      assert.equal(open.server.requests[0]?.headers.authorization, undefined);
    } finally {
      await open.close();
    }
  });

  it('refuses a plain-http receiver on another machine', () => {
    assert.throws(() => sink({}, { url: 'http://events.example.com/ce' }), /https/);
  });

  it('through the real outbox, a delivery whose reply was lost is sent again with the same event id and counted once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-cdevents-outbox-'));
    try {
      let now = NOW;
      const outbox = new Outbox(dir, silentLogger, { clock: () => now, deliveryTimeoutMs: 5_000 });
      const d = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40) });
      const s = sink();
      await outbox.enqueue(d, [s.id]);
      fake.loseNextReply = true;
      assert.deepEqual(await outbox.deliverDue([s]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      now += 60 * 60_000;
      assert.deepEqual(await outbox.deliverDue([s]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
      const bodies = fake.server.requests.map((r) => JSON.parse(r.body) as { id: string });
      assert.deepEqual(bodies.map((b) => b.id), [d.id, d.id], 'sent twice with one id');
      assert.equal(fake.events.size, 1, 'one event for the receiver');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
