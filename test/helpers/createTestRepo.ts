import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CI_MARKERS } from './isolatedGitEnv';

/** A real git repository in a temp folder, removed by dispose(). */
export interface TestRepo {
  readonly path: string;
  git(...args: string[]): string;
  write(file: string, content: string): void;
  commit(message: string, files?: Record<string, string>): string;
  dispose(): void;
}

/** The environment test repositories run git with: fixed identities, no system config, plus `extra`. */
export function testGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Without the CI machine's markers (see isolatedGitEnv): a test that wants CI sets them in `extra`.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CI_MARKERS.has(key)));
  return {
    ...inherited,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ana Ruiz',
    GIT_AUTHOR_EMAIL: 'ana@example.com',
    GIT_COMMITTER_NAME: 'Ana Ruiz',
    GIT_COMMITTER_EMAIL: 'ana@example.com',
    LC_ALL: 'C',
    ...extra,
  };
}

const gitEnv = testGitEnv();

/**
 * Creates a repository on branch `main` with one commit. Cleans up even when set-up fails,
 * so a failing test never leaves temp repos behind.
 */
export function createTestRepo(options: { branch?: string; initialCommit?: boolean } = {}): TestRepo {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-test-')));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (file: string, content: string) => {
    mkdirSync(dirname(join(path, file)), { recursive: true });
    writeFileSync(join(path, file), content);
  };
  const repo: TestRepo = {
    path,
    git,
    write,
    commit(message, files = {}) {
      for (const [file, content] of Object.entries(files)) write(file, content);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
  try {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Ana Ruiz');
    git('config', 'user.email', 'ana@example.com');
    git('config', 'commit.gpgsign', 'false');
    if (options.initialCommit !== false) repo.commit('Initial commit', { 'README.md': '# test\n' });
    if (options.branch) git('checkout', '-q', '-b', options.branch);
    return repo;
  } catch (error) {
    repo.dispose();
    throw error;
  }
}
