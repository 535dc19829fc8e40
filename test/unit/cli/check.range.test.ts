import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, buildHistory, disposeAfterEach, report, sandbox } from './checkSandbox';

// Which commits `changetrail check` looks at: the default range with and without an upstream, and
// a range git cannot read.

describe('changetrail check (built dist/cli.js, real histories)', () => {
  let box: Sandbox | undefined;
  disposeAfterEach(() => box, () => (box = undefined));

  it('defaults to HEAD --not --remotes without an upstream: commits on any remote are left out', () => {
    box = sandbox();
    buildHistory(box);
    const all = report(box.changetrail('check', '--format', 'json'));
    assert.equal(all.range, 'HEAD --not --remotes');
    assert.equal(all.total, 9, 'no remote: every commit counts');

    const bare = join(box.scratch, 'origin.git');
    box.git('init', '-q', '--bare', bare);
    box.git('remote', 'add', 'origin', bare);
    box.git('push', '-q', '--no-verify', 'origin', 'main');
    box.git('checkout', '-q', '-b', 'feature/no-upstream');
    const mine = box.commit('not pushed, no ticket');
    const r = box.changetrail('check', '--format', 'json');
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.range, 'HEAD --not --remotes');
    assert.deepEqual(rep.commits.map((c) => c.sha), [mine]);
  });

  it('defaults to the unpushed commits when the branch has an upstream', () => {
    box = sandbox();
    buildHistory(box);
    const bare = join(box.scratch, 'origin.git');
    box.git('init', '-q', '--bare', bare);
    box.git('remote', 'add', 'origin', bare);
    box.git('push', '-q', '--no-verify', '-u', 'origin', 'main');
    const upToDate = box.changetrail('check');
    assert.equal(upToDate.code, 0, upToDate.out);
    assert.equal(upToDate.out, 'nothing to check: @{upstream}..HEAD has no commits\n');

    const ticketless = box.commit('unpushed, no ticket');
    const ticketed = box.commit('OPS-9: unpushed, with a ticket');
    const json = box.changetrail('check', '--format', 'json');
    assert.equal(json.code, 1);
    const rep = report(json);
    assert.equal(rep.range, '@{upstream}..HEAD');
    assert.deepEqual(rep.commits.map((c) => [c.sha, c.ok]), [[ticketed, true], [ticketless, false]]);

    const text = box.changetrail('check');
    assert.equal(text.code, 1);
    assert.deepEqual(text.out.split('\n').filter((l) => l.startsWith('✗')), [`✗ ${ticketless.slice(0, 10)} unpushed, no ticket  (Ana Ruiz <ana@example.com>)`]);
    assert.match(text.out, /^1 of 2 commits in @\{upstream\}\.\.HEAD name no ticket\.$/m);
  });

  it('a range git cannot read: exit 2, and --format json still prints a JSON document with an error', () => {
    box = sandbox();
    buildHistory(box);
    const bad = box.changetrail('check', '--format', 'json', 'no-such-branch..HEAD');
    assert.equal(bad.code, 2);
    const doc = JSON.parse(bad.out) as { range: string; error: string };
    assert.equal(doc.range, 'no-such-branch..HEAD');
    assert.match(doc.error, /^git could not read the range no-such-branch\.\.HEAD: fatal: .*no-such-branch.*fetch-depth: 0/);
    const option = box.changetrail('check', '--format', 'json', '--oops');
    assert.equal(option.code, 2);
    assert.deepEqual(JSON.parse(option.out), { range: '--oops', error: 'unknown option "--oops"; use forms such as main..HEAD or HEAD --not --remotes' });
  });

  // Regression (was a bug): same cause as above: without --format the range argument is dropped, so a bad range is
  // never looked at; `changetrail check no-such-branch..HEAD` checks HEAD --not --remotes instead
  // and exits 0 or 1 depending on that range, with no word about the bad range.
  it('a bad range without --format also gives a clear message and exit 2', () => {
    box = sandbox();
    box.git('commit', '-q', '--amend', '--no-verify', '-m', 'PROJ-1: initial commit');
    const bad = box.changetrail('check', 'no-such-branch..HEAD');
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.match(bad.err, /^changetrail: git could not read the range no-such-branch\.\.HEAD.*git fetch --unshallow/);
  });
});
