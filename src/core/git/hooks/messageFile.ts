import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ChangeTrailError } from '../../errors';
import { gitConfigGet } from '../gitConfig';

/** A commit message file as git wrote it: its bytes, the encoding git records it in, and its text. */
export interface MessageFile {
  readonly bytes: Buffer;
  /** i18n.commitEncoding, or undefined (UTF-8). */
  readonly encoding: string | undefined;
  readonly text: string;
}

/**
 * The message file a hook was given, read in the encoding git records it in (i18n.commitEncoding,
 * UTF-8 by default), so the hooks read the text `check` reads later; a file that cannot be read is
 * bad input (exit 2), named.
 */
export async function readMessageFile(file: string, cwd: string, command: string): Promise<MessageFile> {
  const [bytes, encoding] = await Promise.all([
    readFile(resolve(cwd, file)).catch((error: NodeJS.ErrnoException) => {
      throw new ChangeTrailError('BadInput', `${command}: cannot read the message file ${file} (${error.code ?? error.message})`);
    }),
    gitConfigGet('i18n.commitEncoding', { cwd }).catch(() => undefined),
  ]);
  const decoder = decoderFor(encoding);
  return { bytes, encoding: decoder ? encoding : undefined, text: decoder ? decoder.decode(bytes) : bytes.toString('utf8') };
}

/** A decoder for `encoding`; undefined for one this node does not know (read as UTF-8, as before). */
function decoderFor(encoding: string | undefined): TextDecoder | undefined {
  try {
    return new TextDecoder(encoding ?? 'utf-8');
  } catch {
    return undefined;
  }
}

/**
 * The file's bytes with `edited` (its text changed by inserting or removing ASCII, such as a ticket
 * prefix) applied to the original bytes, so the rest of the user's text keeps its encoding and its
 * exact bytes. Undefined when the change is not such an edit or cannot be placed with certainty.
 */
export function applyAsciiEdit(file: MessageFile, edited: string): Buffer | undefined {
  const before = file.text;
  if (edited === before) return file.bytes;
  const max = Math.min(before.length, edited.length);
  let p = 0;
  while (p < max && before[p] === edited[p]) p++;
  let s = 0;
  while (s < max - p && before[before.length - 1 - s] === edited[edited.length - 1 - s]) s++;
  const removed = before.slice(p, before.length - s);
  const inserted = edited.slice(p, edited.length - s);
  if (!/^[\x00-\x7f]*$/.test(removed) || !/^[\x00-\x7f]*$/.test(inserted)) return undefined;
  const decoder = decoderFor(file.encoding);
  if (!decoder) return undefined;
  const decode = (b: Buffer) => decoder.decode(b);
  // The byte where character p starts: a binary search on decoded lengths, then checked exactly.
  let lo = 0;
  let hi = file.bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decode(file.bytes.subarray(0, mid)).length >= p) hi = mid;
    else lo = mid + 1;
  }
  const head = before.slice(0, p);
  const tail = before.slice(before.length - s);
  for (let at = lo; at <= Math.min(file.bytes.length, lo + 4); at++) {
    if (decode(file.bytes.subarray(0, at)) !== head) continue;
    const end = at + removed.length;
    if (file.bytes.subarray(at, end).toString('latin1') !== removed || decode(file.bytes.subarray(end)) !== tail) return undefined;
    return Buffer.concat([file.bytes.subarray(0, at), Buffer.from(inserted, 'latin1'), file.bytes.subarray(end)]);
  }
  return undefined;
}
