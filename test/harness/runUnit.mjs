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
// Arguments name folders under out/test/unit to run alone (the git-through-the-helper pass runs
// the suites that start git with CHANGETRAIL_GIT_ROUTE=helper).
const folders = process.argv.slice(2);
const label = process.env.CHANGETRAIL_GIT_ROUTE === 'helper' ? 'unit-git-helper' : 'unit';
const mocha = new Mocha({ reporter: 'spec', timeout: 20000 });
for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.test.js')).sort()) {
  if (folders.length === 0 || folders.some((folder) => f.startsWith(`${folder}/`))) mocha.addFile(join(dir, f));
}
mocha.run().on('end', function () {
  const { passes, failures, pending } = this.stats;
  console.log(`${label}: ${passes} passed, ${failures} failed, ${pending} skipped`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
