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
    assert.throws(() => parseAt('2026-11-30T06:10:00', clock, 'UTC'), /--at "2026-11-30T06:10:00" is not a time/);
    assert.throws(() => parseAt('yesterday-ish', clock, 'UTC', '--detected-at'), /--detected-at/);
  });

  it('reads durations', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.throws(() => parseDuration('0h'), /longer than 0/);
    assert.throws(() => parseDuration('soon'), /--window "soon"/);
  });
});
