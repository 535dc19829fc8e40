import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A typo in --env ("prodx" for "production") matches no deployment, no incident and no freeze
// window: `changed` answered "Nothing was deployed", `metrics` 0 deployments and 100 % uptime,
// `incident open` attached no suspects, and `record` wrote a Saturday change past the production
// freeze. Each must refuse with exit 2, naming the option and the environments it knows.
const cli = join(projectRoot(), 'dist', 'cli.js');
const SATURDAY = '2026-11-28T10:00:00Z'; // inside the fri 15:00 - mon 06:00 freeze (UTC)

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: SATURDAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function logText(repo: TestRepo): string {
  const file = join(repo.path, '.changetrail/changes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('an --env the team does not know is bad input (exit 2), never an empty answer', () => {
  let repo: TestRepo;
  before(() => {
    repo = createTestRepo();
    repo.commit('config', {
      '.changetrail/config.json': JSON.stringify({
        environments: ['staging', 'production'],
        systems: [{ name: 'Billing', paths: ['billing/**'] }],
        freeze: { weekly: [{ from: 'fri 15:00', to: 'mon 06:00' }], timeZone: 'UTC', environments: ['production'] },
      }),
    });
  });
  after(() => repo.dispose());

  const MANUAL = ['record', '--system', 'Billing', '--title', 'Tax table edited', '--why', 'rate changed', '--rollback', 'restore the old table', '--by', 'Sam <sam@example.com>'];

  it('record --env prodx is refused before anything is written (it would slip past the production freeze)', () => {
    const r = run(repo.path, [...MANUAL, '--env', 'prodx']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /environment "prodx" is not one of the configured environments \(staging, production\)/);
    assert.equal(logText(repo), '', 'nothing recorded');
  });

  it('record --env in another case is the configured environment: the freeze applies and the record keeps its spelling', () => {
    const frozen = run(repo.path, [...MANUAL, '--env', 'Production']);
    assert.equal(frozen.code, 1, 'refused for the freeze, as "production" is');
    assert.match(frozen.err, /production is in a freeze window/);
    const ok = run(repo.path, [...MANUAL, '--env', ' PRODUCTION ', '--override-reason', 'tax law from Monday']);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(JSON.parse(logText(repo).trim().split('\n').at(-1) as string).environment, 'production');
  });

  it('record refuses a system, title or reason of spaces only, naming the field', () => {
    const before = logText(repo);
    for (const [option, field] of [['--system', 'systems'], ['--title', 'title'], ['--why', 'why']] as const) {
      const args = [...MANUAL, '--env', 'staging'];
      args[args.indexOf(option) + 1] = '   ';
      const r = run(repo.path, args);
      assert.equal(r.code, 2, `${option}: ${r.err}`);
      // The option parser refuses a blank value itself now, naming the option; else the record's field is named.
      assert.match(r.err, new RegExp(`${field}(\\[0\\])?: |${option} needs a value`), r.err);
    }
    assert.equal(logText(repo), before, 'nothing recorded');
  });

  it('changed, metrics and incident open refuse --env prodx, naming the known environments', () => {
    const before = logText(repo);
    for (const args of [['changed', '--env', 'prodx'], ['metrics', '--month', '2026-11', '--env', 'prodx'], ['incident', 'open', '--title', 'Invoices fail', '--system', 'Billing', '--impact', 'outage', '--env', 'prodx']]) {
      const r = run(repo.path, args);
      assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
      assert.match(r.err, /--env "prodx" is not one of the configured environments \(staging, production\) and no entry of the change log names it/, args[0]);
    }
    assert.equal(logText(repo), before, 'no incident opened');
  });

  it('changed and metrics refuse a --system nobody knows (a typo would rank nothing first and count zero)', () => {
    for (const args of [['changed', '--system', 'Biling'], ['metrics', '--month', '2026-11', '--system', 'Biling']]) {
      const r = run(repo.path, args);
      assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
      assert.match(r.err, /--system "Biling" is not one of the configured systems \(Billing\) and no entry of the change log names it/, args[0]);
    }
    assert.equal(run(repo.path, ['metrics', '--month', '2026-11', '--system', 'billing']).code, 0, 'case does not matter');
  });

  it('an environment the log names (but the config does not) is still asked about', () => {
    const r = run(repo.path, ['changed', '--env', 'production', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    repo.write('.changetrail/changes.jsonl', `${logText(repo)}${JSON.stringify({ schema: 'changetrail/deployment', version: 1, id: '01JB0000000000000000000099', createdAt: '2026-11-28T08:00:00Z', environment: 'eu-1', commit: repo.git('rev-parse', 'HEAD').trim(), by: { name: 'CI', email: '' }, records: [] })}\n`);
    const eu = run(repo.path, ['changed', '--env', 'eu-1', '--format', 'json']);
    assert.equal(eu.code, 0, eu.err);
    assert.equal(JSON.parse(eu.out).deployments.length, 1);
    assert.equal(run(repo.path, ['metrics', '--month', '2026-11', '--env', 'EU-1']).code, 0);
  });
});
