import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamConfig } from '../../../../src/core/config/createTeamConfig';
import { isChangeTrailError } from '../../../../src/core/errors';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

// A hostile-user probe of "Create Team Config" (the walkthrough's first step): it wrote the starter
// with workspace.fs.writeFile, which follows a cloned repository's `.changetrail` symlink to a
// folder elsewhere (the file landed outside the repository), and replaced a config.json that a
// `git pull` brought while the "Create?" question was open. It now creates only inside the
// repository and only when no file is there.

const STARTER = '{ "version": 1 }\n';

describe('createTeamConfig: the starter config, only inside the repository, never over a file', () => {
  let repo: TestRepo;
  let outside: string;
  beforeEach(() => {
    repo = createTestRepo();
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-outside-')));
  });
  afterEach(() => {
    repo.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  it('creates .changetrail/config.json in a repository that has none', async () => {
    assert.equal(await createTeamConfig(repo.path, STARTER), 'created');
    assert.equal(readFileSync(join(repo.path, '.changetrail', 'config.json'), 'utf8'), STARTER);
  });

  it('refuses a .changetrail that is a symlink out of the repository, writing nothing there', async () => {
    symlinkSync(outside, join(repo.path, '.changetrail'));
    await assert.rejects(createTeamConfig(repo.path, STARTER), (e: unknown) => isChangeTrailError(e) && e.code === 'BadInput' && e.message.includes(outside) && /outside the repository/.test(e.message));
    assert.equal(existsSync(join(outside, 'config.json')), false);
  });

  it('refuses a .changetrail that is a symlink to nothing', async () => {
    symlinkSync(join(outside, 'gone'), join(repo.path, '.changetrail'));
    await assert.rejects(createTeamConfig(repo.path, STARTER), /symbolic link to nothing/);
    assert.equal(existsSync(join(outside, 'gone')), false);
  });

  it('accepts a .changetrail that is a symlink to a folder inside the repository', async () => {
    mkdirSync(join(repo.path, 'tools', 'changetrail'), { recursive: true });
    symlinkSync(join(repo.path, 'tools', 'changetrail'), join(repo.path, '.changetrail'));
    assert.equal(await createTeamConfig(repo.path, STARTER), 'created');
    assert.equal(readFileSync(join(repo.path, 'tools', 'changetrail', 'config.json'), 'utf8'), STARTER);
  });

  it('keeps a config that appeared meanwhile (a pull while the question was open)', async () => {
    repo.write('.changetrail/config.json', '{ "tickets": { "projects": ["OPS"] } }');
    assert.equal(await createTeamConfig(repo.path, STARTER), 'exists');
    assert.equal(readFileSync(join(repo.path, '.changetrail', 'config.json'), 'utf8'), '{ "tickets": { "projects": ["OPS"] } }');
  });

  it('never writes through a config.json that is a symlink (to a file outside, present or not)', async () => {
    mkdirSync(join(repo.path, '.changetrail'));
    symlinkSync(join(outside, 'planted'), join(repo.path, '.changetrail', 'config.json'));
    assert.equal(await createTeamConfig(repo.path, STARTER), 'exists');
    assert.equal(existsSync(join(outside, 'planted')), false);
    writeFileSync(join(outside, 'planted'), 'theirs');
    assert.equal(await createTeamConfig(repo.path, STARTER), 'exists');
    assert.equal(readFileSync(join(outside, 'planted'), 'utf8'), 'theirs');
  });

  it('refuses a .changetrail that is a file', async () => {
    repo.write('.changetrail', 'not a folder');
    await assert.rejects(createTeamConfig(repo.path, STARTER), /is a file, not a folder/);
  });
});
