import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors';
import { type Logger, silentLogger } from '../log';
import type { LogEntry } from '../records/changeRecord';
import { PermanentDeliveryError } from '../records/sinks/recordSink';
import { ULID_PATTERN } from '../records/ulid';
import { isDigestCarrier } from './digestCarrier';
import { incidentNote } from '../incidents/incidentNote';
import { type ChannelContent, type Digest, channelContentSchema } from './noteSchema';

/** What a channel sink posts for an outbox entry. */
export interface ChannelContentSource {
  contentFor(entry: LogEntry): Promise<ChannelContent>;
}

/**
 * The notes and digests waiting in the outbox, one JSON file per entry id, written atomically
 * and fsynced before the entry is enqueued. The outbox holds the DeploymentRecord (or digest
 * carrier); a channel sink posts the note saved under its id, so what was previewed is what is
 * posted, byte for byte on every retry. A missing or unreadable file falls back to a short note
 * made from the entry alone: something true is posted rather than nothing.
 */
export class NoteStore implements ChannelContentSource {
  constructor(
    readonly dir: string,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** Saves the content for an entry; once this resolves it survives a crash. */
  async save(entryId: string, content: ChannelContent): Promise<void> {
    if (!ULID_PATTERN.test(entryId)) throw new Error(`NoteStore: "${entryId}" is not an entry id`);
    const parsed = channelContentSchema.parse(content);
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${entryId}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(parsed), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, join(this.dir, `${entryId}.json`)).catch(async (error: unknown) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
    // Makes the rename durable; Windows cannot open a folder (NTFS journals the rename).
    const folder = await open(this.dir, 'r').catch(() => undefined);
    await folder?.sync().catch(() => undefined);
    await folder?.close();
  }

  /** The content saved for an entry, or undefined when there is none (or it is unreadable, which is logged). */
  async load(entryId: string): Promise<ChannelContent | undefined> {
    if (!ULID_PATTERN.test(entryId)) return undefined;
    const text = await readFile(join(this.dir, `${entryId}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const parsed = channelContentSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.logger.warn(`NoteStore: ${entryId}.json does not hold a note: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    } catch (error) {
      this.logger.warn(`NoteStore: ${entryId}.json is not JSON: ${errorMessage(error)}`);
    }
    return undefined;
  }

  async contentFor(entry: LogEntry): Promise<ChannelContent> {
    const saved = await this.load(entry.id);
    if (saved) return saved;
    this.logger.warn(`NoteStore: no saved note for ${entry.id}; posting a short one made from the entry`);
    return fallbackContent(entry);
  }

  /** Removes saved notes older than `maxAgeMs` before `now` (the injected clock; their deliveries are long done or given up); returns how many. */
  async prune(maxAgeMs: number, now: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (!name.endsWith('.json') && !name.endsWith('.tmp')) continue;
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > maxAgeMs && (await unlink(join(this.dir, name)).then(() => true, () => false))) removed++;
    }
    return removed;
  }
}

/** A short note or digest made from an outbox entry alone, when its saved content is gone. */
export function fallbackContent(entry: LogEntry): ChannelContent {
  if (entry.schema === 'changetrail/incident') return incidentNote(entry);
  if (entry.schema !== 'changetrail/deployment') {
    throw new PermanentDeliveryError(`Channels post deployment notes and digests, not change records (${entry.id})`);
  }
  const details = `see the change log for the details of change record${entry.records.length === 1 ? '' : 's'} ${entry.records.join(', ') || '(none)'}`;
  if (isDigestCarrier(entry)) {
    const items = entry.records.map((id) => ({ recordId: id, title: `Change record ${id}`, tickets: [], author: '', environment: '', createdAt: entry.createdAt, danger: false }));
    const digest: Digest = {
      schema: 'changetrail/digest',
      version: 1,
      title: entry.note ?? 'This Week in Changes',
      since: entry.createdAt,
      until: entry.createdAt,
      createdAt: entry.createdAt,
      total: items.length,
      groups: items.length > 0 ? [{ system: 'Change records (details in the change log)', items }] : [],
      deployments: [],
    };
    return digest;
  }
  return {
    schema: 'changetrail/deployment-note',
    version: 1,
    deploymentId: entry.id,
    partial: true,
    environment: entry.environment,
    createdAt: entry.createdAt,
    by: entry.by.name,
    ...(entry.previousCommit ? { from: entry.previousCommit, previous: entry.previousCommit } : {}),
    to: entry.commit,
    firstDeploy: false,
    totalCommits: 0,
    truncated: false,
    changes: [],
    unrecorded: [],
    withoutRollback: [],
    removed: [],
    risk: {
      level: 'none',
      systems: [],
      danger: 0,
      warning: 0,
      ...(entry.freezeOverride ? { freeze: { window: 'a freeze window', reason: 'a freeze window' }, freezeOverride: { reason: entry.freezeOverride.reason, by: entry.freezeOverride.by.name } } : {}),
    },
    rollback: entry.previousCommit ? { commit: entry.previousCommit } : {},
    problems: [`Only the deployment record was at hand when this was posted: ${details}.`],
  };
}
