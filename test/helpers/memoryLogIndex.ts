import { MemoryLogIndex } from './memoryLogIndexImpl';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../src/core/records/changeRecord';
import type { ChangeLogIndex } from '../../src/core/records/index/changeLogIndex';

/** A ChangeLogIndex over entries in memory, for tests of code that reads the log through the index. */
export function memoryLogIndex(entries: readonly LogEntry[], path = '/nonexistent/changes.jsonl'): ChangeLogIndex {
  return new MemoryLogIndex(path, entries);
}

let counter = 0;
/** A fresh, valid ULID whose time part is `at` (so ids sort like the times in a test). */
export function testId(at: string): string {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let t = Date.parse(at);
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  counter++;
  let rand = '';
  for (let i = 0, n = counter; i < 16; i++, n = Math.floor(n / 32)) rand = ALPHABET[n % 32] + rand;
  return time + rand;
}

const ANA = { name: 'Ana Ruiz', email: 'ana@example.com' };

/** A change record with sensible defaults. */
export function changeRecord(over: Partial<ChangeRecord> & { createdAt: string }): ChangeRecord {
  return {
    schema: 'changetrail/change',
    version: 1,
    id: testId(over.createdAt),
    tickets: ['PROJ-1'],
    title: 'A change',
    description: 'What it does',
    reason: 'Why',
    systems: [],
    author: ANA,
    commits: [],
    answers: {},
    rollbackPlan: 'Turn the flag off',
    riskFlags: [],
    environment: 'production',
    ...over,
  };
}

/** A deployment record with sensible defaults. */
export function deploymentRecord(over: Partial<DeploymentRecord> & { createdAt: string; commit: string }): DeploymentRecord {
  return { schema: 'changetrail/deployment', version: 1, id: testId(over.createdAt), environment: 'production', by: ANA, records: [], ...over };
}

/** An open incident with sensible defaults. */
export function incidentRecord(over: Partial<IncidentRecord> & { createdAt: string }): IncidentRecord {
  const id = over.id ?? testId(over.createdAt);
  return {
    schema: 'changetrail/incident',
    version: 1,
    id,
    incidentId: id,
    title: 'Checkout down',
    environment: 'production',
    systems: [],
    detectedAt: over.createdAt,
    impact: 'outage',
    level: 1,
    status: 'open',
    responders: [],
    by: ANA,
    suspects: [],
    ...over,
  };
}
