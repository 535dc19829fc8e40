import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A board build writes its site into --out and its cache into --cache (by default a folder inside
// --out), and a fresh build clears what an earlier build left there. Both are folders a person
// names, so a build writes into one only when it is new, empty, or one a board build made: `--out
// docs` in a repository with its own pages, or `--cache .`, is refused before anything is written
// or removed, and nothing but the board's own files is ever removed from a folder it owns.

/** The file a build leaves in the site folder, saying the folder is the board's. */
export const SITE_MARK = '.changetrail-board-site';
/** The file a build leaves in the cache folder. */
export const CACHE_MARK = '.changetrail-board-cache';
/** What a build keeps in its cache folder: all that a fresh build removes from it. */
export const CACHE_PARTS = ['manifest.json', 'raw', 'facts'] as const;

// The page of a build made before the site was marked: the site is the board's if its
// index.html is this page.
const OLD_PAGE = ['<script src="data/index.js"></script>', '<div id="app"><p>Loading the change board…</p></div>'];

/** Why the board may not write its site into `dir`, or undefined when it may. */
export async function siteFolderRefusal(dir: string): Promise<string | undefined> {
  const names = await folderNames(dir);
  if (typeof names === 'string') return names;
  if (names.length === 0 || names.includes(SITE_MARK)) return undefined;
  if (names.includes('index.html') && (await isOldPage(join(dir, 'index.html')))) return undefined;
  return `${dir} already holds files the board did not write (${shown(names)}); name a new or empty folder for --out, or one an earlier board build wrote`;
}

/** Why the board may not keep its cache in `dir`, or undefined when it may. */
export async function cacheFolderRefusal(dir: string): Promise<string | undefined> {
  const names = await folderNames(dir);
  if (typeof names === 'string') return names;
  const known = new Set<string>([CACHE_MARK, ...CACHE_PARTS]);
  // A cache made before caches were marked holds only its own parts.
  if (names.includes(CACHE_MARK) || names.every((n) => known.has(n))) return undefined;
  return `${dir} already holds files that are not a board cache (${shown(names.filter((n) => !known.has(n)))}); name a new or empty folder for --cache, or leave it out`;
}

/** Marks a folder as the board's, so later builds may write into it. */
export async function markFolder(dir: string, mark: string, what: string): Promise<void> {
  await writeFile(join(dir, mark), `${what} written by "changetrail board"; later builds write into this folder.\n`, 'utf8');
}

/** The names in `dir` ([] when it does not exist yet), or why it cannot be a folder of the board's. */
async function folderNames(dir: string): Promise<string[] | string> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return `${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (!info.isDirectory()) return `${dir} is a file, not a folder`;
  return readdir(dir);
}

async function isOldPage(path: string): Promise<boolean> {
  try {
    const text = await readFile(path, 'utf8');
    return OLD_PAGE.every((line) => text.includes(line));
  } catch {
    return false;
  }
}

function shown(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.length > 4 ? `${sorted.slice(0, 4).join(', ')} and ${sorted.length - 4} more` : sorted.join(', ');
}
