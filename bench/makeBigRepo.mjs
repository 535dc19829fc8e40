// bench/makeBigRepo: a repository of 80,000+ commits for bench/file-history, made with
// `git fast-import` in seconds and cached under .vscode-test/ (git-ignored). Deterministic.
//   src/hot/session.ts         touched by about a third of all commits
//   src/legacy/billing.ts      renamed to src/payments/billing.ts, then to src/payments/invoice.ts
//   docs/cold/SECURITY.md      touched 20 times across the whole history
// plus 1,000 other files, one changed per commit, and a three-commit topic branch merged every
// 200 commits. Usage: `node bench/makeBigRepo.mjs [--force]`; import { ensureBigRepo } to reuse.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BIG_REPO = resolve('.vscode-test/bench-repo-80k');
export const FILES = { hot: 'src/hot/session.ts', renamed: 'src/payments/invoice.ts', cold: 'docs/cold/SECURITY.md' };
const MAIN_COMMITS = 80_000;
const VERSION = `v2 ${MAIN_COMMITS}`;
const MARKER = join(BIG_REPO, '.git', 'changetrail-bench');
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

/** Makes the repository unless a complete one of this version is cached; returns its path. */
export async function ensureBigRepo({ force = false, log = console.log } = {}) {
  if (!force && existsSync(MARKER) && readFileSync(MARKER, 'utf8') === VERSION) return BIG_REPO;
  rmSync(BIG_REPO, { recursive: true, force: true });
  mkdirSync(BIG_REPO, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: BIG_REPO, env, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  git('init', '-q', '-b', 'main');
  const started = performance.now();
  const importer = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: BIG_REPO, env, stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = once(importer, 'close');
  let pending = [];
  let pendingBytes = 0;
  const write = async (text) => {
    pending.push(text);
    pendingBytes += text.length;
    if (pendingBytes < 1 << 20) return;
    const ok = importer.stdin.write(pending.join(''));
    pending = [];
    pendingBytes = 0;
    if (!ok) await once(importer.stdin, 'drain');
  };
  const commits = await writeHistory(write);
  await write('done\n');
  importer.stdin.end(pending.join(''));
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
  // gc writes a commit-graph in real repositories; without one every walk would be slower than life.
  git('commit-graph', 'write', '--reachable');
  git('read-tree', 'main');
  writeFileSync(MARKER, VERSION);
  log(`made ${BIG_REPO}: ${commits.toLocaleString('en')} commits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return BIG_REPO;
}

async function writeHistory(write) {
  let seed = 1234;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const others = Array.from({ length: 1000 }, (_, i) => `src/mod${String(i % 50).padStart(2, '0')}/file${Math.floor(i / 50)}.ts`);
  const versions = new Map();
  const content = (path, n) => `// ${path}\nexport const version = ${n};\n${'export const pad = "lorem ipsum dolor sit amet";\n'.repeat(8)}`;
  const change = (path) => {
    const n = (versions.get(path) ?? 0) + 1;
    versions.set(path, n);
    const text = content(path, n);
    return `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
  };
  let mark = 0;
  let time = 1_600_000_000;
  let commits = 0;
  let renamedPath = 'src/legacy/billing.ts';
  const commit = async (branch, message, ops, from, merge) => {
    mark++;
    commits++;
    time += 60;
    const msg = `${message}\n\nWhy: keeps the bench close to a real project's messages.\n`;
    await write(
      `commit refs/heads/${branch}\nmark :${mark}\nauthor Dev ${mark % 17} <dev${mark % 17}@example.com> ${time} +0000\n` +
        `committer Dev ${mark % 17} <dev${mark % 17}@example.com> ${time} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}` +
        (from ? `from :${from}\n` : '') + (merge ? `merge :${merge}\n` : '') + ops.join(''),
    );
    return mark;
  };

  let tip = await commit('main', 'Initial import', [...others, FILES.hot, renamedPath].map(change));
  for (let i = 1; i < MAIN_COMMITS; i++) {
    const ticket = `PROJ-${1 + rand(9000)}`;
    if (i % 200 === 0) {
      // A topic branch of three commits off main, then a merge that brings its files in.
      let topic = tip;
      const touched = new Set();
      for (let t = 0; t < 3; t++) {
        const path = rand(3) === 0 ? FILES.hot : others[rand(others.length)];
        touched.add(path);
        topic = await commit('topic', `${ticket} topic work ${t}`, [change(path)], topic);
      }
      const ops = [...touched].map((path) => {
        const text = content(path, versions.get(path));
        return `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
      });
      tip = await commit('main', `Merge branch 'topic' (${ticket})`, ops, tip, topic);
      continue;
    }
    const ops = [change(others[rand(others.length)])];
    if (rand(3) === 0) ops.push(change(FILES.hot));
    if (i % 100 === 50) ops.push(change(renamedPath));
    if (i % Math.floor(MAIN_COMMITS / 20) === 1234) ops.push(change(FILES.cold));
    if (i === Math.floor(MAIN_COMMITS / 3) || i === Math.floor((2 * MAIN_COMMITS) / 3)) {
      const next = renamedPath === 'src/legacy/billing.ts' ? 'src/payments/billing.ts' : FILES.renamed;
      ops.push(`R ${renamedPath} ${next}\n`);
      versions.set(next, versions.get(renamedPath));
      renamedPath = next;
    }
    tip = await commit('main', `${ticket} change ${i}`, ops, undefined);
  }
  return commits;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await ensureBigRepo({ force: process.argv.includes('--force') });
