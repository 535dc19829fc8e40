import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { Outbox, type OutboxOptions } from '../../../../src/core/records/outbox';
import type { DeliveryOptions, RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { ulid } from '../../../../src/core/records/ulid';

// Set-up shared by the Outbox suites (outbox.*.test.ts): records, a webhook receiver on 127.0.0.1,
// scripted in-memory sinks, and an outbox directory per test on a clock the test moves.

export const MINUTE = 60_000;

export function record(title: string): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(Date.now()), createdAt: new Date().toISOString(), tickets: ['PROJ-1'], title, description: '', reason: 'why',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

/** A webhook receiver on a fixed 127.0.0.1 port that can be down (port closed), up, slow or failing, and dedupes by Idempotency-Key. */
export interface Receiver {
  readonly url: string;
  mode: 'up' | 'slow' | 'fail503' | 'refuse400';
  /** Every request that arrived, answered or not. */
  readonly requests: { readonly key: string; readonly body: string }[];
  /** How often each key was answered 2xx while up: exactly once per record is the goal. */
  readonly acked: Map<string, number>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Answers the requests held while slow: too late, the sender gave up already. */
  releaseHeld(): void;
}

export async function createReceiver(): Promise<Receiver> {
  const held: ServerResponse[] = [];
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<Server>((resolve) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const key = String(req.headers['idempotency-key']);
          receiver.requests.push({ key, body: Buffer.concat(chunks).toString('utf8') });
          if (receiver.mode === 'slow') return void held.push(res);
          if (receiver.mode === 'fail503') return void res.writeHead(503).end();
          if (receiver.mode === 'refuse400') return void res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"schema mismatch"}');
          receiver.acked.set(key, (receiver.acked.get(key) ?? 0) + 1);
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        });
      });
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  const probe = await listen(0);
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    mode: 'up',
    requests: [],
    acked: new Map(),
    start: async () => void (server ??= await listen(port)),
    stop: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = undefined;
        if (!s) return resolve();
        s.closeAllConnections();
        s.close(() => resolve());
      }),
    releaseHeld: () => {
      for (const res of held.splice(0)) if (!res.socket?.destroyed) res.writeHead(200).end();
    },
  };
  return receiver;
}

/** An in-memory sink whose behaviour each test scripts. */
export function fakeSink(id: string, behave: (entry: LogEntry, options: DeliveryOptions, call: number) => Promise<{ url?: string }>): RecordSink & { calls: string[] } {
  const calls: string[] = [];
  return { id, label: `Fake ${id}`, calls, deliver: (entry, options) => (calls.push(options.idempotencyKey), behave(entry, options, calls.length)) };
}


/** `open` and `itemFiles` of the suites: an Outbox on the test's directory and clock (0.3 s delivery timeout), and its item files. */
export function outboxOn(dir: () => string, clock: () => number) {
  return {
    open: (options: OutboxOptions = {}) => new Outbox(dir(), undefined, { clock, deliveryTimeoutMs: 300, ...options }),
    itemFiles: () => readdirSync(dir()).filter((f) => f.endsWith('.json')).sort(),
  };
}

/** A fresh outbox directory before each test, with "now" read once from the machine's clock; removed after. */
export function withOutboxDir(started: (dir: string, now: number) => void, current: () => string): void {
  beforeEach(() => started(mkdtempSync(join(tmpdir(), 'changetrail-outbox-')), Date.now()));
  afterEach(() => rmSync(current(), { recursive: true, force: true }));
}
