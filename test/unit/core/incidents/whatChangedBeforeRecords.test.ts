import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { whatChanged } from '../../../../src/core/incidents/whatChanged';
import { type TestRepo, createTestRepo, testGitEnv } from '../../../helpers/createTestRepo';
import { deploymentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

// Asked about a time before the first recorded deployment (the team began recording later), the
// answer said "No deployment records or deploy tags" and listed every commit of HEAD written in the
// window as having gone live then, including commits that went live only after T.

const config = teamConfigSchema.parse({ systems: [{ name: 'Billing', paths: ['billing/**'] }] });
const T = Date.parse('2026-11-30T06:10:00Z');

function commitAt(repo: TestRepo, message: string, iso: string): string {
  const env = testGitEnv({ GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso });
  repo.write(`billing/${message.length}.ts`, message);
  execFileSync('git', ['add', '-A'], { cwd: repo.path, env });
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo.path, env });
  return repo.git('rev-parse', 'HEAD').trim();
}

describe('what changed before T, when deployments were recorded only after T', () => {
  let repo: TestRepo;
  let live: string;
  let later: string;
  beforeEach(() => {
    repo = createTestRepo();
    live = commitAt(repo, 'Billing: live before recording began', '2026-11-30T03:00:00Z');
    later = commitAt(repo, 'Billing: went live at 08:00, after T', '2026-11-30T05:00:00Z');
  });
  afterEach(() => repo.dispose());

  it('lists only the commits of what was live before the first recorded deployment, and says why', async () => {
    const first = deploymentRecord({ createdAt: '2026-11-30T08:00:00.000Z', commit: later, previousCommit: live });
    const answer = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([first]), config, repoRoot: repo.path });
    const shas = answer.deployments.map((d) => d.commit);
    assert.ok(!shas.includes(later), 'a commit that went live after T is no suspect');
    assert.deepEqual(shas, [live]);
    assert.match(answer.problems.join('\n'), new RegExp(`No deployment to production is recorded before 2026-11-30T06:10:00.000Z: the first recorded one is ${first.id}.*commits of ${live.slice(0, 7)} \\(live before it\\)`));
  });

  it('without the previous commit of the first recorded deployment: nothing from git, and it says it cannot know', async () => {
    const first = deploymentRecord({ createdAt: '2026-11-30T08:00:00.000Z', commit: later });
    const answer = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([first]), config, repoRoot: repo.path });
    assert.deepEqual(answer.deployments, []);
    assert.match(answer.problems.join('\n'), /What was live before it is not known/);
  });
});
