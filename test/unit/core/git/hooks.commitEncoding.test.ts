import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// i18n.commitEncoding=ISO-8859-1 (teams on older Windows tool chains still set it): git stores the
// message in Latin-1 and `git log` re-codes it to i18n.logOutputEncoding, which defaults to the same.
// `check` read git log as UTF-8, so its verdict on one commit depended on the clone's git config:
// "caféPROJ-12" (é glued to the key: no ticket) passed where the setting was and failed in CI where it
// was not. The commit-msg hook read the Latin-1 file as UTF-8 too (é became U+FFFD) and let it through.

describe('tickets in messages stored in another encoding (i18n.commitEncoding)', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  const latin1 = (b: Sandbox, text: string) => {
    const file = join(b.scratch, 'latin1.txt');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    return file;
  };

  it('the hook and check give the verdict they give on the UTF-8 text, whatever the clone\'s setting', () => {
    box = sandbox();
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    box.git(['config', 'i18n.commitEncoding', 'ISO-8859-1']);
    const glued = latin1(box, 'Fix caf\u00e9PROJ-12 thing\n');
    const refused = box.tryGit(['commit', '--allow-empty', '-q', '-F', glued]);
    assert.equal(refused.code, 1, 'the hook let "caféPROJ-12" through');
    assert.match(refused.err, /names no ticket/);
    assert.equal(box.tryGit(['commit', '--allow-empty', '-q', '--no-verify', '-F', glued]).code, 0);
    const withSetting = box.changetrail(['check', 'HEAD^!']);
    assert.equal(withSetting.code, 1, withSetting.out);
    box.git(['config', '--unset', 'i18n.commitEncoding']);
    assert.equal(box.changetrail(['check', 'HEAD^!']).code, 1);

    box.git(['config', 'i18n.commitEncoding', 'ISO-8859-1']);
    const spaced = latin1(box, 'Fix caf\u00e9 PROJ-12 thing\n');
    const accepted = box.tryGit(['commit', '--allow-empty', '-q', '-F', spaced]);
    assert.equal(accepted.code, 0, accepted.err);
    const json = JSON.parse(box.changetrail(['check', 'HEAD^!', '--format', 'json']).out);
    assert.equal(json.commits[0].subject, 'Fix caf\u00e9 PROJ-12 thing');
    assert.deepEqual(json.commits[0].tickets, ['PROJ-12']);
  });
});
