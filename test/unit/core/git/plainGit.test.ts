import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { gitConfigGet, linkedTicket, linkedTickets, linkTicket } from '../../../../src/core/git/gitConfig';
import { plainGit } from '../../../../src/core/git/plainGit';
import { currentBranch, repositoryRoot } from '../../../../src/core/git/repositoryInfo';
import { tagDeployment } from '../../../../src/core/notes/deploymentTag';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';

// The plain git calls through simple-git (config, tags, push, rev-parse, branch), in real
// repositories: the same answers and error codes as the streaming runner gave, and a user's
// environment (EDITOR, PAGER, GIT_SSH_COMMAND set, as on most machines) is no reason to refuse.

describe('plain git calls (simple-git, real git)', () => {
  let repo: TestRepo;
  const saved = { EDITOR: process.env.EDITOR, PAGER: process.env.PAGER, GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND };
  beforeEach(() => {
    repo = createTestRepo({ branch: 'feature/PROJ-5-tags' });
    Object.assign(process.env, { EDITOR: 'vim', PAGER: 'less', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' });
  });
  afterEach(() => {
    repo.dispose();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('config: unset is undefined; a linked ticket round-trips, per branch and all at once', async () => {
    const options = { cwd: repo.path };
    assert.equal(await gitConfigGet('changetrail.nothing', options), undefined);
    assert.equal(await gitConfigGet('user.name', options), 'Ana Ruiz');
    await linkTicket('feature/PROJ-5-tags', 'OPS-12', options);
    await linkTicket('Release/2.0', 'PROJ-20', options);
    assert.equal(await linkedTicket('feature/PROJ-5-tags', options), 'OPS-12');
    assert.deepEqual([...(await linkedTickets(options))].sort(), [['Release/2.0', 'PROJ-20'], ['feature/PROJ-5-tags', 'OPS-12']]);
    assert.equal(repo.git('config', '--get', 'branch.Release/2.0.changetrailTicket').trim(), 'PROJ-20');
  });

  it('config: a key set twice reads as the last value, as git does; a value keeps its spaces and newlines', async () => {
    const options = { cwd: repo.path };
    repo.git('config', '--add', 'changetrail.twice', 'first');
    repo.git('config', '--add', 'changetrail.twice', 'second');
    assert.equal(await gitConfigGet('changetrail.twice', options), 'second');
    repo.git('config', 'changetrail.spaced', ' two words \n and a line ');
    assert.equal(await gitConfigGet('changetrail.spaced', options), ' two words \n and a line ');
    repo.git('config', 'changetrail.empty', '');
    assert.equal(await gitConfigGet('changetrail.empty', options), undefined);
    repo.git('config', '--add', 'branch.Fix/Twice.changetrailTicket', 'OPS-1');
    repo.git('config', '--add', 'branch.Fix/Twice.changetrailTicket', 'OPS-2');
    assert.equal((await linkedTickets(options)).get('Fix/Twice'), 'OPS-2');
    assert.equal(await linkedTicket('Fix/Twice', options), 'OPS-2');
  });

  it('rev-parse and branch: root, branch, detached HEAD, unborn branch, not a repository', async () => {
    assert.equal(await repositoryRoot({ cwd: repo.path }), repo.path);
    assert.equal(await currentBranch({ cwd: repo.path }), 'feature/PROJ-5-tags');
    repo.git('checkout', '-q', '--detach');
    assert.equal(await currentBranch({ cwd: repo.path }), undefined);
    const unborn = createTestRepo({ initialCommit: false });
    const outside = mkdtempSync(join(tmpdir(), 'changetrail-norepo-'));
    try {
      assert.equal(await currentBranch({ cwd: unborn.path }), 'main');
      await assert.rejects(repositoryRoot({ cwd: outside }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'NotARepository' && /^git rev-parse failed: fatal: not a git repository/.test(e.message));
    } finally {
      unborn.dispose();
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('tags a deployment at its commit and pushes the tag; a refused tag names git’s complaint', async () => {
    const remote = mkdtempSync(join(tmpdir(), 'changetrail-remote-'));
    try {
      execFileSync('git', ['init', '-q', '--bare', remote]);
      repo.git('remote', 'add', 'origin', remote);
      const deployed = repo.commit('PROJ-5: Ship it');
      repo.commit('PROJ-5: Later work');
      const record = { schema: 'changetrail/deployment', version: 1, id: '01JP5Z00000000000000000009', createdAt: '2026-11-24T10:00:00.000Z', environment: 'production', commit: deployed, by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [] } as DeploymentRecord;
      const lines: string[] = [];
      const logger = { trace: (m: string) => void lines.push(m), debug() {}, info() {}, warn() {}, error() {} };
      const name = await tagDeployment(record, 'deploy/{env}/*', true, { cwd: repo.path, logger });
      assert.equal(name, 'deploy/production/2026-11-24-100000');
      assert.equal(repo.git('rev-list', '-n', '1', name).trim(), deployed);
      assert.match(repo.git('tag', '-l', '--format=%(contents:subject)', name), /^Deployed to production by Ana Ruiz \(ChangeTrail deployment record 01JP5Z00000000000000000009\)/);
      assert.equal(execFileSync('git', ['rev-parse', `refs/tags/${name}`], { cwd: remote, encoding: 'utf8' }).trim(), repo.git('rev-parse', name).trim());
      assert.match(lines.join('\n'), /^> git tag -a deploy\/production\/2026-11-24-100000 \[\d+ms\]$/m);
      // The same tag again: git refuses, and says why.
      await assert.rejects(tagDeployment(record, 'deploy/{env}/*', false, { cwd: repo.path }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'GitFailed' && /^git tag failed: fatal: tag 'deploy\/production\/2026-11-24-100000' already exists/.test(e.message));
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('a missing git executable is GitNotFound', async () => {
    await assert.rejects(plainGit(['version'], { cwd: repo.path, gitPath: '/nonexistent/git' }, (git) => git.raw(['--version'])), (e: unknown) => e instanceof ChangeTrailError && e.code === 'GitNotFound');
  });
});
