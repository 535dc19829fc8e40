import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverChannelPost } from '../../../../../src/core/notes/channelDelivery';
import { Outbox } from '../../../../../src/core/records/outbox';
import { GithubDeploymentsSink } from '../../../../../src/core/records/sinks/engines/githubDeploymentsSink';
import { JiraDeploymentsSink } from '../../../../../src/core/records/sinks/engines/jiraDeploymentsSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeJira, JIRA_CLIENT, startFakeJira } from '../../../../helpers/fakes/fakeJira';
import { startLocalHttpServer, json } from '../../../../helpers/localHttpServer';
import { changeRecord, deploymentRecord, incidentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const CLOUD = 'c0ffee-1234';
const SECRETS = { 'jira.clientId': JIRA_CLIENT.clientId, 'jira.clientSecret': JIRA_CLIENT.clientSecret };

// An engine that acknowledges a delivery but applies only part of it (Jira's unknownIssueKeys,
// a deployment with no keys at all) must not come out of the outbox as a plain "delivered".
describe('engine acknowledgements that did not apply everything', () => {
  let jira: FakeJira;
  let dir: string;
  beforeEach(async () => {
    jira = await startFakeJira(CLOUD);
    dir = await mkdtemp(join(tmpdir(), 'ct-engine-warn-'));
  });
  afterEach(async () => {
    await jira.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Jira\'s unknown issue keys stay with the delivered item and reach the sender', async () => {
    jira.known = new Set(['PAY-12']);
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-12', 'PAY-404'] });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id] });
    const sink = new JiraDeploymentsSink({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url }, engineSetup([change, deploy], SECRETS, NOW));
    const outbox = new Outbox(dir, undefined, { clock: () => Date.parse(NOW) });
    await outbox.enqueue(deploy, [sink.id]);
    const [state] = await deliverChannelPost(outbox, [sink], deploy.id, { clock: () => Date.parse(NOW) });
    assert.equal(state.state, 'delivered');
    assert.match(state.detail ?? '', /does not know PAY-404/);
    const delivered = (await outbox.status()).find((s) => s.state === 'delivered');
    assert.ok(delivered?.state === 'delivered' && delivered.warnings?.some((w) => w.includes('PAY-404')));
    // A fresh outbox on the same folder reads it back (the warning is durable, not in memory).
    const again = (await new Outbox(dir).status()).find((s) => s.state === 'delivered');
    assert.ok(again?.state === 'delivered' && again.warnings?.length === 1);
  });

  it('a deployment with no Jira keys is acknowledged with a warning that nothing was sent', async () => {
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['#42'] });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id] });
    const sink = new JiraDeploymentsSink({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url }, engineSetup([change, deploy], SECRETS, NOW));
    const outbox = new Outbox(dir, undefined, { clock: () => Date.parse(NOW) });
    await outbox.enqueue(deploy, [sink.id]);
    const [state] = await deliverChannelPost(outbox, [sink], deploy.id, { clock: () => Date.parse(NOW) });
    assert.equal(jira.server.requests.length, 0);
    assert.match(state.detail ?? '', /nothing to send: .* name no Jira ticket key/);
  });

  it('GitHub: an incident blaming a deployment GitHub does not have says no failure status was set', async () => {
    const server = await startLocalHttpServer((req, res) => (req.method === 'GET' ? json(res, 200, []) : json(res, 404, { message: 'Not Found' })));
    try {
      const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production' });
      const incident = incidentRecord({ createdAt: NOW, cause: { kind: 'deployment', deployment: deploy.id } });
      const sink = new GithubDeploymentsSink({ owner: 'acme', repo: 'api', apiBaseUrl: server.url }, engineSetup([deploy, incident], { 'github.token': 'ghp_token_0123456789' }, NOW));
      const result = await sink.deliver(incident, { idempotencyKey: 'k' });
      assert.match((result.warnings ?? []).join(' '), /not on GitHub; no failure status was set/);
    } finally {
      await server.close();
    }
  });
});
