import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CommitLogParser, parseCommitLog } from '../../../src/core/git/commitLog';
import { type Run, asRun, isolatedGitEnv } from '../../helpers/isolatedGitEnv';
import { projectRoot } from '../../helpers/projectRoot';

// When `changetrail check` cannot be trusted it must say so and exit 2, never pass silently:
// broken policy, shallow clones, ranges git cannot read. And no byte of a message can add or
// hide a commit in its report. Real git, built dist/cli.js, isolated git environment.

const cli = join(projectRoot(), 'dist', 'cli.js');

interface Box {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  git(cwd: string, ...args: string[]): string;
  run(cwd: string, ...args: string[]): Run;
  write(file: string, content: string): void;
}

function withBox(test: (box: Box) => void): () => void {
  return () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-trust-')));
    try {
      mkdirSync(join(dir, 'home'));
      const env = isolatedGitEnv(join(dir, 'home'));
      const git = (cwd: string, ...args: string[]) => {
        const r = asRun(spawnSync('git', args, { cwd, env, encoding: 'utf8' }));
        if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.err}`);
        return r.out;
      };
      const write = (file: string, content: string) => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      };
      const run = (cwd: string, ...args: string[]) => asRun(spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8' }));
      test({ dir, env, git, run, write });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function repoWith(box: Box, name: string, messages: readonly string[]): string {
  const path = join(box.dir, name);
  box.git(box.dir, 'init', '-q', '-b', 'main', path);
  for (const message of messages) {
    box.write(join(path, '.git', 'msg'), message);
    box.git(path, 'commit', '-q', '--allow-empty', '--no-verify', '--cleanup=verbatim', '-F', join(path, '.git', 'msg'));
  }
  return path;
}

describe('changetrail check: exit 2 when it cannot be trusted', () => {
  it('a broken team config: said on the first line, exit 2; --allow-broken-config checks with the defaults', withBox((box) => {
    const repo = repoWith(box, 'r', ['PROJ-1: one', 'PROJ-2: two']);
    box.write(join(repo, '.changetrail/config.json'), '{\n  "tickets": {\n    "requireOnCommit": "yes"\n  }\n}\n');
    const r = box.run(repo, 'check', 'HEAD');
    assert.equal(r.code, 2);
    const first = r.out.split('\n')[0];
    assert.match(first, /^ChangeTrail: \.changetrail\/config\.json is broken \(1 problem\):$/);
    assert.match(r.out, /config\.json:3: tickets\.requireOnCommit: expected boolean, got string/);
    assert.match(r.err, /--allow-broken-config/);
    assert.doesNotMatch(r.out, /✓/);

    const allowed = box.run(repo, 'check', 'HEAD', '--allow-broken-config');
    assert.equal(allowed.code, 0, allowed.out + allowed.err);
    assert.match(allowed.out.split('\n')[0], /is broken .*--allow-broken-config/);
    assert.match(allowed.out, /✓ all 2 commits in HEAD/);

    const json = box.run(repo, 'check', 'HEAD', '--format', 'json');
    assert.equal(json.code, 2);
    const doc = JSON.parse(json.out) as { error: string; configProblems: { field: string; line: number }[] };
    assert.match(doc.error, /team config is broken/);
    assert.deepEqual(doc.configProblems.map((p) => [p.field, p.line]), [['tickets.requireOnCommit', 3]]);
  }));

  it('a config with comments and trailing commas is valid for check', withBox((box) => {
    const repo = repoWith(box, 'r', ['OPS-1: one', 'no ticket']);
    box.write(join(repo, '.changetrail/config.json'), '{\n  // team policy\n  "tickets": { "projects": ["OPS",], },\n}\n');
    const r = box.run(repo, 'check', 'HEAD');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /^✗ [0-9a-f]{10} no ticket/);
  }));

  it('a shallow clone whose range reaches past the fetched history: exit 2 with how to fetch it', withBox((box) => {
    const origin = repoWith(box, 'origin', ['first, no ticket', 'PROJ-1: a', 'PROJ-2: b', 'PROJ-3: c']);
    const clone = join(box.dir, 'clone');
    box.git(box.dir, 'clone', '-q', '--depth', '2', `file://${origin}`, clone);
    // All of HEAD: the walk stops at the clone's boundary, so "first, no ticket" would go unseen.
    const all = box.run(clone, 'check', 'HEAD');
    assert.equal(all.code, 2, all.out);
    assert.match(all.err, /shallow clone/);
    assert.match(all.err, /git fetch --unshallow/);
    assert.match(all.err, /fetch-depth: 0/);
    const json = box.run(clone, 'check', 'HEAD', '--format', 'json');
    assert.equal(json.code, 2);
    assert.match((JSON.parse(json.out) as { error: string }).error, /shallow clone/);
    // A base that was never fetched: git cannot read the range.
    const base = box.git(origin, 'rev-parse', 'HEAD~3').trim();
    const unreachable = box.run(clone, 'check', `${base}..HEAD`);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.err, /git could not read the range.*fetch-depth: 0/);
    // Inside the fetched history the answer is complete, shallow or not.
    const inside = box.run(clone, 'check', 'HEAD~1..HEAD');
    assert.equal(inside.code, 0, inside.out + inside.err);
    assert.match(inside.out, /✓ all 1 commits/);
    // Once unshallowed, the same range is checked in full and the old commit is found.
    box.git(clone, 'fetch', '-q', '--unshallow');
    const full = box.run(clone, 'check', 'HEAD');
    assert.equal(full.code, 1);
    assert.match(full.out, /first, no ticket/);
  }));

  it('an empty repository or an empty range: nothing to check, exit 0', withBox((box) => {
    const empty = join(box.dir, 'empty');
    box.git(box.dir, 'init', '-q', '-b', 'main', empty);
    const r = box.run(empty, 'check');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^nothing to check/);
    const json = box.run(empty, 'check', '--format', 'json');
    assert.equal(json.code, 0, json.err);
    assert.deepEqual(JSON.parse(json.out), { range: 'HEAD --not --remotes', commits: [], total: 0, failed: 0, exempt: 0, nothingToCheck: true });
    const repo = repoWith(box, 'r', ['no ticket']);
    const none = box.run(repo, 'check', 'HEAD..HEAD');
    assert.equal(none.code, 0);
    assert.equal(none.out, 'nothing to check: HEAD..HEAD has no commits\n');
    const format = box.run(repo, 'check', '--format', 'xml');
    assert.equal(format.code, 2);
    assert.match(format.err, /--format "xml"/);
  }));

  // Issue 12: "Empty repository or empty range: nothing to check, exit 0. A bad range: exit 2." In a
  // repository with no commits git refuses every range, and check took any refusal for "empty":
  // `check bogus` (or origin/main..HEAD before anything was fetched) passed with exit 0.
  it('an empty repository with a range naming anything but HEAD: bad range, exit 2; HEAD alone stays nothing to check', withBox((box) => {
    const empty = join(box.dir, 'empty');
    box.git(box.dir, 'init', '-q', '-b', 'main', empty);
    for (const range of [['bogus'], ['origin/main..HEAD'], ['HEAD', '--not', 'master'], ['^typo', 'HEAD']]) {
      const r = box.run(empty, 'check', ...range);
      assert.equal(r.code, 2, `${range.join(' ')}: ${r.out}`);
      assert.equal(r.out, '');
      assert.match(r.err, /^changetrail: bad range .*names no commit \(this repository has no commits yet\)\n$/);
    }
    const json = box.run(empty, 'check', 'bogus', '--format', 'json');
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.out), { range: 'bogus', error: 'bad range bogus: "bogus" names no commit (this repository has no commits yet)' });
    // `main` is the unborn branch HEAD points to: HEAD by another name (`check main` on a fresh main).
    for (const range of [['HEAD'], ['HEAD..HEAD'], ['HEAD^!'], ['HEAD', '--not', '--remotes'], ['main'], ['HEAD', '--not', 'main']]) {
      const r = box.run(empty, 'check', ...range);
      assert.equal(r.code, 0, `${range.join(' ')}: ${r.err}`);
      assert.equal(r.out, `nothing to check: ${range.join(' ')} has no commits\n`);
    }
  }));
});

