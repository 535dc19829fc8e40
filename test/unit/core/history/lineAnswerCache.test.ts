import * as assert from 'node:assert/strict';
import { LineAnswerCache } from '../../../../src/core/history/lineAnswerCache';

/** A compute whose answers the test releases by hand, recording what was asked and what was cancelled. */
function controlled() {
  const asked: string[] = [];
  const aborted: string[] = [];
  const release = new Map<string, (answer: string) => void>();
  const compute = (key: string, signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      asked.push(key);
      signal.addEventListener('abort', () => aborted.push(key));
      release.set(key, resolve);
    });
  return { asked, aborted, release, compute };
}

describe('LineAnswerCache (the why-this-line hover never waits)', () => {
  it('answers nothing while an answer is being worked out, then the answer on the next hover', async () => {
    const c = controlled();
    const cache = new LineAnswerCache(c.compute);
    assert.equal(cache.peek('a#1#3'), undefined);
    const done = cache.warm('a#1#3');
    assert.equal(cache.peek('a#1#3'), undefined, 'a hover before the answer is ready shows nothing');
    c.release.get('a#1#3')?.('blame of line 3');
    assert.equal(await done, 'blame of line 3');
    assert.equal(cache.peek('a#1#3'), 'blame of line 3');
    await cache.warm('a#1#3');
    assert.deepEqual(c.asked, ['a#1#3'], 'a ready answer is not computed again');
  });

  it('cancels the run when the cursor moves to another line, and drops its late answer', async () => {
    const c = controlled();
    const cache = new LineAnswerCache(c.compute);
    const first = cache.warm('a#1#3');
    cache.moveTo('a#1#3');
    assert.deepEqual(c.aborted, [], 'staying on the line keeps the run');
    cache.moveTo('a#1#9');
    assert.deepEqual(c.aborted, ['a#1#3']);
    c.release.get('a#1#3')?.('late');
    assert.equal(await first, undefined);
    assert.equal(cache.peek('a#1#3'), undefined);
  });

  it('runs one answer at a time: asking for another line cancels the first', () => {
    const c = controlled();
    const cache = new LineAnswerCache(c.compute);
    void cache.warm('a#1#3');
    void cache.warm('a#1#3');
    void cache.warm('a#1#4');
    assert.deepEqual(c.asked, ['a#1#3', 'a#1#4']);
    assert.deepEqual(c.aborted, ['a#1#3']);
  });

  it('forgets the answers of a changed document and keeps at most `capacity`', async () => {
    const c = controlled();
    const cache = new LineAnswerCache(c.compute, 2);
    for (const key of ['a#1#1', 'b#1#1', 'b#1#2']) {
      const done = cache.warm(key);
      c.release.get(key)?.(key);
      await done;
    }
    assert.equal(cache.peek('a#1#1'), undefined, 'the oldest answer made room');
    cache.forget('b#');
    assert.equal(cache.peek('b#1#2'), undefined);
  });

  it('a failing compute leaves no answer and does not throw', async () => {
    const cache = new LineAnswerCache<string>(async () => {
      throw new Error('git blame failed');
    });
    assert.equal(await cache.warm('a#1#1'), undefined);
    assert.equal(cache.peek('a#1#1'), undefined);
  });
});
