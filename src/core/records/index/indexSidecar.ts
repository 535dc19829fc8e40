import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import type { LogProblem } from '../changeLogReader';
import { KEY, KINDS, UNKNOWN_KIND } from './entryKeys';
import type { FrozenPostings, TableColumns } from './entryTable';

/**
 * The index of a big log, saved beside the repository's git data (.git/changetrail/index/) so a
 * fresh process (a CLI run, a new window) reads it and the bytes appended since, instead of
 * skimming every line again. It is a cache: anything odd about it (another version, a bound that
 * does not hold, a log whose bytes at the sampled places differ) and the log is indexed afresh.
 * It narrows only: every answer is still confirmed on the entry parsed from the log itself.
 */
export interface SidecarState {
  /** Bytes of the log the table covers (just after a newline). */
  readonly indexed: number;
  readonly lineCount: number;
  readonly tornAt: number;
  /** The log's first and last (up to) 64 indexed bytes. */
  readonly head: Buffer;
  readonly tail: Buffer;
  readonly problems: readonly LogProblem[];
  readonly newer: readonly number[];
  readonly columns: TableColumns;
}

const MAGIC = 'CTIX';
// 2: the origin key. 3: the rollsBack key. 4: escaped values read as the parse reads them.
// 5: a line without a readable createdAt is parsed (and reported), not filed by its other keys.
const VERSION = 5;
const SAMPLES = 16;
const SAMPLE_BYTES = 64;
/** Problems or newer lines beyond this and the table is not saved: such a log is rebuilt each time. */
export const SIDECAR_MAX_NOTES = 1000;

const sectionSchema = z.object({ name: z.string(), offset: z.number(), length: z.number() });
const headerSchema = z.object({
  version: z.literal(VERSION),
  log: z.string(),
  indexed: z.number(),
  lineCount: z.number(),
  tornAt: z.number(),
  head: z.string(),
  tail: z.string(),
  samples: z.array(z.object({ at: z.number(), bytes: z.string() })),
  problems: z.array(z.object({ line: z.number(), message: z.string() })),
  newer: z.array(z.number()),
  count: z.number(),
  sections: z.array(sectionSchema),
});
type Header = z.infer<typeof headerSchema>;

type Column = Float64Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike>;
const ARRAYS = { f64: Float64Array, u32: Uint32Array, i32: Int32Array, u8: Uint8Array } as const;

/** Writes the sidecar atomically (a temporary file renamed into place), off the event loop. */
export async function saveSidecar(file: string, logPath: string, state: SidecarState): Promise<void> {
  const { columns } = state;
  const named: [string, keyof typeof ARRAYS, Column][] = [
    ['offsets', 'f64', columns.offsets],
    ['times', 'f64', columns.times],
    ['lengths', 'u32', columns.lengths],
    ['lines', 'u32', columns.lines],
    ['kinds', 'u8', columns.kinds],
  ];
  columns.postings.forEach((p, k) => named.push([`hashes${k}`, 'i32', p.hashes], [`starts${k}`, 'u32', p.starts], [`entries${k}`, 'u32', p.entries]));
  const handle = openSync(logPath, 'r');
  let samples: { at: number; bytes: string }[];
  try {
    // The samples come from the file as it is now: only when it still holds what the table was built from.
    if (!readBytes(handle, 0, state.head.length).equals(state.head) || !readBytes(handle, state.indexed - state.tail.length, state.tail.length).equals(state.tail)) {
      throw new Error('the log changed while it was being indexed');
    }
    samples = samplePlaces(state.indexed).map((at) => ({ at, bytes: readBytes(handle, at, SAMPLE_BYTES).toString('base64') }));
  } finally {
    closeSync(handle);
  }
  const header: Header = {
    version: VERSION, log: resolve(logPath), indexed: state.indexed, lineCount: state.lineCount, tornAt: state.tornAt,
    head: state.head.toString('base64'), tail: state.tail.toString('base64'), samples, problems: [...state.problems], newer: [...state.newer], count: columns.count, sections: [],
  };
  // Sections start after room for the header with its section list (each entry well under 128 bytes).
  const start = align(12 + Buffer.byteLength(JSON.stringify(header)) + 128 * named.length);
  let at = start;
  const sections = named.map(([name, type, data]) => {
    at = align(at);
    const section = { name: `${name}:${type}`, offset: at, length: data.length };
    at += data.byteLength;
    return section;
  });
  const text = Buffer.from(JSON.stringify({ ...header, sections }), 'utf8');
  if (12 + text.length > start) throw new Error('index sidecar: the header outgrew its room');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(VERSION, 4);
  prefix.writeUInt32LE(text.length, 8);
  const parts: Buffer[] = [prefix, text];
  at = 12 + text.length;
  for (let i = 0; i < named.length; i++) {
    const data = named[i][2];
    if (sections[i].offset > at) parts.push(Buffer.alloc(sections[i].offset - at));
    parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    at = sections[i].offset + data.byteLength;
  }
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, parts);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await pruneSidecars(dirname(file), file);
}

// A temporary file this much older than the index just saved was left by a process that stopped
// while saving. Measured on the file system's clock (its mtimes), never the process's.
const ABANDONED_MS = 60 * 60_000;

/**
 * Removes from the index folder what no process will read again: the saved index of a log that
 * is gone (moved, renamed, another log path configured), one of an older format, and temporary
 * files abandoned mid-save. Each is a cache of tens of megabytes; nothing else there is touched.
 */
