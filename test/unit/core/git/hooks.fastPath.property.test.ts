import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { compilePolicy } from '../../../../src/core/git/hooks/compilePolicy';
import { hookLibrary } from '../../../../src/core/git/hooks/hookScripts';
import { TICKET_AWK } from '../../../../src/core/git/hooks/ticketAwk';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { checkMessage, effectiveMessage } from '../../../../src/core/tickets/commitMessage';

// The hooks' fast path (the sh subject test and the awk scan) against the TypeScript parser, on
// messages generated around every ticket syntax and boundary. The fast path may only ever defer:
// whatever it accepts, the TypeScript parser must accept too, whatever git's cleanup does with
// comment lines (so it is compared with the strictest reading, comments stripped).

const FRAGMENTS = [
  'PROJ-1', 'PROJ-12', 'proj-7', 'OPS-123456789', 'OPS-1234567890', 'AB#1', 'AB#1st', 'ab#42', 'Ab#0', '#1', '#12', '#1234567890',
  '#0', 'UTF-8', 'ISO-8601', 'ABCDEFGHIJ-1', 'ABCDEFGHIJK-1', 'A-1', 'X1-2', '_A-1', 'A_B-3', 'C#7', '&#123;', 'x/#5', '##5', 'é', 'É',
  '修复', 'ü', 'MÜNCHEN-2024', '1', '123', '0', '-', '#', '&', '/', ':', ' ', '\t', '\r', '_', '.', ',', ')', '(', '\n', '\n# ', '\n#',
  '\n;', ';', '# ', '\n# ------------------------ >8 ------------------------\n', 'a', 'Z', 'fix', 'x'.repeat(40), '9'.repeat(12),
];
const fragment = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.tuple(fc.constantFrom('PROJ', 'OPS', 'proj', 'Ops', 'UTF', 'AB', 'ab', 'XY', ''), fc.constantFrom('-', '#'), fc.stringMatching(/^[0-9]{1,11}$/)).map((p) => p.join('')),
  fc.stringMatching(/^[A-Za-z]{1,12}-[0-9]{1,12}$/),
  fc.stringMatching(/^[A-Za-z0-9_]{1,30}$/),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);
const messages = (seed: number) => fc.sample(fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')), { numRuns: 250, seed });

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'changetrail-fastpath-'));
  mkdirSync(join(dir, 'changetrail'));
  writeFileSync(join(dir, 'changetrail', 'lib.sh'), hookLibrary(process.execPath));
  writeFileSync(join(dir, 'changetrail', 'ticket.awk'), TICKET_AWK);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs ct_fast_subject and `ct_awk check` on every message in one sh; "S" / "A" / "-" per message. */
function fastPath(texts: readonly string[], projects: string[]): string[] {
  const config = { ...defaultTeamConfig(), tickets: { ...defaultTeamConfig().tickets, projects } };
  writeFileSync(join(dir, 'policy.sh'), compilePolicy(config, true, {}));
  texts.forEach((t, i) => writeFileSync(join(dir, `m${i}`), t));
  const script = [
    `CT_DIR='${dir}/changetrail'; . "$CT_DIR/lib.sh"; . '${dir}/policy.sh'; CT_STRIP=1; CT_GD='${dir}'`,
    `i=0; while [ $i -lt ${texts.length} ]; do f='${dir}'/m$i`,
    '  if ct_fast_subject "$f"; then echo S; elif ct_awk check "$f"; then echo A; else echo -; fi; i=$((i + 1)); done',
  ].join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

for (const projects of [[], ['PROJ', 'OPS']]) {
  describe(`fast path never accepts what the TypeScript parser rejects${projects.length ? ' (projects PROJ, OPS)' : ''}`, () => {
    for (const seed of [1, 2, 3]) {
      it(`generated messages, seed ${seed}`, () => {
        const policy = { ...defaultTeamConfig().tickets, projects, requireOnCommit: true };
        const texts = messages(seed);
        const verdicts = fastPath(texts, projects);
        assert.equal(verdicts.length, texts.length);
        let accepted = 0;
        texts.forEach((text, i) => {
          if (verdicts[i] === '-') return;
          accepted++;
          const strict = checkMessage(effectiveMessage(text, { commentChar: '#', cleanup: 'strip' }), policy);
          assert.ok(strict.tickets.length > 0, `fast path (${verdicts[i]}) accepted ${JSON.stringify(text)}, which the parser rejects`);
        });
        assert.ok(accepted > 0, 'the generator produced no message the fast path accepts: it tests nothing');
      });
    }
    it('the known disagreements stay fixed', () => {
      const texts = ['fix AB#1st', 'fix #1234567890', 'A-1-2 subject', 'OPS-1234567890', 'PROJ-12x', 'MÜNCHEN-2024', 'x\n# PROJ-1'];
      assert.deepEqual(fastPath(texts, projects), texts.map(() => '-'));
    });
  });
}
