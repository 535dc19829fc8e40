import { isAbsolute, join, relative, resolve } from 'node:path';
import { gitConfigGet } from '../gitConfig';
import { type RunGitOptions, runGit } from '../runGit';

/** Where hooks run for a repository, and what decides it. */
export interface HookLocation {
  /** The directory git runs hooks from (honours core.hooksPath; shared by all worktrees). */
  readonly hooksDir: string;
  /** ChangeTrail's own files beside the hooks: lib.sh, ticket.awk, cli.js, installed.json. */
  readonly supportDir: string;
  /** The repository's common git directory (the main `.git`, also for linked worktrees). */
  readonly commonDir: string;
  /** This worktree's git directory. */
  readonly gitDir: string;
  readonly workTree: string;
  /** core.hooksPath as configured, when set (husky sets it to .husky/_). */
  readonly hooksPath?: string;
  /** Whether the hooks directory sits inside the work tree without being ignored (a committed hooks folder). */
  readonly committedHooksDir: boolean;
  /** Where core.hooksPath is set: `global`/`system` mean a directory other repositories use too. */
  readonly hooksPathScope?: string;
}

/** Whether git runs this repository's hooks from a directory set for every repository (global or system config). */
export function isSharedHooksDir(location: HookLocation): boolean {
  return location.hooksPathScope === 'global' || location.hooksPathScope === 'system';
}

/** Resolves where hooks live for the repository at `cwd`. */
export async function hookLocation(options: RunGitOptions): Promise<HookLocation> {
  const out = await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir', '--absolute-git-dir', '--git-path', 'hooks'], options);
  const [workTree, commonDir, gitDir, hooks] = out.split('\n');
  const hooksPath = await gitConfigGet('core.hooksPath', options);
  const scoped = hooksPath === undefined ? '' : await runGit(['config', '--show-scope', '--get', 'core.hooksPath'], options).catch(() => '');
  const hooksPathScope = scoped.split('\t')[0] || undefined;
  const hooksDir = isAbsolute(hooks) ? hooks : resolve(options.cwd, hooks);
  const within = (dir: string) => {
    const rel = relative(dir, hooksDir);
    return !rel.startsWith('..') && !isAbsolute(rel);
  };
  // Inside the work tree but not inside .git: a folder that may be committed (e.g. .githooks/).
  const inside = within(workTree) && !within(commonDir) && !within(gitDir);
  let committedHooksDir = false;
  if (inside) {
    try {
      await runGit(['check-ignore', '-q', join(hooksDir, 'commit-msg')], options);
    } catch {
      committedHooksDir = true; // check-ignore exits 1: not ignored
    }
  }
  return { hooksDir, supportDir: join(hooksDir, 'changetrail'), commonDir, gitDir, workTree, hooksPath, committedHooksDir, hooksPathScope };
}
