import * as assert from 'node:assert/strict';
import { deployedHeads, isLiveIn, LiveInIndex } from '../../../../src/core/history/liveIn';
import type { Logger } from '../../../../src/core/log';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { ulid } from '../../../../src/core/records/ulid';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';
import { commitAt, gitWith } from './historyFixtures';

const T = 1_700_000_000;

function deployment(environment: string, commit: string, createdAt: string): DeploymentRecord {
  const at = Date.parse(createdAt);
  return { schema: 'changetrail/deployment', version: 1, id: ulid(at), createdAt, environment, commit, by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [] };
}

/** Records git calls so a test can count them. */
function countingLogger(calls: string[]): Logger {
  const none = () => undefined;
  return { trace: (m: string) => void calls.push(m), debug: none, info: none, warn: none, error: none };
}

describe('where a commit is live (real git)', () => {
  let repo: TestRepo;
  let c: Record<'a' | 'feature' | 'b' | 'merge' | 'd' | 'unmerged', string>;

  beforeEach(() => {
    repo = createTestRepo();
    const a = commitAt(repo, T + 10, 'PROJ-1 a', { 'a.txt': 'a\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const feature = commitAt(repo, T + 20, 'PROJ-2 feature', { 'f.txt': 'f\n' });
    repo.git('checkout', '-q', '-b', 'spike', 'main');
    const unmerged = commitAt(repo, T + 25, 'PROJ-9 spike', { 's.txt': 's\n' });
    repo.git('checkout', '-q', 'main');
    const b = commitAt(repo, T + 30, 'PROJ-3 b', { 'b.txt': 'b\n' });
    gitWith(repo, { GIT_AUTHOR_DATE: `@${T + 40} +0000`, GIT_COMMITTER_DATE: `@${T + 40} +0000` }, 'merge', '-q', '--no-ff', '--no-edit', 'feature');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    const d = commitAt(repo, T + 50, 'PROJ-4 d', { 'd.txt': 'd\n' });
    c = { a, feature, b, merge, d, unmerged };
  });
  afterEach(() => repo.dispose());

  it('finds the newest deploy tag per environment by creation date, peeling annotated tags', async () => {
    gitWith(repo, { GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' }, 'tag', '-a', '-m', 'deploy', 'deploy/production/b-older', c.b);
    gitWith(repo, { GIT_COMMITTER_DATE: '2024-02-01T00:00:00Z' }, 'tag', '-a', '-m', 'deploy', 'deploy/production/a-newer', c.merge);
    gitWith(repo, { GIT_COMMITTER_DATE: '2024-03-01T00:00:00Z' }, 'tag', '-a', '-m', 'not prod', 'deploy/production-eu/x', c.d);
    repo.git('tag', 'deploy/staging/1', c.d);
    const heads = await deployedHeads(repo.path, ['staging', 'production', 'dev'], {});
    assert.deepEqual(heads.map((h) => [h.environment, h.source, h.commit, h.tag, h.known]), [
      ['staging', 'tag', c.d, 'deploy/staging/1', true],
      ['production', 'tag', c.merge, 'deploy/production/a-newer', true],
      ['dev', 'none', undefined, undefined, false],
    ]);
    assert.equal(heads[1].deployedAt, '2024-02-01T00:00:00.000Z');
    const custom = await deployedHeads(repo.path, ['production'], { tagPattern: 'release-{env}-*' });
    assert.equal(custom[0].source, 'none');
  });

  it('lightweight deploy tags: the newest by name, not by their commit date (a rollback tags an older commit last)', async () => {
    repo.git('tag', 'deploy/production/1', c.d);
    repo.git('tag', 'deploy/production/2', c.a);
    const [head] = await deployedHeads(repo.path, ['production'], {});
    assert.deepEqual([head.tag, head.commit], ['deploy/production/2', c.a]);
    // No earlier than the deployment it rolled back.
    assert.ok(Date.parse(head.deployedAt as string) >= (T + 50) * 1000, head.deployedAt);
  });

  it('prefers the newest deployment record of an environment over any tag', async () => {
    repo.git('tag', 'deploy/production/1', c.d);
    const records = [
      deployment('production', c.b.slice(0, 7), '2024-03-01T00:00:00.000Z'),
      deployment('production', c.a, '2024-01-01T00:00:00.000Z'),
      deployment('staging', c.merge, '2024-02-01T00:00:00.000Z'),
    ];
    const heads = await deployedHeads(repo.path, ['staging', 'production'], { deploymentRecords: records });
    assert.deepEqual(heads.map((h) => [h.environment, h.source, h.commit, h.known]), [
      ['staging', 'record', c.merge, true],
      ['production', 'record', c.b, true],
    ]);
    assert.equal(heads[1].recordId, records[0].id);
  });

  it('answers membership for many commits, through merges, with one rev-list per head', async () => {
    const calls: string[] = [];
    const index = new LiveInIndex(countingLogger(calls));
    const heads = await deployedHeads(repo.path, ['staging', 'production'], {
      deploymentRecords: [deployment('staging', c.d, '2024-02-01T00:00:00.000Z'), deployment('production', c.merge, '2024-01-01T00:00:00.000Z')],
    });
    const table: Record<string, (boolean | undefined)[]> = {};
    for (const [name, sha] of Object.entries(c)) table[name] = (await index.liveIn(repo.path, sha, heads)).map((l) => l.live);
    const expected: Record<string, (boolean | undefined)[]> = {
      a: [true, true],
      feature: [true, true], // reached production through the merge
      b: [true, true],
      merge: [true, true],
      d: [true, false],
      unmerged: [false, false],
    };
    assert.deepEqual(table, expected);
    const all = await index.liveInAll(repo.path, Object.values(c), heads);
    assert.deepEqual(Object.fromEntries(Object.entries(c).map(([name, sha]) => [name, all.get(sha)?.map((l) => l.live)])), expected);
    assert.equal(calls.filter((m) => m.startsWith('> git rev-list')).length, 2);
    for (const [name, sha] of Object.entries(c)) {
      assert.equal((await isLiveIn(repo.path, sha, heads[1])).live, expected[name][1], `isLiveIn agrees for ${name}`);
    }
  });

  it('says "unknown" when the deployed commit was force-pushed away, and when nothing is deployed', async () => {
    const gone = commitAt(repo, T + 60, 'PROJ-5 pushed then force-pushed away', { 'e.txt': 'e\n' });
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    assert.throws(() => repo.git('cat-file', '-e', gone));
    const [production, dev] = await deployedHeads(repo.path, ['production', 'dev'], { deploymentRecords: [deployment('production', gone, '2024-01-01T00:00:00.000Z')] });
    assert.deepEqual([production.source, production.known, production.commit], ['record', false, gone]);
    const index = new LiveInIndex();
    const answer = await index.isLiveIn(repo.path, c.a, production);
    assert.equal(answer.live, undefined);
    assert.match(answer.reason ?? '', new RegExp(`deployed commit ${gone.slice(0, 7)} not in this repository`));
    assert.equal((await isLiveIn(repo.path, c.a, production)).live, undefined);
    assert.deepEqual(await index.isLiveIn(repo.path, c.a, dev), { environment: 'dev', live: undefined, reason: 'no deployment to dev is recorded or tagged' });
  });
});
