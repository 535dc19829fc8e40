import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type TestRepo, testGitEnv } from '../../../helpers/createTestRepo';

/** Environment for git calls the test repo helper cannot make: its identities plus `extra`. */
export const gitEnv = testGitEnv;

/** Runs git in the repo with extra environment, e.g. GIT_COMMITTER_DATE for a tag's date. */
export function gitWith(repo: TestRepo, env: Record<string, string>, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo.path, env: gitEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Appends `count` commits to main with git fast-import (seconds for thousands), each changing
 * `file` and carrying a message of about `messageBytes`, then checks the result out.
 */
export function importCommits(repo: TestRepo, count: number, file: string, messageBytes = 200): void {
  const head = repo.git('rev-parse', 'HEAD').trim();
  const chunks: string[] = [];
  const filler = 'x'.repeat(Math.max(0, messageBytes - 40));
  const start = 1_700_000_000;
  for (let i = 1; i <= count; i++) {
    const message = `PROJ-${i} change ${i}\n\n${filler}\n`;
    const content = `version ${i}\n`;
    chunks.push(
      `commit refs/heads/main\nmark :${i}\n`,
      `author Ana Ruiz <ana@example.com> ${start + i} +0000\ncommitter Ana Ruiz <ana@example.com> ${start + i} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
      i === 1 ? `from ${head}\n` : '',
      `M 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: repo.path, env: gitEnv(), input: chunks.join(''), stdio: ['pipe', 'ignore', 'pipe'] });
  repo.git('reset', '-q', '--hard', 'main');
}

/** Commits `files` with author and committer time `seconds` (since the epoch), so order and age are exact. */
export function commitAt(repo: TestRepo, seconds: number, message: string, files: Record<string, string | Buffer> = {}): string {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo.path, file)), { recursive: true });
    writeFileSync(join(repo.path, file), content);
  }
  repo.git('add', '-A');
  const date = `@${seconds} +0000`;
  gitWith(repo, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, 'commit', '-q', '--allow-empty', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

/**
 * Pids of git processes running `subcommand` whose working folder is `dir`, read from /proc;
 * undefined where there is no /proc (the caller then skips that assertion).
 */
export function gitProcessesIn(dir: string, subcommand: string): number[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const found: number[] = [];
  for (const pid of pids) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir || readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'git') continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(subcommand)) found.push(Number(pid));
    } catch {
      // The process ended while we looked, or belongs to someone else.
    }
  }
  return found;
}