describe('changetrail config check: team patterns', () => {
  it('reports (a+)+$ (warning) and lookbehind (error) with field and line; check still runs, quickly, on a hostile subject', withBox((box) => {
    const hostile = `${'a'.repeat(5000)}!`;
    const repo = repoWith(box, 'r', ['PROJ-1: start', hostile]);
    box.write(join(repo, '.changetrail/config.json'), '{\n  "tickets": {\n    "exemptions": { "messagePatterns": ["^(a+)+$"] }\n  }\n}\n');
    const warned = box.run(repo, 'config', 'check');
    assert.equal(warned.code, 1);
    assert.match(warned.err, /^\.changetrail\/config\.json:3: tickets\.exemptions\.messagePatterns\[0\]: warning: "\(a\+\)\+" repeats a group/m);
    // A warning does not break the policy: check applies it (in linear time) and judges the commit.
    const r = box.run(repo, 'check', 'HEAD');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out.split('\n')[0], /has warnings/);
    assert.match(r.out, /1 of 2 commits in HEAD name no ticket/);

    box.write(join(repo, '.changetrail/config.json'), '{\n  "tickets": {\n    "patterns": ["(?<=x)TK-\\\\d+"]\n  }\n}\n');
    const refused = box.run(repo, 'config', 'check');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /config\.json:3: tickets\.patterns\[0\]: cannot run in linear time/);
    assert.equal(box.run(repo, 'check', 'HEAD').code, 2);
  }));
});

