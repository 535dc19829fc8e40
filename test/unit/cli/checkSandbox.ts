import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { type Run, asRun, isolatedGitEnv } from '../../helpers/isolatedGitEnv';

// Set-up shared by the `changetrail check` suites (check.*.test.ts): a repository with its own
// environment (temp HOME, no system config, no inherited GIT_* variables) so the machine's global
// git config cannot change the outcome, a history with every kind of commit, and report readers.

const cli = join(projectRoot(), 'dist', 'cli.js');

interface Verdict {
  readonly sha: string;
  readonly subject: string;
  readonly author: string;
  readonly ok: boolean;
  readonly tickets: readonly string[];
  readonly exemption?: string;
}

export interface Report {
  readonly range: string;
  readonly total: number;
  readonly failed: number;
  readonly commits: readonly Verdict[];
}

export interface Sandbox {
  readonly path: string;
  readonly scratch: string;
  git(...args: string[]): string;
  tryGit(...args: string[]): Run;
  changetrail(...args: string[]): Run;
  /** The CLI with `extra` over the sandbox's environment (e.g. CI=true). */
  changetrailWith(extra: NodeJS.ProcessEnv, ...args: string[]): Run;
  /** Commits a change to `file` (so reverts have something to undo); returns the sha. */
  commit(message: string, options?: { file?: string; author?: string; date?: string }): string;
  write(file: string, content: string): void;
  dispose(): void;
}

export const DEPENDABOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';

export function sandbox(): Sandbox {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-check-')));
  let repo: TestRepo | undefined;
  try {
    const home = join(scratch, 'home');
    mkdirSync(home);
    // Not in CI unless a test says so: `check` with no range refuses an empty default range in CI.
    const { CI: _ci, GITHUB_ACTIONS: _gh, GITLAB_CI: _gl, ...env } = isolatedGitEnv(home);
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
      changetrailWith: (extra, ...args) => asRun(spawnSync(process.execPath, [cli, ...args], { cwd: path, env: { ...env, ...extra }, encoding: 'utf8' })),
      commit(message, options = {}) {
        const file = options.file ?? `change-${++n}.txt`;
        write(file, `${message}\n`);
        git('add', file);
        const args = ['commit', '-q', '--no-verify', '-m', message, ...(options.author ? ['--author', options.author] : [])];
        if (options.date) {
          const dated = spawnSync('git', args, { cwd: path, env: { ...env, GIT_AUTHOR_DATE: options.date, GIT_COMMITTER_DATE: options.date }, encoding: 'utf8' });
          if (dated.status !== 0) throw new Error(`git commit failed: ${dated.stderr}`);
        } else git(...args);
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

export interface History {
  readonly base: string;
  readonly typo: string;
}

/**
 * On top of "Initial commit" (no ticket): a ticketed commit, one without a ticket, a merge, a
 * revert, a fixup!, a dependabot-style commit and one with the ticket in its body.
 */
export function buildHistory(box: Sandbox): History {
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

export const exemptDependabot = () => JSON.stringify({ tickets: { exemptions: { authors: ['dependabot[bot]'] } } });

export function report(r: Run): Report {
  assert.equal(r.err, '', 'nothing on stderr');
  return JSON.parse(r.out) as Report;
}

export const bySubject = (rep: Report) => Object.fromEntries(rep.commits.map((c) => [c.subject, c]));


/** After each test, disposes the sandbox it made (if any) and forgets it, so the next test starts clean. */
export function disposeAfterEach(current: () => Sandbox | undefined, forget: () => void): void {
  afterEach(() => {
    current()?.dispose();
    forget();
  });
}
