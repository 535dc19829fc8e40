import { appendFile, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

/**
 * Makes sure `.gitattributes` marks the change log `merge=union`, so records appended on two
 * branches merge without conflicts. Does nothing for a log outside the repository (a share).
 * Returns whether a line was added.
 */
export async function ensureUnionMerge(repoRoot: string, logPath: string): Promise<boolean> {
  const rel = relative(repoRoot, logPath);
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  const pattern = rel.split('\\').join('/');
  const file = join(repoRoot, '.gitattributes');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // none yet
  }
  const already = text.split(/\r?\n/).some((line) => {
    const [path, ...attrs] = line.trim().split(/\s+/);
    return (path === pattern || path === `/${pattern}`) && attrs.includes('merge=union');
  });
  if (already) return false;
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${pattern} merge=union\n`);
  return true;
}
