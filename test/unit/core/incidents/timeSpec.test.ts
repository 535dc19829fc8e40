import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../src/core/clock';
import { parseAt, parseDuration } from '../../../../src/core/incidents/timeSpec';

const clock = fixedClock('2026-11-30T06:10:00Z');

describe('times typed at 6 AM', () => {
  it('reads "ago" from the injected clock', () => {
    assert.equal(new Date(parseAt('2h ago', clock, 'UTC')).toISOString(), '2026-11-30T04:10:00.000Z');
    assert.equal(new Date(parseAt('90m ago', clock, 'UTC')).toISOString(), '2026-11-30T04:40:00.000Z');
    assert.equal(parseAt('now', clock, 'UTC'), clock.now());
  });

  it('reads a wall time in the team time zone, and an ISO time with its zone', () => {
    assert.equal(new Date(parseAt('2026-11-30 06:10', clock, 'Europe/Madrid')).toISOString(), '2026-11-30T05:10:00.000Z');
    assert.equal(new Date(parseAt('2026-11-30T06:10:00+01:00', clock, 'UTC')).toISOString(), '2026-11-30T05:10:00.000Z');
  });

  it('refuses a zoneless ISO time and nonsense, naming the option', () => {
    assert.throws(() => parseAt('2026-11-30T06:10:00', clock, 'UTC'), /--at "2026-11-30T06:10:00" has no time zone/);
    assert.throws(() => parseAt('1', clock, 'UTC'), /--at "1" is not a time/);
    assert.throws(() => parseAt('yesterday-ish', clock, 'UTC', '--detected-at'), /--detected-at/);
  });

  it('refuses impossible dates and times instead of moving them, saying which field', () => {
    for (const [text, why] of [
      ['2026-13-01 10:00', /month 13 is not 01-12/],
      ['2026-00-10 10:00', /month 00 is not 01-12/],
      ['2026-02-30 10:00', /day 30 is not in February 2026, which has days 01-28/],
      ['2025-02-29 10:00', /day 29 is not in February 2025/],
      ['2026-04-31T10:00:00Z', /day 31 is not in April 2026/],
      ['2026-11-29 23:60', /minute 60 is not 00-59/],
      ['2026-11-29 24:00', /hour 24 is not 00-23/],
      ['2026-11-29T10:00:60Z', /second 60 is not 00-59/],
      ['2026-11-29T10:00:00+25:00', /offset \+25:00/],
    ] as const) {
      assert.throws(() => parseAt(text, clock, 'Europe/Madrid', '--detected-at'), (e: Error) => e.message.startsWith(`--detected-at "${text}" is not a time: `) && why.test(e.message), text);
    }
    assert.equal(new Date(parseAt('2024-02-29 10:00', clock, 'UTC')).toISOString(), '2024-02-29T10:00:00.000Z', 'a leap day exists');
  });

  it('refuses a time more than 5 minutes after the clock (an incident or change cannot be in the future)', () => {
    assert.throws(() => parseAt('9999-12-31T23:59:59Z', clock, 'UTC'), /--at "9999-12-31T23:59:59Z" is after now \(2026-11-30T06:10Z\)/);
    assert.throws(() => parseAt('2026-11-30 07:16', clock, 'Europe/Madrid', '--resolved-at'), /--resolved-at .* is after now/);
    assert.equal(parseAt('2026-11-30T06:15:00Z', clock, 'UTC'), clock.now() + 5 * 60_000, 'clock skew of a few minutes is allowed');
  });

  it('a wall time the clocks jump over is refused, naming the zone', () => {
    assert.throws(() => parseAt('2026-03-29 02:30', clock, 'Europe/Madrid'), /--at "2026-03-29 02:30" does not exist in Europe\/Madrid.*2026-03-29 03:30/);
    assert.throws(() => parseAt('2026-03-08 02:00', clock, 'America/New_York'), /does not exist in America\/New_York/);
    assert.throws(() => parseAt('2011-12-30 10:00', clock, 'Pacific/Apia'), /does not exist in Pacific\/Apia/, 'the day Samoa skipped');
    assert.equal(new Date(parseAt('2026-10-25 02:30', clock, 'Europe/Madrid')).toISOString(), '2026-10-25T00:30:00.000Z', 'the first 02:30');
  });

  it('reads durations', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.throws(() => parseDuration('0h'), /longer than 0/);
    assert.throws(() => parseDuration('soon'), /--window "soon"/);
  });
});
