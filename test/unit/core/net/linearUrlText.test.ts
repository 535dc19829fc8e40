import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/log';
import { withoutTrailingSlashes } from '../../../../src/core/net/trailingSlashes';
import { DevlakeSink } from '../../../../src/core/records/sinks/engines/devlakeSink';
import type { ChannelPoster } from '../../../../src/core/records/sinks/channelPost';
import { scopeJql } from '../../../../src/core/tickets/providers/jiraShared';
import { changeRecord, deploymentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

// `/\/+$/`, `/(\.git)?\/*$/` and `/\s*\border\s+by\b.../` backtrack over every run of slashes or
// spaces that does not reach the end: quadratic. A repository URL in the change log or a team JQL
// with 200,000 of them held the editor for minutes (0.9 s at 40,000).
describe('URL and JQL clean-up is linear in team-supplied text', () => {
  const N = 200_000;
  const within = (ms: number, run: () => unknown) => {
    const started = process.hrtime.bigint();
    run();
    const took = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(took < ms, `took ${took.toFixed(0)} ms`);
  };

  it('drops trailing slashes, and only those', () => {
    assert.equal(withoutTrailingSlashes('https://x.example.com/api///'), 'https://x.example.com/api');
    assert.equal(withoutTrailingSlashes('https://x.example.com/a//b'), 'https://x.example.com/a//b');
    assert.equal(withoutTrailingSlashes('///'), '');
    within(200, () => withoutTrailingSlashes(`https://x/${'/'.repeat(N)}a`));
  });

  it('scopeJql cuts ORDER BY as before, in linear time', () => {
    assert.equal(scopeJql('project = X   ORDER  BY rank DESC', []), 'project = X');
    assert.equal(scopeJql('summary ~ "recorder" and project = X', []), 'summary ~ "recorder" and project = X');
    assert.equal(scopeJql('ORDER BY rank', []), undefined);
    within(200, () => scopeJql(`project = X${' '.repeat(N)}AND status = Open`, []));
  });

  it('DevLake: a carried change record with a repository of many slashes is compared in linear time', async () => {
    const repository = `https://git.example.com/${'/'.repeat(N)}acme/other`;
    const change = changeRecord({ createdAt: '2026-03-10T08:00:00Z', repository, commits: [{ sha: 'b'.repeat(40), subject: 'x' }] });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40), environment: 'production', records: [change.id] });
    const bodies: string[] = [];
    const poster: ChannelPoster = { post: async (_url, body) => (bodies.push(body.toString('utf8')), { status: 200, headers: {}, text: '{"success":true}' }) };
    const sink = new DevlakeSink({ url: 'https://devlake.example.com', connectionId: 3, repoUrl: 'https://git.example.com/acme/shop.git' }, { secret: async () => 'dl-key-0123456789', index: memoryLogIndex([change, deploy]), clock: fixedClock('2026-03-10T10:00:00Z'), logger: silentLogger }, poster);
    const started = Date.now();
    await sink.deliver(deploy, { idempotencyKey: 'k' });
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.equal((JSON.parse(bodies[0]) as { deploymentCommits: unknown[] }).deploymentCommits.length, 2);
  });
});
