import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-11-30T06:00:00Z' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('changetrail board refuses folders it did not write (built dist/cli.js)', () => {
  it('`--cache .` in a repository: exit 2, the reason, and the repository untouched', () => {
    const repo = createTestRepo();
    try {
      repo.write('README.md', '# mine\n');
      repo.git('add', '.');
      repo.git('commit', '-qm', 'readme');
      const before = readdirSync(repo.path).sort();
      const r = run(repo.path, 'board', '--out', 'public', '--cache', '.');
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /^changetrail board: .* already holds files that are not a board cache \(\.git, README\.md\); name a new or empty folder for --cache/m);
      assert.deepEqual(readdirSync(repo.path).sort(), before);
      assert.equal(repo.git('rev-parse', '--is-inside-work-tree').trim(), 'true');
    } finally {
      repo.dispose();
    }
  });

  it('`--out` at a file or at a folder of other pages: exit 2 and nothing written', () => {
    const repo = createTestRepo();
    try {
      repo.write('docs/index.html', '<h1>home</h1>\n');
      const docs = run(repo.path, 'board', '--out', 'docs');
      assert.equal(docs.code, 2, docs.out + docs.err);
      assert.match(docs.err, /docs already holds files the board did not write \(index\.html\)/);
      assert.deepEqual(readdirSync(join(repo.path, 'docs')), ['index.html']);
      const file = run(repo.path, 'board', '--out', 'docs/index.html');
      assert.equal(file.code, 2, file.out + file.err);
      assert.match(file.err, /index\.html is a file, not a folder/);
      assert.ok(!existsSync(join(repo.path, 'docs', 'data')));
    } finally {
      repo.dispose();
    }
  });
});
