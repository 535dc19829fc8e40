import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
