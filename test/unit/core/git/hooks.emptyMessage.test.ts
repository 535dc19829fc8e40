import * as assert from 'node:assert/strict';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';
import type { Run } from '../../../helpers/isolatedGitEnv';

// Git aborts a commit whose message is empty. prepare-commit-msg puts the branch ticket into the
// message before the editor opens, so a message the person left empty must still abort.

describe('git hooks: an empty message still aborts the commit', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  function refused(b: Sandbox, r: Run, before: string): void {
    assert.notEqual(r.code, 0, 'the commit went through');
    assert.match(r.err, /empty commit message/);
    assert.equal(b.head(), before, 'no commit was made');
  }

  it('aborts when the editor leaves the message as the hook prepared it (GIT_EDITOR=true)', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    install(box);
    const before = box.head();
    refused(box, box.tryGit(['commit', '--allow-empty'], box.path, { GIT_EDITOR: 'true' }), before);
    // A real message still goes through, with the ticket.
    assert.equal(box.commit('fix login').code, 0);
    assert.equal(box.headMessage(), 'PROJ-42: fix login');
  });

  it('aborts when every line written is a comment, with -v and core.commentChar=auto', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    install(box);
    box.git(['config', 'core.commentChar', 'auto']);
    box.write('a.txt', 'a\n');
    box.git(['add', 'a.txt']);
    const before = box.head();
    refused(box, box.tryGit(['commit', '-v'], box.path, { GIT_EDITOR: 'true' }), before);
    const comments = box.commitInEditor('# nothing to say\n# really\n', ['-v']);
    refused(box, comments, before);
  });

  it('aborts when the message is only the ticket the editor kept, without the trailing space', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    install(box);
    const before = box.head();
    refused(box, box.commitInEditor('PROJ-42:\n\n# Please enter the commit message\n'), before);
  });

  it('aborts with a format that adds the ticket as a trailer', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { commitFormat: 'Refs: {ticket}' } }));
    box.git(['add', '.changetrail/config.json']);
    box.git(['commit', '-q', '--no-verify', '-m', 'config']);
    install(box);
    const before = box.head();
    refused(box, box.tryGit(['commit', '--allow-empty'], box.path, { GIT_EDITOR: 'true' }), before);
  });

  it('aborts on an empty message even when tickets are not required', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { requireOnCommit: false } }));
    box.git(['add', '.changetrail/config.json']);
    box.git(['commit', '-q', '--no-verify', '-m', 'config']);
    install(box);
    const before = box.head();
    refused(box, box.tryGit(['commit', '--allow-empty'], box.path, { GIT_EDITOR: 'true' }), before);
    assert.equal(box.commit('wip').code, 0, 'a message without a ticket still goes through');
  });

  it('aborts on a ticket linked to the branch as on one in its name', () => {
    box = sandbox({ branch: 'spike/x' });
    install(box);
    box.git(['config', 'branch.spike/x.changetrailTicket', 'OPS-5']);
    const before = box.head();
    refused(box, box.tryGit(['commit', '--allow-empty'], box.path, { GIT_EDITOR: 'true' }), before);
  });

  it('leaves -m "" to git, which aborts as always', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    install(box);
    const before = box.head();
    const r = box.commit('');
    assert.notEqual(r.code, 0);
    assert.equal(box.head(), before);
  });
});
