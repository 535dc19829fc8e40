import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';
import { projectRoot } from '../../../helpers/projectRoot';
import { type Run, asRun, isolatedGitEnv } from '../../../helpers/isolatedGitEnv';

// The hooks as a developer gets them: installed by the built CLI (dist/cli.js), exercised by
// real `git commit`s in temp repositories. Every git and CLI process gets an environment of its
// own (temp HOME, no system config, no inherited GIT_* variables), so a global core.hooksPath,
// template dir or commentChar on the machine cannot change the outcome.

const cli = join(projectRoot(), 'dist', 'cli.js');


interface Sandbox {
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
function sandbox(options: { branch?: string } = {}): Sandbox {
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

function install(box: Sandbox, ...args: string[]): Run {
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
function touchLater(file: string): void {
  future += 10;
  const t = Date.now() / 1000 + future;
  utimesSync(file, t, t);
}

/** Names, file modes, contents (or link targets) of everything under `dir`. */
function snapshot(dir: string): Record<string, string> {
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
function setUpHusky(box: Sandbox, marker: string): void {
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

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('git hooks (installed by dist/cli.js, real git commits)', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  describe('commit-msg', () => {
    it('accepts a message that names a ticket, in the subject or the body', () => {
      box = sandbox();
      install(box);
      const subject = box.commit('PROJ-1: add the export button');
      assert.equal(subject.code, 0, subject.err);
      assert.equal(box.headMessage(), 'PROJ-1: add the export button');
      const body = box.commit(['Tidy up the export', 'Refs OPS-7']);
      assert.equal(body.code, 0, body.err);
      assert.equal(box.headMessage(), 'Tidy up the export\n\nRefs OPS-7');
    });

    it('rejects a message without a ticket, naming the fix and the branch ticket', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const before = box.head();
      // The editor drops the ticket the prepare-commit-msg hook put in.
      const r = box.commitInEditor('do a thing\n');
      assert.match(r.template, /^PROJ-42: /, 'the editor was offered the prefixed message');
      assert.notEqual(r.code, 0);
      assert.match(r.err, /this commit message names no ticket, and this repository requires one/);
      assert.match(r.err, /^ {6}PROJ-42: do a thing$/m);
      assert.match(r.err, /PROJ-42 is the ticket of branch feature\/PROJ-42-thing\./);
      assert.equal(box.head(), before, 'no commit was made');
    });

    it('rejects a message without a ticket on a branch without one, with the git config hint', () => {
      box = sandbox({ branch: 'topic' });
      install(box);
      const before = box.head();
      const r = box.commit('do a thing');
      assert.notEqual(r.code, 0);
      assert.match(r.err, /names no ticket/);
      assert.match(r.err, /Branch topic names no ticket/);
      assert.match(r.err, /git config branch\.topic\.changetrailTicket PROJ-123/);
      assert.equal(box.head(), before);
    });

    it('exempts merge commits, reverts and fixup! commits', () => {
      box = sandbox();
      install(box);
      const b = box;
      b.git(['checkout', '-q', '-b', 'topic']);
      assert.equal(b.commit('OPS-1: topic work').code, 0);
      b.git(['checkout', '-q', 'main']);
      const merge = b.tryGit(['merge', '--no-ff', 'topic']);
      assert.equal(merge.code, 0, merge.err);
      assert.equal(b.headMessage(), "Merge branch 'topic'");
      assert.equal(b.git(['rev-list', '--parents', '-n', '1', 'HEAD']).trim().split(' ').length, 3, 'a real merge commit');

      b.write('notes.txt', 'first\n');
      b.git(['add', 'notes.txt']);
      assert.equal(b.commit(['Tidy up notes', 'Refs OPS-7']).code, 0);
      const revert = b.tryGit(['revert', '--no-edit', 'HEAD']);
      assert.equal(revert.code, 0, revert.err);
      assert.match(b.headMessage(), /^Revert "Tidy up notes"\n\nThis reverts commit [0-9a-f]{40}\.$/);
      // `git revert --no-edit` skips commit-msg; a revert message typed by hand goes through it.
      const typedRevert = b.commit('Revert "x"');
      assert.equal(typedRevert.code, 0, typedRevert.err);
      assert.equal(b.headMessage(), 'Revert "x"');

      const fixup = b.commit('fixup! x');
      assert.equal(fixup.code, 0, fixup.err);
      assert.equal(b.headMessage(), 'fixup! x');
      const squash = b.commit('squash! x');
      assert.equal(squash.code, 0, squash.err);
    });

    it('rejects merges, reverts and fixup! commits when the team config turns their exemptions off', () => {
      box = sandbox();
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { exemptions: { merges: false, reverts: false, fixups: false } } }));
      install(box);
      box.git(['checkout', '-q', '-b', 'topic']);
      assert.equal(box.commit('OPS-1: topic work').code, 0);
      box.git(['checkout', '-q', 'main']);
      const before = box.head();
      const merge = box.tryGit(['merge', '--no-ff', 'topic']);
      assert.notEqual(merge.code, 0, 'the merge went through commit-msg and was rejected');
      assert.match(merge.err, /names no ticket/);
      assert.doesNotMatch(merge.err, /No ticket is needed for/);
      box.git(['merge', '--abort']);
      assert.notEqual(box.commit('Revert "x"').code, 0);
      assert.notEqual(box.commit('fixup! x').code, 0);
      assert.equal(box.head(), before);
    });

    it('does not exempt a subject that merely starts with "Merge" or "Revert" when the commit is neither', () => {
      box = sandbox();
      install(box);
      assert.notEqual(box.commit('Merge the two dialogs').code, 0);
      assert.notEqual(box.commit('Revert to the old colours').code, 0);
    });

    it('accepts anything when the team config sets requireOnCommit: false', () => {
      box = sandbox();
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { requireOnCommit: false } }));
      install(box);
      const r = box.commit('wip');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'wip');
    });

    it('picks up a change to the team config with the next commit, without reinstalling', () => {
      box = sandbox();
      install(box);
      assert.equal(box.commit('PROJ-1: before the change').code, 0);
      const config = join(box.path, '.changetrail', 'config.json');
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['OPS'] } }));
      touchLater(config);
      const proj = box.commit('PROJ-2: not a project we track any more');
      assert.notEqual(proj.code, 0, 'PROJ no longer counts');
      assert.match(proj.err, /Tickets of these projects count: OPS\./);
      assert.match(proj.err, /^ {6}OPS-123: PROJ-2: not a project we track any more$/m);
      const ops = box.commit('OPS-3: this one counts');
      assert.equal(ops.code, 0, ops.err);
      // Removing the file brings the defaults back, again without reinstalling.
      rmSync(config);
      assert.equal(box.commit('PROJ-4: any project again').code, 0);
    });

    it("ignores a ticket that is only in a comment line of core.commentChar ';' (editor commit)", () => {
      box = sandbox();
      box.git(['config', 'core.commentChar', ';']);
      install(box);
      const before = box.head();
      const r = box.commitInEditor('do a thing\n; PROJ-7 is only mentioned in a comment\n');
      assert.match(r.template, /^; Please enter the commit message/m, 'git used ; for its comments');
      assert.notEqual(r.code, 0, 'rejected: git strips the ; line, so the commit names no ticket');
      assert.match(r.err, /names no ticket/);
      assert.equal(box.head(), before);
      // A ticket in a real line still counts, and git drops the comment line.
      const ok = box.commitInEditor('do a thing\n; a comment\nRefs PROJ-7\n');
      assert.equal(ok.code, 0, ok.err);
      assert.equal(box.headMessage(), 'do a thing\nRefs PROJ-7');
    });

    it('ignores a ; comment line also when core.commentChar is set after installing', () => {
      box = sandbox();
      install(box);
      box.git(['config', 'core.commentChar', ';']);
      touchLater(join(box.path, '.git', 'config'));
      const before = box.head();
      const r = box.commitInEditor('do a thing\n; PROJ-7 is only mentioned in a comment\n');
      assert.notEqual(r.code, 0);
      assert.equal(box.head(), before);
    });

    // Regression (was a bug): the compiled policy (.git/changetrail-policy.sh) is rebuilt only when
    // .changetrail/config.json, .git/config or cli.js is newer than it. core.commentChar set in the
    // global (~/.gitconfig), worktree or `git -c` config never triggers a rebuild, so the awk fast
    // path keeps treating '#' as the comment char, finds PROJ-7 in the '; ...' line (which git
    // strips) and accepts a commit whose recorded message names no ticket.
    // Repro: hooks install; git config --global core.commentChar ';'; commit through an editor
    // that writes "do a thing\n; PROJ-7 ...": accepted, recorded message "do a thing".
    it("ignores a ; comment line when core.commentChar is set in the global config after installing", () => {
      box = sandbox();
      install(box);
      box.git(['config', '--global', 'core.commentChar', ';']);
      const before = box.head();
      const r = box.commitInEditor('do a thing\n; PROJ-7 is only mentioned in a comment\n');
      assert.notEqual(r.code, 0, `accepted; recorded message: ${JSON.stringify(box.headMessage())}`);
      assert.equal(box.head(), before);
    });

    // Regression (was a bug): with `git commit -e -m <msg>` git passes "message" to prepare-commit-msg, so the hooks
    // treat the file as "not stripped" (CT_STRIP=0), yet git opens the editor and strips comment
    // lines. The comment "# On branch feature/PROJ-42-thing" then counts as a ticket: the
    // prepare-commit-msg hook adds no prefix and commit-msg accepts, so "fix thing" is recorded
    // without any ticket. Repro: on feature/PROJ-42-thing, GIT_EDITOR=true git commit -e -m "fix thing".
    it('does not count the "# On branch" comment as a ticket with git commit -e -m', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const before = box.head();
      const r = box.tryGit(['commit', '--allow-empty', '-e', '-m', 'fix thing'], box.path, { GIT_EDITOR: 'true' });
      if (r.code === 0) assert.match(box.headMessage(), /PROJ-42/, `recorded without a ticket: ${JSON.stringify(box.headMessage())}`);
      else assert.equal(box.head(), before);
    });
  });

  describe('prepare-commit-msg', () => {
    it('prefixes the branch ticket in the default format', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const r = box.commit('do a thing');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'PROJ-42: do a thing');
      const body = box.commit(['do another thing', 'with a body']);
      assert.equal(body.code, 0, body.err);
      assert.equal(box.headMessage(), 'PROJ-42: do another thing\n\nwith a body');
      // A message that already names a ticket is left as written.
      assert.equal(box.commit('OPS-3: related work').code, 0);
      assert.equal(box.headMessage(), 'OPS-3: related work');
    });

    it('prefixes a lower-case branch ticket in upper case', () => {
      box = sandbox({ branch: 'fix/proj-7-typo' });
      install(box);
      assert.equal(box.commit('fix the typo').code, 0);
      assert.equal(box.headMessage(), 'PROJ-7: fix the typo');
    });

    it('uses the commitFormat of the team config', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { commitFormat: '[{ticket}] {message}' } }));
      install(box);
      const r = box.commit(['do a thing', 'details stay below']);
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), '[PROJ-42] do a thing\n\ndetails stay below');
    });

    it('adds the ticket in the editor too, above git\'s comments', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const r = box.commitInEditor('PROJ-42: the subject typed after the prefix\n');
      assert.equal(r.code, 0, r.err);
      assert.match(r.template, /^PROJ-42: \n/, 'the editor opens on "PROJ-42: " ready for the subject');
      assert.match(r.template, /^# On branch feature\/PROJ-42-thing$/m);
      assert.equal(box.headMessage(), 'PROJ-42: the subject typed after the prefix');
    });

    it('adds no prefix to fixup! commits', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const r = box.commit('fixup! x');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'fixup! x');
      assert.equal(box.commit('PROJ-42: the real work').code, 0);
      const fixup = box.tryGit(['commit', '--allow-empty', '--fixup', 'HEAD']);
      assert.equal(fixup.code, 0, fixup.err);
      assert.equal(box.headMessage(), 'fixup! PROJ-42: the real work');
    });

    it('adds no prefix when amending', () => {
      box = sandbox();
      // Without a requirement, what is recorded is exactly what the prepare hook left.
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { requireOnCommit: false } }));
      install(box);
      assert.equal(box.commit('made on main').code, 0);
      box.git(['checkout', '-q', '-b', 'feature/PROJ-42-thing']);
      const amend = box.tryGit(['commit', '--amend', '--allow-empty', '--no-edit']);
      assert.equal(amend.code, 0, amend.err);
      assert.equal(box.headMessage(), 'made on main');
      const inEditor = box.commitInEditor('made on main, reworded\n', ['--amend']);
      assert.equal(inEditor.code, 0, inEditor.err);
      assert.match(inEditor.template, /^made on main\n/, 'the editor got the old message, unprefixed');
      assert.equal(box.headMessage(), 'made on main, reworded');
      // Control: a new commit on the same branch is prefixed.
      assert.equal(box.commit('new work').code, 0);
      assert.equal(box.headMessage(), 'PROJ-42: new work');
    });

    it('prefixes the ticket linked in git config on a branch whose name names none', () => {
      box = sandbox({ branch: 'spike/x' });
      box.git(['config', 'branch.spike/x.changetrailTicket', 'OPS-5']);
      install(box);
      const r = box.commit('try the new parser');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'OPS-5: try the new parser');
    });

    it('picks up a ticket linked after installing', () => {
      box = sandbox({ branch: 'spike/x' });
      install(box);
      assert.notEqual(box.commit('try the new parser').code, 0);
      box.git(['config', 'branch.spike/x.changetrailTicket', 'OPS-5']);
      const r = box.commit('try the new parser');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'OPS-5: try the new parser');
    });

    // Regression (was a bug): ticketForBranch (used by `changetrail ticket`, the rejection message and the CLI's
    // prepare-commit-msg) prefers the ticket linked in git config over the one in the branch name,
    // but the hook's awk fast path looks only at the name and never reaches the CLI when the name
    // names a ticket. Repro: on feature/PROJ-42-thing, git config
    // branch.feature/PROJ-42-thing.changetrailTicket OPS-5; `changetrail ticket` prints OPS-5,
    // `git commit -m "linked"` records "PROJ-42: linked".
    it('prefers the linked ticket over the one in the branch name, as `changetrail ticket` does', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      box.git(['config', 'branch.feature/PROJ-42-thing.changetrailTicket', 'OPS-5']);
      install(box);
      assert.equal(box.changetrail(['ticket']).out.trim(), 'OPS-5');
      assert.equal(box.commit('linked').code, 0);
      assert.equal(box.headMessage(), 'OPS-5: linked');
    });
  });

  describe('existing hooks', () => {
    it('runs a pre-existing commit-msg hook after its own check, and not when it rejects', () => {
      box = sandbox();
      const marker = join(box.scratch, 'user-hook.log');
      const hook = `#!/bin/sh\necho "user commit-msg: $(head -n 1 "$1")" >> '${marker}'\n`;
      box.write('.git/hooks/commit-msg', hook, 0o755);
      const r = install(box);
      assert.match(r.out, /Existing hooks still run: commit-msg/);
      assert.equal(box.commit('PROJ-1: accepted').code, 0);
      assert.deepEqual(lines(marker), ['user commit-msg: PROJ-1: accepted']);
      // Ours rejects first, so the user's hook never sees the message.
      const rejected = box.commit('no ticket');
      assert.notEqual(rejected.code, 0);
      assert.deepEqual(lines(marker), ['user commit-msg: PROJ-1: accepted']);
      assert.equal(box.commit('PROJ-2: accepted again').code, 0);
      assert.deepEqual(lines(marker), ['user commit-msg: PROJ-1: accepted', 'user commit-msg: PROJ-2: accepted again']);
      assert.equal(readFileSync(join(box.path, '.git/hooks/commit-msg.pre-changetrail'), 'utf8'), hook);
    });

    it("still honours a pre-existing hook's verdict", () => {
      box = sandbox();
      box.write('.git/hooks/commit-msg', '#!/bin/sh\ngrep -q "Signed-off-by:" "$1" || { echo "user hook: sign off" >&2; exit 1; }\n', 0o755);
      install(box);
      const r = box.commit('PROJ-1: unsigned');
      assert.notEqual(r.code, 0);
      assert.match(r.err, /user hook: sign off/);
      assert.equal(box.commit('PROJ-1: signed', ['--signoff']).code, 0);
    });

    it('runs a pre-existing hook that is not a sh script (a node script) with its arguments', () => {
      box = sandbox();
      const marker = join(box.scratch, 'node-hook.log');
      box.write(
        '.git/hooks/prepare-commit-msg',
        `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(marker)}, process.argv.slice(3).join(' ') + '\\n');\n`,
        0o755,
      );
      install(box);
      assert.equal(box.commit('PROJ-1: with a node hook').code, 0);
      assert.deepEqual(lines(marker), ['message']);
    });

    // Regression (was a bug): git ignores a hook that is not executable (it prints a hint and commits). Install keeps
    // such a hook as <hook>.pre-changetrail and ct_chain runs it anyway: a non-sh one is exec'd and
    // fails with "Permission denied", which now blocks every commit; a sh one is sourced and runs
    // although git never ran it. Repro: chmod 644 .git/hooks/commit-msg (a #!/usr/bin/env node
    // script); git commit works; changetrail hooks install; git commit -m "PROJ-2: ..." fails with
    // ".git/hooks/commit-msg.pre-changetrail: Permission denied".
    it('leaves a non-executable hook ignored, as git did', () => {
      box = sandbox();
      const marker = join(box.scratch, 'disabled-hook.log');
      box.write('.git/hooks/commit-msg', `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(marker)}, 'ran\\n');\nprocess.exit(1);\n`, 0o644);
      assert.equal(box.commit('PROJ-1: before installing').code, 0, 'git ignores the hook');
      install(box);
      const r = box.commit('PROJ-2: after installing');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(lines(marker), []);
    });

    it("runs husky's user hook through its own (core.hooksPath=.husky/_)", () => {
      box = sandbox();
      const marker = join(box.scratch, 'husky.log');
      setUpHusky(box, marker);
      const r = install(box);
      assert.match(r.out, /in .*\.husky\/_/);
      assert.equal(box.commit('PROJ-2: through husky').code, 0);
      assert.deepEqual(lines(marker), ['husky commit-msg PROJ-2: through husky']);
      const rejected = box.commit('no ticket');
      assert.notEqual(rejected.code, 0);
      assert.match(rejected.err, /names no ticket/);
      assert.deepEqual(lines(marker), ['husky commit-msg PROJ-2: through husky']);
      // Nothing of ChangeTrail's shows up as a change to commit.
      assert.equal(box.git(['status', '--porcelain']), '');
    });
  });

  describe('worktrees', () => {
    it('checks commits in a linked worktree with that worktree\'s branch ticket', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const wt = join(box.scratch, 'wt');
      box.git(['worktree', 'add', '-q', '-b', 'feature/OPS-9-other', wt, 'main']);
      const r = box.commit('work in the worktree', [], wt);
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(wt), 'OPS-9: work in the worktree');
      assert.equal(box.commit('work in the main worktree').code, 0);
      assert.equal(box.headMessage(), 'PROJ-42: work in the main worktree');

      box.git(['checkout', '-q', '-b', 'wt-topic'], wt);
      const before = box.head(wt);
      const rejected = box.commit('no ticket here', [], wt);
      assert.notEqual(rejected.code, 0);
      assert.match(rejected.err, /git config branch\.wt-topic\.changetrailTicket PROJ-123/);
      assert.equal(box.head(wt), before);
    });

    // Regression (was a bug): the rejection message always says the message is saved in .git/COMMIT_EDITMSG and
    // suggests `git commit -e -F .git/COMMIT_EDITMSG`; in a linked worktree .git is a file and the
    // message is in .git/worktrees/<name>/COMMIT_EDITMSG, so the suggested command fails
    // ("could not read log file '.git/COMMIT_EDITMSG': Not a directory").
    it('points a rejected commit in a linked worktree at a message file that exists', () => {
      box = sandbox();
      install(box);
      const wt = join(box.scratch, 'wt');
      box.git(['worktree', 'add', '-q', '-b', 'wt-topic', wt, 'main']);
      const rejected = box.commit('no ticket here', [], wt);
      assert.notEqual(rejected.code, 0);
      const m = /git commit -e -F (\S+)/.exec(rejected.err);
      assert.ok(m, rejected.err);
      const file = m[1].startsWith('/') ? m[1] : join(wt, m[1]);
      assert.ok(existsSync(file), `${m[1]} does not exist in the worktree`);
      assert.match(readFileSync(file, 'utf8'), /no ticket here/);
    });
  });

  describe('install and uninstall', () => {
    it('uninstall restores exactly the hooks directory that was there before', () => {
      box = sandbox();
      const marker = join(box.scratch, 'user-hook.log');
      box.write('.git/hooks/commit-msg', `#!/bin/sh\necho ran >> '${marker}'\n`, 0o750);
      box.write('.git/hooks/pre-push', '#!/usr/bin/env node\nprocess.exit(0);\n', 0o700);
      box.write('.git/hooks/post-checkout', '#!/bin/sh\nexit 0\n', 0o755);
      const hooksDir = join(box.path, '.git', 'hooks');
      const before = snapshot(hooksDir);
      install(box, '--pre-push');
      assert.notDeepEqual(snapshot(hooksDir), before, 'install changed something');
      assert.equal(box.commit('PROJ-1: while installed').code, 0);
      // Installing again (an update) must not lose what was kept.
      install(box, '--pre-push');
      const r = box.changetrail(['hooks', 'uninstall']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Removed commit-msg, prepare-commit-msg, pre-push/);
      assert.deepEqual(snapshot(hooksDir), before);
      assert.deepEqual(readdirSync(join(box.path, '.git')).filter((n) => n.startsWith('changetrail')), []);
      // And the user's hook works on its own again.
      assert.equal(box.commit('no ticket needed any more').code, 0);
      assert.deepEqual(lines(marker), ['ran', 'ran']);
    });

    it('uninstall restores the husky folder exactly', () => {
      box = sandbox();
      setUpHusky(box, join(box.scratch, 'husky.log'));
      const before = snapshot(join(box.path, '.husky'));
      install(box);
      assert.equal(box.commit('PROJ-2: through husky').code, 0);
      const r = box.changetrail(['hooks', 'uninstall']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(snapshot(join(box.path, '.husky')), before);
      assert.equal(box.git(['config', 'core.hooksPath']).trim(), '.husky/_');
    });

    it('uninstall removes a hooks directory that install created', () => {
      box = sandbox();
      box.git(['config', 'core.hooksPath', '.git/team-hooks']);
      const dir = join(box.path, '.git', 'team-hooks');
      assert.equal(existsSync(dir), false);
      install(box);
      assert.ok(existsSync(join(dir, 'commit-msg')));
      assert.notEqual(box.commit('no ticket').code, 0, 'the hooks run from core.hooksPath');
      assert.equal(box.changetrail(['hooks', 'uninstall']).code, 0);
      assert.equal(existsSync(dir), false);
    });

    it('refuses to write into a committed core.hooksPath folder, and writes nothing', () => {
      box = sandbox();
      box.write('.githooks/pre-commit', '#!/bin/sh\nexit 0\n', 0o755);
      box.git(['add', '.githooks']);
      box.git(['commit', '-q', '-m', 'PROJ-1: team hooks']);
      box.git(['config', 'core.hooksPath', '.githooks']);
      const hooksBefore = snapshot(join(box.path, '.githooks'));
      const gitBefore = readdirSync(join(box.path, '.git')).sort();
      const r = box.changetrail(['hooks', 'install']);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /core\.hooksPath is \.githooks, a folder committed to this repository; ChangeTrail will not write into it\./);
      assert.match(r.err, /changetrail hook commit-msg "\$1"/);
      assert.deepEqual(snapshot(join(box.path, '.githooks')), hooksBefore);
      assert.deepEqual(readdirSync(join(box.path, '.git')).sort(), gitBefore);
      assert.equal(box.git(['status', '--porcelain']), '');
      assert.equal(box.commit('still no hook of ours').code, 0);
    });

    it('hooks status reports what is installed and what is missing', () => {
      box = sandbox();
      const missing = box.changetrail(['hooks', 'status']);
      assert.equal(missing.code, 1);
      assert.match(missing.out, /installed: none/);
      install(box);
      const ok = box.changetrail(['hooks', 'status']);
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /installed: prepare-commit-msg, commit-msg/);
    });
  });
});
