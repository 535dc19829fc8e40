import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../../src/core/log';
import { deliverChannelPost, queueChannelPost } from '../../../../src/core/notes/channelDelivery';
import { NoteStore } from '../../../../src/core/notes/noteStore';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import type { RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { SlackSink } from '../../../../src/core/records/sinks/slackSink';
import { TeamsSink } from '../../../../src/core/records/sinks/teamsSink';
import { ulid } from '../../../../src/core/records/ulid';
import { type FakeSlack, startFakeSlack } from '../../../fixtures/channels/fakeSlack';
import { type FakeTeams, startFakeTeams } from '../../../fixtures/channels/fakeTeams';
import { sampleNote } from '../../../fixtures/notes/sampleNotes';

// Notes delivered to Slack and Teams through the real Outbox, against local servers that answer
// as those services document. Time moves only through the outbox's injected clock.

const MINUTE = 60_000;

/** A logger that keeps every line, to prove no URL or secret reaches it. */
function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string | Error, ...args: unknown[]) => void lines.push([String(m), ...args.map(String)].join(' '));
  return { lines, trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}

function deployment(): DeploymentRecord {
  const note = sampleNote();
  return { schema: 'changetrail/deployment', version: 1, id: ulid(Date.now()), createdAt: new Date().toISOString(), environment: 'production', commit: note.to, previousCommit: note.previous, by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: note.changes.map((c) => c.recordId) };
}

