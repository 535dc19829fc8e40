import * as assert from 'node:assert/strict';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { ManualChangeRefused, buildManualChange, parseManualChange } from '../../../../src/core/records/manualChange';

// `record --at` is read as `changed --at` is: the team's zone for a wall time, nothing rolled
// over, nothing after now. The zone is the config's and the clock a fixed Date: nothing here
// depends on the machine's date or zone.
const NOW = new Date('2026-12-01T10:00:00Z'); // a Tuesday, outside the default freeze
const config = teamConfigSchema.parse({ freeze: { timeZone: 'America/New_York', weekly: [] } });
const by = { name: 'Sam', email: 'sam@example.com' };
const base = { systems: ['DNS'], title: 'MX record moved', why: 'new mail provider', rollback: 'restore the old MX' };

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof ManualChangeRefused, String(error));
    return error.problems.join('; ');
  }
  assert.fail('not refused');
}

describe('manual change --at', () => {
  it('refuses junk and impossible times in the input, naming the field', () => {
    assert.match(refusal(() => parseManualChange({ ...base, at: '1' }, 'options')), /^options: at: "1" is not a time: use "2h ago"/);
    assert.match(refusal(() => parseManualChange({ ...base, at: '2026-02-30T10:00:00Z' }, 'line 2')), /^line 2: at: .*day 30 is not in February 2026/);
    assert.match(refusal(() => parseManualChange({ ...base, at: '2026-13-01 10:00' }, 'options')), /month 13 is not 01-12/);
    assert.match(refusal(() => parseManualChange({ ...base, at: '2026-11-28T09:30:00' }, 'options')), /has no time zone/);
  });

  it('reads a wall time in the team time zone (freeze.timeZone), as changed --at does', () => {
    const record = buildManualChange(parseManualChange({ ...base, at: '2026-11-28 09:30' }, 'options'), { config, now: NOW, by });
    assert.equal(record.changedAt, '2026-11-28T14:30:00.000Z');
    const ago = buildManualChange(parseManualChange({ ...base, at: '2h ago' }, 'options'), { config, now: NOW, by });
    assert.equal(ago.changedAt, '2026-12-01T08:00:00.000Z');
    const iso = buildManualChange(parseManualChange({ ...base, at: '2026-11-28T09:30:00+01:00' }, 'options'), { config, now: NOW, by });
    assert.equal(iso.changedAt, '2026-11-28T08:30:00.000Z');
  });

  it('refuses a change made after now (beyond 5 minutes of skew)', () => {
    const far = parseManualChange({ ...base, at: '9999-12-31T23:59:59Z' }, 'options');
    assert.match(refusal(() => buildManualChange(far, { config, now: NOW, by })), /at "9999-12-31T23:59:59Z" is after now \(2026-12-01T10:00Z\)/);
    const soon = parseManualChange({ ...base, at: '2026-12-01T10:04:00Z' }, 'options');
    assert.equal(buildManualChange(soon, { config, now: NOW, by }).changedAt, '2026-12-01T10:04:00.000Z');
  });
});
