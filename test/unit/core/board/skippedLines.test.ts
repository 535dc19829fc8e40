import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBoardSite } from '../../../../src/core/board/buildBoardSite';
import { BOARD_ASSETS } from '../../../../src/core/board/writeBoard';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { silentLogger } from '../../../../src/core/log';
import { readSite } from '../../../helpers/boardSite';
import { change, deployment } from '../../../fixtures/metrics/metricsFixtures';

// Lines of a log the board cannot read (bad JSON, a hand edit that fails the schema) were only
// warned about on the build's stderr, which a scheduled Pages job shows nobody: the published board
// looked whole. The index now says, per log, how many lines it left out, over every rebuild, as a
// fresh build counts them; the page says it above every page (test/ui/boardHostile.ui.mjs).

const NOW = Date.parse('2026-11-30T06:00:00Z');
const config = teamConfigSchema.parse({ environments: ['production'], freeze: { timeZone: 'UTC' } });
const line = (e: unknown) => `${JSON.stringify(e)}\n`;

describe('board site: lines that could not be read are said', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-board-skipped-'));
    for (const a of BOARD_ASSETS) writeFileSync(join(dir, a), `/* ${a} */`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = async (logs: string[], out: string) => {
    await buildBoardSite({ logs, config, sources: logs.map((log) => ({ log })), now: NOW, timeZone: 'UTC', out, assets: dir, logger: silentLogger });
    return readSite(out).index.sources;
  };

  it('counts each log\'s bad lines, and a rebuild after appends counts as a fresh build does', async () => {
    const c = change({ at: '2026-11-20T10:00:00Z' });
    const log = join(dir, 'a.jsonl');
    const clean = join(dir, 'b.jsonl');
    writeFileSync(log, `${line(c)}not json\n${line({ ...c, id: '01JB0000000000000000000ZZZ', title: 42 })}`);
    writeFileSync(clean, line(deployment('2026-11-21T10:00:00Z', [c])));
    const out = join(dir, 'site');
    assert.deepEqual(await build([log, clean], out), [{ log, skipped: 2 }, { log: clean }]);
    // A torn last line is not counted yet (it may be a write in progress); once whole and still bad, it is.
    appendFileSync(log, '{"schema":"changetrail/cha');
    assert.deepEqual(await build([log, clean], out), [{ log, skipped: 2 }, { log: clean }]);
    appendFileSync(log, 'nge"}\n');
    appendFileSync(clean, 'garbage\n');
    const rebuilt = await build([log, clean], out);
    assert.deepEqual(rebuilt, [{ log, skipped: 3 }, { log: clean, skipped: 1 }]);
    assert.deepEqual(await build([log, clean], join(dir, 'fresh')), rebuilt);
  });
});
