import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log';
import { appendEntry, readLog, serializeEntry } from '../../../../src/core/records/changeLog';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import type { ChangeRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import type { RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { WebhookSink } from '../../../../src/core/records/sinks/webhookSink';
import { ulid } from '../../../../src/core/records/ulid';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../helpers/localHttpServer';

// The log is shared by everyone on the team, whatever ChangeTrail version each runs. A record a
// newer version wrote is kept and shown as such, and nothing that passes a record on (the writer,
// the reader, the outbox, the webhook) drops the fields this version does not know.

const START = Date.UTC(2025, 0, 1);

function change(at: number): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title: 'Fix login timeout', description: '', reason: 'r',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

// What a newer ChangeTrail might add: a top-level field and one inside a nested object.
const withExtras = (at: number): LogEntry => ({ ...change(at), approvals: [{ by: 'lead', at: '2025-01-01T00:00:00Z' }], author: { name: 'Ana Ruiz', email: 'ana@example.com', team: 'payments' } } as unknown as LogEntry);

describe('records from a newer ChangeTrail', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-newer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a reader keeps a record of an unknown version or kind aside as newer, not as a problem', async () => {
    const log = join(dir, 'changes.jsonl');
    const v2 = { ...change(START + 1), version: 2, summary: 'a field of version 2' };
    const kind = { schema: 'changetrail/release', version: 1, id: ulid(START + 2), createdAt: new Date(START + 2).toISOString(), name: 'R-7' };
    writeFileSync(log, [change(START), v2, kind, change(START + 3)].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const warnings: string[] = [];
    const result = await readLog(log, { ...silentLogger, warn: (m: string) => void warnings.push(m) });
    assert.equal(result.entries.length, 2);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.newer?.map((n) => [n.line, n.schema, n.version]), [[2, 'changetrail/change', 2], [3, 'changetrail/release', 1]]);
    assert.deepEqual(result.newer?.[0].raw, v2, 'the whole line is kept');
    assert.match(warnings.join('\n'), /2 records were written by a newer ChangeTrail/);
    assert.equal((await queryLog(log, {}, silentLogger)).newer?.length, 2, 'queries keep them aside too');
  });

  it('writing and reading keep fields this version does not know', async () => {
    const log = join(dir, 'changes.jsonl');
    const entry = withExtras(START);
    assert.deepEqual(JSON.parse(serializeEntry(entry)), entry);
    await appendEntry(log, entry);
    assert.deepEqual(JSON.parse(readFileSync(log, 'utf8')), entry);
    const [read] = (await readLog(log, silentLogger)).entries;
    assert.deepEqual(read, entry, 'the reader hands on the record as written');
  });

  it('the outbox and the webhook pass unknown fields on to the receiver', async () => {
    const server: LocalHttpServer = await startLocalHttpServer((_req, res) => json(res, 200, {}));
    try {
      const entry = withExtras(START);
      const outbox = new Outbox(join(dir, 'outbox'));
      await outbox.enqueue(entry, ['webhook']);
      const item = JSON.parse(readFileSync(join(dir, 'outbox', readdirSync(join(dir, 'outbox')).find((f) => f.endsWith('.json')) as string), 'utf8'));
      assert.deepEqual(item.entry, entry, 'the queued item keeps them');
      const [status] = await new Outbox(join(dir, 'outbox')).status();
      assert.ok(status.state === 'pending');
      assert.deepEqual(status.entry, entry);
      const sinks: RecordSink[] = [new WebhookSink({ url: `${server.url}/hook` })];
      assert.equal((await new Outbox(join(dir, 'outbox')).deliverDue(sinks)).delivered, 1);
      assert.deepEqual(JSON.parse(server.requests[0].body), entry, 'the receiver gets every field');
    } finally {
      await server.close();
    }
  });
});
