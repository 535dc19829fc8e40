import * as assert from 'node:assert/strict';
import { isBroken } from '../../../../src/core/config/configProblem';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { emptyMatchWitness } from '../../../../src/core/config/teamPattern';

// An exemption pattern that can match empty text matches without reading the subject, so a pull
// request that sets `"messagePatterns": [""]` exempted every commit. The config refuses such a
// pattern (a broken config: CI exits 2), naming the field and line.

describe('exemption patterns that match empty text', () => {
  const EMPTY = ['', '^', '$', '.*', '(chore:)?', '^(?:chore|)', '\\b', '\\B', 'x*', '^$', '(?:)', 'a|', '\\s*'];
  const FINE = ['^(chore|build)\\(deps\\):', 'x+', '^Release \\d', '^Skip-Ticket: yes$', '\\bwip\\b', '.'];

  for (const source of EMPTY) {
    it(`refuses ${JSON.stringify(source)}, with its field and line, and the policy counts as broken`, () => {
      const text = `{\n  "tickets": {\n    "exemptions": {\n      "messagePatterns": ["^wip:", ${JSON.stringify(source)}]\n    }\n  }\n}`;
      const { config, problems } = parseTeamConfig(text, '.changetrail/config.json');
      assert.deepEqual(problems.map((p) => [p.field, p.line]), [['tickets.exemptions.messagePatterns[1]', 4]]);
      assert.match(problems[0].message, /matches empty text, so it would exempt commits whatever their subject says; write it so it needs at least one character/);
      assert.ok(isBroken(problems));
      assert.deepEqual(config.tickets.exemptions.messagePatterns, [], 'the bad array is dropped: no pattern exempts anything');
    });
  }

  it('keeps patterns that need at least one character', () => {
    for (const source of FINE) assert.equal(emptyMatchWitness(source), undefined, source);
    const { problems } = parseTeamConfig(JSON.stringify({ tickets: { exemptions: { messagePatterns: FINE } } }), '.changetrail/config.json');
    assert.deepEqual(problems, []);
  });

  it('a ticket pattern that can match empty text is still accepted (its empty matches are skipped)', () => {
    const { problems } = parseTeamConfig(JSON.stringify({ tickets: { patterns: ['(TKT_[0-9]+)?'] } }), '.changetrail/config.json');
    assert.deepEqual(problems, []);
  });
});
