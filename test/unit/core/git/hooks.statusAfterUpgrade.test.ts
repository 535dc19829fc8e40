import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// `hooks status` checked the files the running build's CLI needs (its chunks), not those the
// installed hooks need. After an upgrade that adds a CLI chunk, hooks installed earlier (which
// never load it) were reported "incomplete (missing: ...)" and enforcement OFF, in the CLI and
// the editor. Status now checks the list the installed lib.sh declares (CT_CLI_FILES).

describe('hooks status checks the files the installed hooks need', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  const lib = (b: Sandbox) => join(b.path, '.git', 'hooks', 'changetrail', 'lib.sh');
  const declared = (b: Sandbox) => /^CT_CLI_FILES='([^']*)'$/m.exec(readFileSync(lib(b), 'utf8'))?.[1].split(' ') ?? [];
  const setDeclared = (b: Sandbox, files: readonly string[]) =>
    writeFileSync(lib(b), readFileSync(lib(b), 'utf8').replace(/^CT_CLI_FILES='[^']*'$/m, `CT_CLI_FILES='${files.join(' ')}'`));

  it('hooks installed by a build with one chunk fewer stay ON when this build has that chunk', () => {
    box = sandbox();
    install(box);
    const files = declared(box);
    assert.ok(files.length >= 2, `lib.sh declares ${files.join(' ')}`);
    // As an earlier build left them: lib.sh does not list the last chunk, and it is not there.
    const newer = files[files.length - 1];
    setDeclared(box, files.slice(0, -1));
    rmSync(join(box.path, '.git', 'hooks', 'changetrail', newer));
    const status = box.changetrail(['hooks', 'status']);
    assert.equal(status.code, 0, status.out + status.err);
    assert.match(status.out, /^enforcement: on$/m);
    assert.doesNotMatch(status.out, /incomplete/);
  });

  it('a file the installed lib.sh declares and that is gone is still reported, even if this build has no such file', () => {
    box = sandbox();
    install(box);
    setDeclared(box, [...declared(box), 'cli-from-another-build.js']);
    const status = box.changetrail(['hooks', 'status']);
    assert.equal(status.code, 1, status.out);
    assert.match(status.out, /^enforcement: OFF$/m);
    assert.match(status.out, /incomplete \(missing: cli-from-another-build\.js\)/);
  });
});
