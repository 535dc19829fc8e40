import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change } from '../../fixtures/metrics/metricsFixtures';

// Which freeze overrides let a deployment through the gate: README "Before a deployment: the gate"
// (`--override-reason`, or a change record in the range that carries one). An override given for
// something else, a change made outside git or the deployment of another commit, is no reason for this one.

const cli = join(projectRoot(), 'dist', 'cli.js');
const MONDAY = '2026-12-07T10:00:00Z';
const WEDNESDAY = '2026-12-09T10:00:00Z';
const CONFIG = {
  environments: ['production'],
  systems: [{ name: 'Billing', paths: ['billing/**'], criticality: 'high' }],
  freeze: { weekly: [], dates: [{ from: '2026-12-07', to: '2026-12-20', reason: 'year-end close' }], timeZone: 'UTC' },
  gate: { rules: { records: 'off' } },
};

function gate(repo: TestRepo, now: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'gate', '--env', 'production', '--format', 'json', ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: now } });
  const json = JSON.parse(r.stdout);
  return { code: r.status, freeze: json.rules.find((x: { rule: string }) => x.rule === 'freeze'), json };
}

describe('changetrail gate: which freeze overrides count', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify(CONFIG) });
  });
  afterEach(() => repo.dispose());

  it('an override recorded for deploying one commit does not let another commit through later; a re-run of the same commit goes', () => {
    const first = repo.git('rev-parse', 'HEAD').trim();
    const given = gate(repo, MONDAY, '--override-reason', 'tills down in every store');
    assert.equal(given.code, 0);
    assert.ok(given.json.override.recordId, 'the override is recorded');
    repo.commit('Billing: refactor everything', { 'billing/all.ts': 'x' });
    const later = gate(repo, WEDNESDAY);
    assert.equal(later.code, 1, 'a different deployment, two days later, without a reason');
    assert.equal(later.freeze.verdict, 'block');
    assert.equal(later.freeze.overriddenBy, undefined);
    const rerun = gate(repo, MONDAY, '--ref', first);
    assert.equal(rerun.code, 0, 'the same commit again: its own override stands');
    assert.equal(rerun.freeze.overriddenBy, 'tills down in every store');
  });

  it('a change made outside git with its own override does not let the deployment through; a change record of its commits does', () => {
    const made = spawnSync(process.execPath, [cli, 'record', '--system', 'Billing', '--title', 'DNS TTL lowered', '--why', 'migration', '--rollback', 'raise it', '--override-reason', 'the migration window is tonight'], {
      cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: MONDAY },
    });
    assert.equal(made.status, 0, made.stderr);
    const sha = repo.commit('Billing: new tax table', { 'billing/tax.ts': 'y' });
    const blocked = gate(repo, WEDNESDAY);
    assert.equal(blocked.code, 1, `the DNS change's reason is not this deployment's: ${JSON.stringify(blocked.freeze)}`);
    const record = change({ at: '2026-12-08T09:00:00Z', commits: [{ sha, subject: 'Billing: new tax table' }], system: 'Billing', freezeOverride: { reason: 'the tax law starts on the 10th', by: { name: 'Ana', email: 'ana@example.com' } } });
    appendFileSync(join(repo.path, '.changetrail/changes.jsonl'), `${JSON.stringify(record)}\n`);
    const through = gate(repo, WEDNESDAY);
    assert.equal(through.code, 0);
    assert.equal(through.freeze.overriddenBy, 'the tax law starts on the 10th');
  });
});
