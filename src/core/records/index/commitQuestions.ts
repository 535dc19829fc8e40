import type { ChangeRecord, LogEntry } from '../changeRecord';
import type { BestOptions } from './changeLogIndex';
import { foldName, isoMs, orderableTime } from './entryKeys';
import { namesAnyOf, sameCommit } from './entryFilter';
import { sortedHas } from './firstAtLeast';
import type { Generation } from './indexGeneration';
import { answerOf, remembered, superseded } from './indexQuestions';

type Read = (ns: readonly number[]) => Promise<(LogEntry | undefined)[]>;

interface Candidate {
  readonly n: number;
  /** Maybe this environment's, by its posting list. */
  readonly here: boolean;
  readonly time: number;
}

interface Queue {
  readonly list: readonly Candidate[];
  at: number;
}

interface Held {
  readonly record: ChangeRecord;
  readonly n: number;
  readonly here: boolean;
  readonly time: number;
}

/**
 * For each of `shas`, the best current change record naming it (full or abbreviated), reading as
 * few records as the table's columns allow: each commit's candidates are walked best first by what
 * the columns say (maybe this environment's, by the environment's posting list; newest; later line),
 * and the walk stops once no candidate left could beat the best record read. A range of 200
 * commits, each named by a dozen records, reads about 200 records, not 2,400.
 */
export async function bestForCommits(gen: Generation, shas: readonly string[], options: BestOptions, read: Read): Promise<Map<string, ChangeRecord>> {
  const { table } = gen;
  const change = table.kindOf('changetrail/change');
  const env = options.environment === undefined ? undefined : foldName(options.environment);
  const envList = options.environment === undefined ? undefined : table.lookup('environment', options.environment);
  // An upper bound: a hash shared with another environment's name says "maybe", the record says for sure.
  const mayBeHere = (n: number) => envList === undefined || sortedHas(envList, n);
  const time = (n: number) => orderableTime(table.times[n]);
  const byLine = (options.ties ?? 'line') === 'line';
  // Each commit's candidates, best first by their columns (maybe this environment's, newest, later
  // line), worked out once: a range of 200 commits has some 2,400, and scanning them again each
  // round (with a search of the environment's posting list per look) was a third of the question.
  const queues = new Map<string, Queue>();
  for (const sha of new Set(shas)) {
    const found = table.lookup('sha', sha);
    const list: Candidate[] = [];
    for (let i = 0; i < found.length; i++) if (table.kinds[found[i]] === change) list.push({ n: found[i], here: mayBeHere(found[i]), time: time(found[i]) });
    list.sort((a, b) => (a.here !== b.here ? (a.here ? -1 : 1) : b.time - a.time || b.n - a.n));
    queues.set(sha, { list, at: 0 });
  }
  // The best left in a queue, taken out of it. With ties settled by id, every candidate tied with
  // it on the columns comes along: only their ids can tell them apart, and a round each would read
  // a thousand records made in one millisecond one round at a time.
  const takeBest = (queue: Queue): Candidate[] => {
    const { list } = queue;
    const top = list[queue.at];
    let end = queue.at + 1;
    if (!byLine) while (end < list.length && list[end].here === top.here && list[end].time === top.time) end++;
    const taken = list.slice(queue.at, end);
    queue.at = end;
    return taken;
  };
  const best = new Map<string, Held>();
  const wins = (a: Held, b: Held) => (a.here !== b.here ? a.here : a.time !== b.time ? a.time > b.time : !byLine && a.record.id !== b.record.id ? a.record.id > b.record.id : a.n > b.n);
  // Whether a candidate could still beat the held record, by its columns alone.
  const mayBeat = (c: Candidate, held: Held) => (c.here !== held.here ? c.here : c.time !== held.time ? c.time > held.time : !byLine || c.n > held.n);
  const current = new Map<number, Promise<boolean>>();
  const isCurrent = (entry: LogEntry, n: number) => {
    let known = current.get(n);
    if (!known) current.set(n, (known = superseded(gen, entry, read).then((s) => !s)));
    return known;
  };
  while (queues.size > 0) {
    const taken = new Map<string, Candidate[]>();
    for (const [sha, queue] of queues) {
      const held = best.get(sha);
      const next = queue.at < queue.list.length ? takeBest(queue) : [];
      if (next.length === 0 || (held && !mayBeat(next[0], held))) queues.delete(sha);
      else taken.set(sha, next);
    }
    if (taken.size === 0) break;
    const ns = [...new Set([...taken.values()].flatMap((list) => list.map((c) => c.n)))];
    const entries = await read(ns);
    const parsed = new Map(ns.map((n, i) => [n, entries[i]]));
    // Whether each is current (not amended since) is asked for all of them at once: one at a time,
    // each amended one waited on its own read.
    const named: { sha: string; n: number; entry: ChangeRecord; current: Promise<boolean> }[] = [];
    for (const [sha, list] of taken) {
      for (const { n } of list) {
        const entry = parsed.get(n);
        if (entry?.schema === 'changetrail/change' && entry.commits.some((c) => sameCommit(c.sha, sha))) named.push({ sha, n, entry, current: isCurrent(entry, n) });
      }
    }
    const currents = await Promise.all(named.map((c) => c.current));
    named.forEach(({ sha, n, entry }, i) => {
      if (!currents[i]) return;
      const candidate: Held = { record: entry, n, here: env === undefined || foldName(entry.environment) === env, time: orderableTime(isoMs(entry.createdAt)) };
      const held = best.get(sha);
      if (!held || wins(candidate, held)) best.set(sha, candidate);
    });
  }
  return new Map(shas.flatMap((sha) => {
    const held = best.get(sha);
    return held ? [[sha, held.record] as const] : [];
  }));
}


/**
 * Every current change record naming any of `shas` (full or abbreviated), newest first, or only
 * those whose id is `among` (their posting lists intersected before anything is read); the answer
 * is kept for the same question.
 */
export function recordsNaming(gen: Generation, shas: readonly string[], among: readonly string[] | undefined, read: Read): Promise<ChangeRecord[]> {
  const { table } = gen;
  const wanted = [...new Set(shas)];
  const allowed = among === undefined ? undefined : new Set(among.flatMap((id) => [...table.lookup('id', id)]));
  const pool = new Set<number>();
  const change = table.kindOf('changetrail/change');
  for (const sha of wanted) for (const n of table.lookup('sha', sha)) if (table.kinds[n] === change && (!allowed || allowed.has(n))) pool.add(n);
  const ids = among === undefined ? undefined : new Set(among);
  const matches = namesAnyOf(wanted);
  const key = `c${wanted.join(',')}${among === undefined ? '' : `|${[...new Set(among)].sort().join(',')}`}`;
  return remembered(gen, key, () => answerOf(gen, [[...pool]], (e) => matches(e) && (!ids || ids.has(e.id)), {}, read)) as Promise<ChangeRecord[]>;
}
