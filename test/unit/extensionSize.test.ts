import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/projectRoot';

// Issue 15: dist/extension.js, as a production build makes it, stays under 100 KB. Last session's
// additions (the strict time reader through the clock, the hook status at start-up) took it to
// 102.3 KB and only the bench noticed. This builds it the bench's way and names the biggest modules.

interface Metafile { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }
interface LazyBuild { buildActivationBundle(outfile: string): Promise<Metafile> }

const LIMIT = 100 * 1024;

describe('activation bundle size (production build)', function () {
  this.timeout(120_000);

  it('dist/extension.js is under 100 KB', async () => {
    const root = projectRoot();
    assert.equal(process.cwd(), root, 'the build resolves sources from the project root');
    const lazy = (await import(pathToFileURL(join(root, 'esbuild.lazy.mjs')).href)) as LazyBuild;
    const work = mkdtempSync(join(tmpdir(), 'changetrail-size-'));
    try {
      const outfile = join(work, 'extension.js');
      const meta = await lazy.buildActivationBundle(outfile);
      const size = statSync(outfile).size;
      const inputs = Object.values(meta.outputs).find((o) => Object.keys(o.inputs).length > 0)?.inputs ?? {};
      const biggest = Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 8).map(([k, v]) => `${k} ${v.bytesInOutput} B`);
      assert.ok(Object.keys(inputs).length > 20, 'the metafile lists the bundle\'s modules');
      assert.ok(size < LIMIT, `dist/extension.js is ${(size / 1024).toFixed(1)} KB (limit 100 KB); biggest modules: ${biggest.join(', ')}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