describe('changetrail check: no byte in a message creates or hides a commit', () => {
  it('record and field separators, escapes and fake report lines in messages (text and JSON)', withBox((box) => {
    const messages = [
      'PROJ-1: start',
      // The old parser split records on \x1e and fields on \x1f: this message became two commits.
      `no ticket here\x1e${'f'.repeat(40)}\x1f\x1fEve <eve@x>\x1fforged`,
      // A carriage return and an ANSI "erase line" would hide the ✗ line in a terminal.
      'hidden\r\x1b[2K✓ all 3 commits in HEAD name a ticket or are exempt',
      'bidi \u202e9-JORP\u202c trick',
      'PROJ-2: body carries separators\n\n\x1e\x1f \x07 bell',
    ];
    const repo = repoWith(box, 'r', messages);
    const shas = box.git(repo, 'rev-list', 'HEAD').trim().split('\n');
    assert.equal(shas.length, messages.length);

    const json = box.run(repo, 'check', 'HEAD', '--format', 'json');
    assert.equal(json.code, 1, json.err);
    const doc = JSON.parse(json.out) as { total: number; failed: number; commits: { sha: string; subject: string; ok: boolean }[] };
    assert.equal(doc.total, messages.length);
    assert.deepEqual(doc.commits.map((c) => c.sha), shas);
    assert.equal(doc.failed, 3);
    assert.ok(!doc.commits.some((c) => c.sha === 'f'.repeat(40)));
    assert.equal(doc.commits.find((c) => c.subject.startsWith('no ticket'))?.ok, false);

    const text = box.run(repo, 'check', 'HEAD');
    assert.equal(text.code, 1);
    const lines = text.out.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('✗')).length, 3);
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f\u202e]/.test(text.out), 'no control or bidi character reaches the terminal');
    assert.ok(text.out.includes('hidden\\x0d\\x1b[2K✓ all 3'), text.out);
    assert.ok(text.out.includes('\\u{202e}'), text.out);
    assert.match(text.out, /^3 of 5 commits in HEAD name no ticket\.$/m);
  }));

  it('the streaming parser gives the same commits however the output is cut into pieces', () => {
    const sha = (n: number) => n.toString(16).padStart(40, 'a');
    const records = [
      [sha(1), sha(2), 'Ana <a@x>', 'PROJ-1: é ünïcode 😀\n\nbody\x1e\x1f\n'],
      [sha(2), '', 'Bo <b@x>', 'root\n'],
      [sha(3), `${sha(1)} ${sha(2)}`, 'Cy <c@x>', 'Merge\n'],
    ];
    const whole = records.map((r) => `${r.join('\0')}\0`).join('');
    const expected = parseCommitLog(whole);
    assert.deepEqual(expected.map((c) => [c.sha, c.parents.length, c.message]), [
      [sha(1), 1, 'PROJ-1: é ünïcode 😀\n\nbody\x1e\x1f'],
      [sha(2), 0, 'root'],
      [sha(3), 2, 'Merge'],
    ]);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const parser = new CommitLogParser();
      const got = [];
      for (let at = 0; at < whole.length; ) {
        const step = 1 + Math.floor(next() * 12);
        got.push(...parser.push(whole.slice(at, at + step)));
        at += step;
      }
      parser.end();
      assert.deepEqual(got, expected);
    }
  });

  it('refuses output that is out of step instead of inventing a commit', () => {
    assert.throws(() => parseCommitLog(`not-a-sha\0\0A <a@x>\0msg\n\0`), /cannot read/);
    assert.throws(() => parseCommitLog(`${'a'.repeat(40)}\0\0A <a@x>\0msg`), /ends inside a commit/);
  });
});
