import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fc from 'fast-check';
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

  it('keeps Azure AB#12 as it is: AB-12 would read back as a Jira key', () => {
    const name = branchNameFor({ ticket: 'AB#12', title: 'Fix', type: 'bugfix' }, policy);
    assert.equal(name, 'bugfix/AB#12-fix');
    assert.equal(invalidBranchName(name), undefined);
    assert.equal(spawnSync('git', ['check-ref-format', '--branch', name]).status, 0, 'git takes it');
    assert.equal(ticketFromBranch(name, { projects: [], patterns: [] }), 'AB#12');
  });

  it('cuts the slug, never the ticket, and refuses when the ticket cannot fit', () => {
    const slugFirst = { ...policy, nameTemplate: '{type}/{slug}-{ticket}', maxLength: 20 };
    const short = branchNameFor({ ticket: 'PROJ-12345', title: 'fix', type: 'feature' }, slugFirst);
    assert.equal(short, 'feature/PROJ-12345', 'feature/fix-PROJ-123 names PROJ-123');
    assert.equal(branchNameFor({ ticket: 'PROJ-12345', title: 'a much longer title than fits', type: 'feature' }, slugFirst), 'feature/a-PROJ-12345');
    assert.equal(branchNameFor({ ticket: 'PROJ-1', title: 'fix the login', type: 'feature' }, slugFirst), 'feature/fix-PROJ-1');
    assert.throws(() => branchNameFor({ ticket: 'LONGPROJECT-123456789', title: 'x', type: 'feature' }, slugFirst), /branches\.maxLength 20 cannot hold "feature\/LONGPROJECT-123456789"/);
  });

  it('never reads back as a ticket named in the title or template', () => {
    const slugFirst = { ...policy, nameTemplate: '{type}/{slug}-{ticket}' };
    const name = branchNameFor({ ticket: 'PROJ-12', title: 'revert proj-1 and node 20', type: 'feature' }, slugFirst);
    assert.equal(name, 'feature/revert-proj1-and-node20-PROJ-12');
    assert.equal(ticketFromBranch(name, { projects: ['PROJ'], patterns: [] }), 'PROJ-12');
    assert.throws(() => branchNameFor({ ticket: 'PROJ-12', type: 'x' }, { ...policy, nameTemplate: 'OPS-1/{ticket}' }), /read back as ticket OPS-1/);
    assert.throws(() => branchNameFor({ ticket: 'PROJ-12', title: 'x', type: 'x' }, { ...policy, nameTemplate: '{slug}{ticket}' }), /read back as/);
  });

  it('property: within maxLength and reads back as exactly the ticket, or refuses', () => {
    const ticket = fc.oneof(
      fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{1,9}$/), fc.integer({ min: 1, max: 999_999_999 })).map(([k, n]) => `${k}-${n}`),
      fc.integer({ min: 1, max: 999_999_999 }).map((n) => `AB#${n}`),
    );
    const template = fc.constantFrom('{type}/{ticket}-{slug}', '{type}/{slug}-{ticket}', '{ticket}-{slug}', '{type}/{slug}/{ticket}', 'users/{type}/{ticket}_{slug}');
    const title = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('fix', 'revert PROJ-1', 'node 20 upgrade', 'AB#7 and #8', 'Crème brûlée 2'));
    fc.assert(
      fc.property(ticket, title, template, fc.integer({ min: 20, max: 80 }), fc.boolean(), (t, ti, tpl, maxLength, lowerCase) => {
        let name: string;
        try {
          name = branchNameFor({ ticket: t, title: ti, type: 'feature' }, { nameTemplate: tpl, maxLength, lowerCase });
        } catch (error) {
          assert.match((error as Error).message, /cannot hold|read back/);
          return;
        }
        assert.ok(name.length <= maxLength, `${name} is longer than ${maxLength}`);
        assert.equal(invalidBranchName(name), undefined, name);
        const key = t.startsWith('AB#') ? [] : [t.split('-')[0]];
        assert.equal(ticketFromBranch(name, { projects: key, patterns: [] }), t, `${name} does not read back as ${t}`);
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  const invalid = ['', 'a b', 'a..b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', '/a', 'a/', 'a//b', 'a.lock', '.a', 'a/.b', 'a.', 'a@{b', '@'];
  for (const name of invalid) {
    it(`rejects ${JSON.stringify(name)} as git would`, () => assert.ok(invalidBranchName(name)));
  }
  it('accepts ordinary names', () => {
    for (const name of ['main', 'feature/PROJ-1-x', 'users/ana/fix_2', 'release/2026.11']) assert.equal(invalidBranchName(name), undefined, name);
  });
});
