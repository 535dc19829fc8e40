import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError } from '../../../../../src/core/net/trackerError';
import { GitHubProvider } from '../../../../../src/core/tickets/providers/github';
import { GitLabProvider } from '../../../../../src/core/tickets/providers/gitlab';
import { type FakeGitHubIssue, startFakeGitHub } from '../../../../fixtures/trackers/fakeGitHub';
import { type FakeGitLabIssue, startFakeGitLab } from '../../../../fixtures/trackers/fakeGitLab';

const TOKEN = 'ghp_fakeToken0123456789abcdef';
const deps = (name: string) => ({ http: new HttpClient(name, DEFAULT_NETWORK, silentLogger), credentials: { kind: 'bearer', token: TOKEN } as const, logger: silentLogger });
const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();

describe('moved and deleted tickets, and a cache that holds what it is asked to', () => {
  describe('GitHub', () => {
    const issues: FakeGitHubIssue[] = [{ number: 1, title: 'Login fails' }, { number: 2, title: 'Login slow on 5 GHz wifi' }];
    const start = (extra: Partial<Parameters<typeof startFakeGitHub>[0]> = {}) =>
      startFakeGitHub({ issues, token: TOKEN, deleted: [5], transferred: { 6: { repository: 'acme/platform', number: 31, title: 'Login on SSO' } }, ...extra });
    const make = (apiUrl: string) => new GitHubProvider({ type: 'github', repository: 'acme/app', baseUrl: apiUrl }, deps('GitHub'));

    it('a deleted issue (410) is not found, and the search results still come back', async () => {
      const fake = await start();
      try {
        const provider = make(fake.apiUrl);
        assert.equal(await provider.get('#5'), undefined);
        // "#5" looks up issue 5 (deleted: 410) and searches the words at once: the search still counts.
        assert.deepEqual((await provider.search('#5')).map((t) => t.key), ['#2']);
      } finally {
        await fake.close();
      }
    });

    it('a transferred issue (301) is shown as other/repo#N, never as this repository\'s #N', async () => {
      const fake = await start();
      try {
        const ticket = await make(fake.apiUrl).get('#6');
        assert.equal(ticket?.key, 'acme/platform#31');
        assert.equal(ticket?.title, 'Login on SSO');
      } finally {
        await fake.close();
      }
    });

    it('a comment on a transferred issue lands on it in its new repository; on a deleted or unknown one it says the ticket does not exist', async () => {
      const fake = await start();
      try {
        const provider = make(fake.apiUrl);
        const posted = await provider.comment('#6', 'Deployed');
        assert.equal(posted.url, 'https://github.com/acme/platform/issues/31#issuecomment-77');
        assert.deepEqual(fake.comments.map((c) => c.issue), [31]);
        for (const key of ['#5', '#404']) {
          const error = await provider.comment(key, 'Deployed').then(() => assert.fail('posted'), (e: unknown) => e);
          assert.ok(error instanceof TrackerError && error.kind === 'notFound', String(error));
          assert.match(error.message, key === '#5' ? /was deleted/ : /does not exist/);
          assert.doesNotMatch(error.message, /base URL/);
        }
      } finally {
        await fake.close();
      }
    });

    it('fills a cache of 2,000 from the issue list (search stops at 1,000)', async () => {
      const many: FakeGitHubIssue[] = Array.from({ length: 2300 }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, updatedAt: day(i), pullRequest: i % 10 === 0 }));
      const fake = await start({ issues: many });
      try {
        const reasons: string[] = [];
        const tickets = await make(fake.apiUrl).recent({ limit: 2000, onShort: (r) => reasons.push(r) });
        assert.equal(tickets.length, 2000);
        assert.equal(new Set(tickets.map((t) => t.key)).size, 2000);
        assert.deepEqual(reasons, []);
      } finally {
        await fake.close();
      }
    });

    it('says why when pull requests crowd out the issues', async () => {
      const prs: FakeGitHubIssue[] = Array.from({ length: 1600 }, (_, i) => ({ number: i + 1, title: `PR ${i}`, updatedAt: day(2000 - i), pullRequest: true }));
      const fake = await start({ issues: [...prs, { number: 5000, title: 'Old issue', updatedAt: day(0) }] });
      try {
        const reasons: string[] = [];
        const tickets = await make(fake.apiUrl).recent({ limit: 100, onShort: (r) => reasons.push(r) });
        assert.equal(tickets.length, 0);
        assert.match(reasons[0] ?? '', /mostly pull requests/);
      } finally {
        await fake.close();
      }
    });
  });

  describe('GitLab', () => {
    it('fills a cache of 2,000 (no page cap of ten), and shows a moved issue as moved', async () => {
      const many: FakeGitLabIssue[] = Array.from({ length: 2100 }, (_, i) => ({ iid: i + 1, title: `Issue ${i + 1}`, updatedAt: day(i) }));
      const fake = await startFakeGitLab({ issues: [...many, { iid: 9000, title: 'Moved away', state: 'closed', movedToId: 123456 }], token: TOKEN });
      try {
        const provider = new GitLabProvider({ type: 'gitlab', project: 'acme/app', baseUrl: fake.url }, deps('GitLab'));
        assert.equal((await provider.recent({ limit: 2000 })).length, 2000);
        assert.equal((await provider.get('#9000'))?.status, 'moved to another project');
        const error = await provider.comment('#77777', 'x').then(() => assert.fail('posted'), (e: unknown) => e);
        assert.ok(error instanceof TrackerError && /does not exist/.test(error.message), String(error));
      } finally {
        await fake.close();
      }
    });
  });
});
