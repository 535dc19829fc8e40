import * as assert from 'node:assert/strict';
import { identity } from '../../../src/cli/channelPosting';
import { identWithoutDate, parsePerson } from '../../../src/core/git/personIdent';
import { deploymentTagName } from '../../../src/core/notes/deploymentTag';

// `--by` (note, record, gate, digest) in CI often comes from a commit's author, which whoever
// opens a pull request chooses.
describe('--by "Name <email>" (parsePerson)', () => {
  it('reads a name and an optional e-mail; anything else is not a person (the caller falls back to git)', () => {
    assert.deepEqual(parsePerson('  Ana Ruiz <ana@example.com> '), { name: 'Ana Ruiz', email: 'ana@example.com' });
    assert.deepEqual(parsePerson('Ana Ruiz'), { name: 'Ana Ruiz', email: '' });
    assert.deepEqual(parsePerson('deploy-bot >'), { name: 'deploy-bot >', email: '' });
    for (const odd of ['', '   ', '<ana@example.com>', 'Ana <ana@example.com> later', 'Ana <ana@example.com']) assert.equal(parsePerson(odd), undefined, JSON.stringify(odd));
  });

  it('is linear: long runs of spaces are read at once (the regular expression took 13 s at 5,000 spaces, minutes at 10,000)', async () => {
    let started = process.hrtime.bigint();
    assert.equal((await identity(process.cwd(), `Ana${' '.repeat(4_000)}<`)).name === '', false, 'falls back to git or the CI user');
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, 'identity took seconds: a regular expression backtracks');
    started = process.hrtime.bigint();
    for (const by of [`a${' '.repeat(200_000)}<`, `a${' '.repeat(200_000)}b <x@y>`, `${'<'.repeat(200_000)}`]) parsePerson(by);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
  });
});

// The commit-msg hook's author (for exemptions by author) and the deployment tag's prefix were cut
// with end-anchored regular expressions that backtracked over runs of spaces or slashes.
describe('git ident and tag prefixes, cut without regular expressions', () => {
  it('identWithoutDate keeps "Name <email>" of git var GIT_AUTHOR_IDENT, whatever the name holds', () => {
    assert.equal(identWithoutDate('Ana Ruiz <ana@example.com> 1764583200 +0100'), 'Ana Ruiz <ana@example.com>');
    assert.equal(identWithoutDate(`a${' '.repeat(1000)}1 <x@y> 1764583200 -0330`), `a${' '.repeat(1000)}1 <x@y>`);
    assert.equal(identWithoutDate('  no email  '), 'no email');
  });

  it('deploymentTagName drops the trailing slashes of a pattern without a star', () => {
    const at = new Date('2025-03-14T15:00:09.123Z');
    assert.equal(deploymentTagName('releases/{env}///', 'production', at), 'releases/production/2025-03-14-150009');
    assert.equal(deploymentTagName(`r${'/'.repeat(1000)}x/{env}`, 'p', at), `r${'/'.repeat(1000)}x/p/2025-03-14-150009`);
  });
});

