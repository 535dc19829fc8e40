import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { whatChanged } from '../../../../src/core/incidents/whatChanged';
import { silentLogger } from '../../../../src/core/log';
import { LogIndex } from '../../../../src/core/records/index/logIndex';
import { whatChangedMarkdown, whatChangedText } from '../../../../src/core/incidents/renderWhatChanged';
import { createTestRepo, testGitEnv } from '../../../helpers/createTestRepo';
import { changeRecord, deploymentRecord, incidentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

const config = teamConfigSchema.parse({ systems: [{ name: 'Billing', paths: ['src/billing/**'], criticality: 'high', owner: 'Team Pay', runbook: 'https://wiki.example.com/billing' }] });
const T = Date.parse('2026-11-30T06:10:00Z');
const sha = (c: string) => c.repeat(40);

describe('what changed before T (deployment records)', () => {
  const billing = changeRecord({ createdAt: '2026-11-29T18:00:00.000Z', title: 'Retry declined cards', systems: [{ name: 'Billing', criticality: 'high' }], rollbackPlan: 'n/a', commits: [{ sha: sha('b'), subject: 'retry' }] });
  const search = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', title: 'Search synonyms', tickets: ['PROJ-7'], systems: [{ name: 'Search', criticality: 'low' }], commits: [{ sha: sha('c'), subject: 'syn' }] });
  const d0 = deploymentRecord({ createdAt: '2026-11-28T10:00:00.000Z', commit: sha('a') });
  const d1 = deploymentRecord({ createdAt: '2026-11-29T20:00:00.000Z', commit: sha('b'), previousCommit: sha('a'), records: [billing.id] });
  const d2 = deploymentRecord({ createdAt: '2026-11-30T05:50:00.000Z', commit: sha('c'), previousCommit: sha('b'), records: [search.id] });
  const staging = deploymentRecord({ createdAt: '2026-11-30T06:00:00.000Z', commit: sha('d'), environment: 'staging' });
  const later = deploymentRecord({ createdAt: '2026-11-30T07:00:00.000Z', commit: sha('e'), previousCommit: sha('c') });
  const manual = changeRecord({ createdAt: '2026-11-30T04:00:00.000Z', origin: 'manual', title: 'Raised the payment gateway timeout', systems: [{ name: 'Billing', criticality: 'high' }], changedAt: '2026-11-30T04:30:00.000Z' });
  const index = memoryLogIndex([d0, billing, d1, search, d2, staging, later, manual]);

  it('lists the deployments to the environment in the window, newest first, with their changes', async () => {
    const answer = await whatChanged({ environment: 'Production', at: T, windowMs: 24 * 3_600_000 }, { index, config });
    assert.equal(answer.basis, 'records');
    assert.deepEqual(answer.deployments.map((d) => d.ref), [d2.id, manual.id, d1.id]);
    const billingItem = answer.deployments[2].changes[0];
    assert.deepEqual([billingItem.title, billingItem.owners, billingItem.runbook, billingItem.rollbackPlan, billingItem.escalation], ['Retry declined cards', ['Team Pay'], 'https://wiki.example.com/billing', undefined, 'Engineering manager on call']);
    assert.equal(answer.deployments[1].changes[0].origin, 'manual');
  });

  it('ranks the change to the broken system first', async () => {
    const answer = await whatChanged({ environment: 'production', system: 'Billing', at: T }, { index, config });
    assert.equal(answer.suspects[0].recordId, billing.id);
  });

  it('gives the exact undo step: redeploy the previous commit while live, revert once later deployments sit on top', async () => {
    const live = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([d0, billing, d1, search, d2, manual]), config });
    assert.equal(live.deployments[0].rollback.kind, 'redeploy');
    assert.equal(live.deployments[0].rollback.command, `changetrail rollback --env production --to ${sha('b')}`);
    assert.equal(live.deployments[2].rollback.kind, 'revert');
    assert.equal(live.deployments[2].rollback.command, `git revert --no-edit --no-merges ${sha('a')}..${sha('b')}`);
    // Once something was deployed after T, nothing in the window is live any more: revert, do not redeploy.
    const past = await whatChanged({ environment: 'production', at: T }, { index, config });
    assert.deepEqual(past.deployments.map((d) => d.rollback.kind), ['revert', 'plan', 'revert']);
  });

  it('--since-last-good starts after the newest earlier deployment that was neither rolled back nor blamed', async () => {
    const blamed = incidentRecord({ createdAt: '2026-11-29T21:00:00.000Z', status: 'resolved', cause: { kind: 'deployment', deployment: d1.id } });
    const answer = await whatChanged({ environment: 'production', at: T, sinceLastGood: true }, { index: memoryLogIndex([d0, billing, d1, search, d2, blamed]), config });
    assert.deepEqual(answer.deployments.map((d) => d.ref), [d2.id, d1.id]);
    assert.equal(answer.since, new Date(Date.parse(d0.createdAt) + 1).toISOString());
  });

  it('renders text and Markdown with user text escaped and credentials masked', async () => {
    const evil = changeRecord({ createdAt: '2026-11-30T05:10:00.000Z', title: '# <img src=x> [click](http://evil)', rollbackPlan: 'curl -H "Authorization: Bearer abcdefghijklmnop1234" https://x' });
    const d = deploymentRecord({ createdAt: '2026-11-30T05:20:00.000Z', commit: sha('f'), records: [evil.id] });
    const answer = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([evil, d]), config });
    const md = whatChangedMarkdown(answer);
    assert.ok(!md.includes('[click](http://evil)'));
    assert.ok(!md.includes('abcdefghijklmnop1234'));
    assert.ok(!whatChangedText(answer).includes('abcdefghijklmnop1234'));
  });
});

