import { appendFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { BoardChange, BoardDeployment } from '../../protocol/boardData';
import { readBlocks } from '../records/changeLogReader';
import type { BoardFacts, EntryFact } from './boardFacts';

// What a board build keeps beside its site for the next build into the same --out (a scheduled
// Pages job caches the directory): the manifest (how far each log was read, what each month
// document was built from), the facts of every entry, and each month's documents before the
// decorations that depend on later entries (which changes were amended, which deployments failed).

/** The cache directory of a site. */
export function boardCacheDir(out: string): string {
  return join(out, '.changetrail-board');
}

const markSchema = z.object({ path: z.string(), size: z.number(), lines: z.number(), head: z.string(), tail: z.string() });

export const boardManifestSchema = z.object({
  version: z.literal(1),
  /** What every document depends on besides the logs: the build's format, time zone, ticket links, the logs read. */
  key: z.string(),
  logs: z.array(markSchema),
  /** Bytes of facts.jsonl when it was complete. */
  factsBytes: z.number(),
  /** Per month document: a digest of its decorations (amended ids, failures, changed record ids). */
  months: z.record(z.string(), z.object({ digest: z.string() })),
});
export type BoardManifest = z.infer<typeof boardManifestSchema>;

/** The manifest of the last complete build, or undefined (none, unreadable, or from another format). */
export async function readManifest(dir: string): Promise<BoardManifest | undefined> {
  try {
    const parsed = boardManifestSchema.safeParse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written last: until then the cache is incomplete and the next build starts afresh. */
export async function writeManifest(dir: string, manifest: BoardManifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest), 'utf8');
}

/** Drops the manifest (a build is under way), or the whole cache (`all`). */
export async function resetCache(dir: string, all: boolean): Promise<void> {
  if (all) await rm(dir, { recursive: true, force: true });
  else await rm(join(dir, 'manifest.json'), { force: true });
  await mkdir(join(dir, 'raw'), { recursive: true });
}

/** Appends facts as one JSON array per line (synchronously: the log's reader calls it between blocks). */
export function appendFacts(dir: string, facts: readonly EntryFact[]): void {
  if (facts.length > 0) appendFileSync(join(dir, 'facts.jsonl'), `${JSON.stringify(facts)}\n`, 'utf8');
}

/** The size of facts.jsonl now (0 when missing). */
export async function factsBytes(dir: string): Promise<number> {
  return (await stat(join(dir, 'facts.jsonl')).catch(() => undefined))?.size ?? 0;
}

/** Reads facts.jsonl into `facts`; false when it is not what the manifest says (then build afresh). */
export async function loadFacts(dir: string, expectedBytes: number, facts: BoardFacts): Promise<boolean> {
  if ((await factsBytes(dir)) !== expectedBytes) return false;
  let ok = true;
  await readBlocks(join(dir, 'facts.jsonl'), (block) => {
    for (let start = 0; ok && start < block.length; ) {
      const newline = block.indexOf(10, start);
      const stop = newline < 0 ? block.length : newline;
      try {
        const line: unknown = JSON.parse(block.toString('utf8', start, stop));
        if (!Array.isArray(line)) throw new Error('not a list');
        for (const fact of line as EntryFact[]) {
          if (!Array.isArray(fact) || (fact[0] !== 'c' && fact[0] !== 'd' && fact[0] !== 'i')) throw new Error('not a fact');
          facts.add(fact);
        }
      } catch {
        ok = false;
      }
      start = stop + 1;
    }
  });
  return ok;
}

/** A month's documents before decoration, as written by `appendRaw`. */
export interface RawMonth {
  readonly changes: BoardChange[];
  readonly deployments: BoardDeployment[];
}

function rawFile(dir: string, month: string): string {
  return join(dir, 'raw', `month-${month}.jsonl`);
}

/** Appends changes and deployments to a month's raw documents (synchronously, as appendFacts). */
export function appendRaw(dir: string, month: string, items: readonly ({ c: BoardChange } | { d: BoardDeployment })[]): void {
  if (items.length > 0) appendFileSync(rawFile(dir, month), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`, 'utf8');
}

/** A month's raw documents, in the order they were read. */
export async function loadRaw(dir: string, month: string): Promise<RawMonth> {
  const out: RawMonth = { changes: [], deployments: [] };
  const text = await readFile(rawFile(dir, month), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const item = JSON.parse(line) as { c?: BoardChange; d?: BoardDeployment };
    if (item.c) out.changes.push(item.c);
    else if (item.d) out.deployments.push(item.d);
  }
  return out;
}
