import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUnionMerge } from '../../../../src/core/records/unionMerge';
import { createTestRepo } from '../../../helpers/createTestRepo';

describe('the change log merges with merge=union', () => {
  it('adds the .gitattributes line once, keeping what was there', async () => {
    const repo = createTestRepo();
    try {
      repo.write('.gitattributes', '*.png binary');
      const log = join(repo.path, '.changetrail', 'changes.jsonl');
      assert.equal(await ensureUnionMerge(repo.path, log), true);
      assert.equal(await ensureUnionMerge(repo.path, log), false);
      assert.equal(readFileSync(join(repo.path, '.gitattributes'), 'utf8'), '*.png binary\n.changetrail/changes.jsonl merge=union\n');
      assert.equal(await ensureUnionMerge(repo.path, '/mnt/share/changes.jsonl'), false, 'a log outside the repository is left alone');
    } finally {
      repo.dispose();
    }
  });

  it('lets records appended on two branches merge without a conflict (real git)', async () => {
    const repo = createTestRepo();
    try {
      const log = join(repo.path, '.changetrail', 'changes.jsonl');
      await ensureUnionMerge(repo.path, log);
      repo.commit('log', { '.changetrail/changes.jsonl': '{"id":"A"}\n' });
      repo.git('checkout', '-q', '-b', 'other');
      repo.commit('B', { '.changetrail/changes.jsonl': '{"id":"A"}\n{"id":"B"}\n' });
      repo.git('checkout', '-q', 'main');
      repo.commit('C', { '.changetrail/changes.jsonl': '{"id":"A"}\n{"id":"C"}\n' });
      execFileSync('git', ['merge', '-q', '--no-edit', 'other'], { cwd: repo.path, stdio: 'pipe' });
      const lines = readFileSync(log, 'utf8').trim().split('\n').sort();
      assert.deepEqual(lines, ['{"id":"A"}', '{"id":"B"}', '{"id":"C"}']);
    } finally {
      repo.dispose();
    }
  });

  it('never appends through a .gitattributes that is a symlink (a committed link to ~/.bashrc)', async () => {
    const repo = createTestRepo();
    const outside = mkdtempSync(join(tmpdir(), 'changetrail-outside-'));
    try {
      writeFileSync(join(outside, '.bashrc'), 'export PATH\n');
      symlinkSync(join(outside, '.bashrc'), join(repo.path, '.gitattributes'));
      assert.equal(await ensureUnionMerge(repo.path, join(repo.path, '.changetrail', 'changes.jsonl')), false);
      assert.equal(readFileSync(join(outside, '.bashrc'), 'utf8'), 'export PATH\n', 'the file outside the repository is untouched');
    } finally {
      repo.dispose();
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('marks exactly the log when its path has spaces or glob characters, once (git check-attr agrees)', async () => {
    const repo = createTestRepo();
    try {
      for (const name of ['change logs/changes.jsonl', 'logs/[team]*changes?.jsonl', 'logs/with "quote".jsonl']) {
        const log = join(repo.path, name);
        assert.equal(await ensureUnionMerge(repo.path, log), true, name);
        assert.equal(await ensureUnionMerge(repo.path, log), false, `${name}: the line is added once`);
        const attr = (path: string) => execFileSync('git', ['check-attr', 'merge', '--', path], { cwd: repo.path, encoding: 'utf8' });
        assert.match(attr(name), /: merge: union\n$/, name);
      }
      // Before, "change logs/changes.jsonl merge=union" marked a file named "change" (and not the log).
      for (const other of ['change', 'logs/teamXchanges1.jsonl', 'logs/t']) assert.match(execFileSync('git', ['check-attr', 'merge', '--', other], { cwd: repo.path, encoding: 'utf8' }), /: merge: unspecified\n$/, other);
    } finally {
      repo.dispose();
    }
  });
});
