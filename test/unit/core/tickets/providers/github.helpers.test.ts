import * as assert from 'node:assert/strict';
import { githubIssueNumber, nextLink } from '../../../../../src/core/tickets/providers/github';

describe('GitHubProvider', () => {
  describe('helpers', () => {
    it('githubIssueNumber reads #12 and 12 only', () => {
      assert.equal(githubIssueNumber('#12'), 12);
      assert.equal(githubIssueNumber(' 12 '), 12);
      assert.equal(githubIssueNumber('PROJ-12'), undefined);
      assert.equal(githubIssueNumber('#'), undefined);
    });

    it('nextLink finds rel="next" among the documented rels', () => {
      const header =
        '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"';
      assert.equal(nextLink(header), 'https://api.github.com/repositories/1300192/issues?page=4');
      assert.equal(nextLink('<https://x/issues?page=1>; rel="first"'), undefined);
      assert.equal(nextLink(undefined), undefined);
    });
  });
});
