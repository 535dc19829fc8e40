import { createHash } from 'node:crypto';
import type { DeploymentRecord, LogEntry } from '../records/changeRecord';
import { DIGEST_CARRIER_ENVIRONMENT } from './digest';
import type { Digest } from './noteSchema';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as ulid.ts

/**
 * The outbox id of a digest: a valid ULID whose time is the period's end and whose other 80 bits
 * come from the period and scope. The same week's digest gets the same id, so enqueueing it again
 * (a second click, a re-run pipeline on the same machine) is skipped by the outbox.
 */
export function digestEntryId(digest: Pick<Digest, 'since' | 'until' | 'environment'>): string {
  let time = '';
  for (let t = Math.max(0, Date.parse(digest.until)), i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
  const hash = createHash('sha256').update(`${digest.since}|${digest.until}|${digest.environment ?? ''}`).digest();
  return time + Array.from(hash.subarray(0, 16), (b) => ALPHABET[b % 32]).join('');
}

/**
 * The outbox carries LogEntries only, so a digest travels as a deployment-shaped entry of the
 * pseudo-environment DIGEST_CARRIER_ENVIRONMENT: its id (digestEntryId), the records it lists and
 * the commit checked out when it was made. It is never appended to the change log; the sinks
 * post the digest saved under its id (NoteStore).
 */
export function digestCarrier(digest: Digest, facts: { readonly commit: string; readonly by: { readonly name: string; readonly email: string } }): DeploymentRecord {
  return {
    schema: 'changetrail/deployment',
    version: 1,
    id: digestEntryId(digest),
    createdAt: digest.createdAt,
    environment: DIGEST_CARRIER_ENVIRONMENT,
    commit: facts.commit,
    by: { name: facts.by.name, email: facts.by.email },
    records: [...new Set(digest.groups.flatMap((g) => g.items.map((i) => i.recordId)))],
    note: `${digest.title}, ${digest.since.slice(0, 10)} to ${digest.until.slice(0, 10)}`,
  };
}

/** Whether an outbox entry carries a digest rather than a deployment. */
export function isDigestCarrier(entry: LogEntry): boolean {
  return entry.schema === 'changetrail/deployment' && entry.environment === DIGEST_CARRIER_ENVIRONMENT;
}
