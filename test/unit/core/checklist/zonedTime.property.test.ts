import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { utcWithoutIntl, wallTimeAt } from '../../../../src/core/checklist/zonedTime';

// wallTimeAt reads offsets per 6-hour block and asks Intl only inside a block that holds a switch:
// held here to Intl's own answer for every instant, in zones with DST, half-hour DST, odd offsets
// and a skipped day.
const ZONES = ['UTC', 'Etc/UTC', 'Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Sao_Paulo', 'Pacific/Chatham', 'America/St_Johns'];

const formats = new Map(ZONES.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' })]));

function intlWallTime(ms: number, timeZone: string) {
  const f: Record<string, number> = {};
  const parts = (formats.get(timeZone) as Intl.DateTimeFormat).formatToParts(ms);
  let weekday = -1;
  for (const p of parts) {
    if (p.type === 'weekday') weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.value);
    else if (p.type !== 'literal') f[p.type] = Number(p.value);
  }
  return { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, weekday };
}

describe('wallTimeAt', () => {
  it('agrees with Intl at every instant, around DST switches too', () => {
    const from = Date.UTC(2005, 0, 1);
    const to = Date.UTC(2035, 0, 1);
    // Instants anywhere, and instants within minutes of an hour boundary (where switches happen).
    const anywhere = fc.integer({ min: from, max: to });
    const nearHour = fc.tuple(fc.integer({ min: from / 3_600_000, max: to / 3_600_000 }), fc.integer({ min: -120_000, max: 120_000 })).map(([h, d]) => h * 3_600_000 + d);
    fc.assert(
      fc.property(fc.oneof(anywhere, nearHour), fc.constantFrom(...ZONES), (ms, zone) => {
        assert.deepEqual(wallTimeAt(ms, zone), intlWallTime(ms, zone));
      }),
      { numRuns: 20_000 },
    );
  });

  it('walks the quarter hours of a DST year as Intl does', () => {
    for (const zone of ['Europe/Madrid', 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) assert.deepEqual(wallTimeAt(ms, zone), intlWallTime(ms, zone), `${zone} at ${new Date(ms).toISOString()}`);
    }
  });

  it('names the local zone as Intl does, without Intl when it is plainly UTC', () => {
    const probe = join(__dirname, '..', '..', '..', 'helpers', 'localZoneProbe.js');
    for (const tz of ['UTC', 'Etc/UTC', 'Europe/Madrid', 'America/New_York', undefined]) {
      const env = { ...process.env };
      if (tz === undefined) delete env.TZ;
      else env.TZ = tz;
      const run = spawnSync(process.execPath, [probe], { env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const { ours, intl } = JSON.parse(run.stdout) as { ours: string; intl: string };
      assert.equal(ours, intl, `TZ=${tz ?? '(unset)'}`);
    }
    const link = (target: string) => () => target;
    assert.equal(utcWithoutIntl(undefined, 'linux', link('/usr/share/zoneinfo/Etc/UTC')), 'UTC');
    assert.equal(utcWithoutIntl(undefined, 'linux', link('../usr/share/zoneinfo/UTC')), 'UTC');
    assert.equal(utcWithoutIntl(undefined, 'linux', link('/usr/share/zoneinfo/Europe/Madrid')), undefined);
    assert.equal(utcWithoutIntl(undefined, 'darwin', link('/var/db/timezone/zoneinfo/UTC')), undefined, 'elsewhere Intl says');
    assert.equal(utcWithoutIntl('Europe/Madrid', 'linux', link('/usr/share/zoneinfo/Etc/UTC')), undefined, 'TZ wins over the link');
    assert.equal(utcWithoutIntl(':UTC', 'linux', link('/usr/share/zoneinfo/Etc/UTC')), undefined, 'only plain names');
    assert.equal(utcWithoutIntl(undefined, 'linux', () => {
      throw new Error('no link');
    }), undefined);
  });
});

