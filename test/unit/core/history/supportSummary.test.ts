import * as assert from 'node:assert/strict';
import { liveSummary, relativeTime, supportLine } from '../../../../src/core/history/supportSummary';

const now = new Date('2024-05-10T12:00:00Z');
const entry = {
  sha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  subject: 'PROJ-123: Shorten login timeout',
  tickets: ['PROJ-123'],
  author: { name: 'Ana Ruiz', email: 'ana@example.com' },
  authorDate: '2024-05-07T13:30:00+02:00',
  isMerge: false,
};

describe('support line', () => {
  it('reads as one sentence support can paste', () => {
    const line = supportLine(entry, { liveIn: [{ environment: 'staging', live: true }, { environment: 'production', live: false }], now });
    assert.equal(line, 'PROJ-123 · Shorten login timeout · Ana Ruiz · 3 days ago · live in staging, not production · rollback: revert 1a2b3c4');
  });

  it('prefers the ticket title and the record\'s rollback plan, and reverts a merge against its first parent', () => {
    const line = supportLine(
      { ...entry, isMerge: true, subject: '[PROJ-123] fix' },
      { ticketTitle: 'Login times out too late', liveIn: [], record: { rollbackPlan: 'Set LOGIN_TIMEOUT back to 30\nand restart' }, now },
    );
    assert.equal(line, 'PROJ-123 · Login times out too late · Ana Ruiz · 3 days ago · rollback: Set LOGIN_TIMEOUT back to 30 and restart');
    assert.match(supportLine({ ...entry, isMerge: true }, { liveIn: [], now }), /rollback: revert -m 1 1a2b3c4$/);
  });

  it('says when a commit names no ticket, and keeps a subject that is only a ticket', () => {
    assert.match(supportLine({ ...entry, tickets: [], subject: 'Tidy imports' }, { liveIn: [], now }), /^no ticket · Tidy imports · /);
    assert.match(supportLine({ ...entry, subject: 'PROJ-123' }, { liveIn: [], now }), /^PROJ-123 · PROJ-123 · /);
  });

  it('summarises where a change is live, including what nobody can tell', () => {
    const env = (environment: string, live: boolean | undefined) => ({ environment, live });
    assert.equal(liveSummary([env('staging', true), env('production', true)]), 'live in staging, production');
    assert.equal(liveSummary([env('staging', false), env('production', false)]), 'not live in staging or production');
    assert.equal(liveSummary([env('staging', true), env('production', undefined)]), 'live in staging, production unknown');
    assert.equal(liveSummary([]), '');
  });

  it('writes relative times without a library', () => {
    const ago = (seconds: number) => relativeTime(new Date(now.getTime() - seconds * 1000), now);
    assert.deepEqual(
      [ago(-120), ago(10), ago(60), ago(5 * 60), ago(2 * 3600), ago(26 * 3600), ago(3 * 86400), ago(15 * 86400), ago(40 * 86400), ago(200 * 86400), ago(800 * 86400)],
      ['just now', 'just now', '1 minute ago', '5 minutes ago', '2 hours ago', 'yesterday', '3 days ago', '2 weeks ago', 'last month', '6 months ago', '2 years ago'],
    );
    assert.equal(relativeTime('not a date', now), 'at an unknown time');
  });
});
