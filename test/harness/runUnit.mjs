// Runs the unit suites (compiled to out/test/unit) with mocha in plain Node and prints
// `N passed, N failed`; fails when nothing ran.
import Mocha from 'mocha';
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve('out/test/unit');
if (!existsSync(dir)) {
  console.error('out/test/unit is missing: run `node esbuild.config.mjs --tests` first');
  process.exit(1);
}
const mocha = new Mocha({ reporter: 'spec', timeout: 20000 });
for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.test.js')).sort()) {
  mocha.addFile(join(dir, f));
}
mocha.run().on('end', function () {
  const { passes, failures, pending } = this.stats;
  console.log(`unit: ${passes} passed, ${failures} failed, ${pending} skipped`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
