import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommands } from '../../../src/cli/main';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment, incident } from '../../fixtures/metrics/metricsFixtures';

// A broken team config falls back to its defaults, and the default change log is not the one the
// team named: a command that read it would answer from the wrong log, one that wrote to it would
// split the log in two. Every command that reads or writes the log refuses instead: exit 2, one
// line naming the config file, neither log touched.

const cli = join(projectRoot(), 'dist', 'cli.js');
const NOW = '2026-11-30T06:00:00Z';

function run(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: NOW }, input: '' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Every command that reads or writes the change log, with arguments that would otherwise get an
// answer (or a record) from the log seeded below.
const LOG_COMMANDS: Record<string, readonly (readonly string[])[]> = {
  note: [['--env', 'production'], ['--env', 'production', '--record']],
  digest: [['--since', '30d']],
  record: [['--system', 'POS', '--title', 'Raised the limit', '--why', 'Black Friday', '--rollback', 'Lower it']],
  metrics: [['--month', '2026-11', '--tz', 'UTC']],
  export: [['--format', 'csv', '--tz', 'UTC'], ['--format', 'jsonl', '--out', 'exported']],
  gate: [['--env', 'production']],
  changed: [['--env', 'production', '--window', '30d']],
  'incident open': [['--title', 'Checkout down', '--no-post']],
  'incident update': [['latest', '--note', 'still down']],
  'incident resolve': [['latest', '--fix', 'none', '--no-post']],
  rollback: [['--env', 'production', '--dry-run'], ['--env', 'production', '--no-post']],
  lessons: [['limit']],
};
// What does not touch the change log keeps its documented behaviour with a broken config.
const NOT_LOG_COMMANDS = ['check', 'ticket', 'hooks install', 'hooks uninstall', 'hooks status', 'config check', 'config schema', 'hook commit-msg', 'hook prepare-commit-msg', 'hook pre-push', 'hooks compile-policy'];

const BROKEN_CONFIGS: Record<string, string> = {
  'a stray brace': '{"records":{"log":{"path":"ops/changes.jsonl"}}}\n}\n',
  'a log path of the wrong type': '{"records":{"log":{"path":[1]}}}\n',
};

describe('a broken team config: every command that reads or writes the change log refuses (built dist/cli.js)', () => {
  it('the list below covers every command of the CLI', () => {
    assert.deepEqual([...cliCommands.map((c) => c.name)].sort(), [...Object.keys(LOG_COMMANDS), ...NOT_LOG_COMMANDS, 'board'].sort());
  });

  for (const [what, config] of Object.entries(BROKEN_CONFIGS)) {
    it(`${what}: exit 2, the config file named, neither log changed`, () => {
      const repo = createTestRepo();
      try {
        const c = change({ at: '2026-11-20T09:00:00Z', system: 'POS' });
        const d1 = deployment('2026-11-19T10:00:00Z', [], { commit: repo.git('rev-parse', 'HEAD').trim() });
        const d2 = deployment('2026-11-20T10:00:00Z', [c], { commit: repo.git('rev-parse', 'HEAD').trim(), previousCommit: repo.git('rev-parse', 'HEAD').trim() });
        const i = incident({ detectedAt: '2026-11-20T11:00:00Z', systems: ['POS'], lessons: 'the limit was too low' });
        const lines = [c, d1, d2, i].map((e) => JSON.stringify(e)).join('\n') + '\n';
        repo.write('.changetrail/changes.jsonl', lines);
        repo.write('ops/changes.jsonl', lines);
        repo.commit('records');
        repo.write('.changetrail/config.json', config);
        const before = { default: readFileSync(join(repo.path, '.changetrail/changes.jsonl')), named: readFileSync(join(repo.path, 'ops/changes.jsonl')) };
        const failures: string[] = [];
        for (const [name, variants] of Object.entries(LOG_COMMANDS)) {
          for (const args of variants) {
            const r = run(repo.path, [...name.split(' '), ...args]);
            const shown = `${name} ${args.join(' ')}`;
            if (r.code !== 2) failures.push(`${shown}: exit ${r.code}, not 2 (${r.err.trim().split('\n').at(-1)})`);
            if (!/\.changetrail\/config\.json:\d+: /.test(r.err)) failures.push(`${shown}: the config file is not named: ${r.err.trim()}`);
            if (name !== 'gate' && r.err.split('\n').filter((l) => l.startsWith(`changetrail ${name}: the team config is broken`)).length !== 1) failures.push(`${shown}: no one-line refusal: ${r.err.trim()}`);
          }
        }
        assert.deepEqual(failures, []);
        assert.deepEqual(readFileSync(join(repo.path, '.changetrail/changes.jsonl')), before.default, 'the default log is unchanged');
        assert.deepEqual(readFileSync(join(repo.path, 'ops/changes.jsonl')), before.named, 'the named log is unchanged');
        assert.equal(existsSync(join(repo.path, 'exported')), false, 'no export written');
      } finally {
        repo.dispose();
      }
    });
  }

  it('board refuses too (exit 2), writing nothing', () => {
    const repo = createTestRepo();
    const out = join(mkdtempSync(join(tmpdir(), 'changetrail-board-')), 'site');
    try {
      repo.write('.changetrail/config.json', BROKEN_CONFIGS['a stray brace']);
      const r = run(repo.path, ['board', '--out', out]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /the team config is broken \(\.changetrail\/config\.json:2: not valid JSON/);
      assert.equal(existsSync(out), false);
    } finally {
      repo.dispose();
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });

  it('a --repo elsewhere: its config is named by its full path', () => {
    const here = createTestRepo();
    const there = createTestRepo();
    try {
      there.write('.changetrail/config.json', BROKEN_CONFIGS['a log path of the wrong type']);
      const r = run(here.path, ['metrics', '--month', '2026-11', '--tz', 'UTC', '--repo', there.path]);
      assert.equal(r.code, 2);
      assert.ok(r.err.includes(`changetrail metrics: the team config is broken (${join(there.path, '.changetrail/config.json')}:1: records.log.path: expected string, got array)`), r.err);
    } finally {
      here.dispose();
      there.dispose();
    }
  });

  it('a config with only a warning is used as written: record records, and says the warning', () => {
    const repo = createTestRepo();
    try {
      repo.write('.changetrail/config.json', '{"records":{"log":{"path":"ops/changes.jsonl"}},"tickets":{"patterns":["(a+)+"]}}\n');
      const r = run(repo.path, ['record', '--system', 'POS', '--title', 'Raised the limit', '--why', 'Black Friday', '--rollback', 'Lower it']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /warning: \.changetrail\/config\.json:\d+: tickets\.patterns\[0\]: warning: /);
      assert.match(readFileSync(join(repo.path, 'ops/changes.jsonl'), 'utf8'), /Raised the limit/);
    } finally {
      repo.dispose();
    }
  });
});
