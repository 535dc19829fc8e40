import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { type FreezePolicy, freezeAt, freezeCovers } from '../../../../src/core/checklist/freezeWindow';

// The board's timeline asks freezeAt only where freezeCovers says a window covers the moment: the
// two must agree on every moment, for weekly windows (wrapping the week, empty, odd minutes),
// listed dates and zones with DST.
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const spec = fc.tuple(fc.constantFrom(...DAYS), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([d, h, m]) => `${d} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const day = fc.integer({ min: 0, max: 2 * 365 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const policy = fc.record({
  weekly: fc.array(fc.record({ from: spec, to: fc.oneof(spec, fc.constant('sun 24:00')) }), { maxLength: 3 }),
  dates: fc.array(fc.record({ from: day, to: fc.option(day, { nil: undefined }) }).map((r) => (r.to ? r : { from: r.from })), { maxLength: 3 }),
  timeZone: fc.constantFrom('Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'),
  environments: fc.constant(['production']),
}) as fc.Arbitrary<FreezePolicy & { timeZone: string }>;

describe('freezeCovers', () => {
  it('says a moment is in a window exactly where freezeAt finds one', () => {
    const at = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => Math.floor(ms / 60_000) * 60_000);
    fc.assert(
      fc.property(policy, fc.array(at, { minLength: 1, maxLength: 40 }), (p, moments) => {
        const covers = freezeCovers(p, p.timeZone);
        for (const ms of moments) assert.equal(covers(ms), freezeAt(new Date(ms), p, 'production', 'UTC') !== undefined, `${new Date(ms).toISOString()} in ${p.timeZone}`);
      }),
      { numRuns: 400 },
    );
  });
});
