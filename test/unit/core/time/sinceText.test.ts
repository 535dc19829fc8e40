import * as assert from 'node:assert/strict';
import { formatProblem } from '../../../../src/core/config/configProblem';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { sinceSeconds } from '../../../../src/core/check/enforcementSince';
import { sinceTextProblem, sinceTextSeconds } from '../../../../src/core/time/sinceText';

const FILE = '.changetrail/config.json';

describe('since dates (enforcement.since, gate.since)', () => {
  it('reads a date as midnight UTC and a zoneless time as UTC, whatever the zone', () => {
    assert.equal(sinceTextSeconds('2026-03-01'), Date.UTC(2026, 2, 1) / 1000);
    assert.equal(sinceTextSeconds('2026-03-01T09:30'), Date.UTC(2026, 2, 1, 9, 30) / 1000);
    assert.equal(sinceTextSeconds('2026-03-01T09:30:00+02:00'), Date.UTC(2026, 2, 1, 7, 30) / 1000);
    assert.equal(sinceSeconds('2026-03-01'), sinceTextSeconds('2026-03-01'));
  });

  it('refuses dates the calendar does not have instead of rolling them over', () => {
    // Date.parse read 2026-02-30 as 2 March: commits of 1 March went unchecked.
    assert.equal(sinceSeconds('2026-02-30'), undefined);
    assert.equal(sinceSeconds('2026-13-01'), undefined);
    assert.equal(sinceSeconds('2026-01-31junk'), undefined);
    assert.match(sinceTextProblem('2026-02-30') ?? '', /day 30 is not in February 2026/);
    assert.equal(sinceTextProblem('abc1234'), undefined);
  });

  for (const section of ['enforcement', 'gate']) {
    it(`names ${section}.since in the config's problem when the date does not exist`, () => {
      const text = `{\n  "${section}": {\n    "since": "2026-02-30"\n  }\n}\n`;
      const { problems } = parseTeamConfig(text, FILE);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      const said = formatProblem(problems[0]);
      assert.match(said, new RegExp(`${section}\\.since`));
      assert.match(said, /day 30 is not in February 2026/);
      assert.equal(problems[0].line, 3);
    });
  }

  it('keeps a valid date and a commit', () => {
    for (const since of ['2026-02-28', '2026-02-28T23:59:59Z', 'deadbeef']) {
      const { problems } = parseTeamConfig(JSON.stringify({ enforcement: { since }, gate: { since } }), FILE);
      assert.deepEqual(problems, [], since);
    }
  });
});
