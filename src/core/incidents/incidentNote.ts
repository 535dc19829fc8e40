import * as z from 'zod/mini';
import type { IncidentRecord } from '../records/changeRecord';
import type { DocField, DocSection, NoteDocument } from '../notes/noteDocument';

/** What channels are told when an incident opens or is resolved, version 1. Plain text, never markup. */
export const incidentNoteSchema = z.object({
  schema: z.literal('changetrail/incident-note'),
  version: z.literal(1),
  event: z.enum(['opened', 'updated', 'resolved']),
  incidentId: z.string(),
  recordId: z.string(),
  title: z.string(),
  environment: z.string(),
  systems: z.array(z.string()),
  impact: z.string(),
  level: z.number(),
  levelName: z.optional(z.string()),
  levelReason: z.optional(z.string()),
  /** Who must be told or woken for this level, and how soon someone must be on it. */
  notify: z.optional(z.array(z.string())),
  wake: z.optional(z.array(z.string())),
  responseTarget: z.optional(z.string()),
  detectedAt: z.string(),
  resolvedAt: z.optional(z.string()),
  responders: z.array(z.string()),
  by: z.string(),
  suspects: z.array(z.string()),
  alert: z.optional(z.string()),
  cause: z.optional(z.string()),
  fix: z.optional(z.string()),
  lessons: z.optional(z.string()),
  followUps: z.optional(z.array(z.string())),
});
export type IncidentNote = z.infer<typeof incidentNoteSchema>;

/** The level's people, when the team's matrix defines the incident's level. */
export interface LevelPeople {
  readonly name: string;
  readonly notify: readonly string[];
  readonly wake: readonly string[];
  readonly responseTarget: string;
}

/** The channel note for an incident record: opened (first record), resolved, or updated. */
export function incidentNote(record: IncidentRecord, level?: LevelPeople): IncidentNote {
  const event = record.status === 'resolved' ? 'resolved' : record.id === record.incidentId ? 'opened' : 'updated';
  return {
    schema: 'changetrail/incident-note',
    version: 1,
    event,
    incidentId: record.incidentId,
    recordId: record.id,
    title: record.title,
    environment: record.environment,
    systems: [...record.systems],
    impact: record.impact,
    level: record.level,
    ...(level ? { levelName: level.name, notify: [...level.notify], wake: [...level.wake], responseTarget: level.responseTarget } : {}),
    ...(record.levelReason ? { levelReason: record.levelReason } : {}),
    detectedAt: record.detectedAt,
    ...(record.resolvedAt ? { resolvedAt: record.resolvedAt } : {}),
    responders: [...record.responders],
    by: record.by.name,
    suspects: record.suspects.slice(0, 5).map((s) => `${s.reasons[0] ?? s.change ?? s.deployment ?? 'suspect'} (score ${s.score})`),
    ...(record.alert ? { alert: `${record.alert.source} ${record.alert.id}${record.alert.url ? ` ${record.alert.url}` : ''}` } : {}),
    ...(record.cause ? { cause: [record.cause.kind, record.cause.deployment ?? record.cause.change, record.cause.summary].filter(Boolean).join(': ') } : {}),
    ...(record.fix ? { fix: record.fix } : {}),
    ...(record.lessons ? { lessons: record.lessons } : {}),
    ...(record.followUps?.length ? { followUps: [...record.followUps] } : {}),
  };
}

const minutes = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/** An incident note as the document every channel renderer formats. */
export function incidentDocument(note: IncidentNote): NoteDocument {
  const verb = note.event === 'resolved' ? 'Resolved' : note.event === 'opened' ? 'Incident' : 'Incident update';
  const title = `${verb}: ${note.title}`;
  const facts: DocField[] = [
    { label: 'Level', value: `${note.level}${note.levelName ? ` (${note.levelName})` : ''}${note.responseTarget ? `, respond within ${note.responseTarget}` : ''}` },
    { label: 'Environment', value: note.environment },
    ...(note.systems.length > 0 ? [{ label: 'Systems', value: note.systems.join(', ') }] : []),
    { label: 'Customer impact', value: note.impact },
    { label: 'Detected', value: note.detectedAt.slice(0, 16).replace('T', ' ') + ' UTC' },
    ...(note.resolvedAt ? [{ label: 'Resolved', value: `${note.resolvedAt.slice(0, 16).replace('T', ' ')} UTC (${minutes(note.detectedAt, note.resolvedAt)} min)` }] : []),
    ...(note.responders.length > 0 ? [{ label: 'On it', value: note.responders.join(', ') }] : []),
    ...(note.wake?.length ? [{ label: 'Wake', value: note.wake.join(', ') }] : []),
    ...(note.notify?.length ? [{ label: 'Tell', value: note.notify.join(', ') }] : []),
    ...(note.alert ? [{ label: 'Alert', value: note.alert }] : []),
  ];
  const sections: DocSection[] = [];
  if (note.levelReason) sections.push({ heading: 'Why this level', text: note.levelReason });
  if (note.event !== 'resolved' && note.suspects.length > 0) sections.push({ heading: 'Suspects (what changed before)', tone: 'warning', bullets: note.suspects });
  if (note.event === 'resolved') {
    sections.push({ heading: 'Cause and fix', bullets: [`Cause: ${note.cause ?? 'unknown'}`, `Fixed by: ${note.fix ?? 'not said'}`] });
    if (note.lessons) sections.push({ heading: 'Lessons', text: note.lessons });
    if (note.followUps?.length) sections.push({ heading: 'Follow-ups', bullets: note.followUps });
  }
  const summary = `${title} (level ${note.level}, ${note.environment}${note.systems.length > 0 ? `, ${note.systems.join(', ')}` : ''})`;
  return { kind: 'incident', title, summary, facts, sections, footer: `ChangeTrail · incident ${note.incidentId} · record ${note.recordId} · by ${note.by}` };
}
