import * as assert from 'node:assert/strict';
import { cutText } from '../../../../../src/core/records/sinks/engines/cutText';
import { GithubDeploymentsSink } from '../../../../../src/core/records/sinks/engines/githubDeploymentsSink';
import { jiraDeployment } from '../../../../../src/core/records/sinks/engines/jiraDeployment';
import { engineSetup } from '../../../../helpers/fakes/engineTestSetup';
import { type FakeGithub, GITHUB_TOKEN, startFakeGithub } from '../../../../helpers/fakes/fakeGithub';
import { deploymentRecord } from '../../../../helpers/memoryLogIndex';

// Engines cap their text fields (Jira 255, GitHub's deployment descriptions 140): a cut through an
// emoji left half of it, a lone surrogate that JSON sends as "\ud83d" and receivers refuse.
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const A = 'aaaaaaa1111111111111111111111111111aaaaa';

describe('engine text cut to the vendors\' limits', () => {
  it('cutText never splits a surrogate pair and keeps to the limit in UTF-16 units', () => {
    for (let at = 0; at < 8; at++) {
      const text = `${'x'.repeat(at)}${'🚀'.repeat(10)}`;
      for (const max of [1, 2, 5, 6, 7, 9]) {
        for (const ellipsis of ['', '…']) {
          const cut = cutText(text, max, ellipsis);
          assert.ok(cut.length <= max, `${cut.length} > ${max}`);
          assert.doesNotMatch(cut, LONE, `a lone surrogate in ${JSON.stringify(cut)}`);
        }
      }
    }
    assert.equal(cutText('short', 140), 'short');
  });

  it('Jira deployments: a note with an emoji at the 255th unit is cut before it, never through it', () => {
    const record = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: A, note: `${'n'.repeat(300)}`, environment: `${'e'.repeat(253)}🚀🚀` });
    const d = jiraDeployment({ record, state: 'successful', cause: record, keys: ['PAY-1'], pipeline: { id: 'p', displayName: 'P', url: 'https://ci.example.com' }, url: 'https://ci.example.com', environmentType: 'production' });
    for (const text of [d.displayName, d.description, d.environment.id, d.environment.displayName]) {
      assert.ok(text.length <= 255);
      assert.doesNotMatch(text, LONE, `a lone surrogate in ${JSON.stringify(text.slice(-4))}`);
    }
  });

  describe('GitHub deployments', () => {
    let gh: FakeGithub;
    beforeEach(async () => {
      gh = await startFakeGithub('acme', 'api');
      gh.known = new Set([A]);
    });
    afterEach(() => gh.close());

    it('a note with an emoji across the 140th character goes out whole-charactered in the deployment and its status', async () => {
      const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00.000Z', commit: A, note: `${'n'.repeat(139)}🚀 shipped` });
      const sink = new GithubDeploymentsSink({ owner: 'acme', repo: 'api', apiBaseUrl: gh.server.url }, engineSetup([deploy], { 'github.token': GITHUB_TOKEN }, '2026-03-10T10:00:00.000Z'));
      await sink.deliver(deploy, { idempotencyKey: 'k' });
      const posts = gh.server.requests.filter((r) => r.method === 'POST');
      assert.ok(posts.length >= 2, 'a deployment and its status');
      for (const post of posts) {
        const { description } = JSON.parse(post.body) as { description: string };
        assert.ok(description.length <= 140);
        assert.doesNotMatch(description, LONE, `${post.path}: a lone surrogate at the cut`);
      }
    });
  });
});
