import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliCommands } from '../../../src/cli/main';
import { projectRoot } from '../../helpers/projectRoot';

// A new user's probe: `changetrail record --help` (and note, check, export, gate, board, changed and
// the incident commands) printed `Usage: changetrail record [options]` and a summary, so the only
// way to learn the options was the README; `record` with none said "options: systems: too short".
// Every command's help names every option its source accepts.

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');
const commandsDir = join(root, 'src', 'cli', 'commands');
// Arguments ChangeTrail gives git, which appear in the same files as the options.
const GITS_OWN = new Set(['--', '--not', '--remotes', '--quiet', '--verify', '--show-toplevel', '--absolute-git-dir']);

/** The source of the command named `name`: the file under src/cli/commands declaring it. */
function sourceOf(name: string): string {
  const found = readdirSync(commandsDir).map((f) => readFileSync(join(commandsDir, f), 'utf8')).filter((text) => text.includes(`name: '${name}',`));
  assert.equal(found.length, 1, `one file declares the command ${name}`);
  return found[0];
}

describe('every command\'s --help names every option it takes (built dist/cli.js)', function () {
  this.timeout(60_000);
  for (const entry of cliCommands) {
    it(entry.name, () => {
      const r = spawnSync(process.execPath, [cli, ...entry.name.split(' '), '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /\[options\]/, 'a placeholder instead of the options');
      const options = new Set([...sourceOf(entry.name).matchAll(/'(--[a-z0-9-]*)'/g)].map((m) => m[1]).filter((o) => !GITS_OWN.has(o)));
      const missing = [...options].filter((o) => !new RegExp(`${o}(?![a-z0-9-])`).test(r.stdout));
      assert.deepEqual(missing, [], `${entry.name} --help leaves out ${missing.join(', ')}:\n${r.stdout}`);
    });
  }
});
