import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestCommand } from '../../../../src/cli/commands/digest';
import { noteCommand } from '../../../../src/cli/commands/note';
import type { CliCommand } from '../../../../src/cli/cliContext';
import { fixedClock } from '../../../../src/core/clock';
import type { DeploymentNote } from '../../../../src/core/notes/noteSchema';
import { appendEntry } from '../../../../src/core/records/changeLog';
import type { LogEntry } from '../../../../src/core/records/changeRecord';
import { type FakeSlack, startFakeSlack } from '../../../fixtures/channels/fakeSlack';
import { type FakeTeams, startFakeTeams } from '../../../fixtures/channels/fakeTeams';
import { changeRecord } from '../../../fixtures/notes/sampleNotes';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

// `changetrail note` and `changetrail digest` as a pipeline runs them, in a real repository,
// posting to local Slack and Teams fakes whose URLs come from CHANGETRAIL_<ID>_URL.

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

// A Tuesday morning: no suite here depends on the real date.
const NOW = '2026-11-24T10:00:00.000Z';

async function run(command: CliCommand, cwd: string, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => void err.push(`warning: ${m}`), error: (m: string | Error) => void err.push(String(m)) };
  const code = await command.run({ args, cwd, out: (l) => void out.push(l), err: (l) => void err.push(l), logger, clock: fixedClock(NOW) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const CONFIG = {
  tickets: { projects: ['PROJ'] },
  systems: [{ name: 'Login', paths: ['src/auth/**'], criticality: 'high' }],
  // No weekly freeze: the test runs whatever the day.
  freeze: { weekly: [] },
  channels: [{ type: 'slack' }, { type: 'teams' }, { type: 'email', to: ['support@example.com'] }],
};

describe('changetrail note and digest', () => {
  let repo: TestRepo;
  let slack: FakeSlack;
  let teams: FakeTeams;
  let log: string;
  const saved = { slack: process.env.CHANGETRAIL_SLACK_URL, teams: process.env.CHANGETRAIL_TEAMS_URL };
  const entries = () => readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogEntry);

  beforeEach(async () => {
    repo = createTestRepo();
    [slack, teams] = await Promise.all([startFakeSlack(), startFakeTeams()]);
    process.env.CHANGETRAIL_SLACK_URL = slack.url;
    process.env.CHANGETRAIL_TEAMS_URL = teams.url;
    repo.commit('Add the team policy', { '.changetrail/config.json': JSON.stringify(CONFIG) });
    const sha = repo.commit('PROJ-123: Shorten login timeout to 5 minutes', { 'src/auth/timeout.ts': 'export const MINUTES = 5;\n' });
    log = join(repo.path, '.changetrail', 'changes.jsonl');
    await appendEntry(log, changeRecord({
      id: '01JP5Z00000000000000000001', createdAt: NOW, title: 'Login timeout shortened to 5 minutes <!channel>', tickets: ['PROJ-123'],
      systems: [{ name: 'Login', criticality: 'high' }], commits: [{ sha, subject: 'PROJ-123: Shorten login timeout to 5 minutes' }],
      answers: { problem: { value: 'Sessions are abused.' } },
    }));
  });
  afterEach(async () => {
    process.env.CHANGETRAIL_SLACK_URL = saved.slack;
    process.env.CHANGETRAIL_TEAMS_URL = saved.teams;
    if (saved.slack === undefined) delete process.env.CHANGETRAIL_SLACK_URL;
    if (saved.teams === undefined) delete process.env.CHANGETRAIL_TEAMS_URL;
    await Promise.all([slack.close(), teams.close()]);
    repo.dispose();
  });

  // A posted note or digest looked whole while a damaged line (perhaps a record of the week) was
  // left out: the warning went to stderr only. Both now say so first, in every channel.
  it('note and digest say first that lines of the change log could not be read', async () => {
    appendFileSync(log, '{"schema":"changetrail/change","id":"01JP5Z0000000000000000000X","title":"torn\n');
    const note = await run(noteCommand, repo.path, '--env', 'production');
    assert.equal(note.code, 0, note.err);
    assert.match(note.out, /Check first[\s\S]*1 line of the change log could not be read \(line 2\): records among them are missing here/);
    const digest = await run(digestCommand, repo.path);
    assert.equal(digest.code, 0, digest.err);
    assert.match(digest.out, /Check first[\s\S]*1 line of the change log could not be read \(line 2\)/);
    const slackDigest = await run(digestCommand, repo.path, '--format', 'slack');
    assert.match(slackDigest.out, /could not be read/);
  });

  // A record saved by hand without its newline is left for the next read (a write in progress, for
  // the index): a posted note or digest must say so too (a review finding).
  it('note and digest say first that the last line of the change log is unfinished', async () => {
    appendFileSync(log, '{"schema":"changetrail/change","id":"01JP5Z0000000000000000000X"}');
    const digest = await run(digestCommand, repo.path);
    assert.equal(digest.code, 0, digest.err);
    assert.match(digest.out, /Check first[\s\S]*1 line of the change log could not be read \(line 2\)/);
    const note = await run(noteCommand, repo.path, '--env', 'production');
    assert.match(note.out, /Check first[\s\S]*could not be read \(line 2\)/);
  });

  it('note --post --record: prints the note, posts it once to each channel, appends the deployment record', async () => {
    const first = await run(noteCommand, repo.path, '--env', 'production', '--post', '--record');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^## Deployment to production\n/);
    assert.match(first.out, /#### Login timeout shortened to 5 minutes \\<!channel\\>/);
    assert.match(first.err, /Recorded deployment [0-9A-Z]{26} of [0-9a-f]{7} to production/);
    assert.match(first.err, /Slack channel "slack": posted/);
    assert.match(first.err, /Teams channel "teams": posted/);
    assert.match(first.err, /email: open in your mail client: mailto:support@example\.com\?subject=Deployment%20to%20production/);
    assert.equal(slack.posted.length, 1);
    assert.equal(teams.cards.length, 1);
    assert.match(JSON.stringify(slack.posted[0]), /Login timeout shortened to 5 minutes &lt;!channel&gt;/);
    const deployments = entries().filter((e) => e.schema === 'changetrail/deployment');
    assert.equal(deployments.length, 1);
    assert.deepEqual(deployments[0].schema === 'changetrail/deployment' && deployments[0].records, ['01JP5Z00000000000000000001']);
    assert.ok(!`${first.out}\n${first.err}`.includes(slack.secret) && !`${first.out}\n${first.err}`.includes(teams.sig));

    // The same commit again: nothing new, from the record just appended.
    const again = await run(noteCommand, repo.path, '--env', 'production', '--format', 'json');
    const note = JSON.parse(again.out) as DeploymentNote;
    assert.deepEqual([note.totalCommits, note.changes.length, note.from], [0, 0, deployments[0].schema === 'changetrail/deployment' ? deployments[0].commit : '']);

    repo.commit('Tidy up', { 'README.md': '# tidy\n' });
    const next = JSON.parse((await run(noteCommand, repo.path, '--env', 'production', '--format', 'json')).out) as DeploymentNote;
    assert.deepEqual(next.unrecorded.map((c) => c.subject), ['Tidy up']);
    assert.equal(slack.posted.length, 1, 'without --post nothing is posted');
  });

  it('note --record --post with a lone surrogate and bidi override in a record: recorded, posted to every channel, e-mail link made', async () => {
    await appendEntry(log, changeRecord({
      id: '01JP5Z00000000000000000002', createdAt: new Date().toISOString(), title: 'Broken \ud83d pair \u202eevil\u202c @channel', tickets: ['PROJ-123'],
      systems: [{ name: 'Login', criticality: 'high' }], commits: [{ sha: repo.git('rev-parse', 'HEAD').trim(), subject: 'PROJ-123: Shorten login timeout to 5 minutes' }],
    }));
    const result = await run(noteCommand, repo.path, '--env', 'production', '--post', '--record', '--format', 'email');
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /Slack channel "slack": posted/);
    assert.match(result.err, /Teams channel "teams": posted/);
    assert.match(result.err, /email: open in your mail client: mailto:/);
    assert.equal(slack.posted.length, 1);
    assert.equal(teams.cards.length, 1);
    const posted = JSON.stringify(slack.posted[0]);
    assert.match(posted, /Broken \\ufffd pair evil @\u2060channel|Broken \uFFFD pair evil @\u2060channel/);
    assert.ok(!posted.includes('\u202e'));
  });

  it('note --post with a channel whose URL is not set: the others get it, the exit code says not all did', async () => {
    delete process.env.CHANGETRAIL_TEAMS_URL;
    const result = await run(noteCommand, repo.path, '--env', 'production', '--post');
    assert.equal(result.code, 1);
    assert.match(result.err, /teams: not posted: no URL is set .*CHANGETRAIL_TEAMS_URL/);
    assert.equal(slack.posted.length, 1);
    assert.equal(entries().filter((e) => e.schema === 'changetrail/deployment').length, 0, 'without --record the log is untouched');
  });

  it('digest --post: the period’s changes by system, posted once per period', async () => {
    const args = ['--since', '2000-01-01', '--until', '2100-01-01', '--post'];
    const first = await run(digestCommand, repo.path, ...args);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^## Changes from 2000-01-01 to 2100-01-01\n[\s\S]*### Login \(high\)\n\n- Login timeout shortened to 5 minutes \\<!channel\\> \(sessions are abused\) · PROJ-123/);
    assert.equal(slack.posted.length, 1);
    assert.equal(teams.cards.length, 1);
    const second = await run(digestCommand, repo.path, ...args);
    assert.equal(second.code, 0, second.err);
    assert.equal(slack.requests.length, 1, 'the same period is not posted twice');
    assert.equal(teams.requests.length, 1);
  });

  it('inside a freeze window, --record needs --override-reason, which the record keeps', async () => {
    const day = (offset: number) => new Date(Date.parse(NOW) + offset * 24 * 3600_000).toISOString().slice(0, 10);
    repo.commit('Freeze this week', { '.changetrail/config.json': JSON.stringify({ ...CONFIG, freeze: { weekly: [], dates: [{ from: day(-1), to: day(1), reason: 'Release week' }], timeZone: 'UTC' } }) });
    const refused = await run(noteCommand, repo.path, '--env', 'production', '--record');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /production is in a freeze window \(Release week, .*\): give a reason .*: pass --override-reason/);
    assert.equal(entries().filter((e) => e.schema === 'changetrail/deployment').length, 0);
    const done = await run(noteCommand, repo.path, '--env', 'production', '--record', '--override-reason', 'Security fix');
    assert.equal(done.code, 0, done.err);
    assert.match(done.out, /\*\*Freeze window:\*\* Release week, .*; override by Ana Ruiz: Security fix/);
    const [deployment] = entries().filter((e) => e.schema === 'changetrail/deployment');
    assert.deepEqual(deployment.schema === 'changetrail/deployment' && deployment.freezeOverride, { reason: 'Security fix', by: { name: 'Ana Ruiz', email: 'ana@example.com' } });
  });

  it('digest: a record and a deployment whose lines a union merge duplicated count once', async () => {
    // git merge-file --union keeps both sides of a conflicting hunk: a record cherry-picked to a
    // release branch and merged back is then in the log twice, with the same id.
    const record = readFileSync(log, 'utf8');
    const deployment = { schema: 'changetrail/deployment', version: 1, id: '01JP5Z00000000000000000002', createdAt: NOW, environment: 'production', commit: repo.git('rev-parse', 'HEAD').trim(), by: { name: 'Ana', email: 'ana@example.com' }, records: ['01JP5Z00000000000000000001'] };
    appendFileSync(log, `${JSON.stringify(deployment)}\n${record}${JSON.stringify(deployment)}\n`);
    const r = await run(digestCommand, repo.path, '--since', '2000-01-01', '--until', '2100-01-01', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const digest = JSON.parse(r.out) as { total: number; groups: { items: unknown[] }[]; deployments: { environment: string; count: number }[] };
    assert.equal(digest.total, 1);
    assert.deepEqual(digest.groups.map((g) => g.items.length), [1]);
    assert.deepEqual(digest.deployments, [{ environment: 'production', count: 1 }]);
  });

  it('refuses bad options with exit code 2', async () => {
    assert.equal((await run(noteCommand, repo.path)).code, 2);
    assert.match((await run(noteCommand, repo.path, '--env', 'production', '--format', 'pdf')).err, /--format must be one of markdown, json, slack, teams, webhook, email/);
    assert.match((await run(digestCommand, repo.path, '--nope')).err, /unknown option "--nope"/);
    const lastWeek = await run(digestCommand, repo.path, '--since', 'last week');
    assert.equal(lastWeek.code, 2);
    assert.match(lastWeek.err, /--since "last week" is not a time/);
  });
});
