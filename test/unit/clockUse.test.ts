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

  // The outbox and the sinks fall back to the real clock when given none (their unit tests rely on
  // it); the host built its outbox without the host's clock, so with CHANGETRAIL_NOW the editor's and
  // the CLI's retries were scheduled on two clocks. Every construction in the host and the CLI passes one.
  it('the host and the CLI give the outbox and every sink their clock', () => {
    const constructions = /\b(?:new (?:lib\.)?Outbox|new \(await this\.load\(\)\)\.Outbox|(?:lib\.)?createChannelSinks|(?:lib\.)?createEngineSinks|new (?:lib\.)?WebhookSink)\(/g;
    const checked: string[] = [];
    const missing: string[] = [];
    for (const f of files.filter((file) => !relative(root, file).split(/[\\/]/).join('/').startsWith('src/core/'))) {
      const source = readFileSync(f, 'utf8');
      for (const m of source.matchAll(constructions)) {
        const call = callText(source, (m.index ?? 0) + m[0].length);
        checked.push(`${relative(root, f)}: ${m[0]}`);
        if (!/\bclock\b/.test(call)) missing.push(`${relative(root, f)}: ${m[0]}${call.slice(0, 80)}`);
      }
    }
    assert.ok(checked.length >= 6, `only ${checked.length} constructions found: ${checked.join('; ')}`);
    assert.deepEqual(missing, []);
  });
});

/** The text of a call's arguments, from just after its `(` to the matching `)`. */
function callText(source: string, from: number): string {
  let depth = 1;
  for (let i = from; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(from, i);
  }
  return source.slice(from);
}
