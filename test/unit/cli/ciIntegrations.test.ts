import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionSteps, checkRange } from '../../../src/cli/ci/githubAction';
import { startFakeSlack } from '../../fixtures/channels/fakeSlack';
import { createTestRepo, type TestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// The GitHub Action (action.yml -> dist/action.js) and the GitLab template
// (templates/gitlab/changetrail.gitlab-ci.yml) run as their runners run them: inputs as INPUT_*
// with action.yml's defaults, the event payload at GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_BASE_REF,
// GITHUB_ACTOR; the template job's script lines in sh with CI_MERGE_REQUEST_DIFF_BASE_SHA,
// CI_COMMIT_SHA and GITLAB_USER_LOGIN. References:
// https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
// https://docs.gitlab.com/ci/variables/predefined_variables/

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');
const TUESDAY = '2026-11-24T10:00:00.000Z';
const CONFIG = JSON.stringify({ tickets: { projects: ['PROJ'] }, freeze: { weekly: [], timeZone: 'UTC' } });

/** action.yml's inputs with their defaults (the file is flat, two-space YAML). */
function actionInputs(): Map<string, string> {
  const text = readFileSync(join(root, 'action.yml'), 'utf8');
  const block = text.slice(text.indexOf('\ninputs:\n'), text.indexOf('\nruns:\n'));
  const inputs = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line)?.[1];
    if (name) inputs.set((current = name), '');
    const def = /^ {4}default:\s*'?(.*?)'?\s*$/.exec(line)?.[1];
    if (current && def !== undefined) inputs.set(current, def);
  }
  return inputs;
}

/** The environment the runner gives a node action: every input as INPUT_<NAME>, `with` over defaults. */
function runnerEnv(withInputs: Record<string, string>, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', CHANGETRAIL_NOW: TUESDAY, GITHUB_ACTIONS: 'true', ...extra };
  for (const [name, def] of actionInputs()) env[`INPUT_${name.toUpperCase()}`] = withInputs[name] ?? def;
  return env;
}

/** The `script:` lines of `job` in the GitLab template. */
function templateScript(job: string): string[] {
  const lines = readFileSync(join(root, 'templates', 'gitlab', 'changetrail.gitlab-ci.yml'), 'utf8').split('\n');
  const start = lines.indexOf(`${job}:`);
  assert.ok(start >= 0, `no job ${job} in the template`);
  const body = lines.slice(start + 1, lines.findIndex((l, i) => i > start && /^\S/.test(l)) >>> 0);
  const at = body.indexOf('  script:');
  assert.ok(at >= 0, `${job} has no script`);
  const script: string[] = [];
  for (const line of body.slice(at + 1)) {
    const item = /^ {4}- (.*)$/.exec(line)?.[1];
    if (item === undefined) break;
    script.push(item);
  }
  return script;
}

