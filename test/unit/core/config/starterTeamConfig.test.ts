import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_STARTER, starterTeamConfig } from '../../../../src/core/config/starterTeamConfig';
import { silentLogger } from '../../../../src/core/log';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

// A hostile-user probe of "Create Team Config" in Restricted Mode (the walkthrough's first step and
// the Current Change button stay available there): the starter was suggested from the history with
// `git log`, `git for-each-ref` and `git ls-files` in the untrusted folder, and `git ls-files` runs
// the command a repository's own .git/config names as core.fsmonitor. An untrusted folder gets the
// empty starter and git is not run in it.

describe('starterTeamConfig: suggestions from the history only in a trusted folder', function () {
  this.timeout(30_000);
  let repo: TestRepo;
  let marks: string;
  let marker: string;
  beforeEach(() => {
    repo = createTestRepo({ branch: 'feature/PROJ-3-login' });
    repo.commit('PROJ-1: Billing export', { 'billing/export.ts': 'x' });
    repo.commit('PROJ-2: Billing totals', { 'billing/totals.ts': 'y' });
    marks = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-fsmonitor-')));
    marker = join(marks, 'ran');
    // What a hostile folder's .git/config can hold: git runs it on commands that read the index.
    repo.git('config', 'core.fsmonitor', `touch '${marker}'; true #`);
  });
  afterEach(() => {
    repo.dispose();
    rmSync(marks, { recursive: true, force: true });
  });

  it('untrusted: the empty starter, and nothing the repository names is run', async () => {
    const text = await starterTeamConfig({ root: repo.path, trusted: false, logger: silentLogger });
    assert.equal(existsSync(marker), false, 'core.fsmonitor ran in an untrusted folder');
    assert.equal(text, EMPTY_STARTER);
  });

  it('trusted: projects suggested from the history', async () => {
    const text = await starterTeamConfig({ root: repo.path, trusted: true, logger: silentLogger });
    assert.deepEqual((JSON.parse(text) as { tickets: { projects: string[] } }).tickets.projects, ['PROJ']);
  });
});
