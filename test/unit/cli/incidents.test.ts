import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeEntry } from '../../../src/core/records/changeLog';
import { type LogEntry, logEntrySchema } from '../../../src/core/records/changeRecord';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { type LocalHttpServer, startLocalHttpServer } from '../../helpers/localHttpServer';
import { changeRecord, deploymentRecord } from '../../helpers/memoryLogIndex';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');
const alerts = join(projectRoot(), 'test', 'fixtures', 'alerts');
const NOW = '2026-11-30T06:10:00Z';

// The channel is a generic webhook on 127.0.0.1 answering 200, as ChangeTrail's own webhook
// channel contract says (renderWebhook's changetrail/channel-post body).
describe('changetrail changed / incident / rollback / lessons (built dist/cli.js, real repository)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let hook: LocalHttpServer;
  let billing: LogEntry;
  let d1: LogEntry;
  let d2: LogEntry;

  // Asynchronous, so the fake channel in this process can answer while the CLI waits for it.
  const run = (args: string[], input?: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: repo.path, env: testGitEnv({ CHANGETRAIL_NOW: NOW }) });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(input ?? '');
    });
  const log = () => readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => logEntrySchema.parse(JSON.parse(l)));
  const posts = () => hook.requests.map((r) => JSON.parse(r.body) as { kind: string; summary: string; id: string });

  before(async () => {
    hook = await startLocalHttpServer((_req, res) => {
      res.statusCode = 200;
      res.end('ok');
    });
    repo = createTestRepo();
    const a = repo.git('rev-parse', 'HEAD').trim();
    const b = repo.commit('PROJ-2: retry declined cards', { 'src/billing/retry.ts': 'retry()' });
    repo.write('.changetrail/config.json', JSON.stringify({
      systems: [{ name: 'Billing', paths: ['src/billing/**'], criticality: 'high', owner: 'Team Pay', impact: ['billing'] }],
      channels: [{ type: 'webhook', id: 'ops', url: `${hook.url}/hook` }],
      deployments: { createTag: true },
    }));
    billing = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', title: 'Retry declined cards', tickets: ['PROJ-2'], systems: [{ name: 'Billing', criticality: 'high' }], commits: [{ sha: b, subject: 'retry' }], rollbackPlan: 'n/a' });
    d1 = deploymentRecord({ createdAt: '2026-11-29T10:00:00.000Z', commit: a });
    d2 = deploymentRecord({ createdAt: '2026-11-30T05:30:00.000Z', commit: b, previousCommit: a, records: [billing.id] });
    writeFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), [d1, billing, d2].map((e) => `${serializeEntry(e)}\n`).join(''));
  });

  after(async () => {
    repo.dispose();
    await hook.close();
  });

  it('changed: the Billing change is the top suspect, with the exact rollback command', async () => {
    const r = await run(['changed', '--system', 'billing', '--at', '20m ago', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const answer = JSON.parse(r.out);
    assert.equal(answer.at.slice(0, 16), '2026-11-30T05:50'); // the CLI's clock starts at CHANGETRAIL_NOW and runs on
    assert.equal(answer.suspects[0].recordId, billing.id);
    assert.equal(answer.deployments[0].rollback.command, `changetrail rollback --env production --to ${(d1 as { commit: string }).commit}`);
    assert.match((await run(['changed', '--format', 'md'])).out, /^## What changed on production before 2026-11-30 06:10 UTC/);
    // Bad input is a usage error (2), not a "no" (1).
    assert.equal((await run(['changed', '--window', 'soon'])).code, 2);
    assert.equal((await run(['changed', '--window', '2h', '--since-last-good'])).code, 2);
  });

  it('incident open --from-alert: suspects attached, level suggested and explained, the channel told; a repeat adds nothing', async () => {
    const r = await run(['incident', 'open', '--from-alert', join(alerts, 'pagerduty-v3-incident-triggered.json'), '--responder', 'Ana']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Level 1 \(Critical\): customer impact: outage starts at level 2; raised one level for Billing \(billing\)\./);
    const incident = log().at(-1);
    assert.ok(incident?.schema === 'changetrail/incident');
    assert.deepEqual([incident.alert?.source, incident.alert?.id, incident.systems, incident.level, incident.suspects[0].change, incident.suspects[0].deployment], ['pagerduty', 'PGR0VU2', ['Billing'], 1, billing.id, d2.id]);
    assert.deepEqual(posts().map((p) => p.kind), ['incident']);
    assert.match(posts()[0].summary, /^Incident: Card payments failing \(level 1, production, Billing\)/);
    const again = await run(['incident', 'open', '--from-alert', join(alerts, 'pagerduty-v3-incident-triggered.json')]);
    assert.equal(again.code, 0);
    assert.match(again.err, /already open/);
    assert.equal(log().filter((e) => e.schema === 'changetrail/incident').length, 1);
  });

  it('incident open --from-alert - refuses a payload it cannot read, naming stdin and the field', async () => {
    const r = await run(['incident', 'open', '--from-alert', '-'], JSON.stringify({ receiver: 'x', status: 'firing', alerts: [{ status: 'firing', labels: {} }] }));
    assert.equal(r.code, 2);
    assert.match(r.err, /stdin: looks like a Grafana Alerting webhook but alerts\[0\]\.startsAt: expected string, got nothing/);
  });

  it('rollback: shows what is undone, records a linked rollback, tags it and posts the note', async () => {
    const r = await run(['rollback', '--env', 'production', '--incident', 'latest']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /This takes out:[\s\S]*Retry declined cards; its own rollback plan: NONE GIVEN/);
    const rollback = log().at(-1);
    const incident = log().find((e) => e.schema === 'changetrail/incident');
    assert.ok(rollback?.schema === 'changetrail/deployment');
    assert.deepEqual([rollback.kind, rollback.rollsBack, rollback.incident, rollback.commit], ['rollback', d2.id, incident?.id, (d1 as { commit: string }).commit]);
    assert.match(repo.git('tag', '--list', 'deploy/production/*'), /deploy\/production\/2026-11-30-061000/);
    assert.deepEqual(posts().map((p) => p.kind), ['incident', 'deployment']);
  });

  it('incident resolve: the cause defaults to the deployment the rollback reversed; lessons are searchable', async () => {
    const r = await run(['incident', 'resolve', 'latest', '--fix', 'rollback', '--lessons', 'Card retries need a feature flag and a backoff', '--follow-up', 'PROJ-9']);
    assert.equal(r.code, 0, r.err);
    const resolved = log().at(-1);
    assert.ok(resolved?.schema === 'changetrail/incident');
    assert.deepEqual([resolved.status, resolved.cause?.kind, resolved.cause?.deployment, resolved.followUps], ['resolved', 'deployment', d2.id, ['PROJ-9']]);
    assert.deepEqual(posts().map((p) => p.kind), ['incident', 'deployment', 'incident']);
    assert.match(posts()[2].summary, /^Resolved: Card payments failing/);
    const found = await run(['lessons', 'backof', 'retries']);
    assert.equal(found.code, 0, found.err);
    assert.match(found.out, new RegExp(`${resolved.incidentId}[\\s\\S]*Lessons: Card retries need a feature flag`));
    assert.equal((await run(['lessons', 'zebra'])).code, 1);
  });

  it('incident open refuses a less urgent level without a written reason', async () => {
    const r = await run(['incident', 'open', '--title', 'Billing slow', '--system', 'Billing', '--impact', 'degraded', '--level', '3', '--no-post']);
    assert.equal(r.code, 2);
    assert.match(r.err, /less urgent than the suggested Level 2/);
  });

  it('a level the team does not define, an update that changes nothing and an alert that is not a file are refused, and nothing is written', async () => {
    const before = readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8');
    const open = await run(['incident', 'open', '--title', 'Billing slow', '--system', 'Billing', '--impact', 'outage', '--level', '9', '--no-post']);
    assert.equal(open.code, 2, open.err);
    assert.match(open.err, /--level 9 is not one of the team's levels: escalationLevels defines levels 1-3/);
    const update = await run(['incident', 'update', 'latest', '--level', '99', '--level-reason', 'x']);
    assert.equal(update.code, 2, update.err);
    assert.match(update.err, /--level 99 is not one of the team's levels/);
    const nothing = await run(['incident', 'update', 'latest']);
    assert.equal(nothing.code, 2, nothing.err);
    assert.match(nothing.err, /nothing to update: give --status/);
    const device = await run(['incident', 'open', '--from-alert', '/dev/zero', '--no-post']);
    assert.equal(device.code, 2);
    assert.match(device.err, /--from-alert \/dev\/zero: is not a regular file/);
    const big = join(repo.path, 'big-alert.json');
    writeFileSync(big, `{"x":"${'a'.repeat(1024 * 1024)}"}`);
    const huge = await run(['incident', 'open', '--from-alert', big, '--no-post']);
    assert.equal(huge.code, 2);
    assert.match(huge.err, /--from-alert \S+big-alert.json: more than 1 MB/);
    const piped = await run(['incident', 'open', '--from-alert', '-', '--no-post'], 'a'.repeat(1024 * 1024 + 10));
    assert.match(piped.err, /--from-alert -: more than 1 MB/);
    assert.equal(readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8'), before);
  });
});