describe('what changed before T (deploy tags and bare commits)', () => {
  function commitAt(repo: ReturnType<typeof createTestRepo>, message: string, iso: string): string {
    const env = testGitEnv({ GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso });
    repo.write(`f-${message.length}-${iso}.txt`, message);
    execFileSync('git', ['add', '-A'], { cwd: repo.path, env });
    execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo.path, env });
    return repo.git('rev-parse', 'HEAD').trim();
  }
  function tagAt(repo: ReturnType<typeof createTestRepo>, name: string, iso: string): void {
    execFileSync('git', ['tag', '-a', name, '-m', name], { cwd: repo.path, env: testGitEnv({ GIT_COMMITTER_DATE: iso }) });
  }

  it('reads deployments from deploy tags when the log records none, matching commits to change records', async () => {
    const repo = createTestRepo();
    try {
      commitAt(repo, 'PROJ-1: base', '2026-11-28T09:00:00Z');
      tagAt(repo, 'deploy/production/1', '2026-11-28T10:00:00Z');
      const b = commitAt(repo, 'PROJ-2: billing retry', '2026-11-30T04:00:00Z');
      const c = commitAt(repo, 'hotfix without a ticket', '2026-11-30T04:30:00Z');
      tagAt(repo, 'deploy/production/2', '2026-11-30T05:00:00Z');
      const record = changeRecord({ createdAt: '2026-11-30T04:10:00.000Z', title: 'Billing retry', systems: [{ name: 'Billing', criticality: 'high' }], commits: [{ sha: b, subject: 'retry' }] });
      const answer = await whatChanged({ environment: 'production', system: 'Billing', at: T }, { index: memoryLogIndex([record]), config, repoRoot: repo.path });
      assert.equal(answer.basis, 'tags');
      assert.deepEqual(answer.deployments.map((d) => d.ref), ['deploy/production/2']);
      const [d] = answer.deployments;
      assert.deepEqual(d.changes.map((x) => x.recordId), [record.id]);
      assert.deepEqual(d.unrecorded.map((u) => u.sha), [c]);
      assert.equal(d.rollback.kind, 'redeploy');
      assert.equal(answer.suspects[0].recordId, record.id);
    } finally {
      repo.dispose();
    }
  });

  it('lightweight deploy tags: a rollback tagged last on an old commit is the latest deployment, not the oldest', async () => {
    const repo = createTestRepo();
    try {
      const a = commitAt(repo, 'PROJ-1: base', '2026-11-30T01:00:00Z');
      repo.git('tag', 'deploy/production/1');
      commitAt(repo, 'PROJ-2: billing retry', '2026-11-30T04:00:00Z');
      repo.git('tag', 'deploy/production/2');
      // The rollback: tag 3 names the old commit a (a lightweight tag's creatordate is a's date).
      repo.git('tag', 'deploy/production/3', a);
      const answer = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([]), config, repoRoot: repo.path });
      assert.equal(answer.basis, 'tags');
      assert.equal(answer.deployments[0].ref, 'deploy/production/3');
      assert.equal(answer.deployments[0].commit, a);
    } finally {
      repo.dispose();
    }
  });

  it('falls back to the bare commits of the window, each with a revert that really undoes it', async () => {
    const repo = createTestRepo();
    try {
      commitAt(repo, 'old', '2026-11-20T09:00:00Z');
      const x = commitAt(repo, 'PROJ-3: change config', '2026-11-30T05:00:00Z');
      const answer = await whatChanged({ environment: 'production', at: T }, { index: memoryLogIndex([]), config, repoRoot: repo.path });
      assert.equal(answer.basis, 'commits');
      assert.deepEqual(answer.deployments.map((d) => d.ref), [x]);
      const command = answer.deployments[0].rollback.command ?? '';
      assert.equal(command, `git revert --no-edit ${x}`);
      execFileSync('sh', ['-c', command], { cwd: repo.path, env: testGitEnv() });
      assert.match(repo.git('log', '-1', '--format=%s'), /^Revert "PROJ-3: change config"/);
    } finally {
      repo.dispose();
    }
  });
});

