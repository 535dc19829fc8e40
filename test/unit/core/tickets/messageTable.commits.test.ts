import * as assert from 'node:assert/strict';
import { type CommitFacts, type MessageFormat, type MessageVerdict, checkMessage, effectiveMessage } from '../../../../src/core/tickets/commitMessage';
import { type ExemptionPolicy, defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { CUT, INC, PROJ, SCISSORS, TEMPLATE, VERBOSE_TAIL, auto, scissors, semicolon, show, strip, verbatim, whitespace } from './messageTableInputs';

interface PolicyOverrides {
  readonly projects?: string[];
  readonly patterns?: string[];
  readonly requireOnCommit?: boolean;
  readonly exemptions?: Partial<ExemptionPolicy>;
}

/** The default team policy with a row's overrides. */
function policyWith({ exemptions, ...tickets }: PolicyOverrides = {}) {
  const defaults = defaultTeamConfig().tickets;
  return { ...defaults, ...tickets, exemptions: { ...defaults.exemptions, ...exemptions } };
}

const pass = (...tickets: string[]): MessageVerdict => ({ ok: true, tickets });
const exempt = (exemption: string): MessageVerdict => ({ ok: true, tickets: [], exemption });
const fail: MessageVerdict = { ok: false, tickets: [] };

interface MessageRow {
  readonly raw: string;
  readonly expected: MessageVerdict;
  readonly format?: MessageFormat;
  readonly policy?: PolicyOverrides;
  readonly facts?: CommitFacts;
  /** Set on rows that show a suspected bug; the row asserts what we believe is correct. */
  readonly bug?: string;
}

function describeRow({ raw, format = strip, policy = {}, facts }: MessageRow): string {
  const notes = [`cleanup ${format.cleanup}`];
  if (format.commentChar !== '#') notes.push(`commentChar ${JSON.stringify(format.commentChar)}`);
  if (policy.projects) notes.push(`projects ${policy.projects.join(', ')}`);
  if (policy.patterns) notes.push(`patterns ${policy.patterns.join(', ')}`);
  if (policy.requireOnCommit === false) notes.push('requireOnCommit false');
  if (policy.exemptions) notes.push(`exemptions ${JSON.stringify(policy.exemptions)}`);
  if (facts) notes.push(`facts ${JSON.stringify(facts)}`);
  return `${show(raw)} (${notes.join('; ')})`;
}

const messages: MessageRow[] = [
  // Unicode
  { raw: 'PROJ-12: Größe ändern 🚀', expected: pass('PROJ-12') },
  { raw: 'PROJ-12：修复登录问题', expected: pass('PROJ-12') },
  { raw: '修复登录问题 PROJ-12', expected: pass('PROJ-12') },
  { raw: '修复PROJ-12登录问题', expected: pass('PROJ-12') },
  { raw: 'ログイン修正 (OPS-7) ✅', policy: { projects: PROJ }, expected: pass('OPS-7') },
  { raw: '🚀PROJ-12🚀', expected: pass('PROJ-12') },
  { raw: 'Größe ändern 🚀', expected: fail },
  // Regression (was a bug): a non-ASCII letter counts as a word boundary, so the tail of a German word in capitals
  // becomes a ticket ("NCHEN-2024"). CJK needs that boundary, Latin letters (Ü, Ä, é...) do not.
  { raw: 'MÜNCHEN-2024: Umzug', expected: fail, bug: 'the tail of an upper-case word after Ü is taken for a ticket' },

  // CRLF line endings
  { raw: 'PROJ-9 Fix login\r\n\r\nBody\r\n', expected: pass('PROJ-9') },
  { raw: 'Fix login\r\n\r\nRefs: PROJ-9\r\n', expected: pass('PROJ-9') },
  { raw: 'Fix login\r\n# PROJ-9\r\n', expected: fail },
  { raw: 'Fix login\r\n# PROJ-9\r\n', format: whitespace, expected: pass('PROJ-9') },
  { raw: `Fix login\r\n${SCISSORS}\r\nPROJ-9\r\n`, expected: fail },

  // Very long lines
  { raw: `${'x'.repeat(10000)} PROJ-9`, expected: pass('PROJ-9') },
  { raw: `Fix login\n\n${'word '.repeat(2000)}PROJ-9`, expected: pass('PROJ-9') },
  { raw: `${'a'.repeat(10000)}PROJ-9`, expected: fail },
  { raw: `${'A-'.repeat(5000)} PROJ-9`, expected: pass('PROJ-9') },
  { raw: 'Refactor '.repeat(1200), expected: fail },

  // Trailers
  { raw: 'Fix login\n\nExplain why.\n\nRefs: PROJ-9', expected: pass('PROJ-9') },
  { raw: 'Fix login\n\nRefs: PROJ-9\nSigned-off-by: Ana <ana@acme.io>', expected: pass('PROJ-9') },
  { raw: 'Fix login\n\nRefs: PROJ-9, OPS-3\nCloses: #12', expected: pass('PROJ-9', 'OPS-3', '#12') },
  { raw: 'Fix login\n\nRefs: proj-9', policy: { projects: PROJ }, expected: pass('PROJ-9') },

  // Comment lines
  { raw: 'Fix login\n# PROJ-9 from the template', expected: fail },
  { raw: 'Fix login\n# PROJ-9 from the template', format: whitespace, expected: pass('PROJ-9') },
  { raw: 'Fix login\n# PROJ-9 from the template', format: verbatim, expected: pass('PROJ-9') },
  { raw: 'Fix login\n# PROJ-9 from the template', format: auto, expected: fail },
  { raw: 'Fix login\n; PROJ-9 from the template', format: semicolon, expected: fail },
  { raw: 'Fix login\n# PROJ-9 is not a comment here', format: semicolon, expected: pass('PROJ-9') },
  { raw: 'Fix login\n # PROJ-9 indented, so not a comment', expected: pass('PROJ-9') },
  { raw: `PROJ-9 Fix login\n${TEMPLATE}`, expected: pass('PROJ-9') },
  { raw: TEMPLATE, expected: fail },

  // A line starting with #123
  { raw: '#123 fix crash', expected: fail },
  { raw: '#123 fix crash', format: whitespace, expected: pass('#123') },
  { raw: '#123 fix crash', format: semicolon, expected: pass('#123') },
  { raw: 'Fix crash\n\n#123', expected: fail },
  { raw: 'Fix crash (#123)', expected: pass('#123') },

  // Lower-case keys
  { raw: 'proj-9 fix login', expected: fail },
  { raw: 'proj-9 fix login', policy: { projects: PROJ }, expected: pass('PROJ-9') },
  { raw: 'Proj-9 fix login', policy: { projects: PROJ }, expected: pass('PROJ-9') },
  { raw: 'abc-9 fix login', policy: { projects: PROJ }, expected: fail },
  { raw: 'ABC-9 fix login', policy: { projects: PROJ }, expected: fail },

  // Look-alikes, with no projects configured
  { raw: 'Decode UTF-8 input', expected: fail },
  { raw: 'Write dates as ISO-8601', expected: fail },
  { raw: 'Hash passwords with SHA-256', expected: fail },
  { raw: 'Follow RFC-7231 for caching', expected: fail },
  { raw: 'Patch CVE-2021-44228 (log4shell)', expected: fail },
  { raw: 'Support utf-8 and iso-8601', expected: fail },
  { raw: 'UTF-8 fix for PROJ-12', expected: pass('PROJ-12') },

  // Azure Boards, GitHub, HTML entities, URLs
  { raw: 'AB#123 fix login', expected: pass('AB#123') },
  { raw: 'fix login ab#123', expected: pass('AB#123') },
  { raw: 'Fix crash #123', expected: pass('#123') },
  { raw: 'Escape &#123; in templates', expected: fail },
  { raw: 'See https://example.com/docs#42', expected: fail },
  { raw: 'See https://example.com/docs/#42', expected: fail },
  { raw: 'See https://acme.atlassian.net/browse/PROJ-12', expected: pass('PROJ-12') },
  { raw: 'Upgrade to C#7', expected: fail },
  { raw: 'Not issues: #0 and #1234567890', expected: fail },

  // Custom patterns
  { raw: 'Closes INC0012345', policy: { patterns: [INC] }, expected: pass('INC0012345') },
  { raw: 'Closes INC001234', policy: { patterns: [INC] }, expected: fail },
  { raw: 'Fixes SR-42', policy: { projects: ['PROJ'], patterns: ['SR-\\d+'] }, expected: pass('SR-42') },
  { raw: 'INC0012345 and PROJ-3', policy: { projects: PROJ, patterns: [INC] }, expected: pass('INC0012345', 'PROJ-3') },

  // The scissors line
  { raw: `Fix login\n${VERBOSE_TAIL}`, expected: fail },
  { raw: `PROJ-9 Fix login\n\n${VERBOSE_TAIL.replace('PROJ-9', 'OPS-1')}`, expected: pass('PROJ-9') },
  { raw: `Fix login\n# PROJ-9 kept\n${SCISSORS}\nOPS-1`, format: scissors, expected: pass('PROJ-9') },
  { raw: `Fix login\n; ${CUT}\nPROJ-9`, format: semicolon, expected: fail },
  // Regression (was a bug): with `git commit -v` git cuts at the scissors line whatever the cleanup mode
  // (cleanup_message truncates when verbose), so the diff below it never reaches the commit.
  // effectiveMessage cuts only under strip/scissors; under whitespace a key in the diff counts.
  // The same holds for 'verbatim'. The hooks pass 'whitespace' for commit.cleanup=scissors too.
  { raw: `Fix login\n${VERBOSE_TAIL}`, format: whitespace, expected: fail, bug: 'a ticket in the `git commit -v` diff counts under whitespace' },

  // Exemptions (none of these names a ticket)
  { raw: "Merge branch 'x'", expected: exempt('merge commit') },
  { raw: "Merge remote-tracking branch 'origin/main' into feature/x", expected: exempt('merge commit') },
  { raw: 'Resolve conflicts with main', facts: { isMerge: true }, expected: exempt('merge commit') },
  { raw: "Merge branch 'x'", policy: { exemptions: { merges: false } }, expected: fail },
  // Regression (was a bug): where the commit is known to have one parent (check) or no merge is in
  // progress (the hooks: no MERGE_HEAD), a merge-like subject alone exempted it: anyone passed CI
  // without a ticket by writing "Merge branch 'x'". The subject counts only where nothing can tell.
  { raw: "Merge branch 'x'", facts: { isMerge: false }, expected: fail },
  { raw: "Merge tag 'v1.2'", facts: { isMerge: false }, expected: fail },
  { raw: "Merge branch 'x'", facts: { isMerge: true }, expected: exempt('merge commit') },
  { raw: 'Resolve conflicts with main', facts: { isMerge: true }, policy: { exemptions: { merges: false } }, expected: fail },
  // Regression (was a bug): git's own subject for an octopus merge is "Merge branches 'a' and 'b'" (also "Merge
  // tags ...", "Merge remote-tracking branches ..."); only the singular forms are recognised.
  { raw: "Merge branches 'a' and 'b'", expected: exempt('merge commit'), bug: "git's plural merge subjects are not recognised" },
  { raw: "Merge branch 'feature/PROJ-1-login'", expected: pass('PROJ-1') },
  { raw: 'Revert "Add login"', expected: exempt('revert') },
  { raw: 'Revert "Add login"\n\nThis reverts commit 0123abc.', expected: exempt('revert') },
  { raw: 'Revert "Add login"', policy: { exemptions: { reverts: false } }, expected: fail },
  { raw: 'fixup! Add login', expected: exempt('fixup! commit') },
  { raw: 'squash! Add login', expected: exempt('squash! commit') },
  { raw: 'amend! Add login', expected: exempt('amend! commit') },
  { raw: 'fixup!Add login', expected: fail },
  { raw: 'fixup! Add login', policy: { exemptions: { fixups: false } }, expected: fail },
  { raw: `fixup! Add login\n${TEMPLATE}`, expected: exempt('fixup! commit') },
  { raw: 'chore(deps): bump zod', policy: { exemptions: { messagePatterns: ['^chore\\(deps\\):'] } }, expected: exempt('subject matches exemption /^chore\\(deps\\):/') },
  { raw: 'Bump zod\n\nchore(deps): bump zod', policy: { exemptions: { messagePatterns: ['^chore\\(deps\\):'] } }, expected: fail },
  { raw: 'chore: tidy', policy: { exemptions: { messagePatterns: ['^chore\\(deps\\):'] } }, expected: fail },
  {
    raw: 'Bump zod from 4.0.0 to 4.1.0',
    facts: { author: 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>' },
    policy: { exemptions: { authors: ['dependabot[bot]'] } },
    expected: exempt('author dependabot[bot] is exempt'),
  },
  { raw: 'Bump zod', facts: { author: 'Build Bot <bot@acme.io>' }, policy: { exemptions: { authors: ['bot@acme.io'] } }, expected: exempt('author bot@acme.io is exempt') },
  { raw: 'Bump zod', facts: { author: 'bot@acme.io' }, policy: { exemptions: { authors: ['bot@acme.io'] } }, expected: exempt('author bot@acme.io is exempt') },
  { raw: 'Bump zod', facts: { author: 'Ana <ana@acme.io>' }, policy: { exemptions: { authors: ['bot@acme.io'] } }, expected: fail },

  // requireOnCommit: false
  { raw: 'Fix login', policy: { requireOnCommit: false }, expected: { ok: true, tickets: [], exemption: 'tickets are not required' } },
  { raw: 'PROJ-1 Fix login', policy: { requireOnCommit: false }, expected: pass('PROJ-1') },
  { raw: '', expected: fail },
];

describe('commit message table', () => {
  for (const row of messages) {
    const test = it;
    const title = `${describeRow(row)} -> ${row.expected.ok ? 'ok' : 'rejected'}${row.expected.tickets.length ? ` ${row.expected.tickets.join(', ')}` : ''}${row.expected.exemption ? ` (${row.expected.exemption})` : ''}`;
    test(`${row.bug ? `regression (${row.bug}): ` : ''}${title}`, () => {
      const verdict = checkMessage(effectiveMessage(row.raw, row.format ?? strip), policyWith(row.policy), row.facts ?? {});
      assert.deepEqual(verdict, row.expected);
    });
  }
});
