import { readFile } from 'node:fs/promises';
import type { CleanupMode } from '../../tickets/commitMessage';

// What git does to a message before storing it depends on `--cleanup` (command line, invisible
// to a hook except through the git process's own arguments), commit.cleanup, and whether an
// editor was used (git runs hooks with GIT_EDITOR=: when none is).

const VALUE_SHORT = new Set(['m', 'F', 'c', 'C', 't']);
const VALUE_LONG = ['message', 'file', 'reuse-message', 'reedit-message', 'template', 'author', 'date', 'fixup', 'squash', 'trailer', 'pathspec-from-file', 'cleanup'];

/** The `--cleanup` given to `git commit` in `argv` (the whole git command line), if any. */
export function cleanupFromArgs(argv: readonly string[]): string | undefined {
  return commitOptions(argv).cleanup;
}

/** Whether `argv` (the whole git command line) is a `git commit --amend` (hooks are told "message" for `--amend -m`). */
export function amendFromArgs(argv: readonly string[]): boolean {
  return commitOptions(argv).amend;
}

/** Whether `argv` (the whole git command line) is a `git commit` (not a merge, rebase, cherry-pick or revert). */
export function commitFromArgs(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === 'commit' && argv[i - 1] !== '-C' && argv[i - 1] !== '-c');
}

function commitOptions(argv: readonly string[]): { cleanup?: string; amend: boolean } {
  const at = argv.findIndex((a, i) => a === 'commit' && argv[i - 1] !== '-C' && argv[i - 1] !== '-c');
  if (at === -1) return { amend: false };
  let cleanup: string | undefined;
  let amend = false;
  for (let i = at + 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split(/=(.*)/s);
      // parse-options takes any unambiguous prefix; "cl" starts only --cleanup.
      const isCleanup = name.length >= 2 && 'cleanup'.startsWith(name);
      const takesValue = VALUE_LONG.some((o) => name.length >= 2 && o.startsWith(name));
      if (isCleanup) cleanup = value ?? argv[++i];
      else if (name.length >= 2 && 'amend'.startsWith(name)) amend = true;
      else if (name.length >= 5 && 'no-amend'.startsWith(name)) amend = false;
      else if (takesValue && value === undefined) i++;
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        if (VALUE_SHORT.has(arg[j])) {
          if (j === arg.length - 1) i++;
          break;
        }
      }
    }
  }
  return { ...(cleanup === undefined ? {} : { cleanup }), amend };
}

/** The command line of process `pid` (Linux /proc); undefined where it cannot be read. */
export async function processArgs(pid: string | undefined): Promise<string[] | undefined> {
  if (!pid || !/^\d+$/.test(pid)) return undefined;
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a, i, all) => i < all.length - 1 || a !== '');
  } catch {
    return undefined;
  }
}

/** The cleanup git applies: command line, else commit.cleanup, else git's default for editor use. */
export function resolveCleanup(fromArgs: string | undefined, fromConfig: string | undefined, editorUsed: boolean): CleanupMode {
  const mode = fromArgs ?? fromConfig ?? 'default';
  switch (mode) {
    case 'strip':
    case 'whitespace':
    case 'verbatim':
    case 'scissors':
      return mode;
    default:
      return editorUsed ? 'strip' : 'whitespace';
  }
}
