import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionInputError, type EventRead, actionSteps, checkRange } from '../../../src/cli/ci/githubAction';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// What the GitHub Action checks for each event, as GitHub documents the payloads
// (https://docs.github.com/en/webhooks/webhook-events-and-payloads: pull_request, merge_group,
// push), and what it says when it cannot tell: an unreadable event, an event it does not know,
// a forced push to the default branch, a typo in a boolean input. It never falls back to the
// head commit alone, which reported "all 1 commits" for a push of many.

const AFTER = 'a'.repeat(40);
const BEFORE = 'b'.repeat(40);
const ZEROS = '0'.repeat(40);
const push = (payload: object): [Record<string, string>, EventRead] => [{ GITHUB_EVENT_NAME: 'push' }, { payload: { ref: 'refs/heads/feature', repository: { default_branch: 'main' }, ...payload } }];

describe('the GitHub Action: which commits an event brings', () => {
  it('merge_group: merge_group.base_sha..head_sha (GITHUB_BASE_REF is not set there)', () => {
    assert.deepEqual(checkRange({ GITHUB_EVENT_NAME: 'merge_group' }, { payload: { merge_group: { base_sha: BEFORE, head_sha: AFTER } } }), { range: [`${BEFORE}..${AFTER}`] });
  });

  it('a push that creates a branch: its commits not on the default branch, said as a notice; creating the default branch: all of it', () => {
    const choice = checkRange(...push({ before: ZEROS, after: AFTER, created: true }));
    assert.deepEqual('range' in choice && choice.range, [`origin/main..${AFTER}`]);
    assert.match('notice' in choice ? String(choice.notice) : '', /the push created refs\/heads\/feature: its commits not on origin\/main .* fetch-depth: 0/);
    const first = checkRange(...push({ ref: 'refs/heads/main', before: ZEROS, after: AFTER, created: true }));
    assert.deepEqual('range' in first && first.range, [AFTER]);
  });

  it('a forced push: the old tip is gone; on a branch its commits not on the default branch are checked, on the default branch it cannot tell', () => {
    const branch = checkRange(...push({ before: BEFORE, after: AFTER, forced: true }));
    assert.deepEqual('range' in branch && branch.range, [`origin/main..${AFTER}`]);
    assert.match('notice' in branch ? String(branch.notice) : '', /was forced, so its old tip bbbbbbbbbb is gone/);
    const main = checkRange(...push({ ref: 'refs/heads/main', before: BEFORE, after: AFTER, forced: true }));
    assert.match('cannotTell' in main ? main.cannotTell : '', /^the push to refs\/heads\/main was forced: its old tip bbbbbbbbbb is gone, so which commits are new cannot be told; set the range input/);
  });

  it('a push that deletes a branch has nothing to check, and says so', () => {
    assert.deepEqual(checkRange(...push({ before: BEFORE, after: ZEROS, deleted: true })), { nothing: 'nothing to check: the push deleted refs/heads/feature' });
  });

  it('cannot tell, naming why: an event it does not know, a payload without the fields, an event that could not be read', () => {
    const said = (env: Record<string, string>, event: EventRead) => {
      const choice = checkRange(env, event);
      return 'cannotTell' in choice ? choice.cannotTell : JSON.stringify(choice);
    };
    assert.match(said({ GITHUB_EVENT_NAME: 'workflow_dispatch' }, { payload: {} }), /^the Action does not know which commits a "workflow_dispatch" event brings .*; set the range input/);
    assert.match(said({ GITHUB_EVENT_NAME: 'schedule' }, { payload: {} }), /"schedule"/);
    assert.match(said({ GITHUB_EVENT_NAME: 'pull_request' }, { payload: { pull_request: { head: { sha: AFTER } } } }), /^the pull_request event has no pull_request\.base\.sha and head\.sha/);
    assert.match(said({ GITHUB_EVENT_NAME: 'merge_group' }, { payload: {} }), /^the merge_group event has no merge_group\.base_sha and head_sha/);
    assert.match(said(...push({ before: ZEROS, after: AFTER, repository: {} })), /no repository\.default_branch/);
    assert.match(said({ GITHUB_EVENT_NAME: 'push' }, { problem: '/x/event.json is not valid JSON: oops' }), /^the event could not be read \(\/x\/event\.json is not valid JSON: oops\)/);
    assert.match(said({}, { payload: {} }), /^GITHUB_EVENT_NAME is not set/);
    assert.deepEqual(checkRange({ GITHUB_EVENT_NAME: 'schedule', INPUT_RANGE: 'origin/main..HEAD' }, { problem: 'x' }), { range: ['origin/main..HEAD'] });
  });

  it('a boolean input that is not a boolean stops the Action, naming the input and the accepted values', () => {
    const event: EventRead = { payload: { before: BEFORE, after: AFTER } };
    for (const [name, value] of [['check', 'ture'], ['post', 'flase'], ['record', 'y']]) {
      assert.throws(() => actionSteps({ GITHUB_EVENT_NAME: 'push', [`INPUT_${name.toUpperCase()}`]: value }, event), (e: unknown) => e instanceof ActionInputError && e.message === `input "${name}" is "${value}": use true or false (also yes/no, on/off, 1/0)`);
    }
    for (const value of ['TRUE', 'True', 'yes', '1', 'on', '']) assert.equal(actionSteps({ GITHUB_EVENT_NAME: 'push', INPUT_CHECK: value }, event).length, 1, value);
    for (const value of ['FALSE', 'no', '0', 'off']) assert.equal(actionSteps({ GITHUB_EVENT_NAME: 'push', INPUT_CHECK: value }, event).length, 0, value);
  });
});

