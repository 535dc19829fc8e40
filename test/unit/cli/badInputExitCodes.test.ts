import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// Bad input is exit 2 with one line naming what was wrong, whichever command gets it: not exit 1
// (which says "no": blocked, failed) and not exit 70 with Node's own words (ChangeTrail's fault).

const cli = join(projectRoot(), 'dist', 'cli.js');
const NOW = '2026-11-24T10:00:00Z';

function run(cwd: string, args: readonly string[], env: Record<string, string> = { CHANGETRAIL_NOW: NOW }) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: testGitEnv(env) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** stderr without the fixed-clock warning: what is left must be the one line about the input. */
function complaint(err: string): string[] {
  return err.split('\n').filter((l) => l && !l.startsWith('warning: the clock is fixed'));
}

describe('bad input: exit 2 and one line naming it (built dist/cli.js)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  before(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { timeZone: 'UTC' } }) });
    const recorded = run(repo.path, ['record', '--system', 'Billing', '--title', 'A change', '--why', 'x', '--rollback', 'y', '--by', 'Ana Ruiz <ana@example.com>']);
    assert.equal(recorded.code, 0, recorded.err);
  });
  after(() => repo.dispose());

  it('CHANGETRAIL_NOW that is not a time', () => {
    const r = run(repo.path, ['digest'], { CHANGETRAIL_NOW: 'garbage' });
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail: CHANGETRAIL_NOW="garbage" is not a time (is not an ISO time with a zone such as 2026-11-30T06:10:00Z or 2026-11-30T07:10:00+01:00): set it to an ISO time with a zone such as 2026-11-27T16:00:00Z, or unset it for the real clock']);
    // What Date.parse took: a number, a zoneless time (the machine's zone), an impossible date.
    for (const value of ['-1', '12', '2026-11-27T16:00:00', '2026-02-30T10:00:00Z']) {
      const bad = run(repo.path, ['digest'], { CHANGETRAIL_NOW: value });
      assert.equal(bad.code, 2, `${value}: ${bad.err}`);
      assert.match(bad.err, /CHANGETRAIL_NOW=.* is not a time/, value);
    }
    assert.equal(run(repo.path, ['digest'], { CHANGETRAIL_NOW: '2026-11-27T17:00:00+01:00' }).code, 0);
  });

  it('--help works whatever CHANGETRAIL_NOW holds', () => {
    assert.equal(run(repo.path, ['digest', '--help'], { CHANGETRAIL_NOW: 'garbage' }).code, 0);
  });

  it('gate (and any command) outside a git repository: cannot tell, not blocked', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-outside-')));
    try {
      for (const args of [['gate', '--env', 'production'], ['ticket'], ['hooks', 'status']]) {
        const r = run(outside, args, { CHANGETRAIL_NOW: NOW, GIT_CEILING_DIRECTORIES: tmpdir() });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
        assert.match(complaint(r.err).join('\n'), /^changetrail: git rev-parse failed: fatal: not a git repository/);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('changed --window 0h', () => {
    const r = run(repo.path, ['changed', '--window', '0h']);
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail changed: --window must be longer than 0']);
  });

  it('digest --since garbage names --since', () => {
    const r = run(repo.path, ['digest', '--since', 'garbage']);
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail digest: --since "garbage" is not a time: use a duration such as 7d, 2w or 36h, or a date such as 2025-03-01']);
  });

  it('digest --wait that is not a number', () => {
    const r = run(repo.path, ['digest', '--post', '--wait', 'soon']);
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail digest: --wait "soon": give a number of seconds']);
  });

  it('note --limit and --wait that are not numbers of the kind asked (NaN was read as no limit)', () => {
    for (const [args, line] of [
      [['--limit', 'abc'], '--limit "abc": give a whole number of commits'],
      [['--limit', '0'], '--limit "0": give a whole number of commits, 1 or more'],
      [['--limit', '2.5'], '--limit "2.5": give a whole number of commits'],
      [['--wait', 'soon'], '--wait "soon": give a number of seconds'],
      [['--wait', '-5'], '--wait "-5": give a number of seconds, 0 or more'],
    ] as const) {
      const r = run(repo.path, ['note', '--env', 'production', ...args]);
      assert.equal(r.code, 2, r.err);
      assert.deepEqual(complaint(r.err), [`changetrail note: ${line}`]);
    }
  });

  it('incident open --from-alert with a Grafana alert whose startsAt is empty names the field, writes nothing', () => {
    const alert = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'alerts', 'grafana-firing.json'), 'utf8'));
    alert.alerts[0].startsAt = '';
    repo.write('alert.json', JSON.stringify(alert));
    const log = readFileSync(join(repo.path, '.changetrail/changes.jsonl'), 'utf8');
    const r = run(repo.path, ['incident', 'open', '--from-alert', 'alert.json', '--no-post']);
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail: alert.json: looks like a Grafana Alerting webhook but alerts[0].startsAt: expected an ISO time such as 2026-11-30T05:58:00Z']);
    assert.equal(readFileSync(join(repo.path, '.changetrail/changes.jsonl'), 'utf8'), log);
  });

  it('config check of a config nested 100,000 deep: cannot tell, naming the file', () => {
    const deep = createTestRepo();
    try {
      deep.write('.changetrail/config.json', `{"tickets": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
      const r = run(deep.path, ['config', 'check']);
      assert.equal(r.code, 2, r.err);
      assert.deepEqual(complaint(r.err), ['.changetrail/config.json:1: nested too deeply (more than 64 levels of { and [) at column 76: not read']);
    } finally {
      deep.dispose();
    }
  });

  it('export --tz Mars/Olympus', () => {
    const r = run(repo.path, ['export', '--since', '2026-11-01', '--until', '2026-11-25', '--tz', 'Mars/Olympus']);
    assert.equal(r.code, 2, r.err);
    assert.deepEqual(complaint(r.err), ['changetrail export: --tz "Mars/Olympus" is not a time zone; use an IANA name such as Europe/Madrid']);
    assert.equal(r.out, '');
  });
});
