import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/log';
import { DEFAULT_NETWORK } from '../../../../src/core/net/networkOptions';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { openTicketDirectory } from '../../../../src/core/tickets/openTicketDirectory';

describe('a tracker whose credentials cannot be read', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ct-credentials-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('counts as not signed in: the local tickets still complete, and the failure is logged (it took the whole directory down)', async () => {
    mkdirSync(join(root, '.changetrail'));
    writeFileSync(join(root, '.changetrail/tickets.json'), JSON.stringify([{ key: 'PROJ-1', title: 'Password reset' }]));
    const { config, problems } = parseTeamConfig(JSON.stringify({
      tickets: { projects: ['PROJ'] },
      trackers: [{ type: 'github', repository: 'acme/app' }, { type: 'local', file: '.changetrail/tickets.json' }],
    }), 'config.json');
    assert.deepEqual(problems, []);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const deps = {
      repoRoot: root,
      network: DEFAULT_NETWORK,
      logger,
      clock: fixedClock('2026-11-20T09:00:00Z'),
      allowRemote: true,
      // VS Code without a `github` authentication provider, or a locked OS keyring.
      credentials: () => Promise.reject(new Error("No authentication provider 'github' is currently registered.")),
    };
    const directory = await openTicketDirectory(config, deps, join(root, 'cache'), () => []);
    assert.equal(directory.trackers.length, 2);
    const local = directory.trackers.find((t) => t.id.startsWith('local'));
    assert.ok(local);
    await local.recent({}).then((tickets) => assert.deepEqual(tickets.map((t) => t.key), ['PROJ-1']));
    assert.ok(warnings.some((w) => /credentials cannot be read \(No authentication provider 'github'/.test(w)), warnings.join('\n'));
  });
});
