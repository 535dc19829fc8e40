import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTeamConfig } from '../../../src/core/config/teamConfigSchema';
import { shellQuote } from '../../../src/core/shellQuote';
import { rejectionMessage } from '../../../src/core/tickets/rejectionMessage';
import { createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// Commands printed for copy and paste: pasting one must run exactly that command. A branch named
// x-$(cmd) used to run cmd when its suggested `git config branch.<name>...` was pasted.

const HOSTILE = ["x-$(touch pwned)", 'y-`touch pwned`', "it's-$(touch pwned)", "z;touch pwned", 'a"$HOME"b', 'tab\there', 'new\nline', "''", '', '-n', '!!', '\\$x', 'ünï😀'];

describe('shellQuote', () => {
  it('sh reads every quoted argument back byte for byte and runs nothing', () => {
    let seed = 11;
    const alphabet = ['a', '$', '(', ')', '`', "'", '"', '\\', ' ', '\n', ';', '|', '&', '*', '?', '~', '#', '!', '{', '}', 'é'];
    const samples = [...HOSTILE];
    for (let i = 0; i < 150; i++) {
      let s = '';
      for (let n = (seed = (seed * 1103515245 + 12345) % 2147483648) % 9; n > 0; n--) s += alphabet[(seed = (seed * 1103515245 + 12345) % 2147483648) % alphabet.length];
      samples.push(s);
    }
    const script = samples.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join('\n');
    const out = execFileSync('sh', ['-c', script], { cwd: '/tmp', encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), samples);
  });

  it('leaves plain arguments bare', () => {
    assert.equal(shellQuote('branch.feature/PROJ-1-x.changetrailTicket'), 'branch.feature/PROJ-1-x.changetrailTicket');
    assert.equal(shellQuote('.git/COMMIT_EDITMSG'), '.git/COMMIT_EDITMSG');
    assert.equal(shellQuote('x-$(cmd)'), "'x-$(cmd)'");
  });

  for (const branch of ['x-$(touch${IFS}pwned)', "it's-`touch${IFS}pwned`"]) {
    it(`the suggested commands for branch ${JSON.stringify(branch)} do exactly what they say when pasted`, () => {
      const repo = createTestRepo();
      try {
        repo.git('checkout', '-q', '-b', branch);
        const text = rejectionMessage('Shorten the timeout', defaultTeamConfig().tickets, branch, undefined, '.git/COMMIT EDITMSG');
        const link = text.split('\n').map((l) => l.trim()).find((l) => l.startsWith('git config '));
        assert.ok(link, text);
        const env = testGitEnv();
        spawnSync('sh', ['-c', link], { cwd: repo.path, env });
        assert.equal(existsSync(join(repo.path, 'pwned')), false, 'the pasted command ran something else');
        assert.equal(repo.git('config', `branch.${branch}.changetrailTicket`).trim(), 'PROJ-123');
        assert.match(text, /git commit -e -F '\.git\/COMMIT EDITMSG'/);

        // The CLI's own suggestion (`changetrail ticket` on a branch without a ticket) likewise.
        repo.git('config', '--unset', `branch.${branch}.changetrailTicket`);
        const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'cli.js'), 'ticket'], { cwd: repo.path, env, encoding: 'utf8' });
        const suggested = r.stderr.slice(r.stderr.indexOf('git config '));
        spawnSync('sh', ['-c', suggested.trim()], { cwd: repo.path, env });
        assert.equal(existsSync(join(repo.path, 'pwned')), false);
        assert.equal(repo.git('config', `branch.${branch}.changetrailTicket`).trim(), 'PROJ-123');
      } finally {
        repo.dispose();
      }
    });
  }

  it('a rejection quotes a bounded excerpt of a huge one-line message, not the message', () => {
    const text = rejectionMessage('x'.repeat(1 << 20), defaultTeamConfig().tickets, undefined, undefined);
    assert.ok(text.length < 2000, `${text.length} characters`);
  });
});
