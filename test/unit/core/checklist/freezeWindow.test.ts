import * as assert from 'node:assert/strict';
import { type FreezePolicy, freezeAt } from '../../../../src/core/checklist/freezeWindow';
import { instantOfWallTime, wallTimeAt } from '../../../../src/core/checklist/zonedTime';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { ChangeTrailError } from '../../../../src/core/errors';

// Every instant is fixed with Date.UTC (month 0-based); the real clock is never read.
function policy(freeze: Record<string, unknown> = {}): FreezePolicy {
  return teamConfigSchema.parse({ freeze }).freeze;
}

const madrid = policy({ timeZone: 'Europe/Madrid' });

function inside(at: number, p: FreezePolicy, environment = 'production', zone = 'UTC'): boolean {
  return freezeAt(new Date(at), p, environment, zone) !== undefined;
}

describe('freeze windows', () => {
  describe('Europe/Madrid across the March DST switch (Sunday 31 March 2024, 02:00 -> 03:00)', () => {
    it('starts at 15:00 local on Friday 29 March (14:00 UTC, still CET)', () => {
      assert.equal(inside(Date.UTC(2024, 2, 29, 13, 59), madrid), false);
      const hit = freezeAt(new Date(Date.UTC(2024, 2, 29, 14, 0)), madrid, 'production');
      assert.equal(hit?.kind, 'weekly');
      assert.equal(hit?.reason, 'Friday 15:00 to Monday 06:00, Europe/Madrid');
      assert.equal(hit?.window, 'Friday 15:00 to Monday 06:00');
      assert.equal(hit?.timeZone, 'Europe/Madrid');
    });

    it('ends at 06:00 local on Monday 1 April (04:00 UTC, now CEST), not an hour later', () => {
      const hit = freezeAt(new Date(Date.UTC(2024, 2, 29, 14, 0)), madrid, 'production');
      assert.equal(hit?.until?.toISOString(), '2024-04-01T04:00:00.000Z');
      assert.equal(inside(Date.UTC(2024, 2, 31, 1, 30), madrid), true, 'right after the switch');
      assert.equal(inside(Date.UTC(2024, 3, 1, 3, 59), madrid), true);
      assert.equal(inside(Date.UTC(2024, 3, 1, 4, 0), madrid), false);
      assert.equal(inside(Date.UTC(2024, 3, 1, 4, 30), madrid), false, 'a fixed +01:00 would still say frozen');
    });
  });

  describe('Europe/Madrid across the October DST switch (Sunday 27 October 2024, 03:00 -> 02:00)', () => {
    it('starts at 15:00 CEST on Friday 25 October (13:00 UTC)', () => {
      assert.equal(inside(Date.UTC(2024, 9, 25, 12, 59), madrid), false);
      assert.equal(inside(Date.UTC(2024, 9, 25, 13, 0), madrid), true);
    });

    it('ends at 06:00 CET on Monday 28 October (05:00 UTC)', () => {
      const hit = freezeAt(new Date(Date.UTC(2024, 9, 25, 13, 0)), madrid, 'production');
      assert.equal(hit?.until?.toISOString(), '2024-10-28T05:00:00.000Z');
      assert.equal(inside(Date.UTC(2024, 9, 27, 1, 30), madrid), true, 'during the repeated hour');
      assert.equal(inside(Date.UTC(2024, 9, 28, 4, 30), madrid), true, 'a fixed +02:00 would already say free');
      assert.equal(inside(Date.UTC(2024, 9, 28, 5, 0), madrid), false);
    });
  });

  describe('America/New_York', () => {
    const ny = policy({ timeZone: 'America/New_York' });

    it('starts at 15:00 EST and ends at 06:00 EDT over the March switch (10 March 2024)', () => {
      assert.equal(inside(Date.UTC(2024, 2, 8, 19, 59), ny), false);
      const hit = freezeAt(new Date(Date.UTC(2024, 2, 8, 20, 0)), ny, 'production');
      assert.equal(hit?.until?.toISOString(), '2024-03-11T10:00:00.000Z');
      assert.equal(inside(Date.UTC(2024, 2, 11, 9, 59), ny), true);
      assert.equal(inside(Date.UTC(2024, 2, 11, 10, 0), ny), false);
    });

    it('starts at 15:00 EDT and ends at 06:00 EST over the November switch (3 November 2024)', () => {
      assert.equal(inside(Date.UTC(2024, 10, 1, 18, 59), ny), false);
      const hit = freezeAt(new Date(Date.UTC(2024, 10, 1, 19, 0)), ny, 'production');
      assert.equal(hit?.until?.toISOString(), '2024-11-04T11:00:00.000Z');
      assert.equal(inside(Date.UTC(2024, 10, 4, 10, 59), ny), true);
    });
  });

  describe('a window ending in the hour that repeats when clocks go back (Europe/Madrid, Sunday 25 October 2026)', () => {
    const night = policy({ timeZone: 'Europe/Madrid', weekly: [{ from: 'sat 23:00', to: 'sun 02:30' }] });
    it('at the second 02:15 (01:15 UTC) it ends at the second 02:30 (01:30 UTC), not at the first, already past', () => {
      const hit = freezeAt(new Date(Date.UTC(2026, 9, 25, 1, 15)), night, 'production');
      assert.equal(hit?.until?.toISOString(), '2026-10-25T01:30:00.000Z');
    });
    it('at the first 02:15 (00:15 UTC) it ends at the first 02:30 (00:30 UTC)', () => {
      const hit = freezeAt(new Date(Date.UTC(2026, 9, 25, 0, 15)), night, 'production');
      assert.equal(hit?.until?.toISOString(), '2026-10-25T00:30:00.000Z');
    });
  });

  describe('a window ending at a local time the clocks skip: it ends at the jump, where the check says free', () => {
    // The old `until` read the skipped end with the offset before the jump: 03:30 EDT for a 02:30
    // end in New York, 02:45 for a 02:15 end on Lord Howe (a 30-minute switch), while the freeze
    // itself was already over at the jump (the gate said "until 07:30Z" and let a change through at 07:05Z).
    const cases: [string, string, number, number][] = [
      ['America/New_York', 'sun 02:30', Date.UTC(2026, 2, 8, 5, 0), Date.UTC(2026, 2, 8, 7, 0)],
      ['Australia/Lord_Howe', 'sun 02:15', Date.UTC(2026, 9, 3, 14, 0), Date.UTC(2026, 9, 3, 15, 30)],
      ['Pacific/Chatham', 'sun 03:00', Date.UTC(2026, 8, 26, 12, 0), Date.UTC(2026, 8, 26, 14, 0)],
    ];
    for (const [timeZone, to, at, jump] of cases) {
      it(`${timeZone}, a window to ${to}`, () => {
        const p = policy({ timeZone, weekly: [{ from: 'sat 22:00', to }] });
        const hit = freezeAt(new Date(at), p, 'production');
        assert.equal(hit?.until?.toISOString(), new Date(jump).toISOString());
        assert.equal(inside(jump - 60_000, p), true, 'frozen the minute before the jump');
        assert.equal(inside(jump, p), false, 'free at the jump');
      });
    }
    it('a window to a time that exists still ends at it (Madrid, the day after the switch)', () => {
      const p = policy({ timeZone: 'Europe/Madrid', weekly: [{ from: 'sat 22:00', to: 'mon 02:30' }] });
      assert.equal(freezeAt(new Date(Date.UTC(2024, 2, 31, 3, 0)), p, 'production')?.until?.toISOString(), '2024-04-01T00:30:00.000Z');
    });
  });

  describe('Asia/Kolkata (UTC+05:30, no DST)', () => {
    const kolkata = policy({ timeZone: 'Asia/Kolkata' });

    it('is 15:00 IST = 09:30 UTC on both of Europe’s switch weekends', () => {
      for (const [friday, monday] of [[Date.UTC(2024, 2, 29), Date.UTC(2024, 3, 1)], [Date.UTC(2024, 9, 25), Date.UTC(2024, 9, 28)]]) {
        assert.equal(inside(friday + (9 * 60 + 29) * 60_000, kolkata), false);
        const hit = freezeAt(new Date(friday + (9 * 60 + 30) * 60_000), kolkata, 'production');
        assert.equal(hit?.until?.getTime(), monday + 30 * 60_000, '06:00 IST is 00:30 UTC');
      }
    });
  });

  it('reads one instant on each zone’s own wall clock', () => {
    const at = Date.UTC(2024, 2, 29, 14, 30); // Madrid 15:30, New York 10:30, Kolkata 20:00
    assert.equal(inside(at, policy({ timeZone: 'Europe/Madrid' })), true);
    assert.equal(inside(at, policy({ timeZone: 'America/New_York' })), false);
    assert.equal(inside(at, policy({ timeZone: 'Asia/Kolkata' })), true);
  });

  it('uses the given default zone when the policy names none, and the policy zone over it', () => {
    const at = Date.UTC(2024, 2, 29, 14, 30);
    assert.equal(inside(at, policy(), 'production', 'America/New_York'), false);
    assert.equal(inside(at, policy(), 'production', 'Europe/Madrid'), true);
    assert.equal(inside(at, madrid, 'production', 'America/New_York'), true);
  });

  it('handles windows that wrap the week end and windows that do not', () => {
    const p = policy({ timeZone: 'UTC', weekly: [{ from: 'sun 22:00', to: 'mon 02:00' }, { from: 'wed 12:00', to: 'wed 14:00' }] });
    // 2024-06-02 is a Sunday.
    assert.equal(inside(Date.UTC(2024, 5, 2, 21, 59), p), false);
    assert.equal(inside(Date.UTC(2024, 5, 2, 22, 0), p), true);
    assert.equal(inside(Date.UTC(2024, 5, 3, 1, 59), p), true);
    assert.equal(inside(Date.UTC(2024, 5, 3, 2, 0), p), false);
    assert.equal(inside(Date.UTC(2024, 5, 5, 13, 0), p), true);
    assert.equal(inside(Date.UTC(2024, 5, 5, 14, 0), p), false);
    assert.equal(freezeAt(new Date(Date.UTC(2024, 5, 2, 23, 0)), p, 'production')?.until?.toISOString(), '2024-06-03T02:00:00.000Z');
    assert.equal(freezeAt(new Date(Date.UTC(2024, 5, 5, 13, 0)), p, 'production')?.reason, 'Wednesday 12:00 to Wednesday 14:00, UTC');
  });

  it('is free on weekdays outside the default window', () => {
    assert.equal(inside(Date.UTC(2024, 5, 5, 10, 0), madrid), false);
    assert.equal(inside(Date.UTC(2024, 5, 3, 6, 0), madrid), false);
  });

  it('treats a window that ends where it starts as empty, and "sun 24:00" as the end of the week', () => {
    assert.equal(inside(Date.UTC(2024, 5, 7, 16, 0), policy({ timeZone: 'UTC', weekly: [{ from: 'fri 15:00', to: 'fri 15:00' }] })), false);
    const p = policy({ timeZone: 'UTC', weekly: [{ from: 'sat 00:00', to: 'sun 24:00' }] });
    assert.equal(freezeAt(new Date(Date.UTC(2024, 5, 9, 23, 59)), p, 'production')?.until?.toISOString(), '2024-06-10T00:00:00.000Z');
  });

  describe('listed dates', () => {
    const yearEnd = policy({ timeZone: 'Europe/Madrid', weekly: [], dates: [{ from: '2024-12-20', to: '2025-01-06', reason: 'Year-end freeze' }] });

    it('covers whole local days, first and last included', () => {
      assert.equal(inside(Date.UTC(2024, 11, 19, 22, 59), yearEnd), false, 'Thursday 19 December 23:59 in Madrid');
      assert.equal(inside(Date.UTC(2024, 11, 19, 23, 0), yearEnd), true, 'Friday 20 December 00:00 in Madrid');
      assert.equal(inside(Date.UTC(2025, 0, 6, 22, 59), yearEnd), true);
      assert.equal(inside(Date.UTC(2025, 0, 6, 23, 0), yearEnd), false);
    });

    it('names the reason and ends at the local midnight after the last day', () => {
      const hit = freezeAt(new Date(Date.UTC(2024, 11, 24, 12, 0)), yearEnd, 'production');
      assert.equal(hit?.kind, 'dates');
      assert.equal(hit?.label, 'Year-end freeze');
      assert.equal(hit?.window, '2024-12-20 to 2025-01-06');
      assert.equal(hit?.reason, 'Year-end freeze, 2024-12-20 to 2025-01-06, Europe/Madrid');
      assert.equal(hit?.until?.toISOString(), '2025-01-06T23:00:00.000Z');
    });

    it('takes a single date without "to" as one day', () => {
      const p = policy({ timeZone: 'America/New_York', weekly: [], dates: [{ from: '2024-11-29' }] });
      assert.equal(inside(Date.UTC(2024, 10, 29, 4, 59), p), false, 'still the 28th in New York');
      const hit = freezeAt(new Date(Date.UTC(2024, 10, 29, 5, 0)), p, 'production');
      assert.equal(hit?.window, '2024-11-29');
      assert.equal(hit?.label, undefined);
      assert.equal(hit?.until?.toISOString(), '2024-11-30T05:00:00.000Z');
    });

    it('prefers the listed date over the weekly window and lifts when both are over', () => {
      const p = policy({ timeZone: 'Europe/Madrid', dates: [{ from: '2024-12-23', to: '2024-12-27', reason: 'Christmas' }] });
      const hit = freezeAt(new Date(Date.UTC(2024, 11, 25, 10, 0)), p, 'production');
      assert.equal(hit?.label, 'Christmas');
      // The dates end at Saturday 00:00, inside the weekly window, which ends Monday 06:00 CET.
      assert.equal(hit?.until?.toISOString(), '2024-12-30T05:00:00.000Z');
    });
  });

  it('freezes only the listed environments, by name regardless of case', () => {
    const friday = Date.UTC(2024, 5, 7, 16, 0);
    assert.equal(inside(friday, madrid, 'staging'), false);
    assert.equal(inside(friday, madrid, 'Production'), true);
    const p = policy({ timeZone: 'UTC', environments: ['prod-eu', 'prod-us'] });
    assert.equal(inside(friday, p, 'prod-us'), true);
    assert.equal(inside(friday, p, 'production'), false);
  });

  it('rejects an unknown time zone and a malformed window time, in the config and at evaluation', () => {
    // The team config refuses them when it is read...
    assert.equal(teamConfigSchema.safeParse({ freeze: { timeZone: 'Mars/Olympus' } }).success, false);
    assert.equal(teamConfigSchema.safeParse({ freeze: { weekly: [{ from: 'fri 25:00', to: 'mon 06:00' }] } }).success, false);
    // ...and freezeAt still refuses a policy that did not come through the schema.
    const raw = (over: Partial<FreezePolicy>): FreezePolicy => ({ ...policy(), ...over });
    assert.throws(() => freezeAt(new Date(0), raw({ timeZone: 'Mars/Olympus' }), 'production'), (e: unknown) => e instanceof ChangeTrailError && e.code === 'ConfigInvalid');
    assert.throws(() => freezeAt(new Date(0), raw({ timeZone: 'UTC', weekly: [{ from: 'fri 25:00', to: 'mon 06:00' }] }), 'production'), /fri 25:00/);
  });
});

describe('zoned wall time', () => {
  it('reads the wall clock and weekday (Monday 0) in a zone', () => {
    assert.deepEqual(wallTimeAt(Date.UTC(2024, 2, 29, 14, 0), 'Europe/Madrid'), { year: 2024, month: 3, day: 29, hour: 15, minute: 0, weekday: 4 });
    assert.deepEqual(wallTimeAt(Date.UTC(2024, 2, 31, 18, 30), 'Asia/Kolkata'), { year: 2024, month: 4, day: 1, hour: 0, minute: 0, weekday: 0 });
  });

  it('converts a repeated local time to its first occurrence and a skipped one to just after the jump', () => {
    assert.equal(instantOfWallTime(2024, 10, 27, 2, 30, 'Europe/Madrid').toISOString(), '2024-10-27T00:30:00.000Z');
    assert.equal(instantOfWallTime(2024, 3, 31, 2, 30, 'Europe/Madrid').toISOString(), '2024-03-31T01:30:00.000Z');
    assert.equal(instantOfWallTime(2024, 3, 31, 3, 0, 'Europe/Madrid').toISOString(), '2024-03-31T01:00:00.000Z');
  });
});
