import * as assert from 'node:assert/strict';
import { type Sandbox, disposeAfterEach, sandbox } from './checkSandbox';

// Which policy `changetrail check base..head` applies, and which commits it leaves out:
// - a range that changes .changetrail/config.json is checked with its base's policy (a pull
//   request cannot loosen its own check), and says so;
// - commits at or before enforcement.since (a commit, or a date: committer date, UTC) are
//   skipped and counted, by the rule the hooks follow.

const POLICY = JSON.stringify({ tickets: { projects: ['PROJ'] } });

interface Json {
  readonly total: number;
  readonly failed: number;
  readonly exempt: number;
  readonly skipped?: number;
  readonly notices?: readonly string[];
  readonly commits: readonly { readonly subject: string; readonly ok: boolean }[];
}

/** Commits `config` as .changetrail/config.json; returns the sha. */
function commitConfig(box: Sandbox, config: string, message: string): string {
  box.write('.changetrail/config.json', config);
  box.git('add', '.changetrail/config.json');
  box.git('commit', '-q', '--no-verify', '-m', message);
  return box.git('rev-parse', 'HEAD').trim();
}

describe('changetrail check: the policy of a range and enforcement.since (built dist/cli.js)', () => {
  let box: Sandbox | undefined;
  disposeAfterEach(() => box, () => (box = undefined));

  for (const loosened of [
    { name: 'requireOnCommit: false', config: { tickets: { projects: ['PROJ'], requireOnCommit: false } } },
    { name: 'an exemption for its own author', config: { tickets: { projects: ['PROJ'], exemptions: { authors: ['Ana Ruiz'] } } } },
    { name: 'enforcement.since moved to its own head', config: { tickets: { projects: ['PROJ'] }, enforcement: { since: 'HEADSHA' } } },
  ]) {
    it(`a pull request that loosens the policy (${loosened.name}) is checked with its base's policy, and told so`, () => {
      box = sandbox();
      const base = commitConfig(box, POLICY, 'PROJ-1: add the policy');
      box.git('checkout', '-q', '-b', 'feature');
      box.commit('no ticket here');
      const head = box.git('rev-parse', 'HEAD').trim();
      commitConfig(box, JSON.stringify(loosened.config).replace('HEADSHA', head), 'PROJ-2: loosen the policy');
      const text = box.changetrail('check', `${base}..HEAD`);
      assert.equal(text.code, 1, text.out + text.err);
      assert.match(text.out, new RegExp(`^notice: ${base}\\.\\.HEAD changes \\.changetrail/config\\.json: checked with the policy of its base ${base.slice(0, 10)}; the new policy applies once it is merged$`, 'm'));
      assert.match(text.out, /^✗ [0-9a-f]{10} no ticket here/m);
      const json = JSON.parse(box.changetrail('check', '--format', 'json', `${base}..HEAD`).out) as Json;
      assert.deepEqual([json.failed, json.notices?.length], [1, 1]);
    });
  }

  // Only the one-argument A..B spelling was recognised: `^A B`, `B ^A` and `B --not A` name the
  // same commits, and a pull request checked that way was checked with its own, loosened policy.
  it('every spelling of base..head is checked with the base\'s policy when the range loosens it', () => {
    box = sandbox();
    const sb = box;
    const base = commitConfig(sb, POLICY, 'PROJ-1: add the policy');
    sb.git('checkout', '-q', '-b', 'feature');
    sb.commit('no ticket here');
    commitConfig(sb, JSON.stringify({ tickets: { projects: ['PROJ'], requireOnCommit: false } }), 'PROJ-2: loosen the policy');
    for (const spelling of [[`^${base}`, 'HEAD'], ['HEAD', `^${base}`], ['HEAD', '--not', base]]) {
      const run = sb.changetrail('check', ...spelling);
      assert.equal(run.code, 1, `${spelling.join(' ')}: ${run.out}${run.err}`);
      assert.match(run.out, /checked with the policy of its base/, spelling.join(' '));
    }
  });

  it('a range that adds the first config is checked with the defaults; one that leaves it alone reads the checked-out file', () => {
    box = sandbox();
    const base = box.git('rev-parse', 'HEAD').trim();
    box.commit('work without a ticket');
    commitConfig(box, JSON.stringify({ tickets: { requireOnCommit: false } }), 'add a lax policy');
    const added = box.changetrail('check', `${base}..HEAD`);
    assert.equal(added.code, 1);
    assert.match(added.out, /^notice: .* adds \.changetrail\/config\.json: checked with the policy of its base [0-9a-f]{10} \(no config file: the defaults\)/m);
    // Once merged, the policy is the base's: later ranges follow it, with no notice.
    const merged = box.git('rev-parse', 'HEAD').trim();
    box.commit('later, no ticket');
    const later = box.changetrail('check', `${merged}..HEAD`);
    assert.equal(later.code, 0, later.out);
    assert.doesNotMatch(later.out, /notice/);
  });

  it('counts #N as the hooks do: with projects listed, only when a GitHub or GitLab tracker is configured', () => {
    box = sandbox();
    const jira = commitConfig(box, POLICY, 'PROJ-1: a Jira-only policy');
    box.commit('handle retry #2 case');
    const jiraOnly = box.changetrail('check', `${jira}..HEAD`);
    assert.equal(jiraOnly.code, 1, jiraOnly.out);
    const github = commitConfig(box, JSON.stringify({ tickets: { projects: ['PROJ'] }, trackers: [{ type: 'github', repository: 'acme/shop' }] }), 'PROJ-1: issues on GitHub too');
    box.commit('fix the cart total #2');
    const withGithub = box.changetrail('check', `${github}..HEAD`);
    assert.equal(withGithub.code, 0, withGithub.out);
  });

  it('skips the enforcement.since commit and its ancestors, and says how many', () => {
    box = sandbox();
    box.commit('old work, no ticket');
    const since = box.commit('older work, no ticket either');
    box.commit('PROJ-3: new work');
    commitConfig(box, JSON.stringify({ tickets: { projects: ['PROJ'] }, enforcement: { since: since.slice(0, 12) } }), 'PROJ-4: adopt ChangeTrail');
    const r = box.changetrail('check', 'HEAD');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^✓ all 2 commits in HEAD name a ticket or are exempt$/m);
    assert.match(r.out, new RegExp(`^skipped: 3 commits at or before enforcement\\.since ${since.slice(0, 12)} \\(older history needs no ticket\\)$`, 'm'));
    const json = JSON.parse(box.changetrail('check', '--format', 'json', 'HEAD').out) as Json;
    assert.deepEqual([json.total, json.skipped], [2, 3]);
    box.commit('after adoption, no ticket');
    assert.equal(box.changetrail('check', 'HEAD').code, 1);
    const none = box.changetrail('check', `${since}~1..${since}`);
    assert.equal(none.code, 0);
    assert.match(none.out, /^nothing to check: .* has only 1 commit at or before enforcement\.since/m);
  });

  it('with enforcement.since a date, skips commits committed before it (UTC, whatever the zone)', () => {
    box = sandbox();
    const initial = box.git('rev-parse', 'HEAD').trim();
    box.commit('before the date, no ticket', { date: '2026-01-30T23:59:59Z' });
    box.commit('PROJ-5: after the date', { date: '2026-01-31T00:00:01Z' });
    box.commit('after the date, no ticket', { date: '2026-02-02T12:00:00Z' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['PROJ'] }, enforcement: { since: '2026-01-31' } }));
    for (const TZ of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      const r = box.changetrailWith({ TZ }, 'check', '--format', 'json', `${initial}..HEAD`);
      const json = JSON.parse(r.out) as Json;
      assert.deepEqual(json.commits.map((c) => [c.subject, c.ok]), [['after the date, no ticket', false], ['PROJ-5: after the date', true]], TZ);
      assert.equal(json.skipped, 1, 'the one before the date');
    }
  });
});
