import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ChangeTrailError } from '../core/errors';

/**
 * Makes sure the folder an --out-like option names exists, creating what is missing one level at
 * a time; its absolute path. Not mkdir({ recursive: true }): on Node 20 that loops for ever under
 * /proc (`export --out /proc/x` hung). A file in the way, a path through a file, or a place where
 * no folder can be made is bad input (BadInput, exit 2) naming the option.
 */
export async function ensureOutputFolder(option: string, given: string, cwd: string): Promise<string> {
  const target = resolve(cwd, given);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : refuse(option, given, error.code === 'ENOTDIR' ? 'the path goes through a file' : `cannot use it (${error.code ?? error.message})`)));
    if (info) {
      if (!info.isDirectory()) refuse(option, given, at === target ? 'a file of that name is in the way' : `${at} is not a folder`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') refuse(option, given, `cannot create ${dir} (${error.code ?? error.message})`);
    });
  }
  // Made by another process meanwhile, or a race left something else there.
  if (!(await stat(target).catch(() => undefined))?.isDirectory()) refuse(option, given, 'not a folder');
  return target;
}

function refuse(option: string, given: string, why: string): never {
  throw new ChangeTrailError('BadInput', `${option} ${given}: ${why}`);
}

/**
 * For a command that makes its folders later (board): refuses at once, naming the option, a
 * folder that cannot be made where the nearest existing folder is (/proc, /sys), by making its
 * first missing level and removing it again; what is wrong otherwise is left to the command.
 */
export async function probeOutputFolder(option: string, given: string, cwd: string): Promise<string> {
  const target = resolve(cwd, given);
  let first: string | undefined;
  for (let at = target; ; ) {
    const info = await stat(at).catch(() => undefined);
    if (info) {
      if (!info.isDirectory() || first === undefined) return target;
      break;
    }
    first = at;
    const parent = dirname(at);
    if (parent === at) return target;
    at = parent;
  }
  await mkdir(first).then(
    () => rmdir(first).catch(() => undefined),
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') refuse(option, given, `cannot create ${first} (${error.code ?? error.message})`);
    },
  );
  return target;
}
