import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TICKET_AWK } from '../../../../src/core/git/hooks/ticketAwk';
import { addTicket, checkMessage, effectiveMessage } from '../../../../src/core/tickets/commitMessage';
import { LOOKALIKE_KEYS, ticketFromBranch } from '../../../../src/core/tickets/ticketRefs';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';

// The hooks' fast path (awk, and sh case globs) must never accept what the TypeScript parser
// rejects, and must add the same ticket the TypeScript code would. These tests run the real
// awk program and the real sh globs against the TypeScript answers.

const MESSAGES = [
  'PROJ-1: fix', 'fix PROJ-1', 'proj-1: lower', 'UTF-8 decoding', 'ISO-8601 dates', 'SHA-256 sums', 'MÜNCHEN-2024: Umzug',
  '修复PROJ-12问题', 'XPROJ-12 glued', 'PROJ-12x glued', 'PROJ-1234567890 too long', 'ABCDEFGHIJK-1 long key', 'fix #12',
  '&#123; entity', 'see https://x/y#42', 'AB#7 azure', 'ab#7 azure lower', '# PROJ-9 comment only\nsubject', 'subject\n# PROJ-9 comment',
  '#123 starts with hash', 'C#7 language', 'PROJ-12-3 dashed', 'Revert "x"', 'fixup! y', 'Refs: PROJ-3\n\nbody',
  'subject\r\n\r\nPROJ-4 in body\r\n', 'PROJ-5é accent after', 'plain subject', '', 'x'.repeat(5000) + ' PROJ-6',
  'subject\n# ------------------------ >8 ------------------------\n+ PROJ-7 in the diff',
];
const BRANCHES = [
  'feature/PROJ-123-login', 'feature/proj-123-login', 'fix/proj-42-OPS-7', 'fix/utf-8-decoding', 'feature/login', 'PROJ-7',
  'bugfix/OPS-42_crash', 'users/ana/ABC_1-99-thing', 'feature/ticket-AB#12', 'feature/MÜNCHEN-2024', 'feature/PROJ-0-zero',
  'feature/PROJ-12-3-things', 'release/2026-11', 'a/very/deep/path/OPS-9.hotfix',
];

let dir: string;
let awkFile: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'changetrail-awk-'));
  awkFile = join(dir, 'ticket.awk');
  writeFileSync(awkFile, TICKET_AWK);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real awk program the way the hooks do: LC_ALL=C, text through the environment. */
export function awk(mode: 'check' | 'prepare', message: string, vars: Record<string, string>): { code: number; text: string } {
  const file = join(dir, 'MSG');
  writeFileSync(file, message);
  const { fmt = '', branch = '', linked = '', ccs = '', cc = '#', ...rest } = vars;
  const args = Object.entries({ mode, lookalikes: [...LOOKALIKE_KEYS].join(' '), ...rest }).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
  const env = { ...process.env, LC_ALL: 'C', CT_AWK_FMT: fmt, CT_AWK_BRANCH: branch, CT_AWK_LINKED: linked, CT_AWK_CC: cc, CT_AWK_CCS: ccs, CT_AWK_MSG: file, CT_AWK_CACHE: '' };
  const r = spawnSync('awk', [...args, '-f', awkFile, file], { encoding: 'utf8', env });
  return { code: r.status ?? -1, text: readFileSync(file, 'utf8') };
}

for (const projects of [[], ['PROJ', 'OPS']]) {
  const label = projects.length ? ' (projects PROJ, OPS)' : '';
  const policy = { ...defaultTeamConfig().tickets, projects };
  describe(`hook fast path agrees with the TypeScript parser${label}`, () => {
    for (const strip of ['1', '0']) {
      for (const message of MESSAGES) {
        it(`check ${JSON.stringify(message.slice(0, 60))} strip=${strip}`, () => {
          const ts = checkMessage(effectiveMessage(message, { commentChar: '#', cleanup: strip === '1' ? 'strip' : 'whitespace' }), { ...policy, requireOnCommit: true, exemptions: { ...policy.exemptions, reverts: false, fixups: false } });
          const fast = awk('check', message, { strip, projects: projects.join(' ') }).code === 0;
          if (fast) assert.ok(ts.ok && ts.tickets.length > 0, 'awk accepted a message the TypeScript parser rejects');
          // Comment-shaped lines never count on the fast path (git may strip them): the CLI decides those.
          const tsKept = checkMessage(effectiveMessage(message, { commentChar: '#', cleanup: 'strip' }), { ...policy, requireOnCommit: true });
          if (tsKept.tickets.length > 0 && message.length < 100 && !/[^\x00-\x7f]/.test(message)) assert.ok(fast, 'awk missed an ASCII ticket');
        });
      }
    }
    for (const branch of BRANCHES) {
      it(`prepare on branch ${branch}`, () => {
        const expected = ticketFromBranch(branch, policy);
        const r = awk('prepare', 'Do the thing\n', { strip: '1', projects: projects.join(' '), fmt: '{ticket}: {message}', branch });
        if (r.code === 3) return; // the CLI decides; that path has its own tests
        assert.equal(r.code, 0);
        assert.ok(expected, `awk found a ticket in ${branch} where TypeScript finds none`);
        assert.equal(r.text, addTicket('Do the thing\n', expected, '{ticket}: {message}'));
      });
    }
  });
}

describe('awk prepare mode', () => {
  it('adds the ticket in a trailer-style format, joining an existing trailer block', () => {
    const raw = 'Fix login\n\nSigned-off-by: Ana <ana@acme.io>\n';
    const r = awk('prepare', raw, { strip: '1', projects: '', fmt: 'Refs: {ticket}', branch: 'feature/PROJ-1-x' });
    assert.equal(r.code, 0);
    assert.equal(r.text, addTicket(raw, 'PROJ-1', 'Refs: {ticket}'));
  });
  it('leaves the scissors line and what follows alone', () => {
    const raw = '\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n';
    const r = awk('prepare', raw, { strip: '1', projects: '', fmt: '{ticket}: {message}', branch: 'feature/PROJ-1-x' });
    assert.equal(r.text, addTicket(raw, 'PROJ-1', '{ticket}: {message}'));
    assert.match(r.text, /^PROJ-1: \n/);
  });
  it('exits 3 when the branch names no ticket', () => {
    assert.equal(awk('prepare', 'x\n', { strip: '1', projects: '', fmt: '{ticket}: {message}', branch: 'feature/login' }).code, 3);
  });
});
