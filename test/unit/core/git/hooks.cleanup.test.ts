import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { checkMessage } from '../../../../src/core/tickets/commitMessage';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';
import type { Run } from '../../../helpers/isolatedGitEnv';

// Issue 12, item 8: comments exactly as git strips them. For each way of committing, the hook's
// verdict must agree with what git stores: accepted only when the stored message names a ticket,
// rejected only when it names none. The reference is the same commit made with --no-verify.
interface Scenario {
  readonly name: string;
  readonly config?: Record<string, string>;
  readonly args: readonly string[];
  /** Replaces the message file in the editor; `keep` leaves git's file as it is; none: no editor. */
  readonly editor?: string | 'keep';
  /** Whether git stores a ticket (worked out from git's documentation of --cleanup). */
  readonly stored: boolean;
}

const BODY = 'Subject without ticket\n\n# PROJ-1 only in a comment-shaped line\n';
const SCENARIOS: Scenario[] = [
  { name: '-m, default cleanup (no editor: whitespace)', args: ['-m', 'Subject without ticket', '-m', '# PROJ-1 kept'], stored: true },
  { name: '-m --cleanup=strip', args: ['--cleanup=strip', '-m', 'Subject', '-m', '# PROJ-1 stripped'], stored: false },
  { name: '-m -e (editor: strip)', args: ['-e', '-m', 'Subject', '-m', '# PROJ-1 stripped'], editor: 'keep', stored: false },
  { name: '-m -e --cleanup=verbatim', args: ['-e', '--cleanup=verbatim', '-m', 'Subject', '-m', '# PROJ-1 kept'], editor: 'keep', stored: true },
  { name: '-F, default cleanup', args: ['-F', '@file'], stored: true },
  { name: '-F --cleanup=verbatim', args: ['--cleanup=verbatim', '-F', '@file'], stored: true },
  { name: '-F --cleanup=scissors', args: ['--cleanup', 'scissors', '-F', '@file'], stored: true },
  { name: '-F --cleanup=strip', args: ['--cleanup=strip', '-F', '@file'], stored: false },
  { name: 'editor, default cleanup', args: [], editor: BODY, stored: false },
  { name: 'editor, --cleanup=whitespace', args: ['--cleanup=whitespace'], editor: BODY, stored: true },
  { name: 'editor, commit.cleanup=verbatim', config: { 'commit.cleanup': 'verbatim' }, args: [], editor: BODY, stored: true },
  { name: 'editor, commit.cleanup=verbatim overridden by --cleanup=strip', config: { 'commit.cleanup': 'verbatim' }, args: ['--cleanup=strip'], editor: BODY, stored: false },
  { name: "core.commentChar=';', editor, # line kept", config: { 'core.commentChar': ';' }, args: [], editor: BODY, stored: true },
  { name: "core.commentChar=';', editor, ; line stripped", config: { 'core.commentChar': ';' }, args: [], editor: 'Subject\n; PROJ-1 stripped\n', stored: false },
  { name: 'core.commentChar=auto, editor (git picks #)', config: { 'core.commentChar': 'auto' }, args: [], editor: BODY, stored: false },
  { name: 'core.commentChar=auto, -e on a message with # lines (git picks ;)', config: { 'core.commentChar': 'auto' }, args: ['-e', '-m', 'Subject', '-m', '# PROJ-1 kept'], editor: 'keep', stored: true },
];

describe('commit-msg hook agrees with what git stores, for every cleanup', function () {
  this.timeout(120_000);
  let box: Sandbox;
  before(() => {
    box = sandbox({ branch: 'topic' });
    install(box);
    writeFileSync(join(box.scratch, 'message.txt'), BODY);
    writeFileSync(join(box.scratch, 'editor-body.txt'), BODY);
  });
  after(() => box.dispose());

  const policy = { ...defaultTeamConfig().tickets, requireOnCommit: true };
  const commit = (s: Scenario, extra: readonly string[]): Run => {
    const args = ['commit', '--allow-empty', ...s.args.map((a) => (a === '@file' ? join(box.scratch, 'message.txt') : a)), ...extra];
    if (s.editor === undefined) return box.tryGit(args);
    if (s.editor === 'keep') return box.tryGit(args, box.path, { GIT_EDITOR: 'true' });
    const file = join(box.scratch, 'editor-text.txt');
    writeFileSync(file, s.editor);
    return box.tryGit(args, box.path, { GIT_EDITOR: `cp '${file}'` });
  };

  for (const s of SCENARIOS) {
    it(s.name, () => {
      for (const key of ['commit.cleanup', 'core.commentChar']) box.tryGit(['config', '--unset', key]);
      for (const [key, value] of Object.entries(s.config ?? {})) box.git(['config', key, value]);
      const before = box.head();
      const hooked = commit(s, []);
      let stored: string;
      if (hooked.code === 0) stored = box.headMessage();
      else {
        assert.equal(box.head(), before, 'a rejected commit was stored');
        const ref = commit(s, ['--no-verify']);
        assert.equal(ref.code, 0, ref.err);
        stored = box.headMessage();
      }
      const hasTicket = checkMessage(stored, policy).tickets.length > 0;
      assert.equal(hasTicket, s.stored, `git stored ${JSON.stringify(stored)}`);
      assert.equal(hooked.code === 0, hasTicket, `the hook ${hooked.code === 0 ? 'accepted' : 'rejected'} a commit git stores as ${JSON.stringify(stored)}: ${hooked.err}`);
    });
  }
});
