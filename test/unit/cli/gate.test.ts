import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment } from '../../fixtures/metrics/metricsFixtures';

const cli = join(projectRoot(), 'dist', 'cli.js');
const TUESDAY = '2026-12-01T10:00:00Z';
const FRIDAY = '2026-12-04T16:00:00Z';

function run(cwd: string, now: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: now } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CONFIG = {
  environments: ['staging', 'production'],
  systems: [{ name: 'Billing', paths: ['billing/**'], criticality: 'high' }],
  freeze: { timeZone: 'UTC' },
};

/** staging and production both run c1 (recorded); c2 touches Billing with no record; c3 touches docs only. */
function history(config: object = CONFIG) {
  const repo = createTestRepo();
  repo.commit('config', { '.changetrail/config.json': JSON.stringify(config) });
  const c1 = repo.commit('Billing: round invoices', { 'billing/round.ts': 'x' });
  const r1 = change({ at: '2026-11-20T09:00:00Z', commits: [{ sha: c1, subject: 'Billing: round invoices' }], system: 'Billing' });
  log(repo, r1, deployment('2026-11-20T10:00:00Z', [r1], { environment: 'staging', commit: c1 }), deployment('2026-11-21T10:00:00Z', [r1], { commit: c1 }));
  const c2 = repo.commit('Billing: new tax table', { 'billing/tax.ts': 'y' });
  const c3 = repo.commit('Docs', { 'docs/readme.md': 'z' });
  return { repo, c1, c2, c3 };
}

