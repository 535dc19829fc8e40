import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// Clocks that disagree: an alerting system whose clock is months ahead, and a laptop a minute or two
// behind the machine that opened the incident. Neither may leave an incident without suspects, or
// one that can never be resolved ("resolved at ... is before the incident was detected").

const cli = join(projectRoot(), 'dist', 'cli.js');
const grafana = join(projectRoot(), 'test', 'fixtures', 'alerts', 'grafana-firing.json');

describe('incidents when clocks disagree (built dist/cli.js, real repository)', () => {
  let repo: TestRepo;
  const run = (now: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', env: testGitEnv({ CHANGETRAIL_NOW: now }) });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const incidents = () =>
    readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { schema: string; detectedAt?: string; resolvedAt?: string; suspects?: unknown[] }).filter((e) => e.schema === 'changetrail/incident');
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { weekly: [], timeZone: 'UTC' } }) });
    repo.commit('Billing: retry declined cards', { 'billing/retry.ts': 'x' });
    assert.equal(run('2026-12-01T09:00:00Z', 'note', '--env', 'production', '--record').code, 0);
  });
  afterEach(() => repo.dispose());

  it('an alert that says it started months from now opens the incident at its arrival, with suspects, and says why; it can be resolved', () => {
    const alert = JSON.parse(readFileSync(grafana, 'utf8'));
    alert.alerts[0].startsAt = '2027-06-01T00:00:00Z';
    writeFileSync(join(repo.path, 'alert.json'), JSON.stringify(alert));
    const opened = run('2026-12-01T10:00:00Z', 'incident', 'open', '--from-alert', 'alert.json', '--no-post');
    assert.equal(opened.code, 0, opened.err);
    assert.match(opened.err, /alert says it started at 2027-06-01T00:00:00\.000Z, after now .*taken as detected now/);
    const [incident] = incidents();
    assert.match(incident.detectedAt ?? '', /^2026-12-01T10:00:0/);
    assert.ok((incident.suspects ?? []).length > 0, 'the deployment of an hour before is a suspect');
    const resolved = run('2026-12-01T11:00:00Z', 'incident', 'resolve', 'latest', '--fix', 'none', '--no-post');
    assert.equal(resolved.code, 0, resolved.err);
  });

  it('resolved from a machine a minute behind the one that opened it: resolved when detected, not refused; a typed earlier time still is', () => {
    assert.equal(run('2026-12-01T10:02:00Z', 'incident', 'open', '--title', 'Card payments failing', '--system', 'Billing', '--no-post').code, 0);
    const typed = run('2026-12-01T10:01:00Z', 'incident', 'resolve', 'latest', '--fix', 'none', '--resolved-at', '2026-12-01T10:00:00Z', '--no-post');
    assert.equal(typed.code, 2);
    assert.match(typed.err, /before the incident was detected/);
    const r = run('2026-12-01T10:01:00Z', 'incident', 'resolve', 'latest', '--fix', 'none', '--no-post');
    assert.equal(r.code, 0, r.err);
    const last = incidents().at(-1);
    assert.equal(last?.resolvedAt, last?.detectedAt);
  });
});
