import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment } from '../../fixtures/metrics/metricsFixtures';

// The gate decides a deployment, so it never says go when it cannot know (README, "Before a
// deployment: the gate"). A damaged line of the change log may be the very record a rule needs:
// here, the change record whose risk flag the team blocks on.

const cli = join(projectRoot(), 'dist', 'cli.js');
const TUESDAY = '2026-12-01T10:00:00Z';

describe('changetrail gate over a change log with unreadable lines', () => {
  let repo: TestRepo;
  let line: string;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { weekly: [], timeZone: 'UTC' }, gate: { blockOnRiskFlags: ['criticalSystem'], rules: { records: 'off' } } }) });
    const c1 = repo.commit('Docs', { 'docs/a.md': 'a' });
    const deployed = deployment('2026-11-30T10:00:00Z', [], { commit: c1 });
    const c2 = repo.commit('Billing: new tax table', { 'billing/tax.ts': 'y' });
    const flagged = change({ at: '2026-11-30T12:00:00Z', commits: [{ sha: c2, subject: 'Billing: new tax table' }], system: 'Billing', riskFlags: [{ id: 'criticalSystem', severity: 'warning', message: 'Touches a critical system: Billing' }] });
    line = JSON.stringify(flagged);
    writeFileSync(join(repo.path, '.changetrail/changes.jsonl'), `${JSON.stringify(deployed)}\n${line}\n`);
  });
  afterEach(() => repo.dispose());

  const gate = (...args: string[]) => spawnSync(process.execPath, [cli, 'gate', '--env', 'production', ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: TUESDAY } });

  it('blocks on the flag while the record reads; cannot tell (exit 2, naming the line) once that line is damaged, never go', () => {
    assert.equal(gate().status, 1, 'the risk flag blocks');
    // The same record, torn by a bad merge or a hand edit: the flag is no longer readable.
    writeFileSync(join(repo.path, '.changetrail/changes.jsonl'), `${JSON.stringify(deployment('2026-11-30T10:00:00Z', [], { commit: repo.git('rev-parse', 'HEAD~1').trim() }))}\n${line.slice(0, 60)}\n`);
    const r = gate('--format', 'json');
    assert.equal(r.status, 2, r.stdout);
    const json = JSON.parse(r.stdout);
    assert.equal(json.decision, 'cannot tell');
    assert.match(json.error.message, /has 1 unreadable line \(line 2: not valid JSON/);
    const text = gate();
    assert.equal(text.status, 2);
    assert.match(text.stderr, /CANNOT TELL\n.*unreadable line/);
  });

  // The index leaves a last line without its newline for the next read (a write in progress); in a
  // pipeline it is a record added by hand and saved without one (VS Code adds none by default).
  it('a last record without its newline: cannot tell (exit 2), never go', () => {
    assert.equal(gate().status, 1, 'the risk flag blocks');
    const file = join(repo.path, '.changetrail/changes.jsonl');
    writeFileSync(file, `${JSON.stringify(deployment('2026-11-30T10:00:00Z', [], { commit: repo.git('rev-parse', 'HEAD~1').trim() }))}\n${line}`);
    const r = gate('--format', 'json');
    assert.equal(r.status, 2, r.stdout);
    assert.match(JSON.parse(r.stdout).error.message, /unreadable line \(line 2: an unfinished last line/);
    appendFileSync(file, '\n');
    assert.equal(gate().status, 1, 'with its newline the record is read again');
  });

  it('a line written by a newer ChangeTrail is not damage: the gate still decides', () => {
    appendFileSync(join(repo.path, '.changetrail/changes.jsonl'), `${JSON.stringify({ schema: 'changetrail/something-new', version: 1, id: '01JB0000000000000000000099', createdAt: '2026-11-30T13:00:00Z' })}\n`);
    assert.equal(gate().status, 1);
  });
});