describe('what changed before T: what the answer cannot see is said', () => {
  it('in a shallow clone, says the commits each deployment put live may be cut short', async () => {
    const repo = createTestRepo();
    const shallowDir = mkdtempSync(join(tmpdir(), 'changetrail-shallow-'));
    try {
      const a = repo.commit('PROJ-1: base', { 'a.txt': 'a' });
      repo.commit('PROJ-2: one', { 'b.txt': 'b' });
      const c = repo.commit('PROJ-3: two', { 'c.txt': 'c' });
      const index = memoryLogIndex([deploymentRecord({ createdAt: '2026-11-30T05:00:00.000Z', commit: c, previousCommit: a })]);
      const full = await whatChanged({ environment: 'production', at: T }, { index, config, repoRoot: repo.path });
      assert.ok(!full.problems.some((p) => /shallow/.test(p)), full.problems.join('; '));
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.path}`, shallowDir], { env: testGitEnv() });
      const cut = await whatChanged({ environment: 'production', at: T }, { index, config, repoRoot: shallowDir });
      assert.ok(cut.problems.some((p) => /^This is a shallow clone: the commits each deployment put live may be cut short\. To see them all, fetch the whole history/.test(p)), cut.problems.join('; '));
    } finally {
      repo.dispose();
      rmSync(shallowDir, { recursive: true, force: true });
    }
  });

  it('counts the log\'s unreadable lines on a process\'s first question (the index reads the log for it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-unreadable-'));
    try {
      const log = join(dir, 'changes.jsonl');
      const d = deploymentRecord({ createdAt: '2026-11-30T05:00:00.000Z', commit: sha('c') });
      writeFileSync(log, `${JSON.stringify(d)}\nnot json at all\n`);
      const answer = await whatChanged({ environment: 'production', at: T }, { index: new LogIndex(log, silentLogger), config });
      assert.deepEqual(answer.deployments.map((x) => x.ref), [d.id]);
      assert.ok(answer.problems.includes('The change log has 1 unreadable line(s): some changes may be missing (run with --verbose).'), answer.problems.join('; '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
