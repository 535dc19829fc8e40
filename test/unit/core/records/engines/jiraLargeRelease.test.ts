import * as assert from 'node:assert/strict';
import { JiraDeploymentsSink } from '../../../../../src/core/records/sinks/engines/jiraDeploymentsSink';
import { isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeJira, JIRA_CLIENT, startFakeJira } from '../../../../helpers/fakes/fakeJira';
import { changeRecord, deploymentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const CLOUD = 'c0ffee-1234';
const SECRETS = { 'jira.clientId': JIRA_CLIENT.clientId, 'jira.clientSecret': JIRA_CLIENT.clientSecret };

describe('JiraDeploymentsSink: a release carrying more tickets than Jira takes', () => {
  let jira: FakeJira;
  beforeEach(async () => {
    jira = await startFakeJira(CLOUD);
  });
  afterEach(() => jira.close());

  it('sends the first 500 keys (Jira\'s limit per deployment) and says how many were left off, instead of losing the whole deployment', async () => {
    const keys = Array.from({ length: 620 }, (_, i) => `REL-${i + 1}`);
    jira.known = new Set(keys);
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: keys });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id] });
    const setup = engineSetup([change, deploy], SECRETS, NOW);
    const result = await new JiraDeploymentsSink({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url }, setup).deliver(deploy, { idempotencyKey: 'k' });
    const stored = [...jira.deployments.values()];
    assert.equal(stored.length, 1, 'the deployment reached Jira');
    assert.deepEqual(stored[0].associations[0].values, keys.slice(0, 500));
    assert.ok(setup.logger.lines.some((l) => l.startsWith('warn') && /120 .*not sent/.test(l)), setup.logger.lines.join('\n'));
    assert.deepEqual(result.unknownIssueKeys, []);
  });

  it('a pipeline name longer than Jira\'s 255 characters is cut, not refused', async () => {
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-1'] });
    const long = `release-train/${'stage-'.repeat(60)}deploy`;
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id], pipeline: { id: long, name: long } });
    jira.known = new Set(['PAY-1']);
    await new JiraDeploymentsSink({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url }, engineSetup([change, deploy], SECRETS, NOW)).deliver(deploy, { idempotencyKey: 'k' });
    const stored = [...jira.deployments.values()];
    assert.equal(stored.length, 1);
    assert.ok(stored[0].pipeline.id.length <= 255 && stored[0].pipeline.displayName.length <= 255);
  });

  it('a refusal in Jira\'s common error shape (errorMessages) says what Jira said', async () => {
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-1'] });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id] });
    jira.known = new Set(['PAY-1']);
    jira.next = (_req, res) => (res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessages: ['The environment type is not valid'], errors: {} })), true);
    const error = await new JiraDeploymentsSink({ cloudId: CLOUD, url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url }, engineSetup([change, deploy], SECRETS, NOW))
      .deliver(deploy, { idempotencyKey: 'k' })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isPermanentFailure(error));
    assert.match(String(error), /refused \(400\): The environment type is not valid/);
  });
});
