import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A tool records its own changes with `changetrail record --file`; its job is interrupted after the
// log was written and runs again, or a script is run twice. The same change at the same stated time
// is recorded once, so the digest, `changed`, the board, the metrics and the export count it once.

const cli = join(projectRoot(), 'dist', 'cli.js');
const TUESDAY = '2026-12-01T10:00:00Z';
const CHANGES = [
  { systems: ['POS'], title: 'Scanner driver 4.2', why: 'new scanners', rollback: 'reinstall 4.1', at: '2026-12-01T08:00:00Z', by: { name: 'Deploy bot', email: 'bot@example.com' } },
  { systems: ['POS'], title: 'Till timeout 30s', why: 'slow network', rollback: 'set 10s', at: '2026-12-01T08:05:00Z', by: { name: 'Deploy bot', email: 'bot@example.com' } },
];

function run(repo: TestRepo, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: TUESDAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function titles(repo: TestRepo): string[] {
  const file = join(repo.path, '.changetrail/changes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { title: string }).title) : [];
}

describe('changetrail record: the same change recorded twice, a system the team does not have', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], systems: [{ name: 'POS', paths: ['pos/**'] }], freeze: { weekly: [], timeZone: 'UTC' } }) });
    writeFileSync(join(repo.path, 'changes.jsonl'), CHANGES.map((c) => JSON.stringify(c)).join('\n'));
  });
  afterEach(() => repo.dispose());

  it('a --file run again records nothing new, says so and exits 0; a changed word is a new change', () => {
    assert.equal(run(repo, ['record', '--file', 'changes.jsonl']).code, 0);
    const again = run(repo, ['record', '--file', 'changes.jsonl']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Already recorded as [0-9A-Z]{26}: Scanner driver 4\.2 .*not recorded again/);
    assert.deepEqual(titles(repo), ['Scanner driver 4.2', 'Till timeout 30s']);
    const byHand = run(repo, ['record', '--system', 'pos', '--title', 'Scanner driver 4.2', '--why', 'new scanners', '--rollback', 'reinstall 4.1', '--at', '2026-12-01 08:00', '--by', 'Deploy bot <bot@example.com>']);
    assert.equal(byHand.code, 0);
    assert.match(byHand.out, /Already recorded/, 'the same change, its system written in another case and its time as a wall time');
    const other = run(repo, ['record', '--system', 'pos', '--title', 'Scanner driver 4.2', '--why', 'new scanners', '--rollback', 'reinstall 4.0', '--at', '2026-12-01T08:00:00Z', '--by', 'Deploy bot <bot@example.com>']);
    assert.match(other.out, /^Recorded /, 'another rollback plan: another change');
    assert.equal(titles(repo).length, 3);
    const exported = run(repo, ['export', '--since', '2026-11-01', '--format', 'jsonl']);
    assert.equal(exported.out.trim().split('\n').filter((l) => l.includes('Till timeout 30s')).length, 1, 'the export lists it once');
  });

  it('a system outside the team\'s systems is recorded as given, with a warning naming it and the team\'s systems', () => {
    const r = run(repo, ['record', '--system', 'Pos', '--system', 'PSO', '--title', 'Till reboot', '--why', 'hung', '--rollback', 'none needed']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: "PSO" is not among the team's systems \(POS\): recorded as given/);
    assert.doesNotMatch(r.err, /"Pos"/, 'a name in another case is the team\'s system');
  });

  it('without a stated time the same words twice are two changes (made at two times)', () => {
    const args = ['record', '--system', 'POS', '--title', 'Flag off', '--why', 'errors', '--rollback', 'flag on'];
    assert.equal(run(repo, args).code, 0);
    assert.equal(run(repo, args).code, 0);
    assert.deepEqual(titles(repo), ['Flag off', 'Flag off']);
  });
});
