import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { deploymentRange } from '../../../../src/core/notes/deploymentRange';
import { deploymentTagName, tagDeployment } from '../../../../src/core/notes/deploymentTag';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { ulid } from '../../../../src/core/records/ulid';
// @ts-expect-error demoRepo.mjs ships no type declarations; the one function used is typed below.
import { buildDemoRepo as buildDemoRepoUntyped } from '../../../fixtures/demoRepo.mjs';
import { type TestRepo, createTestRepo, testGitEnv } from '../../../helpers/createTestRepo';

// deploymentRange on real git histories: first deployment, merges, a deployed commit lost to a
// force push, an empty range, a rollback, and the demo repository's deploy/<env>/* tags.

const buildDemoRepo = buildDemoRepoUntyped as (dir: string, options?: { branch?: string }) => string;
const syntax = { projects: ['PROJ', 'OPS'], patterns: [] };

function deployed(commit: string, createdAt: string, environment = 'production'): DeploymentRecord {
  return { schema: 'changetrail/deployment', version: 1, id: ulid(Date.parse(createdAt)), createdAt, environment, commit, by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [] };
}

describe('deploymentRange', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  it('first deployment: everything reachable, newest first, capped and saying so', async () => {
    repo.commit('PROJ-1: one', { 'a.txt': '1' });
    repo.commit('PROJ-2: two', { 'a.txt': '2' });
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { ticketSyntax: syntax });
    assert.equal(range.firstDeploy, true);
    assert.equal(range.from, undefined);
    assert.equal(range.basis, 'none');
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-2: two', 'PROJ-1: one', 'Initial commit']);
    assert.deepEqual(range.commits[0].tickets, ['PROJ-2']);
    assert.equal(range.commits[0].author, 'Ana Ruiz');
    assert.match(range.commits[0].date, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(range.truncated, false);
    assert.equal(range.problem, undefined);

    const capped = await deploymentRange(repo.path, 'production', 'HEAD', { limit: 2 });
    assert.equal(capped.commits.length, 2);
    assert.equal(capped.totalCommits, 3);
    assert.equal(capped.truncated, true);
  });

  it('starts at the newest deployment record of the environment, not another environment', async () => {
    const a = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const b = repo.commit('PROJ-2: two', { 'a.txt': '2' });
    repo.commit('PROJ-3: three', { 'a.txt': '3' });
    const entries = [deployed(a, '2025-03-01T10:00:00.000Z'), deployed(b, '2025-03-05T10:00:00.000Z', 'staging'), deployed(b.slice(0, 12), '2025-03-03T10:00:00.000Z')];
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries, ticketSyntax: syntax });
    assert.equal(range.from, b, 'an abbreviated sha in a record resolves');
    assert.equal(range.basis, 'record');
    assert.match(range.basisLabel ?? '', /^deployment record .* of 2025-03-03 by Ana Ruiz$/);
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-3: three']);
    const staging = await deploymentRange(repo.path, 'staging', 'HEAD', { entries });
    assert.deepEqual(staging.commits.map((c) => c.subject), ['PROJ-3: three']);
  });

  it('merges: lists the merged branch commits and the merge, with the branch and its ticket', async () => {
    const base = repo.commit('PROJ-1: base', { 'a.txt': '1' });
    repo.git('checkout', '-q', '-b', 'bugfix/ops-7-crash');
    repo.commit('Fail fast without REDIS_URL', { 'b.txt': '1' });
    repo.git('checkout', '-q', 'main');
    repo.commit('PROJ-2: on main meanwhile', { 'a.txt': '2' });
    repo.git('merge', '-q', '--no-ff', '-m', "Merge branch 'bugfix/ops-7-crash'", 'bugfix/ops-7-crash');
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries: [deployed(base, '2025-03-01T10:00:00.000Z')], ticketSyntax: syntax });
    assert.deepEqual(range.commits.map((c) => c.subject).sort(), ["Merge branch 'bugfix/ops-7-crash'", 'Fail fast without REDIS_URL', 'PROJ-2: on main meanwhile'].sort());
    const merge = range.commits.find((c) => c.merge);
    assert.equal(merge?.mergedBranch, 'bugfix/ops-7-crash');
    assert.deepEqual(merge?.tickets, ['OPS-7'], 'a lower-case branch name counts at the start of a segment');
    assert.equal(range.totalCommits, 3);
  });

  it('an empty range: the deployed commit is already live', async () => {
    const head = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries: [deployed(head, '2025-03-01T10:00:00.000Z')] });
    assert.deepEqual([range.commits.length, range.totalCommits, range.removed.length, range.firstDeploy, range.problem], [0, 0, 0, false, undefined]);
    assert.equal(range.from, head);
    assert.equal(range.to, head);
  });

  it('a rollback to an older commit lists what it takes out', async () => {
    const old = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const head = repo.commit('PROJ-2: two', { 'a.txt': '2' });
    const range = await deploymentRange(repo.path, 'production', old, { entries: [deployed(head, '2025-03-01T10:00:00.000Z')] });
    assert.equal(range.commits.length, 0);
    assert.deepEqual(range.removed.map((c) => c.subject), ['PROJ-2: two']);
    assert.match(range.problem ?? '', /older commit than the one live on production \(.{7}\): it takes 1 commit back out/);
  });

  it('a deployed commit removed by a force push: a clear problem, an earlier deployment as the start, no throw', async () => {
    const first = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const lost = repo.commit('PROJ-2: pushed, deployed, then force-pushed away', { 'a.txt': '2' });
    repo.git('reset', '-q', '--hard', first);
    repo.commit('PROJ-3: the rewritten history', { 'a.txt': '3' });
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    assert.throws(() => repo.git('cat-file', '-e', `${lost}^{commit}`), 'the deployed commit is gone');

    const entries = [deployed(first, '2025-03-01T10:00:00.000Z'), deployed(lost, '2025-03-02T10:00:00.000Z')];
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries });
    assert.equal(range.basis, 'fallback');
    assert.equal(range.from, first);
    assert.equal(range.previous, lost, 'the commit that was live is still named');
    assert.equal(range.previousMissing, true);
    assert.match(range.problem ?? '', new RegExp(`The commit live on production \\(${lost.slice(0, 7)}, deployment record .*\\) cannot be found: it is no longer in this repository, probably removed by a force push\\. Listing the changes since an earlier deployment`));
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-3: the rewritten history']);

    const unknown = await deploymentRange(repo.path, 'production', 'HEAD', { entries: [deployed(lost, '2025-03-02T10:00:00.000Z')] });
    assert.equal(unknown.basis, 'none');
    assert.equal(unknown.firstDeploy, false);
    assert.equal(unknown.from, undefined);
    assert.match(unknown.problem ?? '', /cannot be found.*The range is unknown: listing the newest commits.*--since <commit>/);
    assert.equal(unknown.commits.length, 3, 'everything reachable, so nothing new is hidden');
  });

  it('a deployed commit a tag still holds after a force push: changes since the common ancestor, and what is no longer there', async () => {
    const base = repo.commit('PROJ-1: base', { 'a.txt': '1' });
    const old = repo.commit('PROJ-2: deployed, then rewritten', { 'a.txt': '2' });
    repo.git('tag', 'deploy/production/2025-03-01', old);
    repo.git('reset', '-q', '--hard', base);
    repo.commit('PROJ-3: new history', { 'a.txt': '3' });
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { tagPattern: 'deploy/{env}/*' });
    assert.equal(range.basis, 'tag');
    assert.equal(range.from, old);
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-3: new history']);
    assert.deepEqual(range.removed.map((c) => c.subject), ['PROJ-2: deployed, then rewritten']);
    assert.match(range.problem ?? '', new RegExp(`not in the history of .{7}: history was rewritten.*common ancestor ${base.slice(0, 7)}; 1 deployed commit is not in this version`));
  });

  it('a tag made for a recorded deployment is where the next range starts', async () => {
    const head = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    assert.equal(deploymentTagName('deploy/{env}/*', 'production', new Date('2025-03-14T15:00:09.123Z')), 'deploy/production/2025-03-14-150009');
    assert.equal(deploymentTagName('releases/{env}', 'pre prod', new Date('2025-03-14T15:00:09.123Z')), 'releases/pre-prod/2025-03-14-150009');
    const tag = await tagDeployment(deployed(head, '2025-03-14T15:00:09.123Z'), 'deploy/{env}/*', false, { cwd: repo.path });
    assert.equal(repo.git('cat-file', '-t', tag).trim(), 'tag', 'an annotated tag');
    repo.commit('PROJ-2: two', { 'a.txt': '2' });
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { tagPattern: 'deploy/{env}/*' });
    assert.deepEqual([range.from, range.basisLabel, range.commits.length], [head, `tag ${tag}`, 1]);
  });

  it('the newest deployment record by the instant its createdAt names, whatever its offset', async () => {
    const a = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const b = repo.commit('PROJ-2: two', { 'a.txt': '2' });
    repo.commit('PROJ-3: three', { 'a.txt': '3' });
    // 10:00+02:00 is 08:00Z: before the 09:00Z deployment of b, though its characters sort after.
    const entries = [deployed(b, '2025-03-05T09:00:00.000Z'), { ...deployed(a, '2025-03-05T08:00:00.000Z'), createdAt: '2025-03-05T10:00:00+02:00' }];
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries, ticketSyntax: syntax });
    assert.equal(range.from, b);
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-3: three']);
  });

  it('lightweight deploy tags: the newest by name, not by their commit’s date (a rollback tags an older commit last)', async () => {
    const dated = (message: string, day: string) => {
      repo.write('a.txt', message);
      repo.git('add', 'a.txt');
      execFileSync('git', ['commit', '-qm', message], { cwd: repo.path, env: testGitEnv({ GIT_COMMITTER_DATE: `${day}T10:00:00Z`, GIT_AUTHOR_DATE: `${day}T10:00:00Z` }) });
      return repo.git('rev-parse', 'HEAD').trim();
    };
    const c1 = dated('PROJ-1: one', '2025-03-01');
    dated('PROJ-2: two', '2025-03-02');
    const c3 = dated('PROJ-3: three', '2025-03-03');
    for (const [first, rollback] of [['deploy/production/2025-03-03-120000', 'deploy/production/2025-03-04-120000'], ['deploy/staging/999', 'deploy/staging/1000']]) {
      repo.git('tag', first, c3);
      repo.git('tag', rollback, c1);
      const environment = first.split('/')[1];
      const range = await deploymentRange(repo.path, environment, 'HEAD', { tagPattern: 'deploy/{env}/*' });
      // c3 was deployed, then rolled back to c1: deploying c3 again ships PROJ-2 and PROJ-3 again.
      assert.deepEqual([range.from, range.basisLabel, range.commits.map((c) => c.subject)], [c1, `tag ${rollback}`, ['PROJ-3: three', 'PROJ-2: two']], environment);
    }
  });

  it('--since overrides the records; a ref or since that names no commit is a BadRange error', async () => {
    const a = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    repo.commit('PROJ-2: two', { 'a.txt': '2' });
    const range = await deploymentRange(repo.path, 'production', 'HEAD', { since: a, entries: [deployed(repo.git('rev-parse', 'HEAD').trim(), '2025-03-01T10:00:00.000Z')] });
    assert.equal(range.basis, 'since');
    assert.deepEqual(range.commits.map((c) => c.subject), ['PROJ-2: two']);
    for (const options of [{ ref: 'no-such-branch' }, { ref: 'HEAD', since: 'v9.9.9' }, { ref: '--all' }]) {
      await assert.rejects(deploymentRange(repo.path, 'production', options.ref, { since: options.since }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'BadRange');
    }
  });
});

