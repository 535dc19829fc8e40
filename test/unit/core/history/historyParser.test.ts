import * as assert from 'node:assert/strict';
import { HistoryParser, type RawHistoryCommit } from '../../../../src/core/history/historyParser';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

/** Output shaped like `git log --follow -z --name-status --format=HISTORY_FORMAT`. */
function record(sha: string, parents: string, message: string, status: string, ...paths: string[]): Buffer {
  const head = Buffer.from(`\x1e${sha}\x1f${parents}\x1f2024-05-01T10:00:00+02:00\x1fAna Ruiz\x1fana@example.com\x1f${message}\n\0`);
  const entries = status ? Buffer.concat([Buffer.from(`\n${status}\0`), ...paths.map((p) => Buffer.from(`${p}\0`))]) : Buffer.alloc(0);
  return Buffer.concat([head, entries]);
}

function parse(chunks: readonly Buffer[], maxMessageBytes?: number): RawHistoryCommit[] {
  const out: RawHistoryCommit[] = [];
  const parser = new HistoryParser((c) => out.push(c), maxMessageBytes);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return out;
}

const summary = (commits: readonly RawHistoryCommit[]) =>
  commits.map((c) => [c.sha.slice(0, 1), c.parents.length, c.message, c.status, ...c.paths.map(String)].join('|'));

describe('history parser', () => {
  // Separator bytes inside a message and a file name must not end a field or a commit early.
  const output = Buffer.concat([
    record(A, B, 'PROJ-1 subject\n\nbody with \x1e and \x1f inside', 'M', 'src/a\x1e.ts'),
    record(B, `${C} ${A}`, 'Merge', 'R087', 'old name.ts', 'src/a\x1e.ts'),
    record(C, '', 'root', 'A', 'old name.ts'),
  ]);
  const expected = [
    `a|40|PROJ-1 subject\n\nbody with \x1e and \x1f inside\n|M|src/a\x1e.ts`,
    'b|81|Merge\n|R087|old name.ts|src/a\x1e.ts',
    'c|0|root\n|A|old name.ts',
  ];

  it('reads whole output in one chunk', () => {
    assert.deepEqual(summary(parse([output])), expected);
  });

  it('reads the same output split at every byte and at random sizes', () => {
    const bytes = [...output].map((b) => Buffer.from([b]));
    assert.deepEqual(summary(parse(bytes)), expected);
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < output.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const size = 1 + (seed % 40);
        chunks.push(output.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(summary(parse(chunks)), expected, `round ${round}`);
    }
  });

  it('hands a commit over as soon as its entry is complete, before the next commit arrives', () => {
    const seen: string[] = [];
    const parser = new HistoryParser((c) => seen.push(c.sha));
    const first = record(A, B, 'one', 'M', 'f.txt');
    parser.push(first.subarray(0, first.length - 1));
    assert.deepEqual(seen, []);
    parser.push(first.subarray(first.length - 1));
    assert.deepEqual(seen, [A]);
  });

  it('hands over a commit with no name-status entry when the next begins or git ends', () => {
    const commits = parse([record(A, '', 'no entry', ''), record(B, '', 'also none', '')]);
    assert.deepEqual(summary(commits), ['a|0|no entry\n|', 'b|0|also none\n|']);
  });

  it('cuts a long message at the limit across chunks and flags it', () => {
    const long = record(A, '', `start ${'x'.repeat(5000)}`, 'M', 'f.txt');
    const chunks = [long.subarray(0, 100), long.subarray(100, 3000), long.subarray(3000)];
    const [commit] = parse(chunks, 1000);
    assert.equal(commit.message.length, 1000);
    assert.equal(commit.messageTruncated, true);
    assert.equal(commit.paths.map(String).join(), 'f.txt');
    assert.equal(parse([record(A, '', 'short', 'M', 'f.txt')], 1000)[0].messageTruncated, false);
  });

  it('keeps paths intact after the chunk they came in is gone', () => {
    const chunk = Buffer.from(record(A, '', 'm', 'M', 'keep.txt'));
    const [commit] = parse([chunk]);
    chunk.fill(0);
    assert.equal(commit.paths[0].toString(), 'keep.txt');
  });
});
