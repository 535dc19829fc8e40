import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

// Absent on Windows, where the regular-file check after opening carries the weight alone.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Makes sure `.gitattributes` marks the change log `merge=union`, so records appended on two
 * branches merge without conflicts. Does nothing for a log outside the repository (a share), nor
 * when `.gitattributes` is a symlink or not a regular file: a committed `.gitattributes` pointing
 * at ~/.bashrc must not be appended to. Returns whether a line was added.
 */
export async function ensureUnionMerge(repoRoot: string, logPath: string): Promise<boolean> {
  const rel = relative(repoRoot, logPath);
  if (rel === '' || rel.startsWith(`..`) || isAbsolute(rel)) return false;
  const path = rel.split('\\').join('/');
  let handle;
  try {
    handle = await open(join(repoRoot, '.gitattributes'), constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK, 0o644);
  } catch {
    return false; // a symlink (ELOOP), a folder, a FIFO, no permission: leave it alone
  }
  try {
    if (!(await handle.stat()).isFile()) return false;
    const text = await handle.readFile('utf8');
    const already = text.split(/\r?\n/).some((line) => {
      const [pattern, attrs] = splitAttributeLine(line.trim());
      return (pattern === path || pattern === `/${path}`) && attrs.split(/\s+/).includes('merge=union');
    });
    if (already) return false;
    await handle.appendFile(`${text === '' || text.endsWith('\n') ? '' : '\n'}${attributePattern(path)} merge=union\n`);
    return true;
  } finally {
    await handle.close();
  }
}

/**
 * The pattern that matches exactly `path` in .gitattributes: glob characters escaped, and the
 * whole C-quoted when it holds a space, a quote or a control character (git splits a line at
 * whitespace, so `my logs/changes.jsonl merge=union` would mark a file named `my`).
 */
export function attributePattern(path: string): string {
  const literal = path.replace(/[*?[\\]/g, (c) => `\\${c}`);
  if (!/[\s"\u0000-\u001f\u007f]/.test(literal)) return literal;
  return `"${literal.replace(/["\\]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}

// A line's pattern (unquoted and unescaped, as git reads it) and the rest (its attributes).
function splitAttributeLine(line: string): [string, string] {
  if (!line.startsWith('"')) {
    const at = line.search(/\s/);
    const pattern = at < 0 ? line : line.slice(0, at);
    return [pattern.replace(/\\(.)/g, '$1'), at < 0 ? '' : line.slice(at)];
  }
  let out = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i];
    if (c === '"') return [out.replace(/\\(.)/g, '$1'), line.slice(i + 1)];
    if (c !== '\\') out += c;
    else if (/[0-7]/.test(line[i + 1] ?? '')) {
      out += String.fromCharCode(parseInt(line.slice(i + 1, i + 4), 8));
      i += 3;
    } else out += line[++i] === 'n' ? '\n' : line[i] === 't' ? '\t' : (line[i] ?? '');
  }
  return ['', ''];
}