function log(repo: TestRepo, ...entries: object[]) {
  appendFileSync(join(repo.path, '.changetrail/changes.jsonl'), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
}

function gateJson(repo: TestRepo, now: string, ...args: string[]) {
  const r = run(repo.path, now, 'gate', '--env', 'production', '--format', 'json', ...args);
  const json = JSON.parse(r.out);
  return { code: r.code, json, rule: (id: string) => json.rules.find((x: { rule: string }) => x.rule === id) };
}

describe('changetrail gate (real git histories, fixed clock)', () => {
  it('blocks a commit that skipped staging and touches a system without a change record, naming each', () => {
    const { repo, c2, c3 } = history();
    try {
      const g = gateJson(repo, TUESDAY);
      assert.equal(g.code, 1);
      assert.equal(g.json.decision, 'blocked');
      assert.deepEqual(g.json.range.commits.map((c: { sha: string }) => c.sha), [c3, c2]);
      assert.equal(g.rule('records').verdict, 'block');
      assert.deepEqual(g.rule('records').commits, [c2], 'the docs commit touches no configured system');
      assert.equal(g.rule('promotion').verdict, 'block');
      assert.deepEqual(g.rule('promotion').commits.sort(), [c2, c3].sort());
      assert.equal(g.rule('freeze').verdict, 'pass', 'Tuesday 10:00 is outside the default window');
      const text = run(repo.path, TUESDAY, 'gate', '--env', 'production');
      assert.equal(text.code, 1);
      assert.match(text.err, /BLOCKED/);
      assert.match(text.err, /has no change record/);
      assert.match(text.err, /fix: deploy this commit to staging first/);
    } finally {
      repo.dispose();
    }
  });

  it('says when the record has no rollback plan, and lets the deployment go once it has one and staging ran it', () => {
    const { repo, c2, c3 } = history();
    try {
      const bare = change({ at: '2026-11-30T09:00:00Z', commits: [{ sha: c2, subject: 'Billing: new tax table' }], system: 'Billing', rollbackPlan: '' });
      log(repo, bare);
      assert.match(gateJson(repo, TUESDAY).rule('records').reasons[0], /no rollback plan/);
      const amended = { ...change({ at: '2026-11-30T10:00:00Z', commits: [{ sha: c2, subject: 'Billing: new tax table' }], system: 'Billing' }), supersedes: bare.id };
      log(repo, amended, deployment('2026-11-30T11:00:00Z', [amended], { environment: 'staging', commit: c3 }));
      const g = gateJson(repo, TUESDAY);
      assert.equal(g.code, 0, JSON.stringify(g.json.rules));
      assert.equal(g.json.decision, 'go');
      assert.deepEqual(g.json.rules.map((r: { verdict: string }) => r.verdict), ['pass', 'pass', 'pass', 'pass']);
    } finally {
      repo.dispose();
    }
  });

  it('blocks in the freeze window; an override reason lets it through and is recorded, --dry-run records nothing', () => {
    const { repo, c2, c3 } = history({ ...CONFIG, gate: { rules: { records: 'off', promotion: 'off' } } });
    try {
      const blocked = gateJson(repo, FRIDAY);
      assert.equal(blocked.code, 1);
      assert.match(blocked.rule('freeze').reasons[0], /freeze window: Friday 15:00 to Monday 06:00/);
      assert.deepEqual(blocked.rule('freeze').commits, [c3, c2]);
      const logFile = join(repo.path, '.changetrail/changes.jsonl');
      const before = readFileSync(logFile, 'utf8');
      assert.equal(gateJson(repo, FRIDAY, '--override-reason', 'tax law starts Monday', '--dry-run').code, 0);
      assert.equal(readFileSync(logFile, 'utf8'), before, '--dry-run writes nothing');
      const through = gateJson(repo, FRIDAY, '--override-reason', 'tax law starts Monday', '--by', 'Lea <lea@example.com>');
      assert.equal(through.code, 0);
      assert.equal(through.rule('freeze').overriddenBy, 'tax law starts Monday');
      const last = JSON.parse(readFileSync(logFile, 'utf8').trimEnd().split('\n').at(-1) as string);
      assert.equal(last.id, through.json.override.recordId);
      assert.equal(last.origin, 'manual');
      assert.deepEqual(last.freezeOverride, { reason: 'tax law starts Monday', by: { name: 'Lea', email: 'lea@example.com' } });
      assert.equal(last.riskFlags[0].id, 'freezeWindow');
    } finally {
      repo.dispose();
    }
  });

  it('follows each rule’s mode: warn goes with the reasons, off does not look', () => {
    const { repo } = history({ ...CONFIG, gate: { environments: { production: { records: 'warn', promotion: 'off' } } } });
    try {
      const g = gateJson(repo, TUESDAY);
      assert.equal(g.code, 0);
      assert.equal(g.rule('records').verdict, 'warn');
      assert.equal(g.rule('records').reasons.length, 1);
      assert.equal(g.rule('promotion').verdict, 'off');
      assert.deepEqual(g.rule('promotion').reasons, []);
    } finally {
      repo.dispose();
    }
  });

  it('blocks on a risk flag the team chose', () => {
    const { repo, c2, c3 } = history({ ...CONFIG, gate: { rules: { promotion: 'off' }, blockOnRiskFlags: ['criticalSystem'] } });
    try {
      log(repo, change({ at: '2026-11-30T09:00:00Z', commits: [{ sha: c2, subject: 's' }, { sha: c3, subject: 'd' }], system: 'Billing', riskFlags: [{ id: 'criticalSystem', severity: 'warning', message: 'Touches a critical system: Billing' }] }));
      const g = gateJson(repo, TUESDAY);
      assert.equal(g.code, 1);
      assert.equal(g.rule('records').verdict, 'pass');
      assert.equal(g.rule('riskFlags').verdict, 'block');
      assert.match(g.rule('riskFlags').reasons[0], /criticalSystem/);
    } finally {
      repo.dispose();
    }
  });

  it('applies every rule in every mode: block stops, warn goes with the reasons, off does not look', () => {
    // One history that trips all four rules at once: Friday 16:00 (freeze), c2 without a record,
    // c2 and c3 never on staging, and a record flagged criticalSystem.
    const rules = ['freeze', 'records', 'promotion', 'riskFlags'] as const;
    for (const rule of rules) {
      for (const mode of ['block', 'warn', 'off'] as const) {
        const others = Object.fromEntries(rules.filter((r) => r !== rule).map((r) => [r, 'off']));
        const { repo, c3 } = history({ ...CONFIG, gate: { rules: { ...others, [rule]: mode }, blockOnRiskFlags: ['criticalSystem'] } });
        try {
          log(repo, change({ at: '2026-11-30T09:00:00Z', commits: [{ sha: c3, subject: 'Docs' }], riskFlags: [{ id: 'criticalSystem', severity: 'warning', message: 'Touches a critical system' }] }));
          const g = gateJson(repo, FRIDAY);
          const verdict = g.rule(rule).verdict;
          assert.equal(verdict, mode, `${rule} in mode ${mode}`);
          assert.equal(g.code, mode === 'block' ? 1 : 0, `${rule} in mode ${mode}: exit code`);
          assert.equal(g.rule(rule).reasons.length > 0, mode !== 'off', `${rule} in mode ${mode}: reasons`);
          for (const other of rules.filter((r) => r !== rule)) assert.equal(g.rule(other).verdict, 'off');
        } finally {
          repo.dispose();
        }
      }
    }
  });

  it('cannot tell (exit 2) on a shallow clone, a bad ref or a broken config, with JSON still a document', () => {
    const { repo } = history();
    const shallow = createTestRepo({ initialCommit: false });
    try {
      repo.git('commit', '--allow-empty', '-qm', 'one more');
      shallow.git('fetch', '-q', '--depth', '1', `file://${repo.path}`, 'main');
      shallow.git('checkout', '-q', 'FETCH_HEAD');
      const s = gateJson(shallow, TUESDAY);
      assert.equal(s.code, 2);
      assert.equal(s.json.decision, 'cannot tell');
      assert.match(s.json.error.fix, /fetch-depth: 0/);
      const ref = gateJson(repo, TUESDAY, '--ref', 'no-such-branch');
      assert.equal(ref.code, 2);
      assert.match(ref.json.error.message, /no-such-branch/);
      repo.write('.changetrail/config.json', '{"environments": 3}');
      const broken = run(repo.path, TUESDAY, 'gate', '--env', 'production');
      assert.equal(broken.code, 2);
      assert.match(broken.err, /CANNOT TELL/);
      assert.match(broken.err, /environments/);
    } finally {
      repo.dispose();
      shallow.dispose();
    }
  });

  it('cannot tell (exit 2) for an environment the team config does not name: a typo never passes every rule', () => {
    const { repo } = history();
    try {
      const typo = gateJson(repo, FRIDAY, '--env', 'prodcution');
      assert.equal(typo.code, 2);
      assert.equal(typo.json.decision, 'cannot tell');
      assert.match(typo.json.error.message, /"prodcution" is not one of the configured environments \(staging, production\)/);
      assert.match(typo.json.error.fix, /add it to environments/);
      // The same environment in other letter cases is the environment: blocked here by the freeze, not refused.
      const upper = gateJson(repo, FRIDAY, '--env', 'Production');
      assert.equal(upper.code, 1);
      assert.equal(upper.json.decision, 'blocked');
    } finally {
      repo.dispose();
    }
  });

  it('reads a gate.since date as UTC whatever the machine\'s zone, and a commit as itself and its ancestors', () => {
    const { repo, c2, c3 } = history();
    try {
      const at = (iso: string, message: string, file: string) => {
        repo.write(file, message);
        execFileSync('git', ['add', '-A'], { cwd: repo.path, env: testGitEnv() });
        execFileSync('git', ['commit', '-qm', message], { cwd: repo.path, env: testGitEnv({ GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso }) });
        return repo.git('rev-parse', 'HEAD').trim();
      };
      const noon = at('2026-06-01T12:00:00Z', 'Docs at noon UTC', 'docs/noon.md');
      const gate = (since: string, tz: string) => {
        repo.write('.changetrail/config.json', JSON.stringify({ ...CONFIG, gate: { since } }));
        const r = spawnSync(process.execPath, [cli, 'gate', '--env', 'production', '--format', 'json'], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: TUESDAY, TZ: tz } });
        return (JSON.parse(r.stdout).range.commits as { sha: string }[]).map((c) => c.sha);
      };
      // 11:30 with no zone is 11:30 UTC: the noon commit is after it, in Los Angeles as in Tokyo.
      assert.ok(gate('2026-06-01T11:30:00', 'America/Los_Angeles').includes(noon));
      assert.ok(gate('2026-06-01T11:30:00', 'Asia/Tokyo').includes(noon));
      assert.ok(!gate('2026-06-01T12:30:00', 'Asia/Tokyo').includes(noon));
      assert.deepEqual(gate(c2, 'UTC').sort(), [c3, noon].sort());
    } finally {
      repo.dispose();
    }
  });

  it('weighs the manual changes made on the environment since its last deployment, and only those, whatever the order of the log', () => {
    const { repo, c1 } = history({ ...CONFIG, gate: { rules: { records: 'off', promotion: 'off' }, blockOnRiskFlags: ['criticalSystem'] } });
    try {
      const flag = [{ id: 'criticalSystem' as const, severity: 'warning' as const, message: 'Touches a critical system: Billing' }];
      const manual = (title: string, at: string, over: object = {}) => change({ at, title, origin: 'manual', system: 'Billing', riskFlags: flag, ...over });
      // Older production deployments written after the newest one (a merged log): more than the gate reads as candidates.
      const older = Array.from({ length: 25 }, (_, i) => deployment(`2026-10-${String(1 + i).padStart(2, '0')}T10:00:00Z`, [], { commit: c1 }));
      log(
        repo,
        ...older,
        manual('before the deployment', '2026-11-21T09:00:00Z'),
        manual('recorded late, made before it', '2026-11-26T09:00:00Z', { changedAt: '2026-11-21T08:00:00Z' }),
        manual('on staging', '2026-11-25T09:00:00Z', { environment: 'staging' }),
        manual('after the deployment', '2026-11-25T09:00:00Z'),
      );
      const g = gateJson(repo, TUESDAY);
      assert.equal(g.code, 1);
      assert.deepEqual(g.rule('riskFlags').reasons.map((r: string) => /"(.*)"/.exec(r)?.[1]), ['after the deployment']);
    } finally {
      repo.dispose();
    }
  });

  it('lists the records in the order they were first written, an amended one where its first version was', () => {
    const { repo, c2, c3 } = history({ ...CONFIG, gate: { rules: { records: 'off', promotion: 'off' }, blockOnRiskFlags: ['criticalSystem'] } });
    try {
      const flag = [{ id: 'criticalSystem' as const, severity: 'warning' as const, message: 'Touches a critical system: Billing' }];
      const first = change({ at: '2026-11-22T09:00:00Z', title: 'tax table', commits: [{ sha: c2, subject: 'Billing: new tax table' }], system: 'Billing', riskFlags: flag });
      const second = change({ at: '2026-11-23T09:00:00Z', title: 'docs', commits: [{ sha: c3, subject: 'Docs' }], system: 'Billing', riskFlags: flag });
      const amended = { ...change({ at: '2026-11-24T09:00:00Z', title: 'tax table, amended', commits: first.commits, system: 'Billing', riskFlags: flag }), supersedes: first.id };
      log(repo, first, second, amended);
      const g = gateJson(repo, TUESDAY);
      assert.deepEqual(g.rule('riskFlags').reasons.map((r: string) => /"(.*)"/.exec(r)?.[1]), ['tax table, amended', 'docs']);
    } finally {
      repo.dispose();
    }
  });
});
