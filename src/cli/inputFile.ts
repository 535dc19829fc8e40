import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ChangeTrailError } from '../core/errors';

/**
 * The text of an input file an option names (`--file changes.json`), or of stdin for "-", at most
 * `maxBytes`. Only a regular file: a folder, a device (/dev/zero, read until memory ran out) or a
 * FIFO (opened non-blocking, so one with no writer is refused, not waited on) is bad input, as is
 * a missing file or one too big: a ChangeTrailError (BadInput, exit 2) naming the option and file.
 */
export async function readInputFile(option: string, source: string, cwd: string, maxBytes: number, stdin: AsyncIterable<unknown> = process.stdin): Promise<string> {
  const tooBig = () => new ChangeTrailError('BadInput', `${option} ${source}: more than ${maxBytes / 1024 / 1024} MB`);
  if (source === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      const bytes = Buffer.from(chunk as Buffer);
      size += bytes.length;
      if (size > maxBytes) throw tooBig();
      chunks.push(bytes);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  const cannot = (error: NodeJS.ErrnoException) =>
    new ChangeTrailError('BadInput', `${option} ${source}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : `cannot read it (${error.code ?? error.message})`}`);
  const handle = await open(resolve(cwd, source), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((error: NodeJS.ErrnoException) => {
    throw cannot(error);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ChangeTrailError('BadInput', `${option} ${source}: ${info.isDirectory() ? 'is a folder' : 'is not a regular file'} (give a file, or - for stdin)`);
    if (info.size > maxBytes) throw tooBig();
    return await handle.readFile('utf8').catch((error: NodeJS.ErrnoException) => {
      throw cannot(error);
    });
  } finally {
    await handle.close();
  }
}
