import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fixedClock } from '../../../src/core/clock';
import { createTestRepo } from '../../helpers/createTestRepo';
import { change, deployment } from '../../fixtures/metrics/metricsFixtures';

const clock = fixedClock('2026-11-30T06:00:00Z');
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Runs `changetrail export` in this process with stdout taken over, as a terminal (isTTY) or a pipe. */
async function exportIn(cwd: string, args: readonly string[], isTTY: boolean) {
  const stdout = process.stdout;
  const written: string[] = [];
  const err: string[] = [];
  const saved = { write: stdout.write, isTTY: Object.getOwnPropertyDescriptor(stdout, 'isTTY') };
  Object.defineProperty(stdout, 'isTTY', { value: isTTY, configurable: true, writable: true });
  stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof stdout.write;
  let code: number;
  try {
    code = await main(['export', '--tz', 'UTC', ...args], { cwd, out: (l) => void written.push(`${l}\n`), err: (l) => void err.push(l), clock });
  } finally {
    stdout.write = saved.write;
    if (saved.isTTY) Object.defineProperty(stdout, 'isTTY', saved.isTTY);
    else delete (stdout as { isTTY?: boolean }).isTTY;
  }
  return { code, body: written.join(''), err: err.join('\n') };
}

describe('changetrail export: what reaches a terminal, and the lines it could not include', () => {
  it('on a terminal the body is cleaned of escape sequences and bidi overrides; a pipe gets the exact bytes the manifest hashes', async () => {
    const repo = createTestRepo();
    try {
      const hostile = change({ at: '2026-11-20T09:00:00Z', title: 'Pay \u001b]52;c;ZXZpbA==\u0007 \u001b[2J \u202eevil' });
      repo.write('.changetrail/changes.jsonl', `${JSON.stringify(hostile)}\n`);
      const tty = await exportIn(repo.path, ['--format', 'csv'], true);
      assert.equal(tty.code, 0, tty.err);
      assert.ok(!UNSAFE.test(tty.body), JSON.stringify(tty.body));
      assert.match(tty.body, /Pay \]52;c;ZXZpbA== \[2J evil/, 'the text stays, the control characters go');
      assert.match(tty.body, /\r\n/, 'CSV line ends stay');
      assert.match(tty.err, /warning: export: control characters and bidi overrides were removed/);

      const pipe = await exportIn(repo.path, ['--format', 'csv'], false);
      assert.equal(pipe.code, 0, pipe.err);
      assert.ok(pipe.body.includes('\u001b]52;c;ZXZpbA==\u0007'), 'a pipe gets the data as recorded');
      const manifest = JSON.parse(pipe.err.slice(pipe.err.indexOf('{')));
      assert.equal(manifest.sha256, createHash('sha256').update(pipe.body, 'utf8').digest('hex'));
      assert.doesNotMatch(pipe.err, /were removed/);
    } finally {
      repo.dispose();
    }
  });

  it('lines it could not read are counted in a warning and in the manifest, with their line numbers', async () => {
    const repo = createTestRepo();
    try {
      const c = change({ at: '2026-11-20T09:00:00Z' });
      const manual = change({ at: '2026-11-20T09:30:00Z', origin: 'manual', changedAt: '2026-11-20T08:00:00Z', title: 'Raised the limit' });
      const d = deployment('2026-11-20T10:00:00Z', [c]);
      const badTime = JSON.stringify(manual).replace('"createdAt":"2026-11-20T09:30:00Z"', '"createdAt":"yesterday"');
      repo.write('.changetrail/changes.jsonl', [JSON.stringify(c), '{"schema":"changetrail/deployment", torn', badTime, JSON.stringify(d)].join('\n') + '\n');
      const r = await exportIn(repo.path, ['--format', 'jsonl', '--out', 'audit'], false);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /warning: export: \.changetrail\/changes\.jsonl: 2 lines could not be read and are not in the export \(lines 2, 3\)/);
      const manifest = JSON.parse(readFileSync(join(repo.path, 'audit', 'changetrail-export-2026-11-30.manifest.json'), 'utf8'));
      assert.equal(manifest.rows, 2);
      assert.equal(manifest.skippedLines, 2);
      assert.deepEqual(manifest.skipped, [{ log: '.changetrail/changes.jsonl', count: 2, lines: [2, 3] }]);
    } finally {
      repo.dispose();
    }
  });

  it('a whole log: skippedLines 0, no warning', async () => {
    const repo = createTestRepo();
    try {
      repo.write('.changetrail/changes.jsonl', `${JSON.stringify(change({ at: '2026-11-20T09:00:00Z' }))}\n`);
      const r = await exportIn(repo.path, ['--format', 'jsonl'], false);
      assert.equal(r.code, 0, r.err);
      const manifest = JSON.parse(r.err.slice(r.err.indexOf('{')));
      assert.equal(manifest.skippedLines, 0);
      assert.equal(manifest.skipped, undefined);
      assert.doesNotMatch(r.err, /could not be read/);
    } finally {
      repo.dispose();
    }
  });
});
