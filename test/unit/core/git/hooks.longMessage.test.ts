import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// Issue 12: a 64 KB one-line message took 60 s in the awk fast path and 1 MB never finished.
// Each commit below must settle on its own; the kill timer is a hang guard, not a timing.
const HANG_GUARD_MS = 20_000;
const MB = 2 ** 20;

describe('hooks settle on megabyte messages', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let box: Sandbox;
  before(() => {
    box = sandbox({ branch: 'feature/login' });
    install(box);
  });
  after(() => box.dispose());

  function commitFile(name: string, text: string) {
    const file = join(box.scratch, name);
    writeFileSync(file, text);
    const r = spawnSync('git', ['commit', '--allow-empty', '-F', file], { cwd: box.path, env: box.env, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 4 * MB });
    assert.equal(r.error, undefined, `git commit did not settle within ${HANG_GUARD_MS} ms (${name})`);
    return r;
  }

  const cases: Record<string, string> = {
    '1 MB on one line, no ticket': 'word '.repeat(MB / 5),
    '1 MB run of letters and digits': 'a1'.repeat(MB / 2),
    '1 MB of dashes and hashes': '-#'.repeat(MB / 2),
    '1 MB of near-tickets': 'PROJ-x AB#y #z '.repeat(MB / 15),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: rejected with a bounded excerpt`, () => {
      const r = commitFile(`${name}.txt`, text);
      assert.equal(r.status, 1, r.stderr.slice(0, 500));
      assert.match(r.stderr, /names no ticket/);
      assert.ok(r.stderr.length < 4096, `the rejection printed ${r.stderr.length} characters`);
    });
  }
  it('1 MB on one line with a ticket at its end: accepted', () => {
    const r = commitFile('ticket-at-end.txt', `${'word '.repeat(MB / 5)}PROJ-7\n`);
    assert.equal(r.status, 0, r.stderr.slice(0, 500));
  });
});
