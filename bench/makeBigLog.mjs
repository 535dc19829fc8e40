// bench/makeBigLog: a change log of 1,000,000 records (BENCH_RECORDS) for the 80,000-commit bench
// repository, every change record naming real commits of it in history order (1 in 10 lines a
// deployment of a real commit, production 300 commits behind staging, 1 in 200 change records an amendment), three years ending at
// LOG_END. Deterministic; written once, cached under .vscode-test/ beside the repository and
// reused while the repository's HEAD and this generator's version stay the same.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

const VERSION = 'v2';
const DAY = 86_400_000;
/** The instant the log ends at: benches take "now" from here, never from the machine's clock. */
export const LOG_END = Date.UTC(2026, 10, 2, 12);
const LOG_START = LOG_END - 3 * 365 * DAY;
const PRODUCTION_LAG = 300;

/** Makes the log unless a complete one for this repository and size is cached; returns its path and what the bench needs to know. */
export function ensureBigLog(repo, { records = 1_000_000, serializeEntry, log = console.log } = {}) {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const path = resolve(`.vscode-test/bench-change-log-${records}.jsonl`);
  const marker = `${path}.done`;
  const stamp = `${VERSION} ${head}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return { path, fresh: false };
  const started = performance.now();
  const commits = execFileSync('git', ['log', '--reverse', '--first-parent', '--format=%H%x1f%s', 'HEAD'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 })
    .trim()
    .split('\n')
    .map((line) => {
      const [sha, subject] = line.split('\x1f');
      return { sha, subject, ticket: /PROJ-\d+/.exec(subject)?.[0] };
    });
  writeLines(path + '.tmp', records, commits, serializeEntry);
  renameSync(path + '.tmp', path);
  writeFileSync(marker, stamp);
  log(`made ${path}: ${records.toLocaleString('en')} records over ${commits.length.toLocaleString('en')} commits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path, fresh: true };
}

function writeLines(path, n, commits, serializeEntry) {
  let seed = 99;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const tails = Array.from({ length: 4096 }, () => Array.from({ length: 16 }, () => crockford[Math.floor(rand() * 32)]).join(''));
  const ulid = (time) => {
    let id = '';
    for (let i = 9, t = time; i >= 0; i--, t = Math.floor(t / 32)) id = crockford[t % 32] + id;
    return id + pick(tails);
  };
  const words = 'login session timeout password reset export invoice payment refund audit alert latency cache database migration index search report email token upload queue retry webhook billing'.split(' ');
  const sentence = (k) => Array.from({ length: k }, () => pick(words)).join(' ');
  const people = Array.from({ length: 40 }, (_, i) => ({ name: `Dev ${i}`, email: `dev${i}@acme.example` }));
  const systems = ['billing', 'auth', 'reporting', 'notifications', 'payments-gateway'];
  const files = ['src/hot/session.ts', ...Array.from({ length: 1000 }, (_, i) => `src/mod${String(i % 50).padStart(2, '0')}/file${Math.floor(i / 50)}.ts`)];
  const step = (LOG_END - LOG_START) / n;
  const changes = Math.ceil(n * 0.9);
  const fd = openSync(path, 'w');
  let chunk = [];
  let size = 0;
  let recent = [];
  let changeNo = 0;
  const written = [];
  for (let i = 0; i < n; i++) {
    const time = Math.floor(LOG_START + i * step + rand() * step);
    const createdAt = new Date(time).toISOString();
    let entry;
    const at = Math.min(commits.length - 1, Math.floor((changeNo * commits.length) / changes));
    if (i % 10 === 9) {
      // Production runs a few hundred commits behind staging, so Record Deployment has a range to describe.
      const production = i % 20 === 19;
      entry = { schema: 'changetrail/deployment', version: 1, id: ulid(time), createdAt, environment: production ? 'production' : 'staging', commit: commits[Math.max(0, at - (production ? PRODUCTION_LAG : 0))].sha, by: pick(people), records: recent };
      recent = [];
    } else {
      const own = commits.slice(at, at + 1 + Math.floor(rand() * 2));
      const ticket = own[0].ticket ?? `PROJ-${1 + Math.floor(rand() * 9000)}`;
      const amends = changeNo % 200 === 199 && written.length > 0 ? written[written.length - 1 - Math.floor(rand() * Math.min(50, written.length))] : undefined;
      entry = {
        schema: 'changetrail/change', version: 1, id: ulid(time), createdAt, ...(amends ? { supersedes: amends } : {}), tickets: [ticket], title: sentence(5), description: sentence(12), reason: sentence(4),
        systems: [{ name: pick(systems), criticality: 'high' }], author: pick(people), branch: `feature/${ticket}`, commits: own.map((c) => ({ sha: c.sha, subject: c.subject })),
        changedFiles: Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(files)), answers: { testedInStaging: { value: 'yes' } }, rollbackPlan: 'revert the merge and redeploy', riskFlags: [], environment: 'production',
      };
      changeNo++;
      recent.push(entry.id);
      written.push(entry.id);
      if (written.length > 100) written.shift();
    }
    const line = JSON.stringify(entry);
    // It must be byte for byte what appendEntry writes, or the bench measures another format.
    if (i < 1000 && serializeEntry && serializeEntry(entry) !== line) throw new Error(`generated line ${i + 1} differs from serializeEntry`);
    chunk.push(line);
    size += line.length + 1;
    if (size > 256 * 1024) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
}
