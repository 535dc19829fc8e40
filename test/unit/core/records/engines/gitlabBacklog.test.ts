import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../../../../src/core/records/outbox';
import { GitlabDeploymentsSink } from '../../../../../src/core/records/sinks/engines/gitlabDeploymentsSink';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeGitlab, GITLAB_TOKEN, startFakeGitlab } from '../../../../helpers/fakes/fakeGitlab';
import { deploymentRecord } from '../../../../helpers/memoryLogIndex';

const NOW = '2026-03-10T10:00:00.000Z';
const Y = 'aaaaaaa1111111111111111111111111111aaaaa';
const X = 'bbbbbbb2222222222222222222222222222bbbbb';

// A GitLab deployment carries no field of ours, so the sink recognises its own by sha and time.
// Entries that waited in the outbox (GitLab down) are delivered after later records of the same
// commit were written: each record must still become its own deployment.
describe('GitlabDeploymentsSink with a backlog in the outbox', () => {
  let gl: FakeGitlab;
  let dir: string;
  beforeEach(async () => {
    gl = await startFakeGitlab('acme/api', NOW);
    gl.known = new Set([X, Y]);
    dir = await mkdtemp(join(tmpdir(), 'ct-gl-backlog-'));
  });
  afterEach(async () => {
    await gl.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a rollback to an earlier commit, queued behind that commit\'s own deployment, is its own newer deployment', async () => {
    const first = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: Y, environment: 'production' });
    const second = deploymentRecord({ createdAt: '2026-03-10T09:10:00.000Z', commit: X, environment: 'production', previousCommit: Y });
    const rollback = deploymentRecord({ createdAt: '2026-03-10T09:20:00.000Z', commit: Y, environment: 'production', kind: 'rollback', rollsBack: second.id });
    const sink = new GitlabDeploymentsSink({ projectId: 'acme/api', apiBaseUrl: `${gl.server.url}/api/v4` }, engineSetup([first, second, rollback], { 'gitlab.token': GITLAB_TOKEN }, NOW));
    const outbox = new Outbox(dir, undefined, { clock: () => Date.parse(NOW), random: () => 0 });
    for (const entry of [first, second, rollback]) await outbox.enqueue(entry, [sink.id]);
    // GitLab comes back (the fake stamps 10:00, after all three records): the backlog goes out in order.
    for (let round = 0; round < 3; round++) await outbox.deliverDue([sink]);
    assert.deepEqual(gl.deployments.map((d) => [d.sha, d.status]), [[Y, 'success'], [X, 'success'], [Y, 'success']], 'the environment ends on the rolled-back-to commit');
    assert.equal((await outbox.status()).filter((s) => s.state === 'delivered').length, 3);
  });

  it('the same commit deployed twice, both queued, is two deployments', async () => {
    const first = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: X, environment: 'staging' });
    const again = deploymentRecord({ createdAt: '2026-03-10T09:05:00.000Z', commit: X, environment: 'staging', note: 'redeploy after a config change' });
    const sink = new GitlabDeploymentsSink({ projectId: 'acme/api', apiBaseUrl: `${gl.server.url}/api/v4` }, engineSetup([first, again], { 'gitlab.token': GITLAB_TOKEN }, NOW));
    const outbox = new Outbox(dir, undefined, { clock: () => Date.parse(NOW), random: () => 0 });
    for (const entry of [first, again]) await outbox.enqueue(entry, [sink.id]);
    await outbox.deliverDue([sink]);
    assert.equal(gl.deployments.length, 2);
    assert.ok(gl.deployments.every((d) => d.status === 'success'));
  });

  // A create answered 502 or 429 made nothing; the retry then saw the first record's finished
  // deployment of the same commit, took it for its own and reported the redeploy delivered.
  for (const status of [502, 429]) {
    it(`a redeploy whose first create was answered ${status} becomes its own deployment on the retry`, async () => {
      const first = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: X, environment: 'production' });
      const again = deploymentRecord({ createdAt: '2026-03-10T09:05:00.000Z', commit: X, environment: 'production', note: 'redeploy' });
      const sink = new GitlabDeploymentsSink({ projectId: 'acme/api', apiBaseUrl: `${gl.server.url}/api/v4` }, engineSetup([first, again], { 'gitlab.token': GITLAB_TOKEN }, NOW));
      let now = Date.parse(NOW);
      const outbox = new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
      await outbox.enqueue(first, [sink.id]);
      assert.equal((await outbox.deliverDue([sink])).delivered, 1);
      await outbox.enqueue(again, [sink.id]);
      gl.next = (req, res) => req.method === 'POST' && (res.writeHead(status, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"message":"try later"}'), true);
      assert.equal((await outbox.deliverDue([sink])).retrying, 1);
      assert.equal(gl.deployments.length, 1, 'the refused create made nothing');
      now += 60 * 60_000;
      assert.equal((await outbox.deliverDue([sink])).delivered, 1);
      assert.deepEqual(gl.deployments.map((d) => [d.sha, d.status]), [[X, 'success'], [X, 'success']], 'each delivered record is a deployment on GitLab');
    });
  }

  it('a retry after the finishing update failed finishes the deployment its create made, and makes no other', async () => {
    const first = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: X, environment: 'production' });
    const sink = new GitlabDeploymentsSink({ projectId: 'acme/api', apiBaseUrl: `${gl.server.url}/api/v4` }, engineSetup([first], { 'gitlab.token': GITLAB_TOKEN }, NOW));
    let now = Date.parse(NOW);
    const outbox = new Outbox(dir, undefined, { clock: () => now, random: () => 0 });
    await outbox.enqueue(first, [sink.id]);
    gl.next = (req) => req.method === 'POST' && ((gl.next = (r2, res2) => r2.method === 'PUT' && (res2.writeHead(503).end(), true)), false);
    assert.equal((await outbox.deliverDue([sink])).retrying, 1);
    assert.deepEqual(gl.deployments.map((d) => d.status), ['running']);
    now += 60 * 60_000;
    assert.equal((await outbox.deliverDue([sink])).delivered, 1);
    assert.deepEqual(gl.deployments.map((d) => d.updates), [['running', 'success']]);
  });
});
