import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TestRepo, createTestRepo } from './createTestRepo';
import { projectRoot } from './projectRoot';
import { type Run, asRun, isolatedGitEnv } from './isolatedGitEnv';

// Shared by the hook suites. The hooks as a developer gets them: installed by the built CLI (dist/cli.js), exercised by
// real `git commit`s in temp repositories. Every git and CLI process gets an environment of its
// own (temp HOME, no system config, no inherited GIT_* variables), so a global core.hooksPath,
// template dir or commentChar on the machine cannot change the outcome.

export const cli = join(projectRoot(), 'dist', 'cli.js');


export interface Sandbox {
  readonly repo: TestRepo;
  /** The repository's work tree. */
  readonly path: string;
  /** Scratch folder outside the repository (HOME, editor scripts, worktrees). */
  readonly scratch: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs git; throws with git's stderr when it fails. */
  git(args: readonly string[], cwd?: string): string;
  /** Runs git and reports how it went instead of throwing. */
  tryGit(args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): Run;
  changetrail(args: readonly string[], cwd?: string): Run;
  /** `git commit --allow-empty -m <paragraph>...`. */
  commit(message: string | readonly string[], extra?: readonly string[], cwd?: string): Run;
  /** `git commit --allow-empty` with an editor that replaces the message file with `text`; `template` is what git gave the editor. */
  commitInEditor(text: string, extra?: readonly string[], cwd?: string): Run & { readonly template: string };
  /** The full message of HEAD, as git recorded it. */
  headMessage(cwd?: string): string;
  head(cwd?: string): string;
  write(file: string, content: string, mode?: number): void;
  dispose(): void;
}


/** A test repository on `main` (plus `branch`, when given) with an isolated environment. */
export function sandbox(options: { branch?: string } = {}): Sandbox {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-hooks-')));
  let repo: TestRepo | undefined;
  try {
    const home = join(scratch, 'home');
    mkdirSync(home);
    const env = isolatedGitEnv(home);
    // The first commit is made below with the isolated environment, so no global hook runs for it.
    repo = createTestRepo({ initialCommit: false });
    const path = repo.path;
    // A template dir in the machine's global config may have put hooks here; start from git's samples only.
    for (const name of readdirSync(join(path, '.git', 'hooks'))) {
      if (!name.endsWith('.sample')) rmSync(join(path, '.git', 'hooks', name), { recursive: true, force: true });
    }
    const tryGit = (args: readonly string[], cwd = path, extraEnv: NodeJS.ProcessEnv = {}): Run =>
      asRun(spawnSync('git', args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' }));
    const git = (args: readonly string[], cwd = path): string => {
      const r = tryGit(args, cwd);
      if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.err}`);
      return r.out;
    };
    let editors = 0;
    const box: Sandbox = {
      repo,
      path,
      scratch,
      env,
      git,
      tryGit,
      changetrail: (args, cwd = path) => asRun(spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8' })),
      commit(message, extra = [], cwd = path) {
        const paragraphs = typeof message === 'string' ? [message] : message;
        return tryGit(['commit', '--allow-empty', ...paragraphs.flatMap((p) => ['-m', p]), ...extra], cwd);
      },
      commitInEditor(text, extra = [], cwd = path) {
        const n = ++editors;
        const messageFile = join(scratch, `message-${n}.txt`);
        const templateFile = join(scratch, `template-${n}.txt`);
        const editor = join(scratch, `editor-${n}.sh`);
        writeFileSync(messageFile, text);
        writeFileSync(editor, `#!/bin/sh\ncp "$1" '${templateFile}'\ncp '${messageFile}' "$1"\n`);
        chmodSync(editor, 0o755);
        const r = tryGit(['commit', '--allow-empty', ...extra], cwd, { GIT_EDITOR: editor });
        return { ...r, template: existsSync(templateFile) ? readFileSync(templateFile, 'utf8') : '' };
      },
      headMessage: (cwd = path) => git(['log', '-1', '--format=%B'], cwd).replace(/\n+$/, ''),
      head: (cwd = path) => git(['rev-parse', 'HEAD'], cwd).trim(),
      write(file, content, mode) {
        mkdirSync(dirname(join(path, file)), { recursive: true });
        writeFileSync(join(path, file), content);
        if (mode !== undefined) chmodSync(join(path, file), mode);
      },
      dispose() {
        repo?.dispose();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
    box.write('README.md', '# test\n');
    git(['add', 'README.md']);
    git(['commit', '-q', '-m', 'Initial commit']);
    if (options.branch) git(['checkout', '-q', '-b', options.branch]);
    return box;
  } catch (error) {
    repo?.dispose();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

export function install(box: Sandbox, ...args: string[]): Run {
  const r = box.changetrail(['hooks', 'install', ...args]);
  assert.equal(r.code, 0, `hooks install failed: ${r.err}`);
  return r;
}

let future = 0;
/**
 * Moves a file's mtime into the future, each call further than the last. File times are as coarse
 * as the kernel's clock tick, so a file written right after the hooks compiled the policy can carry
 * the very same mtime; this stands in for "edited a while later" without sleeping.
 */
export function touchLater(file: string): void {
  future += 10;
  const t = Date.now() / 1000 + future;
  utimesSync(file, t, t);
}

/** Names, file modes, contents (or link targets) of everything under `dir`. */
export function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      const full = join(dir, relPath);
      const st = lstatSync(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) entries[relPath] = `link ${readlinkSync(full)}`;
      else if (st.isDirectory()) {
        entries[relPath] = `dir ${mode}`;
        walk(relPath);
      } else entries[relPath] = `file ${mode} ${readFileSync(full, 'utf8')}`;
    }
  };
  walk('');
  return entries;
}

/** husky v9's layout: core.hooksPath=.husky/_, a dispatcher per hook, user hooks in .husky/. */
export function setUpHusky(box: Sandbox, marker: string): void {
  box.write('.husky/_/.gitignore', '*');
  box.write(
    '.husky/_/h',
    [
      '#!/usr/bin/env sh',
      '[ "$HUSKY" = "2" ] && set -x',
      'n=$(basename "$0")',
      's=$(dirname "$(dirname "$0")")/$n',
      '[ ! -f "$s" ] && exit 0',
      '[ "${HUSKY-}" = "0" ] && exit 0',
      'export PATH="node_modules/.bin:$PATH"',
      'sh -e "$s" "$@"',
      'c=$?',
      '[ $c != 0 ] && echo "husky - $n script failed (code $c)"',
      'exit $c',
      '',
    ].join('\n'),
    0o755,
  );
  for (const hook of ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push']) {
    box.write(`.husky/_/${hook}`, '#!/usr/bin/env sh\n. "$(dirname "$0")/h"', 0o755);
  }
  box.write('.husky/commit-msg', `echo "husky commit-msg $(head -n 1 "$1")" >> '${marker}'\n`);
  box.git(['config', 'core.hooksPath', '.husky/_']);
  box.git(['add', '.husky/commit-msg']);
  box.git(['commit', '-q', '--no-verify', '-m', 'PROJ-1: add husky']);
}

export const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
