import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// The GitLab template's changetrail-check when there is no earlier commit: a branch pipeline of a new
// branch has CI_COMMIT_BEFORE_SHA all zeros and no CI_MERGE_REQUEST_DIFF_BASE_SHA
// (https://docs.gitlab.com/ci/variables/predefined_variables/). Checking the head alone passed a push
// of many commits when the last one named a ticket.

const root = projectRoot();
const ZEROS = '0'.repeat(40);

/** The `script:` lines of `job` in the GitLab template. */
function templateScript(job: string): string[] {
  const lines = readFileSync(join(root, 'templates', 'gitlab', 'changetrail.gitlab-ci.yml'), 'utf8').split('\n');
  const start = lines.indexOf(`${job}:`);
  const at = lines.indexOf('  script:', start);
  const script: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const item = /^ {4}- (.*)$/.exec(line)?.[1];
    if (item === undefined) break;
    script.push(item);
  }
  return script;
}

describe('GitLab template: changetrail-check with no earlier commit', () => {
  let repo: TestRepo;
  let head: string;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('PROJ-1: Add the team policy', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }) });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('First, no ticket', { 'a.txt': 'a\n' });
    repo.commit('Second, no ticket', { 'b.txt': 'b\n' });
    head = repo.commit('PROJ-2: Third', { 'c.txt': 'c\n' });
  });
  afterEach(() => repo.dispose());

  const job = (extra: Record<string, string>) =>
    spawnSync('sh', ['-ec', templateScript('changetrail-check').join('\n')], {
      cwd: repo.path, encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', CHANGETRAIL: `${process.execPath} ${join(root, 'dist', 'cli.js')}`, CI_COMMIT_SHA: head, CI_COMMIT_BEFORE_SHA: ZEROS, CI_DEFAULT_BRANCH: 'main', ...extra },
    });

  it('a new branch: every commit not on the default branch is checked, not the head alone', () => {
    repo.git('remote', 'add', 'origin', repo.path);
    const r = job({ CI_COMMIT_BRANCH: 'feature' });
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /First, no ticket/);
    assert.match(r.stdout, /Second, no ticket/);
  });

  it('the default branch cannot be fetched: exit 2 saying why, never a pass', () => {
    const r = job({ CI_COMMIT_BRANCH: 'feature' });
    assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /cannot tell which commits are new/);
  });

  it('the default branch itself, created by this push: all of it is checked', () => {
    const r = job({ CI_COMMIT_BRANCH: 'main' });
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /First, no ticket/);
  });
});
