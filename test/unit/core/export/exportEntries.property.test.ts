import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { auditExport } from '../../../../src/core/export/auditExport';
import { exportEntries } from '../../../../src/core/export/exportEntries';
import { silentLogger } from '../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../src/core/records/changeLog';
import type { LogEntry } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

const H = 3_600_000;
const START = Date.parse('2026-08-01T00:00:00Z');
const SINCE = Date.parse('2026-09-01T00:00:00Z');
const UNTIL = Date.parse('2026-10-01T00:00:00Z');

const item = fc.record({
  hour: fc.integer({ min: 0, max: 92 * 24 }),
  kind: fc.constantFrom('change', 'manual', 'deployment', 'digest', 'incident'),
  // A manual change may be recorded long after (or, planned, before) it was made.
  made: fc.integer({ min: -60 * 24, max: 10 * 24 }),
  pick: fc.nat(),
});

describe('audit export read through the index (property)', () => {
  let dir: string;
  let n = 0;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-export-prop-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (entries: readonly LogEntry[]) => {
    const path = join(dir, `log${n++}.jsonl`);
    writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    return path;
  };

  it('writes the bytes of a whole-log read over two logs sharing some entries, lines in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 30 }), fc.nat(), fc.nat(), async (items, cut, overlap) => {
        const entries: LogEntry[] = [];
        for (const it of items) {
          const at = new Date(START + it.hour * H).toISOString();
          if (it.kind === 'change') entries.push(change({ at, sha: 'abcdef12' }));
          else if (it.kind === 'manual') entries.push(change({ at, origin: 'manual', changedAt: new Date(START + (it.hour + it.made) * H).toISOString() }));
          else if (it.kind === 'incident') entries.push(incident({ detectedAt: at }));
          else {
            const earlier = entries.filter((e) => e.schema === 'changetrail/deployment');
            const target = earlier.length > 0 && it.pick % 2 === 0 ? earlier[it.pick % earlier.length] : undefined;
            entries.push(deployment(at, [], it.kind === 'digest' ? { environment: 'changetrail-digest' } : target ? { kind: 'rollback', rollsBack: target.id } : {}));
          }
        }
        const split = entries.length === 0 ? 0 : cut % (entries.length + 1);
        const a = write(entries.slice(0, split));
        const b = write(entries.slice(Math.max(0, split - (overlap % 4))));
        const whole: LogEntry[] = [];
        const seen = new Set<string>();
        for (const path of [a, b]) for (const e of (await readLog(path, silentLogger)).entries) if (!seen.has(e.id) && seen.add(e.id)) whole.push(e);
        const got = await exportEntries([a, b].map((p) => openChangeLogIndex(p, { logger: silentLogger, persist: false })), SINCE, UNTIL);
        const options = { since: SINCE, until: UNTIL, now: UNTIL, timeZone: 'Europe/Madrid', format: 'csv' as const, sources: [] };
        assert.equal(auditExport(got, options).body, auditExport(whole, options).body);
      }),
      { numRuns: 60 },
    );
  });
});
