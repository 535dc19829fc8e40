import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAtomic } from '../../../../src/core/records/outboxFiles';

// Review finding: enqueue now creates each item by hard link (never over another window's file).
// On FAT/exFAT and some SMB or NFS mounts link() answers EPERM or ENOTSUP, and the CLI stopped after
// the record was already in the change log: run again, it was recorded twice. Without hard links
// the item is created exclusively instead.

// The module object itself (not an import binding), so link() can be made to fail as such a file system does.
const fsp = createRequire(__filename)('node:fs/promises') as { link: (a: string, b: string) => Promise<void> };

describe('outbox items where the file system has no hard links', () => {
  const real = fsp.link;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-nolink-'))));
  afterEach(() => {
    fsp.link = real;
    rmSync(dir, { recursive: true, force: true });
  });

  for (const code of ['EPERM', 'ENOTSUP']) {
    it(`creates the item when link() answers ${code}, and still never over an existing one`, async () => {
      fsp.link = async () => {
        throw Object.assign(new Error(`${code}: operation not permitted, link`), { code });
      };
      assert.equal(await createAtomic(dir, 'item.json', '{"a":1}'), true);
      assert.equal(readFileSync(join(dir, 'item.json'), 'utf8'), '{"a":1}');
      assert.equal(await createAtomic(dir, 'item.json', '{"a":2}'), false);
      assert.equal(readFileSync(join(dir, 'item.json'), 'utf8'), '{"a":1}');
      assert.deepEqual(readdirSync(dir), ['item.json'], 'no temp file left');
    });
  }
});
