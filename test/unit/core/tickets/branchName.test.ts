import * as assert from 'node:assert/strict';
import { branchNameFor, invalidBranchName, slugify } from '../../../../src/core/tickets/branchName';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { ticketFromBranch } from '../../../../src/core/tickets/ticketRefs';

const policy = defaultTeamConfig().branches;

describe('branch names from tickets', () => {
  it('fills the default template {type}/{ticket}-{slug}', () => {
    assert.equal(branchNameFor({ ticket: 'PROJ-123', title: 'Shorten login timeout', type: 'feature' }, policy), 'feature/PROJ-123-shorten-login-timeout');
  });

  it('folds accents and drops punctuation in the slug', () => {
    assert.equal(slugify('Crème brûlée: fix ÜBER-long names!'), 'creme-brulee-fix-uber-long-names');
    assert.equal(slugify('日本語のタイトル'), '');
  });

  it('leaves no dangling dash when there is no title', () => {
    assert.equal(branchNameFor({ ticket: 'OPS-7', type: 'bugfix' }, policy), 'bugfix/OPS-7');
  });

  it('writes lower case when the policy says so; the ticket parses back when its project is listed', () => {
    const name = branchNameFor({ ticket: 'PROJ-9', title: 'Add SSO', type: 'Feature' }, { ...policy, lowerCase: true });
    assert.equal(name, 'feature/proj-9-add-sso');
    assert.equal(ticketFromBranch(name, { projects: ['PROJ'], patterns: [] }), 'PROJ-9');
    // Without projects a lower-case word is no key (chore/node-20-upgrade): Create Branch links the ticket instead.
    assert.equal(ticketFromBranch(name, { projects: [], patterns: [] }), undefined);
  });

  it('cuts a long name at a word boundary after the ticket, within maxLength', () => {
    const name = branchNameFor({ ticket: 'PROJ-123', title: 'make the login page remember the last used identity provider for everyone', type: 'feature' }, { ...policy, maxLength: 40 });
    assert.ok(name.length <= 40, name);
    assert.equal(name, 'feature/PROJ-123-make-the-login-page');
  });

  it('keeps the ticket even when maxLength is tighter than it', () => {
    const name = branchNameFor({ ticket: 'PROJ-123', title: 'x'.repeat(50), type: 'feature' }, { ...policy, maxLength: 20 });
    assert.ok(name.startsWith('feature/PROJ-123'), name);
  });

  it('turns Azure AB#12 into a valid name', () => {
    const name = branchNameFor({ ticket: 'AB#12', title: 'Fix', type: 'bugfix' }, policy);
    assert.equal(name, 'bugfix/AB-12-fix');
    assert.equal(invalidBranchName(name), undefined);
  });

  const invalid = ['', 'a b', 'a..b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', '/a', 'a/', 'a//b', 'a.lock', '.a', 'a/.b', 'a.', 'a@{b', '@'];
  for (const name of invalid) {
    it(`rejects ${JSON.stringify(name)} as git would`, () => assert.ok(invalidBranchName(name)));
  }
  it('accepts ordinary names', () => {
    for (const name of ['main', 'feature/PROJ-1-x', 'users/ana/fix_2', 'release/2026.11']) assert.equal(invalidBranchName(name), undefined, name);
  });
});