describe('channel delivery through the outbox', () => {
  let dir: string;
  let now: number;
  let logger: ReturnType<typeof capturingLogger>;
  let slack: FakeSlack;
  let teams: FakeTeams;
  const clock = () => now;
  const outbox = () => new Outbox(join(dir, 'outbox'), logger, { clock, deliveryTimeoutMs: 5_000 });
  const store = () => new NoteStore(join(dir, 'notes'), logger);
  const slackSink = () => new SlackSink({ url: slack.url, content: store(), clock }, logger);
  const teamsSink = () => new TeamsSink({ url: teams.url, content: store(), clock }, logger);
  const queue = async (entry: DeploymentRecord, sinks: readonly RecordSink[]) => queueChannelPost(store(), outbox(), entry, sampleNote(), sinks.map((s) => s.id));

  /** Every place a secret could leak to: logs, the outbox's files, status reasons. */
  async function assertNoSecret(...secrets: string[]): Promise<void> {
    const files = readdirSync(join(dir, 'outbox')).map((f) => readFileSync(join(dir, 'outbox', f), 'utf8'));
    const status = JSON.stringify(await outbox().status());
    for (const secret of secrets) {
      for (const line of logger.lines) assert.ok(!line.includes(secret), `a log line holds a secret: ${line}`);
      for (const file of files) assert.ok(!file.includes(secret), 'an outbox file holds a secret');
      assert.ok(!status.includes(secret), 'the outbox status holds a secret');
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-channels-'));
    now = Date.UTC(2025, 2, 14, 15, 0, 0);
    logger = capturingLogger();
    [slack, teams] = await Promise.all([startFakeSlack(), startFakeTeams()]);
  });
  afterEach(async () => {
    await Promise.all([slack.close(), teams.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts a note once to Slack and once to Teams, however often it is queued and delivered', async () => {
    const entry = deployment();
    const sinks = [slackSink(), teamsSink()];
    await queue(entry, sinks);
    await queue(entry, sinks);
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 2, retrying: 0, failed: 0 });
    await queue(entry, sinks);
    assert.deepEqual(await outbox().deliverDue(sinks, now + 60 * MINUTE), { locked: false, delivered: 0, retrying: 0, failed: 0 });
    assert.equal(slack.posted.length, 1);
    assert.equal(teams.cards.length, 1);
    assert.equal(slack.requests.length + teams.requests.length, 2, 'nothing was sent twice');
    assert.match(String(slack.posted[0].text), /^Deployment to production \(5e5e5e5\): 2 changes/);
    assert.equal(teams.cards[0].version, '1.4');
    assert.ok(logger.lines.some((l) => /^> POST Slack channel "slack" 200/.test(l)), 'requests are logged, by channel name');
    await assertNoSecret(slack.secret, teams.sig, slack.url, teams.url);
  });

  it('a renderer that fails costs its own channel only: reported for it, not retried, the others posted', async () => {
    class BrokenSlackSink extends SlackSink {
      protected override render(): unknown {
        throw new URIError('URI malformed');
      }
    }
    const entry = deployment();
    const sinks = [new BrokenSlackSink({ url: slack.url, content: store(), clock }, logger), teamsSink()];
    await queue(entry, sinks);
    const states = await deliverChannelPost(outbox(), sinks, entry.id, { clock });
    assert.deepEqual(states.map((s) => [s.sinkId, s.state]).sort(), [['channel-slack', 'failed'], ['channel-teams', 'delivered']]);
    assert.match(states.find((s) => s.sinkId === 'channel-slack')?.detail ?? '', /Slack channel "slack": could not render the note: URI malformed/);
    assert.equal(teams.cards.length, 1);
    assert.equal(slack.requests.length, 0);
  });

  it('retries a 429 after its Retry-After and a 500 after backoff, then posts once', async () => {
    const entry = deployment();
    const sinks = [slackSink(), teamsSink()];
    await queue(entry, sinks);
    slack.queue({ status: 429, body: 'rate_limited', headers: { 'Retry-After': '30' } }, { status: 500, body: 'rollup_error' });
    teams.queue({ status: 429, error: { code: 'WorkflowTriggerIsThrottled', message: 'Too many requests' }, headers: { 'Retry-After': '120' } });
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 0, retrying: 2, failed: 0 });
    const pending = await outbox().status();
    const slackItem = pending.find((s) => s.sinkId === 'channel-slack');
    assert.ok(slackItem?.state === 'pending' && slackItem.nextAttemptAt === now + 30_000, 'Slack is retried when Retry-After says');
    assert.match(slackItem.state === 'pending' ? slackItem.lastError ?? '' : '', /rate limited \(429\)/);
    const teamsItem = pending.find((s) => s.sinkId === 'channel-teams');
    assert.ok(teamsItem?.state === 'pending' && teamsItem.nextAttemptAt === now + 120_000);

    now += 31_000;
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 0, retrying: 1, failed: 0 }, 'Slack fails with 500 now; Teams is not due');
    now += 2 * MINUTE;
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 2, retrying: 0, failed: 0 });
    assert.equal(slack.posted.length, 1);
    assert.equal(teams.cards.length, 1);
    assert.equal(slack.requests.length, 3);
    assert.equal(teams.requests.length, 2);
    assert.equal(new Set(slack.requests.map((r) => r.body)).size, 1, 'every retry sends the same bytes');
    await assertNoSecret(slack.secret, teams.sig);
  });

  const slackRefusals: [number, string, RegExp][] = [
    [403, 'invalid_token', /no longer valid.*\(403 invalid_token\)/],
    [403, 'action_prohibited', /does not allow this webhook.*\(403 action_prohibited\)/],
    [404, 'channel_not_found', /channel no longer exists.*\(404 channel_not_found\)/],
    [410, 'channel_is_archived', /channel is archived.*\(410 channel_is_archived\)/],
    [400, 'invalid_payload', /could not read the message.*\(400 invalid_payload\)/],
  ];
  for (const [status, code, message] of slackRefusals) {
    it(`keeps a Slack ${status} ${code} as failed with what to do, and does not retry it`, async () => {
      const entry = deployment();
      const sinks = [slackSink()];
      await queue(entry, sinks);
      slack.queue({ status, body: code });
      assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 0, retrying: 0, failed: 1 });
      assert.deepEqual(await outbox().deliverDue(sinks, now + 24 * 60 * MINUTE), { locked: false, delivered: 0, retrying: 0, failed: 0 });
      const [item] = await outbox().status();
      assert.equal(item.state, 'failed');
      assert.match(item.state === 'failed' ? item.reason : '', message);
      assert.match(item.state === 'failed' ? item.reason : '', /^Slack channel "slack": /);
      assert.equal(slack.requests.length, 1);
      await assertNoSecret(slack.secret, slack.url);
    });
  }

  it('Slack answers its own checks: a URL with a wrong secret is 404 no_service, kept as failed', async () => {
    const entry = deployment();
    const wrong = new SlackSink({ url: slack.url.replace(slack.secret, 'wrongSecretValue0000000000'), content: store(), clock }, logger);
    await queue(entry, [wrong]);
    assert.equal((await outbox().deliverDue([wrong])).failed, 1);
    const [item] = await outbox().status();
    assert.match(item.state === 'failed' ? item.reason : '', /webhook was removed or disabled.*\(404 no_service\)/);
    await assertNoSecret('wrongSecretValue0000000000');
  });

  it('keeps a Teams 400 and 401 as failed, without the URL or its sig that the error echoed', async () => {
    const entry = deployment();
    const badSig = new TeamsSink({ url: teams.url.replace(teams.sig, 'wrongSig0123456789abcdefwrong'), content: store(), clock, id: 'channel-teams2' }, logger);
    const sinks = [teamsSink(), badSig];
    await queue(entry, sinks);
    teams.queue({ status: 400, error: { code: 'InvalidTemplate', message: `Unable to process template language expressions for ${teams.url}` } });
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 0, retrying: 0, failed: 2 });
    const status = await outbox().status();
    const reason = (id: string) => {
      const item = status.find((s) => s.sinkId === id);
      return item?.state === 'failed' ? item.reason : '';
    };
    assert.match(reason('channel-teams'), /refused the card.*\(400: InvalidTemplate: Unable to process template language expressions for \*\*\*\)/);
    assert.match(reason('channel-teams2'), /URL may have been regenerated.*\(401: DirectApiAuthorizationRequired/);
    await assertNoSecret(teams.sig, 'wrongSig0123456789abcdefwrong', '/workflows/0f1e2d3c4b5a');
  });

  it('a note far over the limits still fits Slack (50 blocks, 3000 characters) and Teams (28 KB)', async () => {
    const base = sampleNote();
    const long = 'x'.repeat(5000);
    const changes = Array.from({ length: 80 }, (_, i) => ({ ...base.changes[0], recordId: ulid(Date.now()), title: `Change ${i} ${long}`, description: long, rollbackPlan: long }));
    const entry = deployment();
    const sinks = [slackSink(), teamsSink()];
    await queueChannelPost(store(), outbox(), entry, { ...base, changes }, sinks.map((s) => s.id));
    assert.deepEqual(await outbox().deliverDue(sinks), { locked: false, delivered: 2, retrying: 0, failed: 0 });
    assert.equal(slack.posted[0].blocks?.length, 50);
    assert.match(JSON.stringify(slack.posted[0].blocks?.at(-3)), /more parts left out to fit Slack/);
    assert.match(JSON.stringify(teams.cards[0].body), /left out to fit Teams/);
  });

  it('does not post again when the outbox retries after Slack already said "ok"', async () => {
    const entry = deployment();
    const real = slackSink();
    let calls = 0;
    // Acknowledged, then the bookkeeping fails (a crash, a full disk): the outbox retries the item.
    const crashing: RecordSink = { id: real.id, label: real.label, deliver: async (e, o) => (await real.deliver(e, o), ++calls === 1 ? Promise.reject(new Error('disk full')) : {}) };
    await queue(entry, [crashing]);
    assert.equal((await outbox().deliverDue([crashing])).retrying, 1);
    assert.equal((await outbox().deliverDue([crashing], now + 60 * MINUTE)).delivered, 1);
    assert.equal(calls, 2);
    assert.equal(slack.requests.length, 1, 'the second attempt found the posted step and sent nothing');
  });

  it('deliverChannelPost waits for rescheduled posts within its budget, without real waiting', async () => {
    const entry = deployment();
    const sinks = [slackSink()];
    await queue(entry, sinks);
    slack.queue({ status: 429, body: 'rate_limited', headers: { 'Retry-After': '10' } });
    const slept: number[] = [];
    const states = await deliverChannelPost(outbox(), sinks, entry.id, { waitMs: MINUTE, clock, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    assert.deepEqual(states, [{ sinkId: 'channel-slack', state: 'delivered' }]);
    assert.deepEqual(slept, [10_000]);
    assert.equal(slack.posted.length, 1);

    const other = deployment();
    await queue(other, sinks);
    slack.queue({ status: 429, body: 'rate_limited', headers: { 'Retry-After': '600' } });
    const [state] = await deliverChannelPost(outbox(), sinks, other.id, { waitMs: MINUTE, clock, sleep: async () => assert.fail('nothing is due within the budget') });
    assert.equal(state.state, 'pending');
    assert.match(state.detail ?? '', /rate limited/);
  });
});