describe('the GitHub Action as the runner runs it (dist/action.js, a real repository)', () => {
  let repo: TestRepo;
  let work: string;
  let base: string;
  let head: string;
  beforeEach(() => {
    repo = createTestRepo();
    work = mkdtempSync(join(tmpdir(), 'changetrail-action-'));
    base = repo.commit('PROJ-1: Add the team policy', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }) });
    repo.git('update-ref', 'refs/remotes/origin/main', base);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('First, no ticket', { 'a.txt': 'a\n' });
    repo.commit('Second, no ticket', { 'b.txt': 'b\n' });
    head = repo.commit('PROJ-2: Third', { 'c.txt': 'c\n' });
  });
  afterEach(() => {
    repo.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs dist/action.js; `event` is written to GITHUB_EVENT_PATH unless it is a string (then it is the path's content, or null for no file). */
  const action = (extra: Record<string, string | undefined>, event: object | string | null) => {
    const path = join(work, 'event.json');
    if (event !== null) writeFileSync(path, typeof event === 'string' ? event : JSON.stringify(event));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo.path, GITHUB_EVENT_PATH: path, GITHUB_SHA: head, GITHUB_EVENT_NAME: 'push', INPUT_CHECK: 'true', ...extra };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'action.js')], { cwd: work, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, errors: r.stdout.split('\n').filter((l) => l.startsWith('::error')) };
  };

  it('no event, an unreadable one or one that is not JSON: exit 2, the annotation names the path and the problem', () => {
    const unset = action({ GITHUB_EVENT_PATH: undefined }, null);
    assert.equal(unset.code, 2);
    assert.deepEqual(unset.errors, ['::error title=ChangeTrail::cannot tell: the event could not be read (GITHUB_EVENT_PATH is not set), so the commits to check are unknown; set the range input (e.g. range: origin/main..HEAD) or check: false']);
    const gone = action({ GITHUB_EVENT_PATH: join(work, 'nope.json') }, null);
    assert.equal(gone.code, 2);
    assert.match(gone.errors[0], new RegExp(`cannot tell: the event could not be read \\(${join(work, 'nope.json').replace(/[.]/g, '\\.')} cannot be read: ENOENT\\)`));
    const garbled = action({}, '{"before": ');
    assert.equal(garbled.code, 2);
    assert.match(garbled.errors[0], /cannot tell: the event could not be read \(.*event\.json is not valid JSON: /);
    assert.doesNotMatch(garbled.out, /::group::changetrail check/, 'no check of a guessed range');
  });

  it('a new branch pushed with several commits: all of them are checked against the default branch, not the head alone', () => {
    const r = action({}, { ref: 'refs/heads/feature', before: ZEROS, after: head, created: true, repository: { default_branch: 'main' } });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`::group::changetrail check origin/main\\.\\.${head}`));
    assert.match(r.out, /^::notice title=ChangeTrail::the push created refs\/heads\/feature: its commits not on origin\/main/m);
    assert.deepEqual(r.errors, [`::error title=ChangeTrail::2 of 3 commits in origin/main..${head} name no ticket.`]);
  });

  it('exit 2 from the check: the annotation says it cannot tell and why, not "commits without a ticket"', () => {
    const r = action({ INPUT_RANGE: `${'c'.repeat(40)}..${head}` }, { before: BEFORE, after: head });
    assert.equal(r.code, 2);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /^::error title=ChangeTrail::cannot tell: git could not read the range c{40}\.\.[0-9a-f]{40}: .*force push/);
    assert.doesNotMatch(r.errors[0], /without a ticket/);
  });

  it('check: ture fails the Action (exit 2) naming the input, instead of skipping the check', () => {
    const r = action({ INPUT_CHECK: 'ture' }, { before: base, after: head });
    assert.equal(r.code, 2);
    assert.deepEqual(r.errors, ['::error title=ChangeTrail::cannot tell: input "check" is "ture": use true or false (also yes/no, on/off, 1/0)']);
  });

  it('merge_group: checks the merge group from its base', () => {
    const r = action({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_BASE_REF: undefined }, { merge_group: { base_sha: base, head_sha: head } });
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`::group::changetrail check ${base}\\.\\.${head}`));
  });
});
