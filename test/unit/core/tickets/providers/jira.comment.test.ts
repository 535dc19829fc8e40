import * as assert from 'node:assert/strict';
import type { FakeJira } from '../../../../fixtures/trackers/fakeJira';
import type { CloudCommentRequest, ServerCommentRequest } from '../../../../fixtures/trackers/fakeJiraShapes';
import { JIRA_FLAVOURS, apiRequests, expectTrackerError, providerFor, providerSuite, withFakeJira } from './jiraTestSetup';

// Comments the Jira providers post: ADF on Cloud, plain text on Data Center.

for (const { flavour, v, authorization } of JIRA_FLAVOURS) {
  describe(providerSuite(flavour), () => {
    let fake: FakeJira;
    withFakeJira(flavour, (started) => (fake = started));

    it('comment: the exact body and headers Jira receives, and a link to the comment', async () => {
      const markdown = '**Change record** for PROJ-1\r\n- risk: low\n- rollback: revert abc123\n\nDeployed to production.\n';
      const result = await providerFor(fake).comment('PROJ-1', markdown);
      assert.equal(result.url, `${fake.baseUrl}/browse/PROJ-1?focusedCommentId=10000#comment-10000`);
      const [req] = apiRequests(fake, `/rest/api/${v}/issue/PROJ-1/comment`);
      assert.equal(req.method, 'POST');
      assert.equal(req.headers.authorization, authorization);
      assert.match(req.headers['content-type'] ?? '', /^application\/json\b/);
      assert.equal(req.headers.accept, 'application/json');
      if (flavour === 'cloud') {
        const expected: CloudCommentRequest = {
          body: {
            version: 1,
            type: 'doc',
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: '**Change record** for PROJ-1' },
                  { type: 'hardBreak' },
                  { type: 'text', text: '- risk: low' },
                  { type: 'hardBreak' },
                  { type: 'text', text: '- rollback: revert abc123' },
                ],
              },
              { type: 'paragraph', content: [{ type: 'text', text: 'Deployed to production.' }] },
            ],
          },
        };
        assert.deepEqual(JSON.parse(req.body), expected);
      } else {
        const expected: ServerCommentRequest = { body: markdown };
        assert.deepEqual(JSON.parse(req.body), expected);
      }
      assert.deepEqual(fake.comments.map((c) => c.key), ['PROJ-1']);
    });

    it('comment: refuses a key that is not an issue key without a request', async () => {
      await expectTrackerError(providerFor(fake).comment('../x', 'hello'), 'notFound', /not a Jira issue key/);
      assert.equal(fake.requests.length, 0);
    });
  });
}
