import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, lines, sandbox, setUpHusky } from '../../../helpers/hookSandbox';

describe('git hooks (installed by dist/cli.js, real git commits)', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
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

    it('prefixes a lower-case branch ticket of a listed project in upper case', () => {
      box = sandbox({ branch: 'fix/proj-7-typo' });
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['PROJ'] } }));
      install(box);
      assert.equal(box.commit('fix the typo').code, 0);
      assert.equal(box.headMessage(), 'PROJ-7: fix the typo');
    });

    it('invents no ticket from a lower-case word of a branch when no projects are listed', () => {
      box = sandbox({ branch: 'chore/node-20-upgrade' });
      install(box);
      const r = box.commit('upgrade node');
      assert.notEqual(r.code, 0, 'no ticket, so the commit-msg hook refuses it');
      assert.doesNotMatch(r.err + r.out, /NODE-20/);
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

    it('adds no prefix to --amend -m (git reports it as "message"), abbreviated or not', () => {
      box = sandbox();
      box.write('.changetrail/config.json', JSON.stringify({ tickets: { requireOnCommit: false } }));
      install(box);
      assert.equal(box.commit('made on main').code, 0);
      box.git(['checkout', '-q', '-b', 'feature/PROJ-42-thing']);
      for (const flag of ['--amend', '--am']) {
        const r = box.tryGit(['commit', '--allow-empty', flag, '-m', `reworded with ${flag}`]);
        assert.equal(r.code, 0, r.err);
        assert.equal(box.headMessage(), `reworded with ${flag}`);
      }
      // Control: "--amend" inside a message is no amend.
      assert.equal(box.commit('explain --amend handling').code, 0);
      assert.equal(box.headMessage(), 'PROJ-42: explain --amend handling');
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

});
