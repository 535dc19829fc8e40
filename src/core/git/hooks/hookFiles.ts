import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HOOK_MARKER, isOwnHookText, scriptKind } from './hookMarker';
import { shQuote } from './hookScripts';

/** Every hook git knows, so a forwarder is written only for real hooks of a shared directory. */
export const GIT_HOOK_NAMES: ReadonlySet<string> = new Set([
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate',
  'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
]);

/** A script of ours found in a hooks directory, and which hook it was written for. */
export interface OwnScript {
  readonly file: string;
  /** The hook named in its marker line (`# changetrail-hook v1 (commit-msg)`); `forward` for forwarders. */
  readonly hook: string;
}

/** Scripts in `dir` that ChangeTrail wrote (by their marker), whatever another tool renamed them to. */
export async function ownScripts(dir: string): Promise<OwnScript[]> {
  const found: OwnScript[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    if (!(await stat(file).then((s) => s.isFile() && s.size < 64 * 1024, () => false))) continue;
    const text = await readFile(file, 'utf8').catch(() => '');
    const hook = scriptKind(text);
    if (hook !== undefined) found.push({ file, hook });
  }
  return found;
}

/** Whether `file` is one of ChangeTrail's hook scripts (not a forwarder to a shared hook, which is the user's hook run from here). */
export async function isOwnHook(file: string): Promise<boolean> {
  return isOwnHookText(await readFile(file, 'utf8').catch(() => undefined));
}

/** The hooks ChangeTrail kept for `hook`, oldest first: `<hook>.pre-changetrail`, then `.pre-changetrail.2`, ... */
export async function keptHooks(dir: string, hook: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const base = `${hook}.pre-changetrail`;
  const numbered = names
    .filter((n) => n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)))
    .sort((a, b) => Number(a.slice(base.length + 1)) - Number(b.slice(base.length + 1)));
  return [...(names.includes(base) ? [base] : []), ...numbered].map((n) => join(dir, n));
}

/** The next free name to keep another hook for `hook` under, never overwriting one kept before. */
export async function nextKeptName(dir: string, hook: string): Promise<string> {
  const kept = await keptHooks(dir, hook);
  if (kept.length === 0) return join(dir, `${hook}.pre-changetrail`);
  const last = kept[kept.length - 1];
  const n = /\.(\d+)$/.exec(last);
  return join(dir, `${hook}.pre-changetrail.${n ? Number(n[1]) + 1 : 2}`);
}

/** A script that runs `target` (a hook of a shared core.hooksPath) with the same arguments and input. */
export function forwarderScript(target: string): string {
  return `#!/bin/sh
${HOOK_MARKER} (forward)
# Runs the hook of your global core.hooksPath in this repository, whose hooks ChangeTrail keeps in
# a directory of its own so other repositories stay untouched. "changetrail hooks uninstall" removes it.
[ -x ${shQuote(target)} ] || exit 0
exec ${shQuote(target)} "$@"
`;
}

/** Executable hooks in a shared hooks directory (what a repository using it runs). */
export async function sharedHooks(dir: string): Promise<string[]> {
  const hooks: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!GIT_HOOK_NAMES.has(name)) continue;
    if (await stat(join(dir, name)).then((s) => s.isFile() && (s.mode & 0o111) !== 0, () => false)) hooks.push(name);
  }
  return hooks.sort();
}
