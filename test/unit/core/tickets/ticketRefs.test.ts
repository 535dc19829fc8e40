import * as assert from 'node:assert/strict';
import { type TicketSyntax, findTickets, ticketFromBranch, ticketSyntaxOf } from '../../../../src/core/tickets/ticketRefs';
import { branchTicketStatus, ticketUrl } from '../../../../src/core/tickets/branchTicketStatus';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { projectsAdvice, suggestProjects } from '../../../../src/core/tickets/suggestProjects';
import { createTestRepo } from '../../../helpers/createTestRepo';

const anyKey: TicketSyntax = { projects: [], patterns: [] };
const projOnly: TicketSyntax = { projects: ['PROJ', 'OPS'], patterns: [] };

describe('ticket references', () => {
  const branches: [string, typeof anyKey, string | undefined][] = [
    ['feature/PROJ-123-login', anyKey, 'PROJ-123'],
    // Without projects, lower-case words are not keys: today's NODE-20 and REACT-18 were invented.
    ['feature/proj-123-login', anyKey, undefined],
    ['chore/node-20-upgrade', anyKey, undefined],
    ['deps/react-18-migration', anyKey, undefined],
    ['build/python-3-support', anyKey, undefined],
    ['deps/REACT-18-migration', anyKey, 'REACT-18'],
    ['chore/node-20-upgrade', { projects: ['NODE'], patterns: [] }, 'NODE-20'],
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

describe('no invented tickets without projects', () => {
  it('the status bar, the branch parser and check agree on chore/node-20-upgrade', () => {
    const config = defaultTeamConfig();
    assert.equal(branchTicketStatus('chore/node-20-upgrade', config).kind, 'missing');
    assert.equal(branchTicketStatus('deps/react-18-migration', config).kind, 'missing');
    assert.deepEqual(findTickets('chore: node-20 upgrade', config.tickets), []);
    const listed = { ...config, tickets: { ...config.tickets, projects: ['NODE'] } };
    assert.deepEqual(branchTicketStatus('chore/node-20-upgrade', listed), { kind: 'ticket', branch: 'chore/node-20-upgrade', ticket: 'NODE-20', url: undefined });
  });

  it('suggestProjects offers the keys the history and branches already use, most used first', async () => {
    const repo = createTestRepo();
    try {
      for (const m of ['PROJ-1: a', 'PROJ-2: b', 'Fix it\n\nRefs: OPS-3', 'OPS-4 and PROJ-3', 'Upgrade to NODE-20', 'UTF-8 fix', 'SHA-256 sums', 'UTF-8 again']) repo.commit(m);
      repo.git('branch', 'feature/PROJ-9-x');
      const suggested = await suggestProjects({ cwd: repo.path });
      assert.deepEqual(suggested, [{ key: 'PROJ', uses: 4 }, { key: 'OPS', uses: 2 }]);
      assert.match(projectsAdvice([], suggested) ?? '', /uses PROJ \(4\), OPS \(2\): add "projects": \["PROJ","OPS"\]/);
      assert.equal(projectsAdvice(['PROJ'], suggested), undefined);
    } finally {
      repo.dispose();
    }
  });

  describe('issue numbers and linked tickets with projects listed', () => {
    const ids = (text: string, syntax: TicketSyntax) => findTickets(text, syntax).map((t) => t.id);
    const jira = { projects: ['PROJ'], patterns: [] };
    it('#N and AB#N count only when a tracker of that kind is configured', () => {
      assert.deepEqual(ids('retry #2 and AB#7', jira), []);
      assert.deepEqual(ids('retry #2 and AB#7', { projects: [], patterns: [] }), ['#2', 'AB#7']);
      const config = { ...defaultTeamConfig(), tickets: { ...defaultTeamConfig().tickets, projects: ['PROJ'] } };
      assert.deepEqual(ids('retry #2 and AB#7', ticketSyntaxOf(config)), [], 'the default local tracker numbers nothing');
      assert.deepEqual(ids('retry #2 and AB#7', ticketSyntaxOf({ ...config, trackers: [{ type: 'gitlab' }] })), ['#2']);
      assert.deepEqual(ids('retry #2 and AB#7', ticketSyntaxOf({ ...config, trackers: [{ type: 'azure-boards' }] })), ['AB#7']);
    });
    it('the linked ticket counts as a word of its own, in any case', () => {
      assert.deepEqual(ids('WRONG-5: fix', { ...jira, linked: 'WRONG-5' }), ['WRONG-5']);
      assert.deepEqual(ids('wrong-5: fix', { ...jira, linked: 'WRONG-5' }), ['WRONG-5']);
      assert.deepEqual(ids('XWRONG-5 WRONG-55', { ...jira, linked: 'WRONG-5' }), []);
      assert.deepEqual(ids('WRONG-5: fix', jira), []);
    });
  });
});
