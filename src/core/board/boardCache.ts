import { appendFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { CACHE_PARTS } from './boardFolders';
import { type FactCounts, FactTable } from './factTable';

// What a board build keeps beside its site for the next build into the same --out (a scheduled
// Pages job caches the directory): the manifest (how far each log was read, what each month's meta
// script was built from), the facts table of every entry, and each month's deployments before the
// decorations that depend on later entries (which deployments failed, which records were amended).
// A month's changes need no copy here: the site's changes script is only ever appended to.

/** The cache directory of a site. */
export function boardCacheDir(out: string): string {
  return join(out, '.changetrail-board');
}

const markSchema = z.object({ path: z.string(), size: z.number(), lines: z.number(), head: z.string(), tail: z.string(), skipped: z.number() });

export const boardManifestSchema = z.object({
  version: z.literal(1),
  /** What every document depends on besides the logs: the build's format, time zone, ticket links, the logs read. */
  key: z.string(),
  logs: z.array(markSchema),
  /** Rows of the facts table's columns as this build saved them. */
  facts: z.object({ ids: z.number(), changes: z.number(), commits: z.number(), deployments: z.number(), records: z.number() }),
  /** Per month: a digest of what its meta script takes from other entries (amended ids, failures, changed record ids). */
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

/** Drops the manifest (a build is under way), or everything the cache keeps (`all`): never the folder's other files (see boardFolders.ts). */
export async function resetCache(dir: string, all: boolean): Promise<void> {
  for (const part of all ? CACHE_PARTS : ['manifest.json']) await rm(join(dir, part), { recursive: true, force: true });
  await mkdir(join(dir, 'raw'), { recursive: true });
  await mkdir(join(dir, 'facts'), { recursive: true });
}

/** Appends what the facts table gained since `saved` to its column files. */
export function saveFacts(dir: string, facts: FactTable, saved: FactCounts | undefined): FactCounts {
  facts.save(join(dir, 'facts'), saved ?? { ids: 0, changes: 0, commits: 0, deployments: 0, records: 0 });
  return facts.counts();
}

/** The facts table saved by the last build, or undefined when it is not what the manifest says (then build afresh). */
export function loadFacts(dir: string, counts: FactCounts, monthOf: (at: number) => string): FactTable | undefined {
  try {
    return FactTable.load(join(dir, 'facts'), counts, monthOf);
  } catch {
    return undefined;
  }
}

function rawFile(dir: string, month: string): string {
  return join(dir, 'raw', `month-${month}.txt`);
}

/** Appends deployment lines (see monthScript.ts) to a month's cached deployments (synchronously: the log's reader calls it between blocks). */
export function appendRaw(dir: string, month: string, lines: readonly string[]): void {
  if (lines.length > 0) appendFileSync(rawFile(dir, month), `${lines.join('\n')}\n`, 'utf8');
}

/** A month's cached deployment lines (their bytes), in the order they were read. */
export async function loadRaw(dir: string, month: string): Promise<Buffer> {
  return readFile(rawFile(dir, month)).catch(() => Buffer.alloc(0));
}
