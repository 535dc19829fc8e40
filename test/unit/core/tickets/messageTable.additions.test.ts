import * as assert from 'node:assert/strict';
import { type MessageFormat, addTicket } from '../../../../src/core/tickets/commitMessage';
import { SCISSORS, TEMPLATE, scissors, semicolon, show, strip, whitespace } from './messageTableInputs';

// [raw, commitFormat, format, expected]
const additions: [string, string, MessageFormat, string][] = [
  ['Fix login', '{ticket}: {message}', strip, 'PROJ-1: Fix login'],
  ['Fix login\n\nBody text\n', '{ticket}: {message}', strip, 'PROJ-1: Fix login\n\nBody text\n'],
  ['Größe ändern 🚀', '{ticket}: {message}', strip, 'PROJ-1: Größe ändern 🚀'],
  ['Fix login', '[{ticket}] {message}', strip, '[PROJ-1] Fix login'],
  [TEMPLATE, '{ticket}: {message}', strip, `PROJ-1: ${TEMPLATE}`],
  ['', '{ticket}: {message}', strip, 'PROJ-1: '],
  [`Fix login\n${TEMPLATE}`, '{ticket}: {message}', strip, `PROJ-1: Fix login\n${TEMPLATE}`],
  [`\nFix login\n${TEMPLATE}`, '{ticket}: {message}', strip, `\nPROJ-1: Fix login\n${TEMPLATE}`],
  [TEMPLATE.replaceAll('#', ';'), '{ticket}: {message}', semicolon, `PROJ-1: ${TEMPLATE.replaceAll('#', ';')}`],
  ['#123 fix crash', '{ticket}: {message}', whitespace, 'PROJ-1: #123 fix crash'],
  ['Fix login\r\n\r\nBody\r\n', '{ticket}: {message}', strip, 'PROJ-1: Fix login\r\n\r\nBody\r\n'],
  [TEMPLATE.replaceAll('\n', '\r\n'), '{ticket}: {message}', strip, `PROJ-1: ${TEMPLATE.replaceAll('\n', '\r\n')}`],
  ['Fix login', 'Refs: {ticket}', strip, 'Fix login\n\nRefs: PROJ-1'],
  ['Fix login\n\nBody text\n\n', 'Refs: {ticket}', strip, 'Fix login\n\nBody text\n\nRefs: PROJ-1\n'],
  [`Fix login\n${TEMPLATE}`, 'Refs: {ticket}', strip, `Fix login\n\nRefs: PROJ-1\n${TEMPLATE}`],
  [`Fix login\n${TEMPLATE}`.replaceAll('\n', '\r\n'), 'Refs: {ticket}', strip, `Fix login\n\nRefs: PROJ-1\n${TEMPLATE}`.replaceAll('\n', '\r\n')],
  [TEMPLATE, 'Refs: {ticket}', strip, `Refs: PROJ-1\n${TEMPLATE}`],
];
const additionBugs: [string, string, MessageFormat, string, string][] = [
  // Regression (was a bug): "Refs: {ticket}" is meant to read like a trailer, but it is appended as a new paragraph even
  // when the message already ends in a trailer block; Signed-off-by is then no longer in the last
  // paragraph and stops being a trailer for git interpret-trailers. It belongs in the existing block.
  [
    'Fix login\n\nSigned-off-by: Ana <ana@acme.io>',
    'Refs: {ticket}',
    strip,
    'Fix login\n\nSigned-off-by: Ana <ana@acme.io>\nRefs: PROJ-1',
    'a trailer-style format starts a new paragraph after an existing trailer block',
  ],
  // Regression (was a bug): under cleanup 'scissors' no line counts as a comment, so on git's scissors template the
  // "first non-empty line" is the scissors line itself: it becomes "PROJ-1: # ---- >8 ----", git no
  // longer finds it, and the instructions (and any diff) are committed. Everything from the
  // scissors line on should be left alone, as comment lines are under 'strip'.
  [
    `\n${SCISSORS}\n# Do not modify or remove the line above.\n# Everything below it will be ignored.\n`,
    '{ticket}: {message}',
    scissors,
    `PROJ-1: \n${SCISSORS}\n# Do not modify or remove the line above.\n# Everything below it will be ignored.\n`,
    'the scissors line is taken for the subject under cleanup scissors',
  ],
];

describe('adding a ticket to a message', () => {
  for (const [raw, commitFormat, format, expected] of additions) {
    it(`${show(raw)} with ${JSON.stringify(commitFormat)} (cleanup ${format.cleanup}, commentChar ${format.commentChar}) -> ${show(expected)}`, () => {
      assert.equal(addTicket(raw, 'PROJ-1', commitFormat, format), expected);
    });
  }
  for (const [raw, commitFormat, format, expected, bug] of additionBugs) {
    it(`regression (${bug}): ${show(raw)} with ${JSON.stringify(commitFormat)} (cleanup ${format.cleanup}) -> ${show(expected)}`, () => {
      assert.equal(addTicket(raw, 'PROJ-1', commitFormat, format), expected);
    });
  }
});