export async function pruneSidecars(dir: string, keep: string): Promise<void> {
  let names: string[];
  let now: number;
  try {
    names = await readdir(dir);
    now = (await stat(keep)).mtimeMs;
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (path === keep) continue;
    try {
      if (name.endsWith('.tmp')) {
        if (now - (await stat(path)).mtimeMs > ABANDONED_MS) await unlink(path);
      } else if (name.endsWith('.idx') && !stillWanted(path)) await unlink(path);
    } catch {
      // another process saving or pruning at the same time: leave it
    }
  }
}

/** Whether a saved index is of this format and names a log that still exists. */
function stillWanted(path: string): boolean {
  const handle = openSync(path, 'r');
  try {
    const prefix = readBytes(handle, 0, 12);
    if (prefix.length < 12 || prefix.toString('latin1', 0, 4) !== MAGIC) return true; // not ours to judge
    if (prefix.readUInt32LE(4) < VERSION) return false;
    if (prefix.readUInt32LE(4) > VERSION) return true; // a newer ChangeTrail's
    const header = headerSchema.safeParse(JSON.parse(readBytes(handle, 12, prefix.readUInt32LE(8)).toString('utf8')));
    return !header.success || existsSync(header.data.log);
  } finally {
    closeSync(handle);
  }
}

/**
 * The saved index, when it is ours, whole, and the log still holds the bytes it was made from
 * (its size, first and last bytes and sixteen samples between). Undefined otherwise: index afresh.
 */
export function loadSidecar(file: string, logPath: string): SidecarState | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt32LE(4) !== VERSION) return undefined;
  const length = bytes.readUInt32LE(8);
  if (12 + length > bytes.length) return undefined;
  let header: Header;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(bytes.toString('utf8', 12, 12 + length)));
    if (!parsed.success) return undefined;
    header = parsed.data;
  } catch {
    return undefined;
  }
  if (header.log !== resolve(logPath) || !logStillHolds(logPath, header)) return undefined;
  const sections = new Map<string, Column>();
  for (const s of header.sections) {
    const [name, type] = s.name.split(':') as [string, keyof typeof ARRAYS];
    const make = ARRAYS[type];
    if (!make || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.length) || s.offset < 0 || s.length < 0) return undefined;
    const size = s.length * make.BYTES_PER_ELEMENT;
    if (s.offset + size > bytes.length) return undefined;
    const from = bytes.byteOffset + s.offset;
    if (from % make.BYTES_PER_ELEMENT === 0) sections.set(name, new make(bytes.buffer as ArrayBuffer, from, s.length));
    else {
      const copy = new Uint8Array(size);
      copy.set(bytes.subarray(s.offset, s.offset + size));
      sections.set(name, new make(copy.buffer, 0, s.length));
    }
  }
  const columns = columnsOf(sections, header);
  if (!columns) return undefined;
  return {
    indexed: header.indexed, lineCount: header.lineCount, tornAt: header.tornAt, head: Buffer.from(header.head, 'base64'), tail: Buffer.from(header.tail, 'base64'),
    problems: header.problems, newer: header.newer, columns,
  };
}

// The table in the sections, when every bound holds (so a damaged file can never point outside the log).
function columnsOf(sections: Map<string, Column>, header: Header): TableColumns | undefined {
  const n = header.count;
  const get = <T extends Column>(name: string, type: new (...args: never[]) => T, length?: number): T | undefined => {
    const c = sections.get(name);
    return c instanceof type && (length === undefined || c.length === length) ? c : undefined;
  };
  const offsets = get('offsets', Float64Array, n);
  const times = get('times', Float64Array, n);
  const lengths = get('lengths', Uint32Array, n);
  const lines = get('lines', Uint32Array, n);
  const kinds = get('kinds', Uint8Array, n);
  if (!offsets || !times || !lengths || !lines || !kinds) return undefined;
  for (let i = 0; i < n; i++) {
    if (!(offsets[i] >= 0 && offsets[i] + lengths[i] <= header.indexed && lines[i] <= header.lineCount && (kinds[i] < KINDS.length || kinds[i] === UNKNOWN_KIND))) return undefined;
  }
  const postings: FrozenPostings[] = [];
  for (let k = 0; k < Object.keys(KEY).length; k++) {
    const hashes = get(`hashes${k}`, Int32Array);
    const starts = get(`starts${k}`, Uint32Array, (hashes?.length ?? -2) + 1);
    const entries = get(`entries${k}`, Uint32Array);
    // Whether each list is sorted and within the table is checked on the kind's first lookup (EntryTable).
    if (!hashes || !starts || !entries) return undefined;
    postings.push({ hashes, starts, entries });
  }
  return { count: n, offsets, lengths, lines, kinds, times, postings };
}

function logStillHolds(logPath: string, header: Header): boolean {
  let handle: number;
  try {
    if (statSync(logPath).size < header.indexed) return false;
    handle = openSync(logPath, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.from(header.head, 'base64');
    const tail = Buffer.from(header.tail, 'base64');
    if (!readBytes(handle, 0, head.length).equals(head) || !readBytes(handle, header.indexed - tail.length, tail.length).equals(tail)) return false;
    return header.samples.every((s) => readBytes(handle, s.at, SAMPLE_BYTES).equals(Buffer.from(s.bytes, 'base64')));
  } finally {
    closeSync(handle);
  }
}

// Evenly spread places in [0, indexed) to compare, so a log rewritten in its middle is told apart.
function samplePlaces(indexed: number): number[] {
  if (indexed <= SAMPLE_BYTES) return [];
  const step = (indexed - SAMPLE_BYTES) / (SAMPLES + 1);
  return Array.from({ length: SAMPLES }, (_, i) => Math.floor(step * (i + 1)));
}

function readBytes(handle: number, at: number, length: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const read = readSync(handle, buffer, filled, buffer.length - filled, at + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

const align = (n: number) => Math.ceil(n / 8) * 8;
