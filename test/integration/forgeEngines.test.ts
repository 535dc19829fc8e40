import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { changeRecord } from '../fixtures/notes/sampleNotes';
import { type FakeGithub, GITHUB_TOKEN, startFakeGithub } from '../helpers/fakes/fakeGithub';
import { type FakeJira, JIRA_CLIENT, startFakeJira } from '../helpers/fakes/fakeJira';
import { keepTeamFiles } from './teamFiles';
import { changeTrail, eventually, terminalGit } from './testApi';

// Issue 18: a deployment recorded in the editor reaches two engines through the outbox: a GitHub
// deployment with status success, and a Jira deployment on the ticket it carried (both fakes on 127.0.0.1).
describe('a recorded deployment reaches GitHub and Jira deployments (issue 18)', function () {
  this.timeout(90_000);
  let gh: FakeGithub;
  let jira: FakeJira;
  let files: ReturnType<typeof keepTeamFiles>;
  const logFile = () => files.logFile;

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    gh = await startFakeGithub('acme', 'api');
    jira = await startFakeJira('c0ffee-1234');
    const head = terminalGit('rev-parse', 'HEAD').trim();
    gh.known = new Set([head]);
    jira.known = new Set(['PROJ-123']);
    files = keepTeamFiles();
    files.edit((config) => {
      config.freeze = { weekly: [], dates: [] };
      config.engines = {
        github: { owner: 'acme', repo: 'api', apiBaseUrl: gh.server.url },
        jira: { cloudId: 'c0ffee-1234', url: 'https://git.example.com/acme/api', apiBaseUrl: jira.server.url },
      };
    });
    // A change record for HEAD, so the deployment carries ticket PROJ-123.
    appendFileSync(logFile(), `${JSON.stringify(changeRecord({ id: '01JP5Z000000000000000000E8', tickets: ['PROJ-123'], title: 'Login timeout shortened', commits: [{ sha: head, subject: 'PROJ-123: timeout' }] }))}\n`);
    await changeTrail();
    const set = async (engine: string, name: string, value: string) => vscode.commands.executeCommand<boolean | undefined>('changetrail.setEngineSecret', engine, name, value);
    await eventually(() => set('github', 'token', GITHUB_TOKEN), (ok) => ok === true, 'GitHub token stored (config loaded)');
    assert.equal(await set('jira', 'clientId', JIRA_CLIENT.clientId), true);
    assert.equal(await set('jira', 'clientSecret', JIRA_CLIENT.clientSecret), true);
  });

  after(async () => {
    files.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await gh.close();
    await jira.close();
  });

  it('creates the GitHub deployment with a success status and the Jira deployment on PROJ-123', async () => {
    const id = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', confirm: true });
    assert.match(id ?? '', /^[0-9A-Z]{26}$/);
    const seen = () => `GitHub saw ${JSON.stringify(gh.server.requests.map((r) => `${r.method} ${r.path}`))}, Jira saw ${JSON.stringify(jira.server.requests.map((r) => `${r.method} ${r.path}`))}, deployment ${readFileSync(logFile(), 'utf8').split('\n').find((l) => l.includes(id ?? '-'))?.slice(0, 400)}`;
    const deployment = await eventually(() => gh.deployments.find((d) => (d.payload as { changetrail?: string }).changetrail === id), (d) => d?.statuses.at(-1)?.state === 'success', 'a GitHub deployment with status success', 30_000).catch((e: Error) => assert.fail(`${e.message}; ${seen()}`));
    assert.equal(deployment?.environment, 'production');
    const stored = await eventually(() => [...jira.deployments.values()], (list) => list.length === 1, 'one Jira deployment', 30_000);
    assert.deepEqual(stored[0].associations[0].values, ['PROJ-123']);
    assert.equal(stored[0].state, 'successful');
    assert.equal(stored[0].environment.type, 'production');
  });
});
