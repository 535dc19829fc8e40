import * as assert from 'node:assert/strict';
import { identity } from '../../../src/cli/channelPosting';
import { parsePerson } from '../../../src/core/git/personIdent';

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
