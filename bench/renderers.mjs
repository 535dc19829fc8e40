// bench/renderers: every channel renderer (src/core/notes/render*.ts) over a deployment note whose
// change has a 1 MB description (multi-line, with URLs and hostile characters) and over a digest
// of 10,000 records in 200 systems. The floor is JSON.stringify of the same content in the same run;
// each renderer's median is printed beside it as a ratio. All must stay linear: the old mailto:
// builder re-encoded the whole body per dropped line (149 s for the 1 MB note).
// BENCH_RECORD_BYTES / BENCH_DIGEST_RECORDS change the sizes.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const RUNS = 5;
const BYTES = Number(process.env.BENCH_RECORD_BYTES || 1_000_000);
const RECORDS = Number(process.env.BENCH_DIGEST_RECORDS || 10_000);

const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-renderers-'));
try {
  const lib = join(work, 'renderers.cjs');
  const entry = join(work, 'entry.ts');
  const notes = resolve('src/core/notes');
  writeFileSync(entry, [
    ...['renderEmail', 'renderMarkdown', 'renderSlack', 'renderTeams', 'renderWebhook'].map((m) => `export * from ${JSON.stringify(join(notes, m))};`),
    `export { sampleNote, sampleDigest } from ${JSON.stringify(resolve('test/fixtures/notes/sampleNotes'))};`,
  ].join('\n'));
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: lib, logLevel: 'error' });
  const core = createRequire(import.meta.url)(lib);

  const line = 'Shorten the login timeout; see https://ci.example.com/run?token=tok_0123456789abcdef @here \u202e<b>x</b> & more\n';
  const note = core.sampleNote();
  const big = { ...note, changes: [{ ...note.changes[0], description: line.repeat(Math.ceil(BYTES / line.length)).slice(0, BYTES) }, ...note.changes.slice(1)] };
  const digest = core.sampleDigest();
  const template = digest.groups[0].items[0];
  const groups = Array.from({ length: 200 }, (_, g) => ({ system: `System ${g}`, items: Array.from({ length: RECORDS / 200 }, (_, i) => ({ ...template, recordId: `01JP6Q${String(g * 1000 + i).padStart(20, '0')}`, title: `Change ${g}.${i}: ${line.slice(0, 60)}`, detail: line })) }));
  const bigDigest = { ...digest, total: RECORDS, groups };

  const renderers = {
    markdown: (c) => core.renderMarkdown(c),
    slack: (c) => core.renderSlack(c),
    teams: (c) => core.renderTeams(c),
    email: (c) => core.renderEmail(c, { to: ['ops@example.com'] }),
    webhook: (c) => JSON.stringify(core.renderWebhook(c, { id: 'x' })),
  };
  for (const [name, content] of [[`note with a ${(BYTES / 1e6).toFixed(1)} MB description`, big], [`digest of ${RECORDS.toLocaleString('en')} records`, bigDigest]]) {
    const floor = median(() => JSON.stringify(content));
    console.log(`\n${name}: floor JSON.stringify ${floor.toFixed(1)} ms`);
    for (const [renderer, render] of Object.entries(renderers)) {
      const ms = median(() => render(content));
      console.log(`  ${renderer.padEnd(9)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / floor).toFixed(1).padStart(6)}x floor`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function median(run) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}
