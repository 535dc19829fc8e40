import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deployTags } from '../../../../src/core/git/deployTags';
import { type TestRepo, createTestRepo, testGitEnv } from '../../../helpers/createTestRepo';

// The one order of deploy tags (review of the ninth session's fix): with several --sort keys git
// makes the last the main one, so every lightweight tag (no tagger date) sorted after every
// annotated one, and a lightweight rollback tag added by hand beside CI's annotated tags was the
// oldest deployment again. And one environment's tags moved another's dates.

describe('deploy tags: one order, newest first', () => {
  let repo: TestRepo;
  const at = (iso: string, ...args: string[]) => execFileSync('git', args, { cwd: repo.path, env: testGitEnv({ GIT_COMMITTER_DATE: iso, GIT_AUTHOR_DATE: iso }), stdio: 'ignore' });
  const commit = (iso: string, message: string) => (at(iso, 'commit', '-q', '--allow-empty', '-m', message), repo.git('rev-parse', 'HEAD').trim());
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  it('a lightweight rollback tag made after annotated ones is the newest; another environment is not dated by it', async () => {
    const a = commit('2024-01-01T00:00:00Z', 'A');
    const b = commit('2024-03-01T00:00:00Z', 'B');
    repo.git('tag', 'deploy/staging/1', a);
    repo.git('tag', 'deploy/production/1', b);
    at('2024-04-01T00:00:00Z', 'tag', '-a', '-m', 'ci', 'deploy/production/2', b);
    repo.git('tag', 'deploy/production/3', a); // the rollback, by hand, last
    const production = await deployTags(['refs/tags/deploy/production'], { cwd: repo.path });
    assert.deepEqual(production.map((t) => [t.name, t.commit]), [['deploy/production/3', a], ['deploy/production/2', b], ['deploy/production/1', b]]);
    const both = await deployTags(['refs/tags/deploy/production', 'refs/tags/deploy/staging'], { cwd: repo.path }, (name) => name.split('/')[1]);
    const staging = both.find((t) => t.name === 'deploy/staging/1');
    assert.equal(staging && new Date(staging.at).toISOString(), '2024-01-01T00:00:00.000Z', 'its own commit date, not production\'s');
    assert.equal(both.filter((t) => t.name.startsWith('deploy/production/'))[0].name, 'deploy/production/3');
  });

  it('annotated tags by their tag date, lightweight ones by name with numbers as numbers', async () => {
    const c = commit('2024-01-01T00:00:00Z', 'C');
    for (const n of [9, 10, 100]) repo.git('tag', `deploy/production/${n}`, c);
    const tags = await deployTags(['refs/tags/deploy/production'], { cwd: repo.path });
    assert.deepEqual(tags.map((t) => t.name), ['deploy/production/100', 'deploy/production/10', 'deploy/production/9']);
  });
});
