import * as assert from 'node:assert/strict';
import { matchesPathGlob, normalizeRepoPath } from '../../../../src/core/checklist/pathGlob';
import { describeSystems, escalationFor, highestCriticality, systemsTouched } from '../../../../src/core/checklist/systemsForPaths';
import { defaultTeamConfig, teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';

describe('path globs', () => {
  const cases: [glob: string, path: string, expected: boolean][] = [
    ['src/billing/**', 'src/billing/invoice.ts', true],
    ['src/billing/**', 'src/billing/deep/er/tax.ts', true],
    ['src/billing/**', 'src/billingx/a.ts', false],
    ['src/billing/**', 'src/billing', false],
    ['src/billing/', 'src/billing/a/b.ts', true],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/sub/a.ts', false],
    ['src/*/api.ts', 'src/users/api.ts', true],
    ['src/*/api.ts', 'src/users/v2/api.ts', false],
    ['**/*.sql', 'schema.sql', true],
    ['**/*.sql', 'db/migrations/001_init.sql', true],
    ['**/*.sql', 'db/migrations/001_init.sql.bak', false],
    ['**/migrations/*.sql', 'migrations/1.sql', true],
    ['**/migrations/*.sql', 'services/a/migrations/1.sql', true],
    ['**/migrations/*.sql', 'services/a/migrations/old/1.sql', false],
    ['a/**/b.ts', 'a/b.ts', true],
    ['a/**/b.ts', 'a/x/y/b.ts', true],
    ['a/**/b.ts', 'a/x/yb.ts', false],
    ['a**b/c', 'axyb/c', true],
    ['a**b/c', 'ax/yb/c', false],
    ['**', 'anything/at/all.txt', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['file?.txt', 'file/.txt', false],
    ['*.sql', 'db/x.sql', false],
    ['src/{billing,payments}/**', 'src/payments/card.ts', true],
    ['src/{billing,payments}/**', 'src/users/card.ts', false],
    ['src/{a,b/**', 'src/{a,b/x', true],
    ['config/app.(prod).json', 'config/app.(prod).json', true],
    ['config/app.(prod).json', 'config/appX(prod)Xjson', false],
    ['config/[id].ts', 'config/[id].ts', true],
    ['/infra/**', 'infra/main.tf', true],
    ['./infra/**', 'infra/main.tf', true],
    ['Src/**', 'src/a.ts', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(matchesPathGlob(path, glob), expected);
    });
  }

  it('normalizes Windows separators and leading ./ in paths', () => {
    assert.equal(normalizeRepoPath('.\\src\\billing\\a.ts'), 'src/billing/a.ts');
    assert.equal(matchesPathGlob('src\\billing\\a.ts', 'src/billing/**'), true);
    assert.equal(matchesPathGlob('./src/billing/a.ts', 'src/billing/**'), true);
  });
});

describe('systems touched and escalation', () => {
  const config = teamConfigSchema.parse({
    systems: [
      { name: 'Payments', paths: ['src/payments/**', 'db/migrations/*payments*.sql'], owner: 'Team Pay', criticality: 'critical', thirdParty: true },
      { name: 'Accounts', paths: ['src/accounts/**'], owner: 'Team Acc', criticality: 'high' },
      { name: 'Docs', paths: ['docs/**'], criticality: 'low' },
      { name: 'Accounts', paths: ['lib/accounts-*.ts'], criticality: 'low' },
    ],
  });

  it('returns each touched system once, in config order, with the paths that hit it', () => {
    const touched = systemsTouched(
      ['src/accounts/login.ts', 'docs/x.md', 'src/payments/card.ts', 'db/migrations/002_payments_idx.sql', 'lib/accounts-util.ts', 'README.md', 'src/payments/card.ts'],
      config.systems,
    );
    assert.deepEqual(touched, [
      { name: 'Payments', owner: 'Team Pay', criticality: 'critical', thirdParty: true, paths: ['src/payments/card.ts', 'db/migrations/002_payments_idx.sql'] },
      { name: 'Accounts', owner: 'Team Acc', criticality: 'high', thirdParty: false, paths: ['src/accounts/login.ts', 'lib/accounts-util.ts'] },
      { name: 'Docs', criticality: 'low', thirdParty: false, paths: ['docs/x.md'] },
    ]);
  });

  it('touches nothing for paths outside every system, or no paths', () => {
    assert.deepEqual(systemsTouched(['README.md', 'package.json'], config.systems), []);
    assert.deepEqual(systemsTouched([], config.systems), []);
    assert.deepEqual(systemsTouched(['src/payments/a.ts'], []), []);
  });

  it('finds the escalation owner for the highest criticality touched', () => {
    const touched = systemsTouched(['src/accounts/a.ts', 'src/payments/b.ts', 'docs/c.md'], config.systems);
    assert.equal(highestCriticality(touched), 'critical');
    assert.deepEqual(escalationFor(touched, config.escalation), { owner: 'Incident commander', criticality: 'critical', systems: ['Payments'] });
    const lower = systemsTouched(['docs/c.md'], config.systems);
    assert.deepEqual(escalationFor(lower, defaultTeamConfig().escalation), { owner: 'Team on duty', criticality: 'low', systems: ['Docs'] });
  });

  it('falls back to the nearest level below, then above, when the matrix skips a level', () => {
    const systems = [{ name: 'Core', criticality: 'high' as const }];
    assert.equal(escalationFor(systems, { low: 'Duty', critical: 'IC' })?.owner, 'Duty');
    assert.equal(escalationFor(systems, { critical: 'IC' })?.owner, 'IC');
    assert.equal(escalationFor(systems, { critical: 'IC' })?.criticality, 'high', 'the criticality is still the one touched');
    assert.equal(escalationFor(systems, {}), undefined);
    assert.equal(escalationFor(systems, { high: '  ', medium: 'Lead' })?.owner, 'Lead', 'a blank owner is no owner');
  });

  it('has no escalation when no system is touched', () => {
    assert.equal(escalationFor([], defaultTeamConfig().escalation), undefined);
    assert.equal(highestCriticality([]), undefined);
  });

  it('lists systems for a person, one a line', () => {
    const touched = systemsTouched(['src/payments/a.ts', 'docs/b.md'], config.systems);
    assert.equal(describeSystems(touched), 'Payments (critical, third party, owner Team Pay)\nDocs (low)');
  });
});
