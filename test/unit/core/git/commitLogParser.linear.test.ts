import * as assert from 'node:assert/strict';
import { CommitLogParser } from '../../../../src/core/git/commitLog';

// `check` reads git log in chunks of about 64 KB. The parser joined the unfinished field to each
// new chunk and split the whole again, so a commit message of n bytes cost n²/64K: a 20 MB message
// (anyone can push one in a pull request) took 7 s in CI, 24 MB more than a minute. This counts the
// characters the parser's searches pass over, without timing anything.

describe('CommitLogParser on a huge message (linear)', () => {
  it('passes over each character a few times at most, however long the message and however small the chunks', () => {
    const sha = 'a'.repeat(40);
    const message = `${'x'.repeat(2_000_000)} PROJ-1 ${'a1-'.repeat(300_000)}\n`;
    const output = `${sha}\0\0Ana <ana@example.com>\0${message}\0`;
    let scanned = 0;
    const { indexOf, split } = String.prototype;
    String.prototype.indexOf = function (this: string, search: string, position?: number) {
      const found = indexOf.call(this, search, position);
      scanned += (found < 0 ? this.length : found) - (position ?? 0);
      return found;
    };
    String.prototype.split = function (this: string, ...args: unknown[]) {
      scanned += this.length;
      return (split as (...a: unknown[]) => string[]).apply(this, args);
    } as typeof String.prototype.split;
    const commits = [];
    try {
      const parser = new CommitLogParser();
      for (let at = 0; at < output.length; at += 65_536) commits.push(...parser.push(output.slice(at, at + 65_536)));
      parser.end();
    } finally {
      String.prototype.indexOf = indexOf;
      String.prototype.split = split;
    }
    assert.equal(commits.length, 1);
    assert.equal(commits[0].message, message.slice(0, -1));
    assert.ok(scanned <= 3 * output.length, `scanned ${scanned} characters for ${output.length}`);
  });
});