describe('deploymentRange on the demo repository (deploy/<env>/* tags)', () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-demo-')));
    buildDemoRepo(join(dir, 'acme'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('production: from the production tag to main, with the OPS-7 merge and the rename', async () => {
    const root = join(dir, 'acme');
    const range = await deploymentRange(root, 'production', 'main', { tagPattern: 'deploy/{env}/*', ticketSyntax: syntax });
    assert.equal(range.basis, 'tag');
    assert.equal(range.basisLabel, 'tag deploy/production/2026-11-13');
    assert.deepEqual(range.commits.map((c) => c.subject).sort(), [
      "Merge branch 'bugfix/OPS-7-crash-on-start'",
      'OPS-7: Fail with a clear message when REDIS_URL is missing',
      'PROJ-130: Rename timeout.ts to sessionTimeout.ts',
    ].sort());
    assert.deepEqual(range.commits.find((c) => c.merge)?.tickets, ['OPS-7']);
    assert.deepEqual(new Set(range.commits.map((c) => c.author)), new Set(['Chen Wei']));
  });

  it('staging: main is already live (nothing new); the feature branch carries its two commits', async () => {
    const root = join(dir, 'acme');
    const empty = await deploymentRange(root, 'staging', 'main', { tagPattern: 'deploy/{env}/*' });
    assert.deepEqual([empty.commits.length, empty.basisLabel], [0, 'tag deploy/staging/2026-11-19']);
    const feature = await deploymentRange(root, 'staging', 'feature/PROJ-123-login-timeout', { tagPattern: 'deploy/{env}/*', ticketSyntax: syntax });
    assert.deepEqual(feature.commits.map((c) => c.tickets), [['PROJ-123'], ['PROJ-123']]);
  });
});
