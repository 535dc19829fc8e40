import { supersedesEffectively } from '../../../../../src/core/records/index/incidentStates';
import * as fc from 'fast-check';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import type { IndexQuery } from '../../../../../src/core/records/index/changeLogIndex';

// Generators of change-log lines and index questions, and the plain reference the index must agree
// with: shared by the index's property suites.

// Small pools so that queries hit: the interesting cases are shared keys, amendments, odd spellings.
export const IDS = Array.from({ length: 6 }, (_, i) => `01HZX${String(i).padStart(2, "0")}ABCDEFGHJKMNPQRSTVW`);
export const SHAS = ['0123456789abcdef0123456789abcdef01234567', 'abcdef0123456789abcdef0123456789abcdef01', 'abcdef0999999999999999999999999999999999', '7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'];
export const SHA_SPELLINGS = [...SHAS, 'abcdef0', '0123456789ab', '7777777', 'ABCDEF0123', 'abc'];
export const TICKETS = ['PROJ-1', 'PROJ-12', 'OPS-7', 'ÜX-3'];
export const BRANCHES = ['main', 'feature/PROJ-1', 'fix/"quoted"', 'bränch'];
export const ENVIRONMENTS = ['production', ' Production ', 'staging', 'prod-ü'];
export const SYSTEMS = ['billing', 'Billing', 'auth', 'çore'];
/** A description the hostile suite writes as bytes that are not UTF-8 (see hostileBytes). */
export const RAW_BYTES = '\uE000raw';
const START = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;

export const time = fc.integer({ min: 0, max: 200 }).map((h) => START + h * HOUR);
const createdAt = fc.oneof(
  { weight: 8, arbitrary: time.map((t) => new Date(t).toISOString()) },
  { weight: 1, arbitrary: time.map((t) => new Date(t).toISOString().replace('.000Z', 'Z')) },
  { weight: 1, arbitrary: time.map((t) => new Date(t).toISOString().replace('Z', '+00:00')) },
);
const id = fc.constantFrom(...IDS);
const person = { name: 'Ana "the" Ruiz', email: 'ana@example.com' };

export const change: fc.Arbitrary<ChangeRecord> = fc.record({
  id,
  supersedes: fc.option(id, { nil: undefined }),
  createdAt,
  tickets: fc.subarray(TICKETS),
  systems: fc.subarray(SYSTEMS).map((names) => names.map((name) => ({ name, criticality: 'high' }))),
  branch: fc.option(fc.constantFrom(...BRANCHES), { nil: undefined }),
  commits: fc.subarray(SHA_SPELLINGS.filter((s) => s.length >= 7)).map((shas) => shas.map((sha) => ({ sha, subject: `fix, {"sha":"${SHAS[3]}"}` }))),
  environment: fc.constantFrom(...ENVIRONMENTS),
  description: fc.constantFrom('', 'multi\nline', '"branch":"main"', '\\', RAW_BYTES),
  origin: fc.constantFrom(undefined, 'git', 'manual') as fc.Arbitrary<ChangeRecord['origin']>,
}).map((r) => {
  const record: ChangeRecord = {
    schema: 'changetrail/change', version: 1, id: r.id, createdAt: r.createdAt, tickets: r.tickets, title: 'A change', description: r.description,
    reason: 'why', systems: r.systems, author: person, commits: r.commits, changedFiles: ['src/a.ts'], answers: { branch: { value: 'main' } },
    rollbackPlan: 'revert', riskFlags: [], environment: r.environment,
  };
  if (r.supersedes) record.supersedes = r.supersedes;
  if (r.branch !== undefined) record.branch = r.branch;
  if (r.origin !== undefined) record.origin = r.origin;
  return record;
});

const deployment: fc.Arbitrary<DeploymentRecord> = fc.record({ id, createdAt, environment: fc.constantFrom(...ENVIRONMENTS), commit: fc.constantFrom(...SHAS, 'abcdef0'), records: fc.subarray(IDS), rollsBack: fc.option(id, { nil: undefined }) }).map(
  ({ rollsBack, ...d }) => ({ schema: 'changetrail/deployment', version: 1, ...d, by: person, records: d.records, pipeline: { id: '1', name: 'environment' }, ...(rollsBack ? { kind: 'rollback' as const, rollsBack } : {}) }),
);

const incident: fc.Arbitrary<IncidentRecord> = fc.record({ id, supersedes: fc.option(id, { nil: undefined }), createdAt, environment: fc.constantFrom(...ENVIRONMENTS), systems: fc.subarray(SYSTEMS) }).map((i) => {
  const record: IncidentRecord = {
    schema: 'changetrail/incident', version: 1, id: i.id, incidentId: IDS[0], createdAt: i.createdAt, title: 'Down', environment: i.environment, systems: i.systems,
    detectedAt: i.createdAt, impact: 'outage', level: 1, status: 'open', responders: [], by: person, suspects: [],
  };
  if (i.supersedes) record.supersedes = i.supersedes;
  return record;
});

export const entry = fc.oneof({ weight: 5, arbitrary: change }, { weight: 2, arbitrary: deployment }, { weight: 1, arbitrary: incident });

