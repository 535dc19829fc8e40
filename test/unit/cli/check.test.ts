import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { type Run, asRun, isolatedGitEnv } from '../../helpers/isolatedGitEnv';

// `changetrail check` and the pre-push hook on real histories. Every git and CLI process gets an
// environment of its own (temp HOME, no system config, no inherited GIT_* variables), so the
// machine's global git config cannot change the outcome.

const cli = join(projectRoot(), 'dist', 'cli.js');


interface Verdict {
  readonly sha: string;
  readonly subject: string;
  readonly author: string;
  readonly ok: boolean;
  readonly tickets: readonly string[];
  readonly exemption?: string;
}

interface Report {
  readonly range: string;
  readonly total: number;
  readonly failed: number;
  readonly commits: readonly Verdict[];
}

interface Sandbox {
  readonly path: string;
  readonly scratch: string;
  git(...args: string[]): string;
  tryGit(...args: string[]): Run;
  changetrail(...args: string[]): Run;
  /** Commits a change to `file` (so reverts have something to undo); returns the sha. */
  commit(message: string, options?: { file?: string; author?: string }): string;
  write(file: string, content: string): void;
  dispose(): void;
}

const DEPENDABOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';


function sandbox(): Sandbox {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-check-')));
  let repo: TestRepo | undefined;
  try {
    const home = join(scratch, 'home');
    mkdirSync(home);
    const env = isolatedGitEnv(home);
    // The first commit is made below with the isolated environment, so no global hook runs for it.
    repo = createTestRepo({ initialCommit: false });
    const path = repo.path;
    const tryGit = (...args: string[]): Run => asRun(spawnSync('git', args, { cwd: path, env, encoding: 'utf8' }));
    const git = (...args: string[]): string => {
      const r = tryGit(...args);
      if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.err}`);
      return r.out;
    };
    const write = (file: string, content: string) => {
      mkdirSync(dirname(join(path, file)), { recursive: true });
      writeFileSync(join(path, file), content);
    };
    let n = 0;
    const owned = repo;
    // A template dir in the machine's global config may have put hooks here; start from git's samples only.
    for (const name of readdirSync(join(path, '.git', 'hooks'))) {
      if (!name.endsWith('.sample')) rmSync(join(path, '.git', 'hooks', name), { recursive: true, force: true });
    }
    write('README.md', '# test\n');
    git('add', 'README.md');
    git('commit', '-q', '--no-verify', '-m', 'Initial commit');
    return {
      path,
      scratch,
      git,
      tryGit,
      changetrail: (...args: string[]) => asRun(spawnSync(process.execPath, [cli, ...args], { cwd: path, env, encoding: 'utf8' })),
      commit(message, options = {}) {
        const file = options.file ?? `change-${++n}.txt`;
        write(file, `${message}\n`);
        git('add', file);
        git('commit', '-q', '--no-verify', '-m', message, ...(options.author ? ['--author', options.author] : []));
        return git('rev-parse', 'HEAD').trim();
      },
      write,
      dispose() {
        owned.dispose();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    repo?.dispose();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

interface History {
  readonly base: string;
  readonly typo: string;
}

/**
 * On top of "Initial commit" (no ticket): a ticketed commit, one without a ticket, a merge, a
 * revert, a fixup!, a dependabot-style commit and one with the ticket in its body.
 */
function buildHistory(box: Sandbox): History {
  const base = box.git('rev-parse', 'HEAD').trim();
  box.commit('PROJ-1: add the export button');
  const typo = box.commit('fix typo', { file: 'typo.txt' });
  box.git('checkout', '-q', '-b', 'topic');
  box.commit('PROJ-2: topic work');
  box.git('checkout', '-q', 'main');
  box.git('merge', '-q', '--no-ff', '--no-verify', 'topic');
  box.git('revert', '--no-edit', typo);
  box.git('commit', '-q', '--no-verify', '--allow-empty', '-m', 'fixup! fix typo');
  box.commit('Bump lodash from 4.17.20 to 4.17.21', { author: DEPENDABOT });
  box.git('commit', '-q', '--no-verify', '--allow-empty', '-m', 'Tidy up the export', '-m', 'Refs OPS-7');
  return { base, typo };
}

const exemptDependabot = () => JSON.stringify({ tickets: { exemptions: { authors: ['dependabot[bot]'] } } });

function report(r: Run): Report {
  assert.equal(r.err, '', 'nothing on stderr');
  return JSON.parse(r.out) as Report;
}

const bySubject = (rep: Report) => Object.fromEntries(rep.commits.map((c) => [c.subject, c]));

describe('changetrail check (built dist/cli.js, real histories)', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  it('--format json gives the verdict, tickets and exemption of every commit in the range; exit 1', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', '--format', 'json', `${base}..HEAD`);
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.range, `${base}..HEAD`);
    assert.equal(rep.total, 8);
    assert.equal(rep.failed, 1);
    const c = bySubject(rep);
    assert.deepEqual(Object.keys(c).sort(), [
      'Bump lodash from 4.17.20 to 4.17.21',
      "Merge branch 'topic'",
      'PROJ-1: add the export button',
      'PROJ-2: topic work',
      'Revert "fix typo"',
      'Tidy up the export',
      'fix typo',
      'fixup! fix typo',
    ]);
    assert.deepEqual(c['fix typo'], { sha: typo, subject: 'fix typo', author: 'Ana Ruiz <ana@example.com>', ok: false, tickets: [] });
    assert.deepEqual(c['PROJ-1: add the export button'].tickets, ['PROJ-1']);
    assert.equal(c['PROJ-1: add the export button'].exemption, undefined);
    assert.deepEqual(c['Tidy up the export'].tickets, ['OPS-7']);
    assert.equal(c["Merge branch 'topic'"].exemption, 'merge commit');
    assert.equal(c['Revert "fix typo"'].exemption, 'revert');
    assert.equal(c['fixup! fix typo'].exemption, 'fixup! commit');
    assert.equal(c['Bump lodash from 4.17.20 to 4.17.21'].exemption, 'author dependabot[bot] is exempt');
    assert.equal(c['Bump lodash from 4.17.20 to 4.17.21'].author, DEPENDABOT);
    assert.ok(rep.commits.every((v) => /^[0-9a-f]{40}$/.test(v.sha)));
    assert.ok(rep.commits.filter((v) => v.subject !== 'fix typo').every((v) => v.ok));
  });

  it('exempts the dependabot-style author only because the team config says so', () => {
    box = sandbox();
    const { base } = buildHistory(box);
    const r = box.changetrail('check', `${base}..HEAD`, '--format', 'json');
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.failed, 2);
    assert.deepEqual(rep.commits.filter((v) => !v.ok).map((v) => v.subject).sort(), ['Bump lodash from 4.17.20 to 4.17.21', 'fix typo']);
  });

  it('exits 0 when every commit in the range names a ticket or is exempt', () => {
    box = sandbox();
    const { typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', '--format', 'json', `${typo}..HEAD`);
    assert.equal(r.code, 0, r.out);
    const rep = report(r);
    assert.equal(rep.failed, 0);
    assert.equal(rep.total, 6);
  });

  // Regression (was a bug): check.ts drops the argument after "--format" even when there is no --format:
  // args.indexOf('--format') is -1, so the filter `i !== formatAt + 1` removes args[0], the range.
  // `changetrail check <range>` therefore silently checks the default range (HEAD --not --remotes)
  // instead. Repro: in a repo whose first commit has no ticket, `changetrail check HEAD~1..HEAD`
  // reports "... in HEAD --not --remotes ..." and exits 1 although HEAD names a ticket.
  it('check <range> (text) reports on exactly that range', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', `${base}..HEAD`);
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    const lines = r.out.trimEnd().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('✗')), [`✗ ${typo.slice(0, 10)} fix typo  (Ana Ruiz <ana@example.com>)`]);
    assert.match(r.out, new RegExp(`^1 of 8 commits in ${base}\\.\\.HEAD name no ticket\\.$`, 'm'));
    const clean = box.changetrail('check', `${typo}..HEAD`);
    assert.equal(clean.code, 0, clean.out);
    assert.equal(clean.out, `✓ all 6 commits in ${typo}..HEAD name a ticket or are exempt\n`);
  });

  it('text report of the default range lists each commit without a ticket, and how to fix it', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check');
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    const failures = r.out.split('\n').filter((l) => l.startsWith('✗'));
    assert.deepEqual(failures.sort(), [
      `✗ ${base.slice(0, 10)} Initial commit  (Ana Ruiz <ana@example.com>)`,
      `✗ ${typo.slice(0, 10)} fix typo  (Ana Ruiz <ana@example.com>)`,
    ].sort());
    assert.match(r.out, /^2 of 9 commits in HEAD --not --remotes name no ticket\.$/m);
    assert.match(r.out, /git rebase -i/);
  });

  it('text report says so when every commit is fine', () => {
    box = sandbox();
    box.git('commit', '-q', '--amend', '--no-verify', '-m', 'PROJ-1: initial commit');
    box.commit('PROJ-2: more');
    const r = box.changetrail('check');
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, '✓ all 2 commits in HEAD --not --remotes name a ticket or are exempt\n');
  });

  it('defaults to HEAD --not --remotes without an upstream: commits on any remote are left out', () => {
    box = sandbox();
    buildHistory(box);
    const all = report(box.changetrail('check', '--format', 'json'));
    assert.equal(all.range, 'HEAD --not --remotes');
    assert.equal(all.total, 9, 'no remote: every commit counts');

    const bare = join(box.scratch, 'origin.git');
    box.git('init', '-q', '--bare', bare);
    box.git('remote', 'add', 'origin', bare);
    box.git('push', '-q', '--no-verify', 'origin', 'main');
    box.git('checkout', '-q', '-b', 'feature/no-upstream');
    const mine = box.commit('not pushed, no ticket');
    const r = box.changetrail('check', '--format', 'json');
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.range, 'HEAD --not --remotes');
    assert.deepEqual(rep.commits.map((c) => c.sha), [mine]);
  });

  it('defaults to the unpushed commits when the branch has an upstream', () => {
    box = sandbox();
    buildHistory(box);
    const bare = join(box.scratch, 'origin.git');
    box.git('init', '-q', '--bare', bare);
    box.git('remote', 'add', 'origin', bare);
    box.git('push', '-q', '--no-verify', '-u', 'origin', 'main');
    const upToDate = box.changetrail('check');
    assert.equal(upToDate.code, 0, upToDate.out);
    assert.equal(upToDate.out, 'nothing to check: @{upstream}..HEAD has no commits\n');

    const ticketless = box.commit('unpushed, no ticket');
    const ticketed = box.commit('OPS-9: unpushed, with a ticket');
    const json = box.changetrail('check', '--format', 'json');
    assert.equal(json.code, 1);
    const rep = report(json);
    assert.equal(rep.range, '@{upstream}..HEAD');
    assert.deepEqual(rep.commits.map((c) => [c.sha, c.ok]), [[ticketed, true], [ticketless, false]]);

    const text = box.changetrail('check');
    assert.equal(text.code, 1);
    assert.deepEqual(text.out.split('\n').filter((l) => l.startsWith('✗')), [`✗ ${ticketless.slice(0, 10)} unpushed, no ticket  (Ana Ruiz <ana@example.com>)`]);
    assert.match(text.out, /^1 of 2 commits in @\{upstream\}\.\.HEAD name no ticket\.$/m);
  });

  it('a range git cannot read: exit 2, and --format json still prints a JSON document with an error', () => {
    box = sandbox();
    buildHistory(box);
    const bad = box.changetrail('check', '--format', 'json', 'no-such-branch..HEAD');
    assert.equal(bad.code, 2);
    const doc = JSON.parse(bad.out) as { range: string; error: string };
    assert.equal(doc.range, 'no-such-branch..HEAD');
    assert.match(doc.error, /^git could not read the range no-such-branch\.\.HEAD: fatal: .*no-such-branch.*fetch-depth: 0/);
    const option = box.changetrail('check', '--format', 'json', '--oops');
    assert.equal(option.code, 2);
    assert.deepEqual(JSON.parse(option.out), { range: '--oops', error: '"--oops" is not a revision range; use forms such as main..HEAD or HEAD --not --remotes' });
  });

  // Regression (was a bug): same cause as above: without --format the range argument is dropped, so a bad range is
  // never looked at; `changetrail check no-such-branch..HEAD` checks HEAD --not --remotes instead
  // and exits 0 or 1 depending on that range, with no word about the bad range.
  it('a bad range without --format also gives a clear message and exit 2', () => {
    box = sandbox();
    box.git('commit', '-q', '--amend', '--no-verify', '-m', 'PROJ-1: initial commit');
    const bad = box.changetrail('check', 'no-such-branch..HEAD');
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.match(bad.err, /^changetrail: git could not read the range no-such-branch\.\.HEAD.*git fetch --unshallow/);
  });

  describe('pre-push hook (hooks install --pre-push, git push to a local bare remote)', () => {
    function withRemote(b: Sandbox): string {
      const bare = join(b.scratch, 'origin.git');
      b.git('init', '-q', '--bare', bare);
      b.git('remote', 'add', 'origin', bare);
      const r = b.changetrail('hooks', 'install', '--pre-push');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Installed prepare-commit-msg, commit-msg, pre-push/);
      return bare;
    }
    const remoteRefs = (b: Sandbox, bare: string) =>
      b.git('ls-remote', '--heads', bare).split('\n').filter(Boolean).map((l) => l.split('\t')[1]).sort();

    it('refuses a push to main (protected by default) that carries a commit without a ticket', () => {
      box = sandbox();
      const bare = withRemote(box);
      const ticketless = box.commit('no ticket here');
      const r = box.tryGit('push', 'origin', 'main');
      assert.notEqual(r.code, 0);
      assert.match(r.err, /ChangeTrail: push to protected branch main refused\./);
      assert.ok(r.err.includes(`✗ ${ticketless.slice(0, 10)} no ticket here  (Ana Ruiz <ana@example.com>)`), r.err);
      assert.match(r.err, /✗ [0-9a-f]{10} Initial commit/);
      assert.deepEqual(remoteRefs(box, bare), []);
      // The escape hatch the hook names still works (CI's `changetrail check` is the backstop).
      assert.equal(box.tryGit('push', '-q', '--no-verify', 'origin', 'main').code, 0);
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/main']);
    });

    it('lets a push to a branch that is not protected through', () => {
      box = sandbox();
      const bare = withRemote(box);
      box.git('checkout', '-q', '-b', 'feature/x');
      box.commit('no ticket here');
      const r = box.tryGit('push', 'origin', 'feature/x');
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /ChangeTrail/);
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/feature/x']);
    });

    it('checks only the commits the push adds to a protected branch, and protects release/*', () => {
      box = sandbox();
      const bare = withRemote(box);
      assert.equal(box.tryGit('push', '-q', '--no-verify', 'origin', 'main').code, 0);
      box.commit('OPS-10: a commit with a ticket');
      const ok = box.tryGit('push', 'origin', 'main');
      assert.equal(ok.code, 0, ok.err);

      box.git('checkout', '-q', '-b', 'release/1.0');
      box.commit('hotfix without a ticket');
      const refused = box.tryGit('push', 'origin', 'release/1.0');
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, /push to protected branch release\/1\.0 refused/);
      assert.doesNotMatch(refused.err, /Initial commit/, 'commits already on the remote are not judged again');
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/main']);
    });
  });
});
