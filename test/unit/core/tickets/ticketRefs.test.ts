import * as assert from 'node:assert/strict';
import { type TicketSyntax, findTickets, ticketFromBranch } from '../../../../src/core/tickets/ticketRefs';
import { branchTicketStatus, ticketUrl } from '../../../../src/core/tickets/branchTicketStatus';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';

const anyKey: TicketSyntax = { projects: [], patterns: [] };
const projOnly: TicketSyntax = { projects: ['PROJ', 'OPS'], patterns: [] };

describe('ticket references', () => {
  const branches: [string, typeof anyKey, string | undefined][] = [
    ['feature/PROJ-123-login', anyKey, 'PROJ-123'],
    ['feature/proj-123-login', anyKey, 'PROJ-123'],
    ['PROJ-7', anyKey, 'PROJ-7'],
    ['bugfix/OPS-42_crash-on-start', anyKey, 'OPS-42'],
    ['users/ana/ABC_1-99-thing', anyKey, 'ABC_1-99'],
    ['feature/login', anyKey, undefined],
    ['main', anyKey, undefined],
    ['fix/utf-8-decoding', anyKey, undefined],
    ['chore/ISO-8601-dates', anyKey, undefined],
    ['security/sha-256-hashes', anyKey, undefined],
    ['feature/PROJ-0-zero', anyKey, undefined],
    ['feature/ABC-123-login', projOnly, undefined],
    ['feature/proj-123-login', projOnly, 'PROJ-123'],
    ['release/2024-10', anyKey, undefined],
    ['feature/ticket-AB#12', anyKey, 'AB#12'],
  ];
  for (const [branch, syntax, expected] of branches) {
    it(`branch ${JSON.stringify(branch)}${syntax.projects.length ? ' (projects PROJ, OPS)' : ''} -> ${expected ?? 'none'}`, () => {
      assert.equal(ticketFromBranch(branch, syntax), expected);
    });
  }

  it('finds Jira, Azure and GitHub references in order, without duplicates', () => {
    const refs = findTickets('PROJ-1: fix (see #12, AB#7 and PROJ-1 again) for UTF-8', anyKey);
    assert.deepEqual(refs.map((r) => [r.id, r.kind]), [['PROJ-1', 'jira'], ['#12', 'github'], ['AB#7', 'azure']]);
  });

  it('ignores lower-case keys in text unless the project is configured', () => {
    assert.deepEqual(findTickets('fixes proj-9', anyKey), []);
    assert.deepEqual(findTickets('fixes proj-9', projOnly).map((r) => r.id), ['PROJ-9']);
  });

  it('uses custom patterns, with the first group as the ID', () => {
    const refs = findTickets('Closes INC0012345', { projects: [], patterns: ['\\b(INC\\d{7})\\b'] });
    assert.deepEqual(refs.map((r) => [r.id, r.kind]), [['INC0012345', 'custom']]);
  });

  it('does not take an HTML entity or a URL fragment for a GitHub issue', () => {
    assert.deepEqual(findTickets('&#123; and https://x/y#42', anyKey), []);
  });
});

describe('branch ticket status', () => {
  const config = defaultTeamConfig();

  it('names the ticket and its link', () => {
    assert.deepEqual(branchTicketStatus('feature/PROJ-5-x', config, 'https://acme.atlassian.net/browse/{ticket}'), {
      kind: 'ticket',
      branch: 'feature/PROJ-5-x',
      ticket: 'PROJ-5',
      url: 'https://acme.atlassian.net/browse/PROJ-5',
    });
  });

  it('tells a default branch from a branch missing its ticket, and a detached HEAD', () => {
    assert.equal(branchTicketStatus('main', config).kind, 'defaultBranch');
    assert.equal(branchTicketStatus('feature/login', config).kind, 'missing');
    assert.equal(branchTicketStatus(undefined, config).kind, 'detached');
  });

  it('builds links only from http(s) templates that contain {ticket}', () => {
    assert.equal(ticketUrl('PROJ-1', 'javascript:alert({ticket})'), undefined);
    assert.equal(ticketUrl('PROJ-1', 'https://x/browse/'), undefined);
    assert.equal(ticketUrl('AB#3', 'https://dev.azure.com/o/p/_workitems/edit/{ticket}'), 'https://dev.azure.com/o/p/_workitems/edit/AB%233');
  });
});
