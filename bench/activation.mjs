// bench/activation: size and in-process load time of ChangeTrail's extension bundle beside a
// naive bundle of the same dependencies (simple-git + axios + zod, imported the usual way),
// both built here with the production settings, each loaded in fresh Node processes.
// Goal (issue 15): under 100 KB, and at most 0.15x the naive bundle's load time in the same run;
// the zod schemas' chunk (dist/validation.js) and the command handlers' (dist/commands.js) must
// not load with it.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS_ENTRY, PRODUCTION_NODE_OPTIONS, VALIDATION_ENTRY, buildActivationBundle, lazyChunks, lazyPackages, lazySchemas } from '../esbuild.lazy.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-activation-'));
const options = PRODUCTION_NODE_OPTIONS;
const lazy = lazyPackages;

const ours = join(work, 'extension.js');
await buildActivationBundle(ours);
// The command handlers' chunk, loaded on the first command run; its load time is printed apart too.
const commands = join(work, 'commands.js');
await esbuild.build({ ...options, entryPoints: [resolve(COMMANDS_ENTRY)], outfile: commands, plugins: [lazy, lazyChunks, await lazySchemas()] });
// The zod schemas' chunk, loaded on first use; its own load time is printed below, apart from activation.
const validation = join(work, 'validation.js');
await esbuild.build({ ...options, stdin: { contents: VALIDATION_ENTRY, resolveDir: resolve('.'), loader: 'ts' }, outfile: validation });
const naiveEntry = join(work, 'naive.ts');
writeFileSync(naiveEntry, [
  "import { simpleGit } from 'simple-git';",
  "import axios from 'axios';",
  "import { z } from 'zod';",
  'export const deps = { simpleGit, axios, z };',
].join('\n'));
const naive = join(work, 'naive.js');
await esbuild.build({ ...options, entryPoints: [naiveEntry], outfile: naive, nodePaths: [resolve('node_modules')] });

// Each sample is a fresh process: stub 'vscode', load the Node built-ins that VS Code's extension
// host has loaded before any extension runs, then time require() of the bundle alone.
const probe = join(work, 'probe.cjs');
writeFileSync(probe, `
for (const m of ['fs', 'fs/promises', 'path', 'os', 'crypto', 'child_process', 'stream', 'events', 'util', 'url', 'net', 'http', 'https', 'zlib', 'tty', 'assert']) require(m);
const Module = require('module');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest); };
// Any property of the stub is the stub; esbuild's __toESM copies a module onto an object whose
// prototype is the module's prototype, so that prototype answers every lookup too.
const anything = new Proxy({}, { get: () => stub });
const stub = new Proxy(function () {}, { get: (_t, k) => (k === '__esModule' ? true : stub), apply: () => stub, construct: () => stub, getPrototypeOf: () => anything });
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const t = process.hrtime.bigint();
require(process.argv[2]);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
process.stdout.write(JSON.stringify({ ms, validation: Object.keys(require.cache).some((k) => k.endsWith('validation.js') || k.endsWith('commands.js')) }));
`);

function sample(file) {
  const times = [];
  let validation = false;
  for (let i = 0; i < RUNS; i++) {
    const run = JSON.parse(execFileSync(process.execPath, [probe, file], { encoding: 'utf8' }));
    times.push(run.ms);
    validation ||= run.validation;
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], min: times[0], validation };
}

const rows = [
  ['naive (simple-git + axios + zod)', naive],
  ['ChangeTrail dist/extension.js', ours],
  ['  later, on first schema use: dist/validation.js', validation],
  ['  later, on first command: dist/commands.js', commands],
].map(([name, file]) => ({ name, kb: statSync(file).size / 1024, ...sample(file) }));
rmSync(work, { recursive: true, force: true });

console.log(`bench/activation (${RUNS} fresh processes each, production build)`);
for (const r of rows) console.log(`  ${r.name.padEnd(34)} ${r.kb.toFixed(1).padStart(7)} KB   load p50 ${r.p50.toFixed(2).padStart(6)} ms   min ${r.min.toFixed(2)} ms`);
const [n, o] = rows;
console.log(`  ratio ours/naive: size ${(o.kb / n.kb).toFixed(3)}x, load ${(o.p50 / n.p50).toFixed(3)}x; the schemas' and commands' chunks ${o.validation ? 'WERE' : 'were not'} loaded with the extension`);
console.log(`  goal: < 100 KB and load <= 0.15x naive, schemas not loaded -> ${o.kb < 100 && o.p50 / n.p50 <= 0.15 && !o.validation ? 'met' : 'NOT met'}`);
