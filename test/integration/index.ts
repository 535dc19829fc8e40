// Entry point that VS Code's extension host loads as `extensionTestsPath`: runs every compiled
// *.test.js beside it with mocha and prints one machine-readable summary line for the launcher.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SUMMARY_PREFIX = 'CHANGETRAIL_TEST_SUMMARY ';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.CHANGETRAIL_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  files.forEach((f) => mocha.addFile(join(__dirname, f)));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`${SUMMARY_PREFIX}${JSON.stringify({ passed: passes, failed: failures, skipped: pending, files: files.length })}`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
