import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';
import { applyAsciiEdit } from '../../../../src/core/git/hooks/messageFile';

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

  // prepare-commit-msg read and wrote the file as UTF-8 while commit-msg decoded it: with
  // ISO-8859-1, "caf\xe9 au lait" became "PROJ-12: caf\xef\xbf\xbd au lait", the user's text corrupted.
  it('prepare-commit-msg adds the branch\'s ticket into the original Latin-1 bytes', () => {
    box = sandbox({ branch: 'feature/PROJ-12-milk' });
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    box.git(['config', 'i18n.commitEncoding', 'ISO-8859-1']);
    const file = latin1(box, 'caf\u00e9 au lait\n\n# a comment, cr\u00e8me\n');
    const r = box.changetrail(['hook', 'prepare-commit-msg', file, '1', 'feature/PROJ-12-milk']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readFileSync(file), Buffer.from('PROJ-12: caf\u00e9 au lait\n\n# a comment, cr\u00e8me\n', 'latin1'));
    const committed = box.tryGit(['commit', '--allow-empty', '-q', '--cleanup=strip', '-F', file]);
    assert.equal(committed.code, 0, committed.err);
    assert.equal(JSON.parse(box.changetrail(['check', 'HEAD^!', '--format', 'json']).out).commits[0].subject, 'PROJ-12: caf\u00e9 au lait');
  });

  it('an ASCII edit keeps every other byte, even bytes that are not valid in the encoding', () => {
    const bytes = Buffer.from([0x66, 0xff, 0x0a, 0x0a, 0x62, 0xc3, 0xa9, 0x0a, 0x0a]); // "f\xff\n\nb\u00e9\n\n"
    const text = new TextDecoder('utf-8').decode(bytes);
    const prefixed = applyAsciiEdit({ bytes, encoding: undefined, text }, `X-1: ${text}`);
    assert.deepEqual(prefixed, Buffer.concat([Buffer.from('X-1: '), bytes]));
    const trailer = applyAsciiEdit({ bytes, encoding: undefined, text }, `${text.replace(/\n+$/, '')}\n\nRefs: X-1\n`);
    assert.deepEqual(trailer, Buffer.concat([bytes.subarray(0, 7), Buffer.from('\n\nRefs: X-1\n')]));
    assert.equal(applyAsciiEdit({ bytes, encoding: undefined, text }, `\u00e9${text}`), undefined);
  });
});
