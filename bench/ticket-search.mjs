// bench/ticket-search: TicketSearch (exact key, key prefixes, then uFuzzy over "KEY title" through
// a word index) over 100k tickets, p50/p90 per query and memory, beside a plain substring scan in
// the same run. Goal: p90 at most 0.5x the scan's p90, the exact key ranked first.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const N = Number(process.env.BENCH_TICKETS || 100_000);
const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-search-'));
const out = join(work, 'search.cjs');
await esbuild.build({ entryPoints: [resolve('src/core/tickets/ticketSearch.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
const { TicketSearch } = createRequire(import.meta.url)(out);

// Deterministic pseudo-random titles from a realistic vocabulary.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const words = 'login session timeout password reset export csv invoice payment refund crash start audit log alert latency cache database migration index search filter report dashboard email notification sso saml oauth token rotate certificate mobile android ios upload image resize queue retry webhook slack teams billing tax currency locale translation accessibility keyboard focus contrast'.split(' ');
const projects = ['PROJ', 'OPS', 'PAY', 'WEB', 'MOB', 'DATA'];
const tickets = Array.from({ length: N }, (_, i) => ({
  key: `${projects[i % projects.length]}-${Math.floor(i / projects.length) + 1}`,
  title: Array.from({ length: 4 + Math.floor(rand() * 6) }, () => words[Math.floor(rand() * words.length)]).join(' '),
}));
const queries = ['PROJ-12', 'OPS-4711', 'login timeout', 'pasword reset', 'sso saml', 'refund', 'expot csv', 'webhook retry', 'dashbord', 'PAY-9', 'mobile upload image', 'certificate rotate', 'logni timeuot'];

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const search = new TicketSearch(tickets, ['PROJ-120', 'OPS-7']);
search.search('PROJ-1 login', 1); // builds the lazy key order and word index
const buildMs = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

function substring(q) {
  const needle = q.toLowerCase();
  const found = [];
  for (const t of tickets) if (t.key.toLowerCase().includes(needle) || t.title.toLowerCase().includes(needle)) found.push(t);
  return found.slice(0, 50);
}

function time(fn) {
  const samples = [];
  for (let round = 0; round < 5; round++) for (const q of queries) {
    const t = performance.now();
    fn(q);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)], p90: samples[Math.floor(samples.length * 0.9)] };
}

time((q) => search.search(q)); // warm up
const fuzzy = time((q) => search.search(q));
const plain = time(substring);
console.log(`bench/ticket-search (${N.toLocaleString('en')} tickets, ${queries.length} queries x 5)`);
console.log(`  index build ${buildMs.toFixed(0)} ms, heap +${heapMb.toFixed(1)} MB`);
console.log(`  plain substring scan     p50 ${plain.p50.toFixed(2).padStart(6)} ms  p90 ${plain.p90.toFixed(2).padStart(6)} ms`);
console.log(`  TicketSearch (uFuzzy)    p50 ${fuzzy.p50.toFixed(2).padStart(6)} ms  p90 ${fuzzy.p90.toFixed(2).padStart(6)} ms  (${(fuzzy.p90 / plain.p90).toFixed(2)}x the scan)`);
const ratio = fuzzy.p90 / plain.p90;
console.log(`  goal p90 <= 0.5x the scan -> ${ratio.toFixed(2)}x, ${ratio <= 0.5 ? 'met' : 'NOT met'}`);
const first = search.search('PROJ-12', 1)[0]?.key;
console.log(`  "PROJ-12" ranks ${first} first (recently used PROJ-120 must not win) -> ${first === 'PROJ-12' ? 'ok' : 'WRONG'}`);
for (const q of ['pasword reset', 'PROJ-12']) console.log(`  "${q}" -> ${search.search(q, 3).map((t) => `${t.key} ${t.title}`).join(' | ')}`);
console.log(`  substring "pasword reset" finds ${substring('pasword reset').length} (no typo tolerance)`);
rmSync(work, { recursive: true, force: true });
