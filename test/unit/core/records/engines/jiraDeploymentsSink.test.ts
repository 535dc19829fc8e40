import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JiraEngine } from '../../../../../src/core/config/engines/jiraEngine';
import { TrackerError } from '../../../../../src/core/net/trackerError';
import { Outbox } from '../../../../../src/core/records/outbox';
import { JiraDeploymentsSink } from '../../../../../src/core/records/sinks/engines/jiraDeploymentsSink';
import { deploymentSequenceNumber } from '../../../../../src/core/records/sinks/engines/jiraDeployment';
import { PermanentDeliveryError, isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeJira, JIRA_CLIENT, startFakeJira } from '../../../../helpers/fakes/fakeJira';
import { changeRecord, deploymentRecord, incidentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const CLOUD = 'c0ffee-1234';
const SECRETS = { 'jira.clientId': JIRA_CLIENT.clientId, 'jira.clientSecret': JIRA_CLIENT.clientSecret };
const OPTS = { idempotencyKey: 'k' };

describe('JiraDeploymentsSink against a fake Jira deployments API', () => {
  let jira: FakeJira;
  const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-12', 'PAY-13', '#7'] });
  const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'prod-eu', records: [change.id], pipeline: { id: 'deploy-api', name: 'Deploy API', url: 'https://ci.example.com/p/1' } });
  const rollback = deploymentRecord({ createdAt: '2026-03-10T09:30:00.000Z', commit: '1111111222222', environment: 'prod-eu', kind: 'rollback', rollsBack: deploy.id, records: [] });
  const config = (over: Partial<JiraEngine> = {}): JiraEngine => ({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url, ...over });

  beforeEach(async () => {
    jira = await startFakeJira(CLOUD);
    jira.known = new Set(['PAY-12', 'PAY-13']);
  });
  afterEach(() => jira.close());

  it('sends a deployment with its tickets, pipeline, environment type and stable sequence numbers, reusing the token', async () => {
    const setup = engineSetup([change, deploy], SECRETS, NOW);
    const sink = new JiraDeploymentsSink(config(), setup);
    const result = await sink.deliver(deploy, OPTS);
    await sink.deliver(deploy, OPTS);
    assert.equal(jira.tokensIssued, 1, 'the token is cached until it expires');
    assert.deepEqual(result.unknownIssueKeys, []);
    const stored = [...jira.deployments.values()];
    assert.equal(stored.length, 1, 'the same record twice is one Jira deployment');
    const d = stored[0];
    assert.equal(d.deploymentSequenceNumber, deploymentSequenceNumber(deploy.id));
    assert.deepEqual(d.associations, [{ associationType: 'issueIdOrKeys', values: ['PAY-12', 'PAY-13'] }]);
    assert.equal(d.state, 'successful');
    assert.deepEqual(d.environment, { id: 'prod-eu', displayName: 'prod-eu', type: 'production' });
    assert.deepEqual(d.pipeline, { id: 'deploy-api', displayName: 'Deploy API', url: 'https://ci.example.com/p/1' });
    assert.equal(d.lastUpdated, deploy.createdAt);
    assert.ok(!setup.logger.lines.some((l) => l.includes(JIRA_CLIENT.clientSecret)));
  });

  it('a rollback is its own deployment and re-sends the undone one as rolled_back with a larger updateSequenceNumber', async () => {
    const sink = new JiraDeploymentsSink(config({ environmentTypes: { 'prod-eu': 'staging' } }), engineSetup([change, deploy, rollback], SECRETS, NOW));
    await sink.deliver(deploy, OPTS);
    const before = [...jira.deployments.values()][0].updateSequenceNumber;
    await sink.deliver(rollback, OPTS);
    const byState = new Map([...jira.deployments.values()].map((d) => [d.state, d]));
    assert.equal(jira.deployments.size, 2);
    assert.ok(byState.get('rolled_back'), 'the undone deployment now shows rolled_back');
    assert.equal(byState.get('rolled_back')?.deploymentSequenceNumber, deploymentSequenceNumber(deploy.id));
    assert.ok((byState.get('rolled_back')?.updateSequenceNumber ?? 0) > before);
    assert.equal(byState.get('successful')?.deploymentSequenceNumber, deploymentSequenceNumber(rollback.id));
    assert.equal(byState.get('successful')?.environment.type, 'staging', 'the team mapping wins over the name');
  });

  it('change records and incidents are acknowledged without a request', async () => {
    const sink = new JiraDeploymentsSink(config(), engineSetup([change], SECRETS, NOW));
    await sink.deliver(change, OPTS);
    await sink.deliver(incidentRecord({ createdAt: NOW }), OPTS);
    assert.equal(jira.server.requests.length, 0);
  });

  it('reads unknownIssueKeys and partial rejections back into the result and the log; a full rejection is permanent', async () => {
    jira.known = new Set(['PAY-12']);
    const setup = engineSetup([change, deploy, rollback], SECRETS, NOW);
    const sink = new JiraDeploymentsSink(config(), setup);
    const result = await sink.deliver(deploy, OPTS);
    assert.deepEqual(result.unknownIssueKeys, ['PAY-13']);
    assert.deepEqual(sink.lastResult?.unknownIssueKeys, ['PAY-13']);
    assert.ok(setup.logger.lines.some((l) => l.startsWith('warn') && l.includes('PAY-13')));
    jira.rejectEnvironments.set('prod-eu', 'The environment type is not valid');
    const error = await sink.deliver(rollback, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof PermanentDeliveryError);
    assert.match(error.message, /The environment type is not valid/);
  });

  it('a 400 with errors is a permanent failure naming them; 403 names the permission; refused credentials are permanent', async () => {
    const sink = new JiraDeploymentsSink(config(), engineSetup([change, deploy], SECRETS, NOW));
    jira.next = (_req, res) => (res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'deployments[0].url must be a URL' }] })), true);
    const bad = await sink.deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(isPermanentFailure(bad));
    assert.match(String(bad), /deployments\[0\]\.url must be a URL/);
    jira.next = (_req, res) => (res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"Forbidden"}'), true);
    const forbidden = await sink.deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(forbidden instanceof TrackerError && forbidden.status === 403 && /Deployments permission/.test(forbidden.message));
    const wrong = new JiraDeploymentsSink(config(), engineSetup([change, deploy], { ...SECRETS, 'jira.clientSecret': 'wrong-secret-xyz' }, NOW));
    const refused = await wrong.deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof TrackerError && refused.status === 401 && isPermanentFailure(refused));
    assert.ok(!String(refused).includes('wrong-secret-xyz'));
  });

  it('a token Jira refuses is replaced once; no credentials set means waiting, not a permanent failure', async () => {
    const sink = new JiraDeploymentsSink(config(), engineSetup([change, deploy], SECRETS, NOW));
    await sink.deliver(deploy, OPTS);
    jira.next = (_req, res) => (res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":401,"message":"Unauthorized"}'), true);
    await sink.deliver(deploy, OPTS);
    assert.equal(jira.tokensIssued, 2);
    const unset = new JiraDeploymentsSink(config(), engineSetup([change, deploy], {}, NOW));
    const waiting = await unset.deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(waiting instanceof Error && !isPermanentFailure(waiting));
    assert.match(waiting.message, /CHANGETRAIL_JIRA_CLIENT_SECRET/);
  });

  it('429 with Retry-After comes back with retryAt from the injected clock', async () => {
    const sink = new JiraDeploymentsSink(config(), engineSetup([change, deploy], SECRETS, NOW));
    jira.next = (_req, res) => (res.writeHead(429, { 'Retry-After': '120' }).end(), true);
    const limited = await sink.deliver(deploy, OPTS).then(() => undefined, (e: unknown) => e);
    assert.ok(limited instanceof TrackerError);
    assert.equal(limited.retryAt, Date.parse(NOW) + 120_000);
    assert.equal(isPermanentFailure(limited), false);
  });

  it('through the real outbox, a lost reply is retried and updates the same Jira deployment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ct-jira-outbox-'));
    try {
      let now = Date.parse(NOW);
      const outbox = new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
      const sink = new JiraDeploymentsSink(config(), engineSetup([change, deploy], SECRETS, NOW));
      // Jira stores the deployment, then the connection drops before the answer arrives.
      jira.next = (req, res) => {
        const body = JSON.parse(req.body) as { deployments: { deploymentSequenceNumber: number; updateSequenceNumber: number; pipeline: { id: string }; environment: { id: string } }[] };
        for (const d of body.deployments) jira.deployments.set(`${d.pipeline.id}|${d.environment.id}|${d.deploymentSequenceNumber}`, d as never);
        res.socket?.destroy();
        return true;
      };
      await outbox.enqueue(deploy, [sink.id]);
      const first = await outbox.deliverDue([sink]);
      assert.equal(first.retrying, 1);
      now += 60 * 60_000;
      const second = await outbox.deliverDue([sink]);
      assert.equal(second.delivered, 1);
      assert.equal(jira.server.requests.filter((r) => r.path.endsWith('/bulk')).length, 2);
      assert.equal(jira.deployments.size, 1, 'the retry updated the deployment the lost reply had stored');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
