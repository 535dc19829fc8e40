import * as assert from 'node:assert/strict';
import { wallTimeAt } from '../../../../src/core/checklist/zonedTime';
import { isoWeekKey, monthPeriod, periodOf, weekPeriod } from '../../../../src/core/metrics/periods';

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
