import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_MARK, SITE_MARK } from '../../../../src/core/board/boardFolders';
import { type BoardSiteInput, buildBoardSite } from '../../../../src/core/board/buildBoardSite';
import { BOARD_ASSETS, boardHtml } from '../../../../src/core/board/writeBoard';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { isChangeTrailError } from '../../../../src/core/errors';
import { silentLogger } from '../../../../src/core/log';
import type { LogEntry } from '../../../../src/core/records/changeRecord';
// @ts-expect-error: a plain ES module shared with the UI check and the bench
import { boardEntries } from '../../../fixtures/board/boardLog.mjs';

// `--out` and `--cache` name folders a person chose: `board --cache .` once removed the whole
// repository, .git included, and `--out docs` replaced a project's own pages. A build writes only
// into a folder that is new, empty or the board's own, and removes nothing but its own files.

const NOW = Date.parse('2026-11-30T06:00:00Z');
const config = teamConfigSchema.parse({ environments: ['staging', 'production'] });

/** Every file under `dir` with its content, to tell that nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(path, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

describe('board folders: nothing written or removed where the board did not write', () => {
  let dir: string;
  let log: string;
  const build = (out: string, more: Partial<BoardSiteInput> = {}) => buildBoardSite({ logs: [log], config, sources: [], now: NOW, timeZone: 'UTC', out, assets: dir, logger: silentLogger, ...more });
  const refused = async (run: Promise<unknown>, pattern: RegExp) => {
    await assert.rejects(run, (error: unknown) => isChangeTrailError(error) && error.code === 'FolderRefused' && pattern.test(error.message));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-board-folders-'));
    log = join(dir, 'changes.jsonl');
    writeFileSync(log, (boardEntries({ end: NOW - 86_400_000, days: 3, perDay: 2 }) as LogEntry[]).map((e) => `${JSON.stringify(e)}\n`).join(''));
    for (const a of BOARD_ASSETS) writeFileSync(join(dir, a), `/* ${a} */`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a cache folder holding other files (a repository, `--cache .`) and leaves every file as it was', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git', 'objects'), { recursive: true });
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(repo, 'README.md'), '# mine\n');
    const before = snapshot(repo);
    await refused(build(join(dir, 'site'), { cacheDir: repo }), /repo already holds files that are not a board cache \(\.git, README\.md\)/);
    assert.deepEqual(snapshot(repo), before);
    assert.ok(!existsSync(join(dir, 'site')), 'nothing written to --out either');
  });

  it('refuses a site folder holding pages of its own, and a file, before writing anything', async () => {
    const docs = join(dir, 'docs');
    mkdirSync(join(docs, 'data'), { recursive: true });
    writeFileSync(join(docs, 'index.html'), '<h1>home</h1>\n');
    writeFileSync(join(docs, 'data', 'month-2026-11.js'), 'mine\n');
    const before = snapshot(docs);
    await refused(build(docs), /docs already holds files the board did not write \(data, index\.html\)/);
    assert.deepEqual(snapshot(docs), before);
    writeFileSync(join(dir, 'file'), 'x');
    await refused(build(join(dir, 'file')), /file is a file, not a folder/);
  });

  it('builds into a new or empty folder, marks it, and builds into it again (also a site an earlier, unmarked build wrote)', async () => {
    const site = join(dir, 'site');
    await build(site);
    assert.ok(existsSync(join(site, SITE_MARK)) && existsSync(join(site, '.changetrail-board', CACHE_MARK)));
    writeFileSync(join(site, 'CNAME'), 'board.example.com\n');
    assert.equal((await build(site)).fresh, false);
    const empty = mkdtempSync(join(dir, 'empty-'));
    await build(empty);
    // A build made before sites were marked: its own page, its default cache.
    rmSync(join(site, SITE_MARK));
    rmSync(join(site, '.changetrail-board', CACHE_MARK));
    assert.equal(readFileSync(join(site, 'index.html'), 'utf8'), boardHtml('ChangeTrail change board'));
    await build(site);
    assert.equal(readFileSync(join(site, 'CNAME'), 'utf8'), 'board.example.com\n', 'a file of the site owner kept');
  });

  it('starting afresh clears only what its cache keeps, not other files in a marked cache folder', async () => {
    const site = join(dir, 'site');
    const cacheDir = join(dir, 'cache');
    await build(site, { cacheDir });
    writeFileSync(join(cacheDir, 'notes.txt'), 'kept\n');
    writeFileSync(log, ''); // a rewritten log: the next build starts afresh
    const again = await build(site, { cacheDir });
    assert.equal(again.fresh, true);
    assert.equal(readFileSync(join(cacheDir, 'notes.txt'), 'utf8'), 'kept\n');
    assert.deepEqual(readdirSync(cacheDir).sort(), [CACHE_MARK, 'facts', 'manifest.json', 'notes.txt', 'raw']);
  });
});
