import * as assert from 'node:assert/strict';
import { wallTimeAt } from '../../../../src/core/checklist/zonedTime';
import { isoWeekKey, isoWeeksIn, monthPeriod, periodOf, weekPeriod } from '../../../../src/core/metrics/periods';

// periodOf remembers the periods it found lately (a board asks for one per log entry); whatever the
// order of the questions, the answer must be the period the zone's calendar gives.
describe('periodOf', () => {
  const zones = ['UTC', 'Europe/Madrid', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/St_Johns'];
  const from = Date.parse('2010-01-01T00:00:00Z');
  const span = 20 * 365 * 86_400_000;

  it('answers with the calendar period of every instant, asked in any order, near boundaries and across DST', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const timeZone of zones) {
      const instants: number[] = [];
      for (let i = 0; i < 400; i++) instants.push(from + Math.floor(next() * span));
      // Instants within a minute of a period's edge, where a wrong cached answer would show.
      for (const kind of ['month', 'week'] as const) {
        for (let i = 0; i < 40; i++) {
          const p = periodOf(from + Math.floor(next() * span), kind, timeZone);
          instants.push(p.start, p.start - 1, p.end - 1, p.end, p.start + 30_000, p.end - 30_000);
        }
      }
      for (const at of instants) {
        const wall = wallTimeAt(at, timeZone);
        const month = periodOf(at, 'month', timeZone);
        const week = periodOf(at, 'week', timeZone);
        assert.equal(month.key, `${wall.year}-${String(wall.month).padStart(2, '0')}`, `${timeZone} ${new Date(at).toISOString()}`);
        assert.equal(week.key, isoWeekKey(wall.year, wall.month, wall.day), `${timeZone} ${new Date(at).toISOString()}`);
        assert.deepEqual(month, monthPeriod(month.key, timeZone));
        assert.deepEqual(week, weekPeriod(week.key, timeZone));
        assert.ok(month.start <= at && at < month.end && week.start <= at && at < week.end);
      }
    }
  });
});

describe('weekPeriod and monthPeriod refuse periods the calendar lacks', () => {
  it('refuses week 53 of a year with 52 ISO weeks, and week 00, instead of moving to the next year', () => {
    assert.throws(() => weekPeriod('2025-W53', 'UTC'), /--week "2025-W53" is not an ISO week: 2025 has weeks W01-W52/);
    assert.throws(() => weekPeriod('2026-W00', 'UTC'), /2026 has weeks W01-W53/);
    assert.throws(() => weekPeriod('2026-W54', 'UTC'), /2026 has weeks W01-W53/);
    assert.equal(weekPeriod('2026-W53', 'Europe/Madrid').start, Date.parse('2026-12-27T23:00:00Z'));
    assert.equal(weekPeriod('2020-W53', 'UTC').start, Date.parse('2020-12-28T00:00:00Z'));
  });

  it('every year has the weeks up to the one holding 28 December, and no more', () => {
    // Reference: isoWeekKey of 28 December, which always lies in the year's last ISO week.
    for (let year = 1970; year <= 2400; year++) {
      const last = isoWeekKey(year, 12, 28);
      assert.equal(isoWeeksIn(year), Number(last.slice(-2)));
      assert.equal(weekPeriod(last, 'UTC').key, last);
      assert.throws(() => weekPeriod(`${year}-W${isoWeeksIn(year) + 1}`, 'UTC'), /is not an ISO week/);
      assert.equal(periodOf(weekPeriod(last, 'UTC').start, 'week', 'UTC').key, last);
    }
  });

  it('refuses month 00 and 13, naming --month', () => {
    assert.throws(() => monthPeriod('2026-13', 'UTC'), /--month "2026-13" is not a month: month 13 is not 01-12/);
    assert.throws(() => monthPeriod('2026-00', 'UTC'), /month 00 is not 01-12/);
    assert.throws(() => monthPeriod('2026-1', 'UTC'), /use YYYY-MM/);
  });
});
