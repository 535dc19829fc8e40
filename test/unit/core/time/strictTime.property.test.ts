import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { fixedClock } from '../../../../src/core/clock';
import { parseAt } from '../../../../src/core/time/atTime';
import { daysInMonth, parseIsoInstant, readTimeText } from '../../../../src/core/time/strictTime';

// The strict reader is held to references: Date's own calendar for which dates exist, Date.UTC
// for the instant of a valid time, and Intl for what a zone's wall clock shows. Nothing here
// reads the machine's date or zone: zones are named, the clock is fixed.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const year = fc.integer({ min: 1970, max: 2400 });
/** A calendar date by Date's reference: a y-m-d that Date.UTC gives back unchanged. */
const validDate = fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).filter(([y, m, d]) => new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d);
const timeOfDay = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }));
const ZONES = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Sao_Paulo', 'Pacific/Chatham', 'America/St_Johns'];
const formats = new Map(ZONES.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })]));

/** What a person in `timeZone` reads on the wall at `ms`, typed as "YYYY-MM-DD HH:MM" (by Intl, not by our code). */
function typedWallTime(ms: number, timeZone: string): string {
  const f: Record<string, number> = {};
  for (const p of (formats.get(timeZone) as Intl.DateTimeFormat).formatToParts(ms)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}

describe('strict time text', () => {
  it('every valid time with a zone reads as the instant Date.UTC gives it', () => {
    const offset = fc.tuple(fc.constantFrom(-1, 1), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45));
    fc.assert(
      fc.property(validDate, timeOfDay, offset, ([y, mo, d], [h, mi, s], [sign, oh, om]) => {
        const utc = Date.UTC(y, mo - 1, d, h, mi, s);
        const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
        assert.equal(parseIsoInstant(`${text}Z`, '--x'), utc);
        const zone = `${sign < 0 ? '-' : '+'}${pad(oh)}:${pad(om)}`;
        assert.equal(parseIsoInstant(`${text}${zone}`, '--x'), utc - sign * (oh * 60 + om) * 60_000);
      }),
      { numRuns: 3000 },
    );
  });

  it('a date is accepted exactly when the calendar has it (leap years included)', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, mo, d) => {
        const exists = mo >= 1 && mo <= 12 && d >= 1 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && new Date(Date.UTC(y, mo - 1, d)).getUTCMonth() === mo - 1;
        const read = readTimeText(`${pad(y, 4)}-${pad(mo)}-${pad(d)}`);
        assert.equal(read.kind, exists ? 'date' : 'invalid', `${y}-${mo}-${d}`);
        assert.equal(readTimeText(`${pad(y, 4)}-${pad(mo)}-${pad(d)}T10:00Z`).kind, exists ? 'instant' : 'invalid');
        if (mo >= 1 && mo <= 12) assert.equal(exists, d >= 1 && d <= daysInMonth(y, mo));
      }),
      { numRuns: 5000 },
    );
  });

  it('every out-of-range hour, minute or second is refused, naming the field', () => {
    const field = fc.constantFrom('hour', 'minute', 'second');
    fc.assert(
      fc.property(validDate, timeOfDay, field, fc.integer({ min: 0, max: 99 }), ([y, mo, d], [h, mi, s], which, bad) => {
        const t = { hour: h, minute: mi, second: s, [which]: bad };
        const inRange = t.hour <= 23 && t.minute <= 59 && t.second <= 59;
        const read = readTimeText(`${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}Z`);
        if (inRange) assert.equal(read.kind, 'instant');
        else assert.ok(read.kind === 'invalid' && /^(hour|minute|second) \d\d is not 00-(23|59)$/.test(read.problem), JSON.stringify(read));
      }),
      { numRuns: 3000 },
    );
  });

  it('every wall time a zone shows reads back, in that zone, as the same wall time', () => {
    const clock = fixedClock('2040-01-01T00:00:00Z');
    const from = Date.UTC(2005, 0, 1) / 60_000;
    const to = Date.UTC(2035, 0, 1) / 60_000;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...ZONES), (minute, zone) => {
        const typed = typedWallTime(minute * 60_000, zone);
        const at = parseAt(typed, clock, zone);
        assert.equal(typedWallTime(at, zone), typed, `${zone} ${typed}`);
        // A time shown twice (clocks going back) is the first of them.
        assert.ok(at <= minute * 60_000);
      }),
      { numRuns: 5000 },
    );
  });
});
