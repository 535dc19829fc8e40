import * as assert from 'node:assert/strict';
import { LatestCalls } from '../../../../src/host/scm/latestCalls';
import { PromiseCache } from '../../../../src/host/scm/promiseCache';

// The commit box's missing-ticket warning is computed per keystroke; the no-ticket path waits on git
// (a non-active repository's snapshot). Typing "P" then "PROJ-1: fix" let the slow "P" update land
// last and set "No ticket" again over a message that has one. These are the two pieces
// CommitInputDiagnostics uses against that: newest-call-wins per document, one git read per repository.

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('commit box diagnostics: stale updates and git reads per keystroke', () => {
  it('an older update still waiting on git does not overwrite the newer one (no stale "No ticket")', async () => {
    const calls = new LatestCalls();
    const warnings = new Map<string, string>();
    const git = deferred<string>();
    // The shape of CommitInputDiagnostics.update: decide, await, land only while still newest.
    const update = async (doc: string, text: string) => {
      const current = calls.begin(doc);
      if (/\b[A-Z]+-\d+\b/.test(text)) {
        warnings.delete(doc);
        return;
      }
      const hint = await git.promise;
      if (!current()) return;
      warnings.set(doc, `No ticket in this commit message.${hint}`);
    };
    const typedP = update('box', 'P');
    await update('box', 'PROJ-1: fix');
    git.resolve(' Add PROJ-1.');
    await typedP;
    assert.equal(warnings.has('box'), false, 'the message names PROJ-1: no warning');
  });

  it('the newest call of one document does not overtake another document\'s', () => {
    const calls = new LatestCalls();
    const a = calls.begin('a');
    const b = calls.begin('b');
    assert.equal(a(), true);
    assert.equal(b(), true);
    const a2 = calls.begin('a');
    assert.deepEqual([a(), a2(), b()], [false, true, true]);
  });

  it('a closed document\'s pending update is dropped', () => {
    const calls = new LatestCalls();
    const pending = calls.begin('box');
    calls.forget('box');
    assert.equal(pending(), false);
  });

  it('reads a repository\'s snapshot once for many keystrokes, again after clear, and retries a failed read', async () => {
    const cache = new PromiseCache<string>();
    let reads = 0;
    const load = async () => `snapshot ${++reads}`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get('repoB', load)));
    assert.equal(reads, 1);
    assert.ok(answers.every((a) => a === 'snapshot 1'));
    cache.clear();
    assert.equal(await cache.get('repoB', load), 'snapshot 2');
    await assert.rejects(cache.get('repoC', () => Promise.reject(new Error('git failed'))));
    await new Promise((r) => setImmediate(r));
    assert.equal(await cache.get('repoC', load), 'snapshot 3');
  });
});
