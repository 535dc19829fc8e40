import * as assert from 'node:assert/strict';
import { markdownToAdf } from '../../../../../src/core/tickets/providers/jiraCloud';
import { recentQueries, scopeJql } from '../../../../../src/core/tickets/providers/jiraShared';

describe('Jira helpers', () => {
  it('markdownToAdf: paragraphs per block, hard breaks per line, no empty text nodes', () => {
    assert.deepEqual(markdownToAdf('a\n\n\n  \nb\nc  \n'), {
      version: 1,
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'b' }, { type: 'hardBreak' }, { type: 'text', text: 'c' }] },
      ],
    });
    assert.deepEqual(markdownToAdf(''), { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [] }] });
  });

  it('default JQL is bounded and quotes project keys (a key may be a reserved word)', () => {
    assert.deepEqual(recentQueries(undefined, ['PROJ', 'OR']), [
      'assignee = currentUser() AND project in ("PROJ", "OR") ORDER BY updated DESC',
      'project in ("PROJ", "OR") ORDER BY updated DESC',
    ]);
    assert.deepEqual(recentQueries(undefined, []), ['assignee = currentUser() ORDER BY updated DESC', 'updated >= -30d ORDER BY updated DESC']);
    assert.equal(scopeJql('project = X order by rank', []), 'project = X');
    assert.equal(scopeJql(undefined, []), undefined);
  });
});
