import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrackerConfig } from '../../../../src/core/config/teamConfigSchema';
import { TrackerError } from '../../../../src/core/net/trackerError';
import type { ChangeRecord, DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import { escapeMarkdown, recordSummary } from '../../../../src/core/records/recordSummary';
import { PermanentDeliveryError, isPermanentFailure } from '../../../../src/core/records/sinks/recordSink';
import { TicketCommentSink, ticketMatcher } from '../../../../src/core/records/sinks/ticketCommentSink';
import { ulid } from '../../../../src/core/records/ulid';
import type { TrackerProvider } from '../../../../src/core/tickets/providers/trackerProvider';
import { silentLogger } from '../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../src/core/net/httpClient';
import { GitHubProvider } from '../../../../src/core/tickets/providers/github';
import { startFakeGitHub } from '../../../fixtures/trackers/fakeGitHub';
import { githubPrimary, send } from '../../../fixtures/trackers/badDayReplies';
import { json, startLocalHttpServer } from '../../../helpers/localHttpServer';

const JIRA: TrackerConfig = { type: 'jira-cloud', baseUrl: 'https://acme.atlassian.net' };

function record(overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(Date.now()), createdAt: '2025-03-14T09:30:00.000Z', tickets: ['PROJ-1', '#12', 'OPS-7', 'AB#3'],
    title: 'Shorten the payment timeout', description: '', reason: 'Timeouts at peak', systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' },
    commits: [], answers: {}, rollbackPlan: 'Revert and redeploy', environment: 'production',
    riskFlags: [
      { id: 'largeDiff', severity: 'warning', message: 'Large diff (1200 lines)' },
      { id: 'freezeWindow', severity: 'danger', message: 'Inside the Friday freeze' },
    ],
    ...overrides,
  };
}

/** A tracker that records the comments it is sent and can fail on cue. */
function fakeProvider(fail: (key: string, call: number) => Error | undefined = () => undefined): TrackerProvider & { comments: { key: string; body: string }[] } {
  const comments: { key: string; body: string }[] = [];
  let calls = 0;
  return {
    id: 'jira',
    label: 'Jira Cloud (acme.atlassian.net)',
    comments,
    search: async () => [],
    recent: async () => [],
    comment: async (key, body) => {
      const error = fail(key, ++calls);
      if (error) throw error;
      comments.push({ key, body });
      return { url: `https://acme.atlassian.net/browse/${key}?focusedCommentId=${comments.length}` };
    },
  };
}

const LOG_URL = 'https://changes.example.com/records';

