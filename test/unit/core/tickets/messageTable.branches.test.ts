import * as assert from 'node:assert/strict';
import { type TicketSyntax, ticketFromBranch } from '../../../../src/core/tickets/ticketRefs';
import { INC, PROJ, show } from './messageTableInputs';

const anyKey: TicketSyntax = { projects: [], patterns: [] };
const projOnly: TicketSyntax = { projects: PROJ, patterns: [] };
const incPattern: TicketSyntax = { projects: [], patterns: [INC] };
const branchTable: [string, TicketSyntax, string | undefined][] = [
  // Unicode
  ['feature/PROJ-12-größe-ändern', anyKey, 'PROJ-12'],
  ['feature/修复-PROJ-12', anyKey, 'PROJ-12'],
  ['feature/PROJ-12-🚀', anyKey, 'PROJ-12'],
  ['feature/größe-ändern', anyKey, undefined],
  // Very long names
  [`feature/${'x'.repeat(10000)}-PROJ-9`, anyKey, 'PROJ-9'],
  [`feature/proj-9-${'long-'.repeat(2000)}`, projOnly, 'PROJ-9'],
  [`feature/proj-9-${'long-'.repeat(2000)}`, anyKey, undefined],
  // Lower-case keys count only for listed projects (chore/node-20-upgrade is no ticket)
  ['fix/proj-42-typo', anyKey, undefined],
  ['chore/node-20-upgrade', anyKey, undefined],
  ['fix/proj-42-typo', projOnly, 'PROJ-42'],
  ['fix/abc-42-typo', projOnly, undefined],
  ['feature/login-proj-42', anyKey, undefined],
  // Look-alikes
  ['feature/UTF-8-support', anyKey, undefined],
  ['fix/rfc-7231-caching', anyKey, undefined],
  ['security/CVE-2021-44228', anyKey, undefined],
  ['docs/iso-8601', anyKey, undefined],
  // Azure Boards; a bare number is not a ticket in a branch name
  ['feature/AB#123-login', anyKey, 'AB#123'],
  ['feature/ab#123', anyKey, 'AB#123'],
  ['fix/123-crash', anyKey, undefined],
  // Multiple tickets: the first wins
  ['feature/PROJ-1-OPS-2', anyKey, 'PROJ-1'],
  ['feature/OPS-2/PROJ-1', anyKey, 'OPS-2'],
  ['feature/proj-1-and-proj-2', projOnly, 'PROJ-1'],
  ['feature/proj-1-and-proj-2', anyKey, undefined],
  ['feature/OPS-2-PROJ-1', projOnly, 'OPS-2'],
  // Keys longer than 10 letters, numbers longer than 9 digits
  ['feature/ABCDEFGHIJ-1-x', anyKey, 'ABCDEFGHIJ-1'],
  ['feature/ABCDEFGHIJK-1-x', anyKey, undefined],
  ['feature/abcdefghijk-1', anyKey, undefined],
  ['feature/PROJ-123456789', anyKey, 'PROJ-123456789'],
  ['feature/PROJ-1234567890', anyKey, undefined],
  ['fix/proj-1234567890-x', anyKey, undefined],
  // Custom patterns
  ['hotfix/INC0012345-outage', incPattern, 'INC0012345'],
];
// Regression (was a bug): "first wins" fails when the first ticket is a lower-case key at the start of a segment and a
// later one is upper case: findTickets finds only the upper-case one, so it is returned before the
// segment fallback is tried. The doc comment says both count, so the first (PROJ-42) should win.
const branchBugs: [string, TicketSyntax, string | undefined, string][] = [
  ['fix/proj-42-OPS-7', projOnly, 'PROJ-42', 'with projects listed, the first key wins whatever its case'],
  ['fix/proj-42-OPS-7', anyKey, 'OPS-7', 'without projects, the lower-case word is no key'],
];

describe('branch name table', () => {
  for (const [branch, syntax, expected] of branchTable) {
    it(`branch ${show(branch)}${syntax.projects.length ? ' (projects PROJ, OPS)' : ''}${syntax.patterns.length ? ` (patterns ${syntax.patterns.join(', ')})` : ''} -> ${expected ?? 'none'}`, () => {
      assert.equal(ticketFromBranch(branch, syntax), expected);
    });
  }
  for (const [branch, syntax, expected, bug] of branchBugs) {
    it(`regression (${bug}): branch ${show(branch)} -> ${expected ?? 'none'}`, () => {
      assert.equal(ticketFromBranch(branch, syntax), expected);
    });
  }
});
