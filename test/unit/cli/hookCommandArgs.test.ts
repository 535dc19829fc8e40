import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../helpers/hookSandbox';

// The hidden commands the git hooks run take what git passes them (a message file, the remote's
// name and URL); without one, or with a file that is not there, they answer as bad usage (exit 2)
// in one line, not with Node's own words and exit 70.

describe('the hooks\' commands: their arguments', function () {
  this.timeout(60_000);
  let box: Sandbox;
  beforeEach(() => {
    box = sandbox({ branch: 'feature/login' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['PROJ'] } }));
  });
  afterEach(() => box.dispose());

  it('hook commit-msg without a file: usage error, exit 2, one line', () => {
    const r = box.changetrail(['hook', 'commit-msg']);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err, 'changetrail hook commit-msg: give the commit message file: changetrail hook commit-msg <message-file>\n');
  });

  it('hook commit-msg and prepare-commit-msg with a file that is not there: exit 2 naming it', () => {
    for (const [hook, ...rest] of [['commit-msg', ''], ['prepare-commit-msg', '', 'feature/PROJ-1-x']]) {
      const r = box.changetrail(['hook', hook, 'no-such-message.txt', ...rest]);
      assert.equal(r.code, 2, `${hook}: ${r.err}`);
      assert.match(r.err, new RegExp(`^changetrail: hook ${hook}: cannot read the message file no-such-message\\.txt \\(ENOENT\\)\\n$`));
    }
  });

  it('hook prepare-commit-msg without a file: exit 2', () => {
    const r = box.changetrail(['hook', 'prepare-commit-msg']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /give the commit message file/);
  });

  it('hook commit-msg names the file it was given, not .git/COMMIT_EDITMSG', () => {
    box.write('drafts/message.txt', 'no ticket here\n');
    const r = box.changetrail(['hook', 'commit-msg', 'drafts/message.txt', '']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /Your message is saved in drafts\/message\.txt: git commit -e -F drafts\/message\.txt/);
    assert.doesNotMatch(r.err, /COMMIT_EDITMSG/);
  });

  it('still takes what the installed hooks pass: commits go through or are refused as before', () => {
    install(box, '--pre-push');
    assert.equal(box.commit('PROJ-1: with a ticket').code, 0);
    const refused = box.commit('no ticket');
    assert.equal(refused.code, 1, refused.err);
    assert.match(refused.err, /Your message is saved in \.git\/COMMIT_EDITMSG/);
    // prepare-commit-msg through the CLI: a linked ticket is added to a message that names none.
    box.git(['config', 'branch.feature/login.changetrailTicket', 'PROJ-9']);
    assert.equal(box.commit('Log in with a passkey').code, 0);
    assert.match(box.headMessage(), /PROJ-9/);
    // pre-push gets the remote's name and URL and git's ref lines on stdin.
    box.git(['init', '-q', '--bare', join(box.scratch, 'origin.git')]);
    box.git(['remote', 'add', 'origin', join(box.scratch, 'origin.git')]);
    const toMain = box.tryGit(['push', '-q', 'origin', 'HEAD:refs/heads/main']);
    assert.notEqual(toMain.code, 0, 'main is protected and "Initial commit" names no ticket');
    assert.match(toMain.err, /push to protected branch main refused/);
    const pushed = box.tryGit(['push', '-q', 'origin', 'HEAD:refs/heads/feature/login']);
    assert.equal(pushed.code, 0, pushed.err);
  });

  it('hooks compile-policy --out writes the policy where it is told', () => {
    const r = box.changetrail(['hooks', 'compile-policy', '--out', join(box.scratch, 'policy.sh')]);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(join(box.scratch, 'policy.sh'), 'utf8'), /PROJ/);
  });
});
