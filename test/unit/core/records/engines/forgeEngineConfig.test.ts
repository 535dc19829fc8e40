import * as assert from 'node:assert/strict';
import { environmentType } from '../../../../../src/core/config/engines/environmentTypes';
import { parseTeamConfig } from '../../../../../src/core/config/loadTeamConfig';
import { createEngineSinks } from '../../../../../src/core/records/sinks/engines/createEngineSinks';
import { engineSecretVariable } from '../../../../../src/core/records/sinks/engines/engineSinkSetup';
import { GithubDeploymentsSink } from '../../../../../src/core/records/sinks/engines/githubDeploymentsSink';
import { isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { startLocalHttpServer } from '../../../../helpers/localHttpServer';
import { deploymentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';

describe('engines.jira / github / gitlab in the team config', () => {
  it('turns each configured engine into its outbox sink', () => {
    const { config, problems } = parseTeamConfig(
      JSON.stringify({
        engines: {
          jira: { cloudId: 'c0ffee-1234', url: 'https://git.example.com/acme/api', environmentTypes: { 'eu-1': 'production' } },
          github: { owner: 'acme', repo: 'api' },
          gitlab: { projectId: 'acme/api', ref: 'main' },
        },
      }),
      '.changetrail/config.json',
    );
    assert.deepEqual(problems, []);
    const ids = createEngineSinks(config, engineSetup([], {}, NOW)).map((s) => s.id);
    for (const id of ['jira-deployments', 'github-deployments', 'gitlab-deployments']) assert.ok(ids.includes(id), id);
  });

  it('refuses a secret written into the config, naming the field, and does not keep it', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ engines: { github: { owner: 'acme', repo: 'api', token: 'ghp_x' } } }), '.changetrail/config.json');
    assert.ok(problems.some((p) => p.field === 'engines.github.token'), JSON.stringify(problems));
    assert.ok(!JSON.stringify(config.engines).includes('ghp_x'), 'the secret is not kept');
  });

  it('names the environment variables CI sets', () => {
    assert.equal(engineSecretVariable('jira', 'clientId'), 'CHANGETRAIL_JIRA_CLIENT_ID');
    assert.equal(engineSecretVariable('jira', 'clientSecret'), 'CHANGETRAIL_JIRA_CLIENT_SECRET');
    assert.equal(engineSecretVariable('github', 'token'), 'CHANGETRAIL_GITHUB_TOKEN');
    assert.equal(engineSecretVariable('gitlab', 'token'), 'CHANGETRAIL_GITLAB_TOKEN');
  });

  it('guesses environment types from names, the team mapping first', () => {
    const cases: [string, string][] = [['production', 'production'], ['prod-eu', 'production'], ['preprod', 'staging'], ['staging', 'staging'], ['uat', 'staging'], ['qa', 'testing'], ['dev', 'development'], ['eu-1', 'unmapped']];
    for (const [name, type] of cases) assert.equal(environmentType(name, undefined), type, name);
    assert.equal(environmentType('eu-1', { 'eu-1': 'production' }), 'production');
  });

  it('an environment named like an Object property (constructor, toString, __proto__) is a name, not the mapping\'s prototype', () => {
    const mapping = { 'eu-1': 'production' } as const;
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(environmentType(name, mapping), 'unmapped', name);
  });
});

describe('engine requests', () => {
  it('a redirect from an engine API is a permanent failure, never followed with the token', async () => {
    const server = await startLocalHttpServer((_req, res) => void res.writeHead(301, { Location: 'http://127.0.0.1:9/elsewhere' }).end());
    try {
      const sink = new GithubDeploymentsSink({ owner: 'acme', repo: 'api', apiBaseUrl: server.url }, engineSetup([], { 'github.token': 'ghp_token_for_redirect_test' }, NOW));
      const error = await sink.deliver(deploymentRecordFor(), { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
      assert.ok(isPermanentFailure(error), String(error));
      assert.match(String(error), /redirect \(301\)/);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});

function deploymentRecordFor() {
  return deploymentRecord({ createdAt: NOW, commit: 'abcdef1234567' });
}
