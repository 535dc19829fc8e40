import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { commitFormatError } from '../../../../src/core/tickets/commitFormat';
import { applyFormat, checkMessage } from '../../../../src/core/tickets/commitMessage';
import { rejectionMessage } from '../../../../src/core/tickets/rejectionMessage';
import { findTickets } from '../../../../src/core/tickets/ticketRefs';

// The hooks write a message in the team's commitFormat and then check it: a format whose output
// does not read back as its ticket makes them refuse what they wrote, and advise the impossible.

const key = fc.stringMatching(/^[A-Z][A-Z0-9_]{1,9}$/);
const number = fc.integer({ min: 1, max: 999_999_999 });
const piece = fc.constantFrom('', ' ', ': ', ':', '-', '_', '.', '[', '] ', '(', ')', '#', '/', 'é', 'x', '2', 'Refs: ', ' — ');
const format = fc.tuple(piece, piece, piece, fc.boolean()).map(([before, between, after, withMessage]) =>
  withMessage ? `${before}{ticket}${between}{message}${after}` : `${before}{ticket}${after}`);

describe('commitFormat: what it writes reads back as the ticket', () => {
  it('the config check refuses "{ticket}{message}" and a ticket glued to a word', () => {
    for (const bad of ['{ticket}{message}', '{message}{ticket}', 'x{ticket}: {message}', '{ticket}_{message}']) {
      const { problems } = parseTeamConfig(JSON.stringify({ tickets: { commitFormat: bad } }), 'c.json');
      assert.equal(problems[0]?.field, 'tickets.commitFormat', bad);
      assert.match(problems[0].message, /does not name ticket/);
    }
    for (const good of ['{ticket}: {message}', '[{ticket}] {message}', 'Refs: {ticket}', '{message} ({ticket})']) {
      assert.deepEqual(parseTeamConfig(JSON.stringify({ tickets: { commitFormat: good } }), 'c.json').problems, [], good);
    }
  });

  it('property: a format the config accepts gives back any Jira ticket with any subject', () => {
    fc.assert(
      fc.property(format, key, number, fc.string({ unit: 'grapheme', maxLength: 20 }), (fmt, k, n, subject) => {
        fc.pre(commitFormatError(fmt) === undefined);
        const ticket = `${k}-${n}`;
        for (const projects of [[k], []]) {
          const written = applyFormat(fmt, ticket, subject);
          assert.ok(findTickets(written, { projects, patterns: [] }).some((t) => t.id === ticket), `${JSON.stringify(fmt)} wrote ${JSON.stringify(written)}`);
        }
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});

describe('rejection advice can be followed', () => {
  const tickets = { ...defaultTeamConfig().tickets, projects: ['PROJ'] };

  it('applies the format to the subject without the prefix it already has', () => {
    const text = rejectionMessage('WRONG-5: fix2', tickets, 'spike/x', 'WRONG-5');
    assert.match(text.split('\n')[0], /Write it as "WRONG-5: fix2"/);
    assert.doesNotMatch(text, /WRONG-5: WRONG-5/);
    const bracket = rejectionMessage('[OPS-1] fix', { ...tickets, commitFormat: '[{ticket}] {message}' }, 'feature/PROJ-9-x', 'PROJ-9');
    assert.match(bracket.split('\n')[0], /Write it as "\[PROJ-9\] \[OPS-1\] fix"/);
    const again = rejectionMessage('[PROJ-9] fix', { ...tickets, commitFormat: '[{ticket}] {message}' }, 'feature/PROJ-9-x', 'PROJ-9');
    assert.match(again.split('\n')[0], /Write it as "\[PROJ-9\] fix"/);
  });

  it('property: the advised subject is accepted, the branch ticket linked or not', () => {
    fc.assert(
      fc.property(fc.constantFrom('{ticket}: {message}', '[{ticket}] {message}', '{message} ({ticket})'), fc.constantFrom('PROJ-7', 'WRONG-5', 'AB#3'), fc.string({ maxLength: 30 }), (fmt, ticket, subject) => {
        const policy = { ...tickets, commitFormat: fmt };
        const message = applyFormat(fmt, ticket, subject);
        const advice = /Write it as "(.*)" \(/.exec(rejectionMessage(message, policy, 'spike/x', ticket).split('\n')[0]);
        assert.ok(advice, 'the first line says how to write it');
        const written = advice[1];
        // A linked ticket always counts (the hook passes it as `linked`); one in the branch name is a listed project's.
        assert.ok(checkMessage(written, { ...policy, linked: ticket }).ok, `advice ${JSON.stringify(written)} is refused`);
        assert.ok(!written.includes(`${ticket}: ${ticket}`), written);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
