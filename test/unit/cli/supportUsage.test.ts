import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../helpers/projectRoot';

// `changetrail board --help`, `export --help` and `note --help` printed "Usage: changetrail board
// [options]" and nothing else: a new user could not learn that --out is required or that --log,
// --cache, --until or --record exist without the README.

const cli = join(projectRoot(), 'dist', 'cli.js');
const OPTIONS: Record<string, string[]> = {
  board: ['--out <dir>', '--repo', '--log', '--title', '--tz', '--cache'],
  export: ['--since', '--until', '--format csv|jsonl', '--tz', '--out', '--repo', '--log'],
  note: ['--env <env>', '--ref', '--since', '--format', '--limit', '--record', '--message', '--override-reason', '--post', '--wait', '--by'],
  metrics: ['--month', '--week', '--env', '--system', '--tz', '--format', '--repo', '--log'],
  digest: ['--since', '--until', '--env', '--title', '--format', '--post', '--by', '--wait'],
};

describe('support commands: --help names every option', () => {
  for (const [command, options] of Object.entries(OPTIONS)) {
    it(`${command} --help`, () => {
      const r = spawnSync(process.execPath, [cli, command, '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const usage = r.stdout.split('\n')[0];
      for (const option of options) assert.ok(usage.includes(option), `${command}: ${option} is not in "${usage}"`);
    });
  }
});
