import * as assert from 'node:assert/strict';
import { cachedFileHistory, HistoryCache, type HistoryPageKey } from '../../../../src/core/history/historyCache';
import { createTestRepo } from '../../../helpers/createTestRepo';
import { commitAt } from './historyFixtures';

const key = (repoRoot: string, head: string, page: number, path = 'a.txt'): HistoryPageKey => ({ repoRoot, path, head, page, pageSize: 10 });

describe('history cache', () => {
  it('evicts the least recently used page', () => {
    const cache = new HistoryCache<string>(2);
    cache.set(key('/r', 'h1', 0), 'page 0');
    cache.set(key('/r', 'h1', 1), 'page 1');
    assert.equal(cache.get(key('/r', 'h1', 0)), 'page 0'); // page 0 is now the most recent
    cache.set(key('/r', 'h1', 2), 'page 2');
    assert.equal(cache.get(key('/r', 'h1', 1)), undefined);
    assert.equal(cache.get(key('/r', 'h1', 0)), 'page 0');
    assert.equal(cache.size, 2);
  });

  it('tells paths, byte paths and page sizes apart', () => {
    const cache = new HistoryCache<string>();
    cache.set(key('/r', 'h1', 0, 'a.txt'), 'text');
    assert.equal(cache.get(key('/r', 'h1', 0, 'b.txt')), undefined);
    assert.equal(cache.get({ ...key('/r', 'h1', 0), pageSize: 20 }), undefined);
    assert.equal(cache.get({ ...key('/r', 'h1', 0), path: Buffer.from('a.txt') }), undefined);
  });

  it('drops a repository\'s pages when its HEAD moves, and keeps other repositories\'', () => {
    const cache = new HistoryCache<string>();
    cache.set(key('/r', 'h1', 0), 'old');
    cache.set(key('/other', 'x1', 0), 'other');
    cache.set(key('/r', 'h2', 0), 'new');
    assert.equal(cache.get(key('/r', 'h1', 0)), undefined);
    assert.equal(cache.get(key('/r', 'h2', 0)), 'new');
    assert.equal(cache.get(key('/other', 'x1', 0)), 'other');
    assert.equal(cache.size, 2);
  });

  it('serves a revisited page from the cache and reads afresh after a new commit (real git)', async () => {
    const repo = createTestRepo();
    try {
      for (let i = 1; i <= 5; i++) commitAt(repo, 1_700_000_000 + i, `PROJ-${i} edit`, { 'a.txt': `${i}\n` });
      const cache = new HistoryCache();
      const first = await cachedFileHistory(cache, repo.path, 'a.txt', 1, 2);
      assert.deepEqual([first.fromCache, first.page.entries.map((e) => e.subject), first.page.complete], [false, ['PROJ-3 edit', 'PROJ-2 edit'], false]);
      const seen: string[] = [];
      const again = await cachedFileHistory(cache, repo.path, 'a.txt', 1, 2, { onEntry: (e) => seen.push(e.subject) });
      assert.equal(again.fromCache, true);
      assert.equal(again.page, first.page);
      assert.deepEqual(seen, ['PROJ-3 edit', 'PROJ-2 edit']);
      commitAt(repo, 1_700_000_010, 'PROJ-6 edit', { 'a.txt': '6\n' });
      const after = await cachedFileHistory(cache, repo.path, 'a.txt', 1, 2);
      assert.deepEqual([after.fromCache, after.page.entries.map((e) => e.subject)], [false, ['PROJ-4 edit', 'PROJ-3 edit']]);
      assert.notEqual(after.head, first.head);
    } finally {
      repo.dispose();
    }
  });
});