// A line as the log may hold it: mostly what appendEntry writes, sometimes a hand edit or damage.
export const line = fc.oneof(
  { weight: 12, arbitrary: entry.map((e) => serializeEntry(e)) },
  { weight: 1, arbitrary: entry.map((e) => JSON.stringify(e, null, 1).replace(/\n/g, '')) },
  { weight: 1, arbitrary: entry.map((e) => `${serializeEntry(e).slice(0, 40)}${serializeEntry(e)}`) },
  { weight: 1, arbitrary: entry.map((e) => serializeEntry(e).replace('"version":1', '"version":2')) },
  { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{}', '{"schema":"changetrail/change"}', '   ') },
);

export const query: fc.Arbitrary<IndexQuery> = fc.record(
  {
    schema: fc.constantFrom('changetrail/change', 'changetrail/deployment', 'changetrail/incident') as fc.Arbitrary<LogEntry['schema']>,
    sha: fc.constantFrom(...SHA_SPELLINGS),
    ticket: fc.constantFrom(...TICKETS),
    branch: fc.constantFrom(...BRANCHES),
    origin: fc.constantFrom('git', 'manual') as fc.Arbitrary<'git' | 'manual'>,
    environment: fc.constantFrom(...ENVIRONMENTS, 'PRODUCTION'),
    system: fc.constantFrom(...SYSTEMS, 'BILLING '),
    carries: fc.oneof(fc.constantFrom(...IDS), fc.subarray(IDS)),
    rollsBack: fc.oneof(fc.constantFrom(...IDS), fc.subarray(IDS)),
    since: time,
    until: time,
    currentOnly: fc.boolean(),
    limit: fc.integer({ min: 0, max: 5 }),
    order: fc.constantFrom('newest', 'oldest') as fc.Arbitrary<'newest' | 'oldest'>,
  },
  { requiredKeys: [] },
);

/** The reference: every entry readLog gives, filtered and sorted as the index promises, written out plainly. */
export function naive(entries: readonly LogEntry[], q: IndexQuery, onceById = true): string[] {
  const fold = (s: string) => s.trim().toLowerCase();
  const same = (a: string, b: string) => a.length >= 7 && b.length >= 7 && (a.toLowerCase().startsWith(b.toLowerCase()) || b.toLowerCase().startsWith(a.toLowerCase()));
  // Superseded: named by another entry of its kind, unless that closes a hand-edited cycle at it (supersedesEffectively).
  const first = new Map<string, LogEntry>();
  for (const e of entries) if (!first.has(`${e.schema} ${e.id}`)) first.set(`${e.schema} ${e.id}`, e);
  const isSuperseded = (x: LogEntry) => entries.some((e) => e.schema === x.schema && supersedesEffectively(e, x, (id) => (id === x.id ? x : first.get(`${x.schema} ${id}`))));
  const ms = (e: LogEntry) => Date.parse(e.createdAt);
  const hits = entries
    .map((e, n) => ({ e, n }))
    .filter(({ e }) => {
      if (q.schema && e.schema !== q.schema) return false;
      if (q.since !== undefined && !(ms(e) >= q.since)) return false;
      if (q.until !== undefined && !(ms(e) < q.until)) return false;
      const shas = e.schema === 'changetrail/change' ? e.commits.map((c) => c.sha) : e.schema === 'changetrail/deployment' ? [e.commit] : [];
      if (q.sha !== undefined && !shas.some((s) => same(s, q.sha as string))) return false;
      if (q.ticket !== undefined && !(e.schema === 'changetrail/change' && e.tickets.includes(q.ticket))) return false;
      if (q.branch !== undefined && !(e.schema === 'changetrail/change' && e.branch === q.branch)) return false;
      if (q.origin !== undefined && !(e.schema === 'changetrail/change' && (e.origin ?? 'git') === q.origin)) return false;
      if (q.environment !== undefined && fold(e.environment) !== fold(q.environment)) return false;
      const systems = e.schema === 'changetrail/change' ? e.systems.map((s) => s.name) : e.schema === 'changetrail/incident' ? e.systems : [];
      if (q.system !== undefined && !systems.some((s) => fold(s) === fold(q.system as string))) return false;
      const carried = typeof q.carries === 'string' ? [q.carries] : q.carries;
      if (carried !== undefined && !(e.schema === 'changetrail/deployment' && e.records.some((id) => carried.includes(id)))) return false;
      const rolledBack = typeof q.rollsBack === 'string' ? [q.rollsBack] : q.rollsBack;
      if (rolledBack !== undefined && !(e.schema === 'changetrail/deployment' && e.rollsBack !== undefined && rolledBack.includes(e.rollsBack))) return false;
      if (q.currentOnly !== false && isSuperseded(e)) return false;
      return true;
    });
  const key = (x: { e: LogEntry; n: number }) => (Number.isNaN(ms(x.e)) ? -Infinity : ms(x.e));
  hits.sort((a, b) => (q.order === 'oldest' ? key(a) - key(b) || a.n - b.n : key(b) - key(a) || b.n - a.n));
  // An id answers once (a line duplicated by a union merge): its first copy in the answer's order.
  const seen = new Set<string>();
  const once = onceById ? hits.filter(({ e }) => !seen.has(e.id) && seen.add(e.id)) : hits;
  return once.slice(0, q.limit ?? Infinity).map(({ e }) => serializeEntry(e));
}
