import * as assert from 'node:assert/strict';
import { jiraEngineSchema } from '../../../../../src/core/config/engines/jiraEngine';
import { JiraDeploymentsSink } from '../../../../../src/core/records/sinks/engines/jiraDeploymentsSink';
import { recordLink } from '../../../../../src/core/records/sinks/engines/recordLink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeJira, JIRA_CLIENT, startFakeJira } from '../../../../helpers/fakes/fakeJira';
import { changeRecord, deploymentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const CLOUD = 'c0ffee-1234';
const SECRETS = { 'jira.clientId': JIRA_CLIENT.clientId, 'jira.clientSecret': JIRA_CLIENT.clientSecret };
const CONFIGURED = 'https://git.example.com/acme/api';

// A record's pipeline comes from whoever recorded it (the CLI's options, a CI variable), unchecked.
// Jira refuses the whole request when a url is no URI or longer than 2000 characters, so the
// delivery failed for good; a blank id or name was sent as is.
describe('JiraDeploymentsSink: the pipeline a record names', () => {
  let jira: FakeJira;
  beforeEach(async () => {
    jira = await startFakeJira(CLOUD);
    jira.known = new Set(['PAY-1']);
  });
  afterEach(() => jira.close());

  const send = async (pipeline: { id: string; name?: string; url?: string }, over: { pipeline?: { id: string; displayName?: string; url?: string } } = {}) => {
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00.000Z', tickets: ['PAY-1'] });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: 'abcdef1234567', environment: 'production', records: [change.id], pipeline });
    const sink = new JiraDeploymentsSink({ cloudId: CLOUD, url: CONFIGURED, apiBaseUrl: jira.server.url, ...over }, engineSetup([change, deploy], SECRETS, NOW));
    await sink.deliver(deploy, { idempotencyKey: 'k' });
    const stored = [...jira.deployments.values()];
    assert.equal(stored.length, 1, 'the deployment reached Jira');
    return stored[0];
  };

  for (const [what, url] of [
    ['empty', ''],
    ['no URL (a path)', 'ci/jobs/42'],
    ['not http(s)', 'javascript:alert(1)'],
    ['longer than 2000 characters', `https://ci.example.com/jobs/${'a'.repeat(2000)}`],
    ['carrying credentials', 'https://deploy:s3cr3t-token@ci.example.com/jobs/42'],
  ] as const) {
    it(`a url that is ${what} is replaced by the configured one, and the deployment is not refused`, async () => {
      const d = await send({ id: 'deploy-api', name: 'Deploy API', url });
      assert.equal(d.url, CONFIGURED);
      assert.equal(d.pipeline.url, CONFIGURED);
      assert.ok(!jira.server.requests.some((r) => r.body.includes('s3cr3t-token')), 'no credential went to Jira');
    });
  }

  it('a blank pipeline id or name falls back to the configured pipeline', async () => {
    const d = await send({ id: ' ', name: '', url: 'https://ci.example.com/jobs/42' }, { pipeline: { id: 'release-train', displayName: 'Release train' } });
    assert.deepEqual(d.pipeline, { id: 'release-train', displayName: 'Release train', url: 'https://ci.example.com/jobs/42' });
    assert.equal(d.url, 'https://ci.example.com/jobs/42');
    const bare = await (async () => {
      jira.deployments.clear();
      return send({ id: '', name: '' });
    })();
    assert.deepEqual(bare.pipeline, { id: 'changetrail', displayName: 'changetrail', url: CONFIGURED });
  });

  it('a good url of the record is kept', () => {
    assert.equal(recordLink('https://ci.example.com/jobs/42?attempt=2'), 'https://ci.example.com/jobs/42?attempt=2');
    assert.equal(recordLink(`https://ci.example.com/${'a'.repeat(1977)}`)?.length, 2000);
  });

  it('the team config refuses a Jira url longer than 2000 characters and a blank pipeline id, naming the field', () => {
    const long = jiraEngineSchema.safeParse({ cloudId: CLOUD, url: `https://git.example.com/${'a'.repeat(2000)}` });
    assert.ok(!long.success && long.error.issues.some((i) => i.path.join('.') === 'url' && /2000/.test(i.message)));
    const blank = jiraEngineSchema.safeParse({ cloudId: CLOUD, url: CONFIGURED, pipeline: { id: '  ' } });
    assert.ok(!blank.success && blank.error.issues.some((i) => i.path.join('.') === 'pipeline.id'));
  });
});
