import { basename } from 'node:path';
import { runGit } from '../../../git/runGit';

/** A remote URL without credentials: `https://user:token@host/x.git` loses `user:token@`; scp-style `git@host:x.git` is kept. */
export function withoutCredentials(remote: string): string {
  const trimmed = remote.trim();
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ssh:') {
      url.username = '';
      url.password = '';
      return url.href;
    }
  } catch {
    // scp-style or a path: no password can sit in it.
  }
  return trimmed;
}

/** `git remote get-url origin` of the repository, without credentials; undefined when there is none. */
export async function originUrl(repoRoot: string | undefined): Promise<string | undefined> {
  if (!repoRoot) return undefined;
  try {
    const out = (await runGit(['remote', 'get-url', 'origin'], { cwd: repoRoot })).trim();
    return out ? withoutCredentials(out) : undefined;
  } catch {
    return undefined;
  }
}

/** The subject line of a commit; undefined when git does not know it (a shallow clone, another repository). */
export async function commitSubject(repoRoot: string | undefined, sha: string): Promise<string | undefined> {
  if (!repoRoot || !/^[0-9a-f]{7,64}$/.test(sha)) return undefined;
  try {
    return (await runGit(['log', '-1', '--format=%s', sha, '--'], { cwd: repoRoot })).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A short name for the repository (its folder), for default service ids and event sources. */
export function repositoryName(repoRoot: string | undefined): string {
  const name = repoRoot ? basename(repoRoot.replace(/[\\/]+$/, '')) : '';
  return name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'repository';
}
