import * as assert from 'node:assert/strict';
import { DEPENDABOT, type Sandbox, buildHistory, bySubject, disposeAfterEach, exemptDependabot, report, sandbox } from './checkSandbox';

// `changetrail check` on real histories: the JSON and text reports, exemptions and exit codes.

describe('changetrail check (built dist/cli.js, real histories)', () => {
  let box: Sandbox | undefined;
  disposeAfterEach(() => box, () => (box = undefined));

  it('--format json gives the verdict, tickets and exemption of every commit in the range; exit 1', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', '--format', 'json', `${base}..HEAD`);
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.range, `${base}..HEAD`);
    assert.equal(rep.total, 8);
    assert.equal(rep.failed, 1);
    const c = bySubject(rep);
    assert.deepEqual(Object.keys(c).sort(), [
      'Bump lodash from 4.17.20 to 4.17.21',
      "Merge branch 'topic'",
      'PROJ-1: add the export button',
      'PROJ-2: topic work',
      'Revert "fix typo"',
      'Tidy up the export',
      'fix typo',
      'fixup! fix typo',
    ]);
    assert.deepEqual(c['fix typo'], { sha: typo, subject: 'fix typo', author: 'Ana Ruiz <ana@example.com>', ok: false, tickets: [] });
    assert.deepEqual(c['PROJ-1: add the export button'].tickets, ['PROJ-1']);
    assert.equal(c['PROJ-1: add the export button'].exemption, undefined);
    assert.deepEqual(c['Tidy up the export'].tickets, ['OPS-7']);
    assert.equal(c["Merge branch 'topic'"].exemption, 'merge commit');
    assert.equal(c['Revert "fix typo"'].exemption, 'revert');
    assert.equal(c['fixup! fix typo'].exemption, 'fixup! commit');
    assert.equal(c['Bump lodash from 4.17.20 to 4.17.21'].exemption, 'author dependabot[bot] is exempt');
    assert.equal(c['Bump lodash from 4.17.20 to 4.17.21'].author, DEPENDABOT);
    assert.ok(rep.commits.every((v) => /^[0-9a-f]{40}$/.test(v.sha)));
    assert.ok(rep.commits.filter((v) => v.subject !== 'fix typo').every((v) => v.ok));
  });

  // `git commit --no-verify -m "Merge branch 'x'"` made a one-parent commit that check exempted as
  // a merge by its subject: anyone passed CI without a ticket. check knows the parents.
  it('a one-parent commit with a merge subject is no merge: it needs a ticket (exit 1); a real merge is still exempt', () => {
    box = sandbox();
    box.commit('PROJ-1: start');
    const fake = box.commit("Merge branch 'x'");
    const r = box.changetrail('check', '--format', 'json', 'HEAD^!');
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(report(r).commits, [{ sha: fake, subject: "Merge branch 'x'", author: 'Ana Ruiz <ana@example.com>', ok: false, tickets: [] }]);
    for (const subject of ["Merge tag 'v1.2'", "Merge remote-tracking branch 'origin/main'"]) {
      box.commit(subject);
      assert.equal(box.changetrail('check', 'HEAD^!').code, 1, subject);
    }
    box.git('checkout', '-q', '-b', 'topic');
    box.commit('PROJ-2: topic work');
    box.git('checkout', '-q', '-');
    box.git('merge', '-q', '--no-ff', '--no-verify', '-m', 'Bring the topic in', 'topic');
    const merge = box.changetrail('check', '--format', 'json', 'HEAD^!');
    assert.equal(merge.code, 0, merge.out);
    assert.equal(report(merge).commits[0].exemption, 'merge commit');
  });

  it('exempts the dependabot-style author only because the team config says so', () => {
    box = sandbox();
    const { base } = buildHistory(box);
    const r = box.changetrail('check', `${base}..HEAD`, '--format', 'json');
    assert.equal(r.code, 1);
    const rep = report(r);
    assert.equal(rep.failed, 2);
    assert.deepEqual(rep.commits.filter((v) => !v.ok).map((v) => v.subject).sort(), ['Bump lodash from 4.17.20 to 4.17.21', 'fix typo']);
  });

  it('exits 0 when every commit in the range names a ticket or is exempt', () => {
    box = sandbox();
    const { typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', '--format', 'json', `${typo}..HEAD`);
    assert.equal(r.code, 0, r.out);
    const rep = report(r);
    assert.equal(rep.failed, 0);
    assert.equal(rep.total, 6);
  });

  // Regression (was a bug): check.ts drops the argument after "--format" even when there is no --format:
  // args.indexOf('--format') is -1, so the filter `i !== formatAt + 1` removes args[0], the range.
  // `changetrail check <range>` therefore silently checks the default range (HEAD --not --remotes)
  // instead. Repro: in a repo whose first commit has no ticket, `changetrail check HEAD~1..HEAD`
  // reports "... in HEAD --not --remotes ..." and exits 1 although HEAD names a ticket.
  it('check <range> (text) reports on exactly that range', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check', `${base}..HEAD`);
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    const lines = r.out.trimEnd().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('✗')), [`✗ ${typo.slice(0, 10)} fix typo  (Ana Ruiz <ana@example.com>)`]);
    assert.match(r.out, new RegExp(`^1 of 8 commits in ${base}\\.\\.HEAD name no ticket\\.$`, 'm'));
    const clean = box.changetrail('check', `${typo}..HEAD`);
    assert.equal(clean.code, 0, clean.out);
    assert.equal(clean.out, `✓ all 6 commits in ${typo}..HEAD name a ticket or are exempt\nexempt: 4 of the 6 commits passed only by an exemption, not by naming a ticket\n`);
  });

  it('text report of the default range lists each commit without a ticket, and how to fix it', () => {
    box = sandbox();
    const { base, typo } = buildHistory(box);
    box.write('.changetrail/config.json', exemptDependabot());
    const r = box.changetrail('check');
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    const failures = r.out.split('\n').filter((l) => l.startsWith('✗'));
    assert.deepEqual(failures.sort(), [
      `✗ ${base.slice(0, 10)} Initial commit  (Ana Ruiz <ana@example.com>)`,
      `✗ ${typo.slice(0, 10)} fix typo  (Ana Ruiz <ana@example.com>)`,
    ].sort());
    assert.match(r.out, /^2 of 9 commits in HEAD --not --remotes name no ticket\.$/m);
    assert.match(r.out, /git rebase -i/);
  });

  it('text report says so when every commit is fine', () => {
    box = sandbox();
    box.git('commit', '-q', '--amend', '--no-verify', '-m', 'PROJ-1: initial commit');
    box.commit('PROJ-2: more');
    const r = box.changetrail('check');
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, '✓ all 2 commits in HEAD --not --remotes name a ticket or are exempt\n');
  });
});