describe('TicketCommentSink', () => {
  it('comments the summary on the tickets its tracker knows and skips the others', async () => {
    const provider = fakeProvider();
    const sink = new TicketCommentSink({ provider, owns: ticketMatcher(JIRA, ['PROJ', 'OPS']), logUrl: (e) => `${LOG_URL}/${e.id}` });
    const entry = record();
    const result = await sink.deliver(entry, { idempotencyKey: `${entry.id}:${sink.id}` });
    assert.equal(sink.id, 'comment-jira');
    assert.deepEqual(provider.comments.map((c) => c.key), ['PROJ-1', 'OPS-7']);
    const expected = recordSummary(entry, { logUrl: `${LOG_URL}/${entry.id}` });
    for (const c of provider.comments) assert.equal(c.body, expected);
    assert.equal(result.url, 'https://acme.atlassian.net/browse/PROJ-1?focusedCommentId=1');
  });

  it('reports a tracker without comments as not supported, a failure the outbox does not retry', async () => {
    const { comment: _none, ...withoutComments } = fakeProvider();
    const sink = new TicketCommentSink({ provider: withoutComments, owns: () => true });
    await assert.rejects(sink.deliver(record(), { idempotencyKey: 'k' }), (e: unknown) => {
      assert.ok(e instanceof PermanentDeliveryError);
      assert.match(e.message, /Jira Cloud \(acme\.atlassian\.net\) does not support comments/);
      return isPermanentFailure(e);
    });
  });

  it('does nothing for deployments and for records with no ticket of its tracker', async () => {
    const provider = fakeProvider();
    const sink = new TicketCommentSink({ provider, owns: ticketMatcher(JIRA, ['PROJ']) });
    const deployment: DeploymentRecord = {
      schema: 'changetrail/deployment', version: 1, id: ulid(Date.now()), createdAt: '2025-03-14T10:00:00.000Z', environment: 'production',
      commit: 'abc1234def', by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [ulid(Date.now())],
    };
    assert.deepEqual(await sink.deliver(deployment, { idempotencyKey: 'k' }), {});
    assert.deepEqual(await sink.deliver(record({ tickets: ['#5', 'OTHER-1'] }), { idempotencyKey: 'k' }), { url: undefined });
    assert.deepEqual(provider.comments, []);
  });

  describe('through the outbox', () => {
    let dir: string;
    let now: number;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'changetrail-comments-'));
      now = Date.parse('2026-03-02T10:00:00Z');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const outbox = () => new Outbox(dir, undefined, { clock: () => now });

    it('after a partial failure and a restart, comments only on the ticket that was missed', async () => {
      // OPS-7 fails once with a 503; PROJ-1 must not get a second comment when the record is retried.
      const provider = fakeProvider((key, call) => (key === 'OPS-7' && call === 2 ? new TrackerError('server', 'Jira', 'failed (503)', 503) : undefined));
      const make = () => new TicketCommentSink({ provider, owns: ticketMatcher(JIRA, ['PROJ', 'OPS']) });
      const entry = record();
      await outbox().enqueue(entry, [make().id]);
      assert.deepEqual(await outbox().deliverDue([make()]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      now += 60_000;
      assert.deepEqual(await outbox().deliverDue([make()]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
      assert.deepEqual(provider.comments.map((c) => c.key), ['PROJ-1', 'OPS-7']);
    });

    it('keeps a record whose ticket the tracker does not know (404) as failed', async () => {
      const provider = fakeProvider(() => new TrackerError('notFound', 'Jira', 'not found (404)', 404));
      const sink = new TicketCommentSink({ provider, owns: ticketMatcher(JIRA) });
      await outbox().enqueue(record(), [sink.id]);
      assert.equal((await outbox().deliverDue([sink])).failed, 1);
      const [item] = await outbox().status();
      assert.ok(item.state === 'failed' && /not found \(404\)/.test(item.reason));
    });
  });
});

describe('TicketCommentSink against a tracker on a bad day, through the real Outbox', () => {
  const NOW = Date.parse('2026-03-02T10:00:00Z');
  let dir: string;
  let now: number;
  const clock = { now: () => now };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-comment-retry-'));
    now = NOW;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const outbox = () => new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
  const github = (baseUrl: string) =>
    new GitHubProvider({ type: 'github', repository: 'acme/app', baseUrl }, { http: new HttpClient('GitHub', { ...DEFAULT_NETWORK, maxRetryWaitMs: 0 }, silentLogger, clock), credentials: { kind: 'bearer', token: 'ghp_0123456789abcdef' }, logger: silentLogger });
  const owns = ticketMatcher({ type: 'github', repository: 'acme/app' });

  it('a rate-limited comment (GitHub primary limit) waits for x-ratelimit-reset and is delivered then, never failed', async () => {
    let posts = 0;
    const server = await startLocalHttpServer((req, res) => {
      if (req.method === 'GET') return json(res, 200, []);
      if (++posts === 1) return send(githubPrimary(403, NOW / 1000 + 600), req, res);
      json(res, 201, { id: 9, html_url: 'https://github.com/acme/app/issues/1#issuecomment-9' });
    });
    try {
      const sink = new TicketCommentSink({ provider: github(server.url), owns });
      await outbox().enqueue(record({ tickets: ['#1'] }), [sink.id]);
      assert.deepEqual(await outbox().deliverDue([sink]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      const [pending] = await outbox().status();
      assert.ok(pending.state === 'pending' && pending.nextAttemptAt >= NOW + 600_000, JSON.stringify(pending));
      now = NOW + 120_000; // still inside the limit: nothing is sent
      assert.deepEqual(await outbox().deliverDue([sink]), { locked: false, delivered: 0, retrying: 0, failed: 0 });
      assert.equal(posts, 1);
      now = NOW + 601_000;
      assert.deepEqual(await outbox().deliverDue([sink]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
      assert.equal(posts, 2);
    } finally {
      await server.close();
    }
  });

  it('a comment whose reply was lost is found by its record id on retry, not posted twice', async () => {
    const fake = await startFakeGitHub({ issues: [{ number: 1, title: 'Login fails' }], token: 'ghp_0123456789abcdef' });
    try {
      const sink = new TicketCommentSink({ provider: github(fake.apiUrl), owns });
      const entry = record({ tickets: ['#1'] });
      await outbox().enqueue(entry, [sink.id]);
      fake.loseNextCommentReply();
      assert.deepEqual(await outbox().deliverDue([sink]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      assert.equal(fake.comments.length, 1, 'the first attempt did post');
      now += 60 * 60_000;
      assert.deepEqual(await outbox().deliverDue([sink]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
      assert.equal(fake.comments.length, 1, 'posted again');
      assert.match(fake.comments[0].body, new RegExp(`<!-- changetrail-record: ${entry.id} -->`));
    } finally {
      await fake.close();
    }
  });
});

describe('ticketMatcher', () => {
  const table: [TrackerConfig, string[], Record<string, boolean>][] = [
    [JIRA, [], { 'PROJ-1': true, 'OPS-22': true, '#12': false, 'AB#3': false, 'proj-1': false }],
    [JIRA, ['PROJ'], { 'PROJ-1': true, 'OPS-22': false }],
    [{ type: 'jira-server', baseUrl: 'https://jira.acme.com' }, ['OPS'], { 'OPS-22': true, 'PROJ-1': false }],
    [{ type: 'linear', teamKey: 'eng' }, ['PROJ'], { 'ENG-12': true, 'PROJ-1': false }],
    [{ type: 'github', repository: 'acme/app' }, [], { '#12': true, 'PROJ-1': false, 'AB#12': false }],
    [{ type: 'gitlab', project: 'acme/app' }, [], { '#12': true, '#0': false }],
    [{ type: 'azure-boards', organization: 'acme', project: 'app' }, [], { 'AB#3': true, '#3': false }],
    [{ type: 'local', file: '.changetrail/tickets.json' }, [], { 'PROJ-1': false }],
  ];
  for (const [tracker, projects, cases] of table) {
    it(`${tracker.type}${projects.length ? ` with ${projects.join(',')}` : ''}`, () => {
      const owns = ticketMatcher(tracker, projects);
      assert.deepEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, owns(k)])), cases);
    });
  }
});

describe('recordSummary', () => {
  it('puts tickets, title, author, environment, risks (danger first), rollback and the link in two lines', () => {
    const entry = record();
    const text = recordSummary(entry, { logUrl: `${LOG_URL}/${entry.id}` });
    assert.equal(
      text,
      'ChangeTrail change: Shorten the payment timeout · PROJ-1, #12, OPS-7, AB#3 · by Ana Ruiz · to production  \n' +
        `Risks: ⚠ Inside the Friday freeze; Large diff (1200 lines) · Rollback: Revert and redeploy · Record ${entry.id}: ${LOG_URL}/${entry.id}`,
    );
  });

  it('says so when there are no risks, no rollback plan or no link, and shows a freeze override', () => {
    const entry = record({ riskFlags: [], rollbackPlan: '  ', tickets: [], freezeOverride: { reason: 'Hotfix for INC-9', by: { name: 'Lee', email: 'lee@example.com' } } });
    const [first, second] = recordSummary(entry, { logUrl: 'javascript:alert(1)' }).split('  \n');
    assert.match(first, /· no ticket ·/);
    assert.equal(second, `Risks: none flagged (freeze override: Hotfix for INC-9) · Rollback: none given · Record ${entry.id}`);
  });

  it('escapes user text that would format, link or inject HTML, and keeps everything on its line', () => {
    const entry = record({ title: 'Fix *all* the [bugs](https://evil.example.com) <img src=x> `code` ~~old~~\n\n# not a heading', author: { name: 'Ana_Ruiz \\o/', email: 'a@example.com' } });
    const [first, ...rest] = recordSummary(entry).split('  \n');
    assert.equal(rest.length, 1, 'user newlines never add lines');
    assert.match(first, /Fix \\\*all\\\* the \\\[bugs\\\]\(https:\/\/evil\.example\.com\) \\<img src=x\\> \\`code\\` \\~\\~old\\~\\~ # not a heading/);
    assert.match(first, /by Ana_Ruiz \\\\o\//, 'an underscore inside a word stays as it is');
  });

  it('escapeMarkdown leaves snake_case alone and cuts long text at a code point', () => {
    assert.equal(escapeMarkdown('rename user_id to account_id'), 'rename user_id to account_id');
    assert.equal(escapeMarkdown('_emphasis_ and __strong__'), '\\_emphasis\\_ and \\_\\_strong\\_\\_');
    assert.equal(escapeMarkdown('🚀'.repeat(10), 5), '🚀🚀🚀🚀…');
  });

  it('summarises a deployment', () => {
    const deployment: DeploymentRecord = {
      schema: 'changetrail/deployment', version: 1, id: ulid(Date.now()), createdAt: '2025-03-14T10:00:00.000Z', environment: 'production',
      commit: '0123456789abcdef0123', by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [ulid(Date.now()), ulid(Date.now())], note: 'Weekly *release*',
    };
    assert.equal(
      recordSummary(deployment),
      `ChangeTrail deployment: 0123456789ab to production · by Ana Ruiz · 2 change records  \nNote: Weekly \\*release\\* · Record ${deployment.id}`,
    );
  });
});
