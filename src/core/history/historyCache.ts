import { headFromFiles } from '../git/gitStateFromFiles';
import { runGit } from '../git/runGit';
import { type FileHistoryOptions, type FileHistoryPage, streamFileHistory } from './fileHistory';

/** What a cached history page depends on. */
export interface HistoryPageKey {
  readonly repoRoot: string;
  readonly path: string | Uint8Array;
  /** HEAD's sha when the page was read: a commit, checkout or pull gives a new key. */
  readonly head: string;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * A small least-recently-used cache of history pages. Seeing a new HEAD for a repository drops
 * that repository's pages for older HEADs at once, rather than letting them age out.
 */
export class HistoryCache<T = FileHistoryPage> {
  private readonly pages = new Map<string, { readonly repoRoot: string; readonly value: T }>();
  private readonly heads = new Map<string, string>();

  constructor(private readonly maxPages = 64) {}

  /** The cached page, now the most recently used; undefined when missing or read at another HEAD. */
  get(key: HistoryPageKey): T | undefined {
    const id = keyOf(key);
    const hit = this.pages.get(id);
    if (!hit) return undefined;
    this.pages.delete(id);
    this.pages.set(id, hit);
    return hit.value;
  }

  /** Stores a page, evicting the least recently used past the limit. */
  set(key: HistoryPageKey, value: T): void {
    if (this.heads.get(key.repoRoot) !== key.head) {
      this.heads.set(key.repoRoot, key.head);
      for (const [id, page] of this.pages) if (page.repoRoot === key.repoRoot) this.pages.delete(id);
    }
    const id = keyOf(key);
    this.pages.delete(id);
    this.pages.set(id, { repoRoot: key.repoRoot, value });
    while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value as string);
  }

  /** Drops everything, e.g. when the repository is closed. */
  clear(): void {
    this.pages.clear();
    this.heads.clear();
  }

  get size(): number {
    return this.pages.size;
  }
}

/** A page of history and whether it came from the cache. */
export interface CachedPage {
  readonly page: FileHistoryPage;
  readonly fromCache: boolean;
  readonly head: string;
}

/**
 * Page `page` (from 0) of a file's history through `cache`: read at HEAD's current sha, so a
 * revisit at the same HEAD is instant and a new HEAD reads afresh. `onEntry` is called for
 * cached entries too, so callers have one code path. Aborted reads are not cached.
 */
export function cachedFileHistory(
  cache: HistoryCache,
  repoRoot: string,
  path: string | Uint8Array,
  page: number,
  pageSize: number,
  options: Omit<FileHistoryOptions, 'skip' | 'limit' | 'rev'> = {},
): Promise<CachedPage> {
  // HEAD from the files when they are plain: git is then started before this call returns, ahead
  // of whatever the caller asks next.
  const head = headFromFiles(repoRoot);
  return head !== undefined ? pageAt(cache, repoRoot, path, page, pageSize, options, head) : headFromGit(repoRoot, options).then((sha) => pageAt(cache, repoRoot, path, page, pageSize, options, sha));
}

async function pageAt(cache: HistoryCache, repoRoot: string, path: string | Uint8Array, page: number, pageSize: number, options: Omit<FileHistoryOptions, 'skip' | 'limit' | 'rev'>, head: string): Promise<CachedPage> {
  const key: HistoryPageKey = { repoRoot, path, head, page, pageSize };
  const hit = head ? cache.get(key) : undefined;
  if (hit) {
    for (const entry of hit.entries) options.onEntry?.(entry);
    return { page: hit, fromCache: true, head };
  }
  const read = await streamFileHistory(repoRoot, path, { ...options, skip: page * pageSize, limit: pageSize, rev: head || 'HEAD' });
  if (head) cache.set(key, read);
  return { page: read, fromCache: false, head };
}

/** HEAD's sha from git (the files were not plain), or '' in a repository without commits. */
async function headFromGit(repoRoot: string, options: Pick<FileHistoryOptions, 'logger' | 'signal' | 'gitPath'>): Promise<string> {
  try {
    return (await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: repoRoot, ...options })).trim();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return '';
  }
}

function keyOf(key: HistoryPageKey): string {
  const path = typeof key.path === 'string' ? `s:${key.path}` : `b:${Buffer.from(key.path).toString('hex')}`;
  return JSON.stringify([key.repoRoot, key.head, path, key.page, key.pageSize]);
}
