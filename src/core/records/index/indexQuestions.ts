import type { LogEntry } from '../changeRecord';
import type { IndexQuery } from './changeLogIndex';
import type { Generation } from './indexGeneration';
import { orderableTime } from './entryKeys';
import { laterThan, supersedesEffectively } from './incidentStates';

// Candidates read and parsed per round.
const BATCH = 256;
// Answers kept per table (dropped when a line is added): a hover or a view asks the same again.
const ANSWERS = 64;

type Read = (ns: readonly number[]) => Promise<(LogEntry | undefined)[]>;

/** A warm answer: the same question over an unchanged table gets the list it got before (a copy). */
export async function remembered(gen: Generation, key: string, work: () => Promise<LogEntry[]>): Promise<LogEntry[]> {
  const stamp = gen.table.count;
  const kept = gen.answers.get(key);
  if (kept && kept.stamp === stamp) return [...kept.entries];
  const entries = await work();
  if (gen.answers.size >= ANSWERS) gen.answers.delete(gen.answers.keys().next().value as string);
  gen.answers.set(key, { stamp, entries });
  return [...entries];
}

/** Candidates (in parts, as candidatesOf gives them) sorted by time, read (by `read`) and confirmed in batches until `limit` are found; each id once. */
export async function answerOf(gen: Generation, parts: Iterable<number[]>, matches: (entry: LogEntry) => boolean, options: IndexQuery, read: Read): Promise<LogEntry[]> {
  const newest = (options.order ?? 'newest') === 'newest';
  const t = gen.table.times;
  const time = (n: number) => orderableTime(t[n]);
  const compare = newest ? (a: number, b: number) => time(b) - time(a) || b - a : (a: number, b: number) => time(a) - time(b) || a - b;
  const limit = options.limit ?? Infinity;
  const out: LogEntry[] = [];
  // A record line duplicated (a union merge of a cherry-picked record, a log appended twice)
  // answers once, its first copy in the answer's order: a digest listed it twice, counted a
  // deployment twice.
  const seen = new Set<string>();
  let batches = 0;
  for (const part of parts) {
    part.sort(compare);
    for (let at = 0; at < part.length && out.length < limit; ) {
      // No more than a limited answer needs, with room for a few that fail (then twice as many
      // each time); a full answer 256 at a time. The newest deployment of an environment is one
      // record: reading 16 to find it parsed 15 for nothing on every File History page and hover.
      const batch = part.slice(at, at + Math.min(BATCH, Math.max(2 << batches++, (limit - out.length) * 2)));
      at += batch.length;
      const entries = await read(batch);
      for (let i = 0; i < batch.length && out.length < limit; i++) {
        const entry = entries[i];
        if (!entry || seen.has(entry.id) || !matches(entry)) continue;
        if (options.currentOnly !== false && (await superseded(gen, entry, read))) continue;
        seen.add(entry.id);
        out.push(entry);
      }
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** Whether another entry of its kind names this one in `supersedes` (an amended record, an updated incident). */
export async function superseded(gen: Generation, entry: LogEntry, read: Read): Promise<boolean> {
  const by = gen.table.lookup('supersedes', entry.id);
  if (by.length === 0) return false;
  // Only an entry of the same kind amends: a change record another change record, an incident a later state of it.
  // A later one: a record naming itself, or two naming each other (hand edits), would otherwise vanish from every answer.
  const naming = (await read([...by])).filter((e): e is LogEntry => e !== undefined && e.schema === entry.schema);
  const chain = await chainBehind(gen, entry, naming, read);
  return naming.some((e) => supersedesEffectively(e, entry, (id) => chain.get(id)));
}

/** The entry as amended since: the newest in the chain of same-kind entries that supersede it. */
export async function amendedVersion(gen: Generation, entry: LogEntry, read: Read): Promise<LogEntry> {
  const seen = new Set<string>([entry.id]);
  for (let at = entry; ; ) {
    const naming = (await read([...gen.table.lookup('supersedes', at.id)])).filter((e): e is LogEntry => e !== undefined && e.schema === at.schema);
    const chain = await chainBehind(gen, at, naming, read);
    const by = naming.filter((e) => supersedesEffectively(e, at, (id) => chain.get(id)) && !seen.has(e.id));
    // Two amendments of one version: the later line is the later word, as readers of the whole log take it.
    const next = by[by.length - 1];
    if (!next) return at;
    seen.add(next.id);
    at = next;
  }
}

/**
 * The records `entry` supersedes, back to the first (each once), read only when one of `naming` is
 * not later than it: only then can the two be on a cycle of hand-edited supersedes (incidentStates.ts).
 */
async function chainBehind(gen: Generation, entry: LogEntry, naming: readonly LogEntry[], read: Read): Promise<Map<string, LogEntry>> {
  const chain = new Map<string, LogEntry>([[entry.id, entry]]);
  if (naming.every((e) => laterThan(e, entry))) return chain;
  for (let at = entry; 'supersedes' in at && at.supersedes !== undefined && !chain.has(at.supersedes); ) {
    const id = at.supersedes;
    const found = (await read([...gen.table.lookup('id', id)])).find((e) => e !== undefined && e.id === id && e.schema === entry.schema);
    if (!found) break;
    chain.set(id, found);
    at = found;
  }
  return chain;
}
