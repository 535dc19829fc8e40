import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../helpers/projectRoot';

// The class of defect behind "fails from Friday 15:00 to Monday 06:00": a host or CLI path that
// reads the machine's date instead of the injected Clock. Measuring a duration (`Date.now() - t`,
// `t = Date.now()`) is fine; taking "now" for a decision is not.

const root = projectRoot();
// src/core too: a core default such as `fetchedAt = new Date()` is the real date on a path the host or the CLI calls.
const files = ['src/host', 'src/cli', 'src/core']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => join(root, dir, f)))
  .filter((f) => relative(root, f).split(/[\\/]/).join('/') !== 'src/core/clock.ts') // the real clock itself
  .concat(join(root, 'src', 'extension.ts'));

/** Lines that take the real date: `new Date()` with no argument, or `Date.now()` outside a duration. */
function realDateUses(source: string): string[] {
  return source.split('\n').filter((line) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/new Date\(\s*\)/.test(code)) return true;
    const rest = code.replace(/Date\.now\(\)\s*-/g, '').replace(/=\s*Date\.now\(\);/g, '').replace(/Date\.now\(\)\s*\+\s*\d[\d_]*\b/g, '');
    return /Date\.now\(\)/.test(rest);
  });
}

describe('one clock in the host, the CLI and core', () => {
  it('the rule tells a decision from a duration', () => {
    assert.deepEqual(realDateUses('const now = new Date();\nconst started = Date.now();\nif (Date.now() - last > 100) last = Date.now();\nfoo(Date.now())'), ['const now = new Date();', 'foo(Date.now())']);
  });

  it('no host, CLI or core file takes the real date (they use the Clock from activate() or CliContext, core takes it as an argument)', () => {
    assert.ok(files.length > 20, `only ${files.length} files found`);
    const offenders = files.flatMap((f) => realDateUses(readFileSync(f, 'utf8')).map((line) => `${relative(root, f)}: ${line.trim()}`));
    assert.deepEqual(offenders, []);
  });
});
