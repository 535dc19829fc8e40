import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardIndex, BoardMonth, BoardMonthChanges, BoardMonthMeta } from '../../src/protocol/boardData';
import { assembleMonth } from '../../src/protocol/boardMonthParts';

/** The documents a board site's data scripts push, assembled as the page's store does. */
export function readSite(out: string): { index: BoardIndex; months: Map<string, BoardMonth> } {
  const run = (file: string) => {
    const pushed: (BoardIndex | BoardMonthChanges | BoardMonthMeta)[] = [];
    new Function('window', readFileSync(join(out, file), 'utf8'))({ ChangeTrailBoard: pushed });
    return pushed;
  };
  const [index] = run('data/index.js') as [BoardIndex];
  const months = new Map<string, BoardMonth>();
  // Oldest first, as the scripts sort by name.
  for (const listed of [...index.months].reverse()) {
    assert.ok(listed.meta, `${listed.key} has a meta script`);
    const parts = run(listed.file);
    assert.ok(parts.every((p) => p.kind === 'monthChanges' && p.key === listed.key), `${listed.file} holds only its changes`);
    const [meta, ...more] = run(listed.meta);
    assert.ok(more.length === 0 && meta.kind === 'monthMeta' && meta.key === listed.key, `${listed.meta} holds its meta`);
    months.set(listed.key, assembleMonth(listed.key, parts as BoardMonthChanges[], meta as BoardMonthMeta));
  }
  const scripts = readdirSync(join(out, 'data')).filter((n) => n.startsWith('month-')).sort();
  assert.deepEqual(scripts, index.months.flatMap((m) => [m.file, m.meta]).map((f) => (f as string).slice('data/'.length)).sort(), 'no month script the index does not list');
  return { index, months };
}
