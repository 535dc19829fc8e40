import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// `freeze.environments: ["prodution"]` made `config check` say the file was valid while the gate
// showed "[off] freeze window" on a Friday evening: a freeze that silently did not apply.

const cli = join(projectRoot(), 'dist', 'cli.js');
const FRIDAY_EVENING = '2026-12-04T16:00:00Z'; // inside the default fri 15:00 - mon 06:00 window (UTC)

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: FRIDAY_EVENING } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a freeze or gate setting naming an environment the team does not have (built dist/cli.js)', () => {
  let repo: TestRepo;
  afterEach(() => repo.dispose());

  it('config check names the field (a warning, exit 1); the ticket check goes on; the gate cannot tell (exit 2) instead of a freeze that is off', () => {
    repo = createTestRepo();
    repo.commit('config', {
      '.changetrail/config.json': JSON.stringify({ environments: ['staging', 'production'], freeze: { timeZone: 'UTC', environments: ['prodution'] } }, null, 2),
    });
    const check = run(repo.path, 'config', 'check');
    assert.equal(check.code, 1, check.out);
    assert.doesNotMatch(check.out, /is valid/);
    assert.match(check.err, /^\.changetrail\/config\.json:\d+: freeze\.environments\[0\]: warning: "prodution" is not in environments/m);
    // A warning: the ticket check goes on (an error made it exit 2, and the fixing pull request too).
    const tickets = run(repo.path, 'check', 'HEAD^!');
    assert.notEqual(tickets.code, 2, tickets.out + tickets.err);
    const gate = run(repo.path, 'gate', '--env', 'production', '--format', 'json');
    assert.equal(gate.code, 2, gate.out);
    assert.equal(JSON.parse(gate.out).decision, 'cannot tell');
  });

  it('config check warns when the default freeze list names no environment of the team', () => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['dev', 'prod'] }) });
    const check = run(repo.path, 'config', 'check');
    assert.equal(check.code, 1, check.out);
    assert.match(check.err, /freeze\.environments: warning: .*the default freeze applies to nothing/);
  });
});
