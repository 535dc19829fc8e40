import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';

// A new user's probe: `changetrail hooks` (and `config`, `incident`, or a typo such as `hooks
// instal`) answered `unknown command "hooks"` above the whole command list, as if hooks were not a
// ChangeTrail word at all. A group word alone, or with a word that is not one of its commands, is
// still bad usage (exit 2), but the first line names the group's own commands and their usage follows.

async function run(argv: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd: process.cwd(), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI group words (hooks, config, incident) without one of their commands', function () {
  this.timeout(30_000);

  for (const [group, words] of [['hooks', 'install, uninstall, status'], ['config', 'check, schema'], ['incident', 'open, update, resolve']] as const) {
    it(`changetrail ${group}: exit 2, naming ${words}, with their usage only`, async () => {
      const r = await run([group]);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      const [first, ...rest] = r.err.split('\n');
      assert.equal(first, `changetrail ${group}: name one of its commands: ${words}`);
      assert.doesNotMatch(first, /unknown command/);
      assert.match(rest.join('\n'), new RegExp(`Usage: changetrail ${group} `));
      assert.doesNotMatch(rest.join('\n'), /Usage: changetrail <command>|changetrail board/, 'only the group, not every command');
    });
  }

  it('a misspelt command of a group names the group\'s commands', async () => {
    const r = await run(['hooks', 'instal']);
    assert.equal(r.code, 2);
    assert.equal(r.err.split('\n')[0], 'changetrail: unknown command "hooks instal"; the hooks commands are install, uninstall, status');
  });

  it('a word that is no group still gets the whole list', async () => {
    const r = await run(['frob']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^changetrail: unknown command "frob"\n\nUsage: changetrail <command>/);
  });
});
