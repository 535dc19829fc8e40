import * as assert from 'node:assert/strict';
import { streamGit, streamGitRecords } from '../../../../src/core/history/streamGit';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';
import { gitProcessesIn, importCommits } from './historyFixtures';

function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid as number, 0);
    return true;
  } catch {
    return false;
  }
}

describe('streaming git runner (real git)', () => {
  let repo: TestRepo;
  before(() => {
    repo = createTestRepo();
    importCommits(repo, 2000, 'hot.txt', 1000);
  });
  after(() => repo.dispose());

  it('splits records on the chosen separator, however the chunks fall', async () => {
    const shas: string[] = [];
    await streamGitRecords(['log', '--format=%H%x00', '-z'], 0, (r) => void (r.length > 0 && shas.push(r.toString())), { cwd: repo.path }).done;
    const expected = repo.git('log', '--format=%H').trim().split('\n');
    assert.equal(shas.length, 2001);
    assert.deepEqual(shas, expected);
  });

  it('stops git when the consumer has enough, and resolves', async () => {
    const seen: string[] = [];
    const stream = streamGitRecords(['rev-list', 'HEAD'], 0x0a, (r) => {
      seen.push(r.toString());
      return seen.length < 3;
    }, { cwd: repo.path });
    await stream.done;
    assert.equal(seen.length, 3);
    assert.equal(alive(stream.pid), false);
  });

  it('kills git on abort and rejects with the abort reason once git has exited', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const stream = streamGit(['log', '-p'], () => {
      if (++chunks === 1) controller.abort();
    }, { cwd: repo.path, signal: controller.signal });
    await assert.rejects(stream.done, { name: 'AbortError' });
    assert.equal(chunks, 1);
    assert.equal(alive(stream.pid), false);
    const left = gitProcessesIn(repo.path, 'log');
    if (left) assert.deepEqual(left, []);
  });

  it('names git complaints and feeds stdin', async () => {
    await assert.rejects(streamGit(['log', 'no-such-rev'], () => undefined, { cwd: repo.path }).done, (e: Error & { code?: string }) => {
      assert.equal(e.code, 'GitFailed');
      assert.match(e.message, /git log failed: .*no-such-rev/);
      return true;
    });
    const out: Buffer[] = [];
    await streamGit(['hash-object', '--stdin'], (chunk) => out.push(chunk), { cwd: repo.path, stdin: 'hello\n' }).done;
    assert.equal(Buffer.concat(out).toString().trim(), 'ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
