import { gitConfigGet } from './gitConfig';
import { type RunGitOptions, runGit } from './runGit';

/** What a branch changes against its base: for the checklist, risk flags and records. */
export interface ChangeStats {
  readonly baseBranch?: string;
  readonly commits: readonly { readonly sha: string; readonly subject: string }[];
  readonly files: readonly string[];
  /** Lines added plus deleted (binary files count 0). */
  readonly lines: number;
}

/** The first of `candidates` that exists, locally or on origin. */
export async function baseBranchOf(candidates: readonly string[], options: RunGitOptions): Promise<string | undefined> {
  for (const name of candidates) {
    for (const ref of [`refs/heads/${name}`, `refs/remotes/origin/${name}`]) {
      try {
        await runGit(['rev-parse', '--verify', '--quiet', ref], options);
        return ref.replace(/^refs\/(heads|remotes)\//, '');
      } catch {
        // not there
      }
    }
  }
  return undefined;
}

/** Commits, files and changed lines of HEAD (plus uncommitted work) against its base branch. */
export async function changeStats(defaultBranches: readonly string[], options: RunGitOptions): Promise<ChangeStats> {
  const baseBranch = await baseBranchOf(defaultBranches, options);
  const range = baseBranch ? `${baseBranch}...HEAD` : 'HEAD';
  let log = '';
  try {
    log = await runGit(['log', '--format=%H%x1f%s', baseBranch ? `${baseBranch}..HEAD` : '-n50'], options);
  } catch {
    // no commits yet
  }
  const commits = log.split('\n').filter(Boolean).map((line) => {
    const [sha, subject] = line.split('\x1f');
    return { sha, subject };
  });
  const files = new Set<string>();
  let lines = 0;
  const add = (numstat: string) => {
    for (const row of numstat.split('\n').filter(Boolean)) {
      const [added, deleted, ...path] = row.split('\t');
      files.add(path.join('\t'));
      lines += (Number(added) || 0) + (Number(deleted) || 0);
    }
  };
  if (baseBranch) add(await runGit(['diff', '--numstat', range], options).catch(() => ''));
  add(await runGit(['diff', '--numstat', 'HEAD'], options).catch(() => '')); // uncommitted work counts too
  return { baseBranch, commits, files: [...files].sort(), lines };
}

/** The git identity that will sign a record. */
export async function gitIdentity(options: RunGitOptions): Promise<{ name: string; email: string }> {
  const [name, email] = await Promise.all([gitConfigGet('user.name', options), gitConfigGet('user.email', options)]);
  return { name: name ?? 'unknown', email: email ?? 'unknown' };
}

/** The repository's origin URL without credentials, to name it in records. */
export async function repositoryName(options: RunGitOptions): Promise<string | undefined> {
  const url = await gitConfigGet('remote.origin.url', options);
  return url?.replace(/\/\/[^/@]+@/, '//');
}