/** Runs script lines in sh without blocking the event loop (the fake channel answers from this process). */
function shAsync(script: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-ec', script.join('\n')], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('CI integrations', () => {
  describe('what the Action runs for an event', () => {
    const env = { INPUT_CHECK: 'true', GITHUB_SHA: 'f'.repeat(40), GITHUB_ACTOR: 'ana', GITHUB_EVENT_NAME: 'push' };
    const none = { problem: 'GITHUB_EVENT_PATH is not set' };
    it('a pull request: base..head from the event; a push: before..after; the range input over both (more in githubActionEvents)', () => {
      assert.deepEqual(checkRange({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, { payload: { pull_request: { base: { sha: 'b1' }, head: { sha: 'h1' } } } }), { range: ['b1..h1'] });
      assert.deepEqual(checkRange(env, { payload: { before: 'a0', after: 'a1' } }), { range: ['a0..a1'] });
      assert.deepEqual(checkRange({ ...env, INPUT_RANGE: 'origin/main..HEAD' }, { payload: { before: 'a0' } }), { range: ['origin/main..HEAD'] });
    });
    it('inputs become check, note and digest runs; the actor deploys', () => {
      const steps = actionSteps({ ...env, INPUT_NOTE: 'production', INPUT_RECORD: 'true', INPUT_POST: 'false', INPUT_DIGEST: '7d' }, { payload: { before: 'a0', after: 'a1' } });
      assert.deepEqual(steps.map((s) => s.argv.join(' ')), ['check a0..a1', 'note --env production --by ana --record', 'digest --since 7d']);
      assert.deepEqual(actionSteps({ ...env, INPUT_CHECK: 'false' }, none), []);
    });
    it('the gate input runs the gate before the note, with the override reason and the actor', () => {
      const steps = actionSteps({ ...env, INPUT_CHECK: 'false', INPUT_GATE: 'production', INPUT_NOTE: 'production', 'INPUT_OVERRIDE-REASON': 'tills down' }, none);
      assert.deepEqual(steps.map((s) => s.argv), [
        ['gate', '--env', 'production', '--by', 'ana', '--override-reason', 'tills down'],
        ['note', '--env', 'production', '--by', 'ana', '--override-reason', 'tills down'],
      ]);
    });
    it('action.yml: node20, the bundled main, and every input the code reads', () => {
      const yml = readFileSync(join(root, 'action.yml'), 'utf8');
      assert.match(yml, /\nruns:\n {2}using: node20\n {2}main: dist\/action\.js\n/);
      assert.deepEqual([...actionInputs().keys()].sort(), ['by', 'check', 'digest', 'gate', 'note', 'override-reason', 'post', 'range', 'record']);
    });
  });

  describe('run as the runners run them, in a repository', () => {
    let repo: TestRepo;
    let work: string;
    let base: string;
    let head: string;
    beforeEach(() => {
      repo = createTestRepo();
      work = mkdtempSync(join(tmpdir(), 'changetrail-ci-'));
      base = repo.commit('PROJ-1: Add the team policy', { '.changetrail/config.json': CONFIG });
      repo.git('update-ref', 'refs/remotes/origin/main', base);
      repo.git('checkout', '-q', '-b', 'feature/PROJ-2-login');
      repo.commit('PROJ-2: Shorten the login timeout', { 'src/login.ts': 'export const MINUTES = 5;\n' });
      head = repo.commit('Tidy up', { 'src/login.ts': 'export const MINUTES = 5; // tidy\n' });
    });
    afterEach(() => {
      repo.dispose();
      rmSync(work, { recursive: true, force: true });
    });

    const action = (withInputs: Record<string, string>, event: object, extra: Record<string, string> = {}) => {
      writeFileSync(join(work, 'event.json'), JSON.stringify(event));
      writeFileSync(join(work, 'summary.md'), '');
      const env = runnerEnv(withInputs, {
        GITHUB_WORKSPACE: repo.path, GITHUB_EVENT_PATH: join(work, 'event.json'), GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
        GITHUB_SHA: head, GITHUB_ACTOR: 'ana-ruiz', GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', ...extra,
      });
      const r = spawnSync(process.execPath, [join(root, 'dist', 'action.js')], { cwd: work, env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr, summary: readFileSync(join(work, 'summary.md'), 'utf8') };
    };

    it('GitHub Action on a pull request: the check fails on the commit without a ticket, with an error annotation', () => {
      const r = action({}, { pull_request: { base: { sha: base }, head: { sha: head } } });
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /::group::changetrail check [0-9a-f]{40}\.\.[0-9a-f]{40}/);
      assert.match(r.out, /Tidy up/);
      assert.match(r.out, /::error title=ChangeTrail::/);
    });

    it('GitHub Action with check, note and digest: the note and digest land in the job summary, by the actor', () => {
      repo.git('commit', '-q', '--amend', '-m', 'PROJ-2: Tidy up');
      head = repo.git('rev-parse', 'HEAD').trim();
      const r = action({ note: 'production', digest: '7d' }, { before: base, after: head }, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' });
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /::group::changetrail check [0-9a-f]{40}\.\.[0-9a-f]{40}/);
      assert.match(r.summary, /^## Deployment to production/m);
      assert.match(r.summary, /Deployed by:\*\* ana-ruiz/);
      assert.match(r.summary, /^## This Week in Changes/m);
    });

    describe('the gate before a deployment, inside a freeze window (a listed date on the fixed Tuesday)', () => {
      const FROZEN = JSON.stringify({ ...JSON.parse(CONFIG), environments: ['production'], freeze: { weekly: [], dates: [{ from: TUESDAY.slice(0, 10), reason: 'release freeze' }], timeZone: 'UTC' } });
      const logEntries = () => {
        const file = join(repo.path, '.changetrail', 'changes.jsonl');
        return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { schema: string; origin?: string; author?: { name: string }; freezeOverride?: { reason: string } }) : [];
      };
      beforeEach(() => {
        repo.commit('PROJ-2: Freeze the release week', { '.changetrail/config.json': FROZEN });
        head = repo.git('rev-parse', 'HEAD').trim();
      });

      it('GitHub Action gate: blocked fails the step with an annotation and the decision in the summary; the note does not run', () => {
        const r = action({ check: 'false', gate: 'production', note: 'production', record: 'true' }, { before: base, after: head }, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' });
        assert.equal(r.code, 1, `${r.out}\n${r.err}`);
        assert.match(r.out, /::group::changetrail gate --env production --by ana-ruiz/);
        assert.match(r.out, /::error title=ChangeTrail gate::ChangeTrail gate for production \(HEAD\): BLOCKED/);
        assert.match(r.summary, /^### ChangeTrail gate for production \(HEAD\): BLOCKED$/m);
        assert.match(r.summary, /\[FAIL\] freeze window/);
        assert.doesNotMatch(r.out, /changetrail note/, 'the note runs only after a go');
        assert.doesNotMatch(r.summary, /Deployment to production/);
        assert.deepEqual(logEntries(), [], 'no deployment recorded');
      });

      it('GitHub Action gate: with override-reason it goes, the override is recorded, then the note records the deployment', () => {
        const r = action({ check: 'false', gate: 'production', note: 'production', record: 'true', 'override-reason': 'tills down in every store' }, { before: base, after: head }, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' });
        assert.equal(r.code, 0, `${r.out}\n${r.err}`);
        assert.match(r.summary, /^### ChangeTrail gate for production \(HEAD\): GO$/m);
        assert.match(r.summary, /overridden: tills down in every store/);
        assert.match(r.summary, /^## Deployment to production/m);
        assert.doesNotMatch(r.summary, /Changed outside git/, "the gate's override record is about this deployment, not a change outside git");
        const entries = logEntries();
        assert.deepEqual(entries.map((e) => e.schema), ['changetrail/change', 'changetrail/deployment']);
        assert.equal(entries[0].origin, 'manual');
        assert.equal(entries[0].freezeOverride?.reason, 'tills down in every store');
        assert.equal(entries[1].freezeOverride?.reason, 'tills down in every store');
      });

      it('GitLab template: .changetrail-gate fails the job in the freeze, goes with CHANGETRAIL_OVERRIDE_REASON (recorded by GITLAB_USER_LOGIN)', async () => {
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, CHANGETRAIL_NOW: TUESDAY, CHANGETRAIL: `${process.execPath} ${cli}`, CHANGETRAIL_ENV: 'production', CI_COMMIT_SHA: head, GITLAB_USER_LOGIN: 'ana-ruiz', GITLAB_USER_EMAIL: 'ana@example.com' };
        const blocked = await shAsync(templateScript('.changetrail-gate'), repo.path, env);
        assert.equal(blocked.status, 1, `${blocked.stdout}\n${blocked.stderr}`);
        assert.match(blocked.stderr, /BLOCKED/);
        assert.match(blocked.stderr, /release freeze/);
        assert.deepEqual(logEntries(), []);
        const broken = await shAsync(templateScript('.changetrail-gate'), repo.path, { ...env, CHANGETRAIL_ENV: '' });
        assert.equal(broken.status, 2, 'no environment: cannot tell');
        const go = await shAsync(templateScript('.changetrail-gate'), repo.path, { ...env, CHANGETRAIL_OVERRIDE_REASON: 'tills down in every store' });
        assert.equal(go.status, 0, `${go.stdout}\n${go.stderr}`);
        assert.match(go.stdout, /GO/);
        const [override] = logEntries();
        assert.equal(override.freezeOverride?.reason, 'tills down in every store', 'a reason with spaces arrives whole');
        assert.equal(override.author?.name, 'ana-ruiz');
      });
    });

    it('GitLab template: changetrail-check on a merge request fails on the commit without a ticket, passes once fixed', () => {
      const script = templateScript('changetrail-check');
      const sh = () => spawnSync('sh', ['-ec', script.join('\n')], {
        cwd: repo.path, encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CHANGETRAIL_NOW: TUESDAY, CHANGETRAIL: `${process.execPath} ${cli}`, CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_COMMIT_SHA: head, CI_COMMIT_BEFORE_SHA: '0'.repeat(40), GITLAB_USER_LOGIN: 'ana-ruiz' },
      });
      const failing = sh();
      assert.equal(failing.status, 1, failing.stderr);
      assert.match(failing.stdout, /Tidy up/);
      repo.git('commit', '-q', '--amend', '-m', 'PROJ-2: Tidy up');
      head = repo.git('rev-parse', 'HEAD').trim();
      const passing = sh();
      assert.equal(passing.status, 0, `${passing.stdout}\n${passing.stderr}`);
    });

    it('GitLab template: .changetrail-note records and posts the deployment by GITLAB_USER_LOGIN; .changetrail-digest posts the digest', async () => {
      const slack = await startFakeSlack();
      try {
        repo.commit('PROJ-2: Post to the team channel', { '.changetrail/config.json': JSON.stringify({ ...JSON.parse(CONFIG), channels: [{ type: 'slack' }] }) });
        const env = { CHANGETRAIL_SLACK_URL: slack.url, PATH: process.env.PATH, HOME: process.env.HOME, CHANGETRAIL_NOW: TUESDAY, CHANGETRAIL: `${process.execPath} ${cli}`, CHANGETRAIL_ENV: 'production', CI_COMMIT_SHA: repo.git('rev-parse', 'HEAD').trim(), GITLAB_USER_LOGIN: 'ana-ruiz', GITLAB_USER_EMAIL: 'ana@example.com' };
        const note = await shAsync(templateScript('.changetrail-note'), repo.path, env);
        assert.equal(note.status, 0, note.stderr);
        assert.match(note.stdout, /^## Deployment to production/);
        const [deployment] = readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { by: { name: string; email: string }; createdAt: string });
        assert.deepEqual(deployment.by, { name: 'ana-ruiz', email: 'ana@example.com' });
        assert.equal(deployment.createdAt.slice(0, 13), TUESDAY.slice(0, 13));
        const digest = await shAsync(templateScript('.changetrail-digest'), repo.path, env);
        assert.equal(digest.status, 0, digest.stderr);
        assert.match(digest.stdout, /^## This Week in Changes/);
        assert.equal(slack.posted.length, 2, 'the note and the digest were posted');
      } finally {
        await slack.close();
      }
    });
  });
});
