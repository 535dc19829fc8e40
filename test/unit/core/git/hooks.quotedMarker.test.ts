import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';
import { isChangeTrailScript, isOwnHookText, scriptKind } from '../../../../src/core/git/hooks/hookMarker';

// Install, uninstall, status and the sh hooks had three different tests for "this is ChangeTrail's
// hook": the marker anywhere in the file, the marker at the start of any line, line 2 only. A
// user's hook that merely quoted the marker line (a check that ChangeTrail is installed, say) was
// taken for ours: install overwrote it and uninstall deleted it. One rule now: line 2, as sh reads it.

const USER_HOOK = [
  '#!/bin/sh',
  '# the team check: is ChangeTrail installed here?',
  "grep -q '# changetrail-hook v1 (commit-msg)' .git/hooks/commit-msg || echo 'install ChangeTrail' >&2",
  '# changetrail-hook v1 (commit-msg) <- quoted, not ours',
  'echo user-hook-ran >&2',
  '',
].join('\n');

describe('git hooks: a user\'s hook that quotes ChangeTrail\'s marker', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  it('is kept and run by install, and put back by uninstall', () => {
    box = sandbox({ branch: 'topic' });
    const hooks = join(box.path, '.git', 'hooks');
    writeFileSync(join(hooks, 'commit-msg'), USER_HOOK, { mode: 0o755 });
    install(box);
    assert.equal(readFileSync(join(hooks, 'commit-msg.pre-changetrail'), 'utf8'), USER_HOOK, 'install did not keep the user\'s hook');
    const r = box.commit('PROJ-1: named');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /user-hook-ran/);
    install(box); // a second install must not delete the kept hook as "a copy of ours"
    assert.equal(readFileSync(join(hooks, 'commit-msg.pre-changetrail'), 'utf8'), USER_HOOK);
    assert.equal(box.changetrail(['hooks', 'uninstall']).code, 0);
    assert.equal(readFileSync(join(hooks, 'commit-msg'), 'utf8'), USER_HOOK, 'uninstall did not restore the user\'s hook');
    assert.ok(!existsSync(join(hooks, 'commit-msg.pre-changetrail')));
  });

  it('one rule, line 2: ours, forwarders, and quotes elsewhere', () => {
    assert.equal(scriptKind('#!/bin/sh\n# changetrail-hook v1 (commit-msg)\nx\n'), 'commit-msg');
    assert.equal(scriptKind('#!/bin/sh\n# changetrail-hook v1 (forward)\n'), 'forward');
    assert.equal(scriptKind(USER_HOOK), undefined);
    assert.equal(scriptKind('# changetrail-hook v1 (commit-msg)\n'), undefined);
    assert.ok(isOwnHookText('#!/bin/sh\n# changetrail-hook v1 (pre-push)'));
    assert.ok(!isOwnHookText('#!/bin/sh\n# changetrail-hook v1 (forward)\n'));
    assert.ok(isChangeTrailScript('#!/bin/sh\n# changetrail-hook v1 (forward)\n'));
    assert.ok(!isChangeTrailScript(USER_HOOK));
    assert.ok(!isChangeTrailScript(undefined));
  });
});
