import { redact } from '../log';
import type { ChannelContent, DeploymentNote, Digest, NoteCommit } from './noteSchema';
import { incidentDocument } from '../incidents/incidentNote';

/** A label and its value, e.g. "Rollback" and the plan. */
export interface DocField {
  readonly label: string;
  readonly value: string;
}

/** A change in a note: a title, a line of facts, a description and labelled fields. */
export interface DocItem {
  readonly title: string;
  readonly meta?: string;
  /** Paragraphs separated by blank lines. */
  readonly body?: string;
  readonly fields: readonly DocField[];
}

/** A part of a note or digest. */
export interface DocSection {
  readonly heading: string;
  readonly tone?: 'warning';
  readonly text?: string;
  readonly items?: readonly DocItem[];
  readonly bullets?: readonly string[];
  /** Bullets left out to keep the message short. */
  readonly more?: number;
}

/**
 * A note or digest as plain text, structured: every renderer (Markdown, Slack, Teams, e-mail)
 * formats the same document, so the channels say the same thing and each escapes all of it.
 */
export interface NoteDocument {
  readonly kind: 'deployment' | 'digest' | 'incident';
  readonly title: string;
  /** One line: a chat notification, an e-mail subject, a fallback text. */
  readonly summary: string;
  readonly facts: readonly DocField[];
  readonly sections: readonly DocSection[];
  readonly footer: string;
}

const MAX_BULLETS = 25;
const short = (sha: string) => sha.slice(0, 7);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The document for a channel's content, with anything that looks like a credential masked. */
export function toDocument(content: ChannelContent): NoteDocument {
  if (content.schema === 'changetrail/incident-note') return scrubDeep(incidentDocument(content));
  return scrubDeep(content.schema === 'changetrail/deployment-note' ? noteDocument(content) : digestDocument(content));
}

// Query parameters and webhook paths that carry credentials, beyond what redact() knows.
// Values shorter than 8 characters ("exit code=1") are not credentials.
const SECRET_PARAM = /\b((?:access_?)?token|sig|signature|secret|password|passwd|api[-_]?key|key|code)=[^&\s"'<>]{8,}/gi;
const WEBHOOK_PATH = /\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g;

/**
 * User text with credentials masked: Bearer/Basic tokens, user:password@ in URLs, token=/sig=/key=
 * query parameters and chat webhook paths. People paste commands into rollback plans; a note
 * posted to a channel must not carry the secrets those commands held.
 */
export function scrubSecrets(text: string): string {
  // Notes, digests and answers are built again and again from the same records: short texts are
  // remembered (a pure function of the text), so a warm note costs no regex run per field.
  if (text.length > SCRUBBED_LENGTH) return scrub(text);
  let clean = scrubbed.get(text);
  if (clean === undefined) {
    clean = scrub(text);
    if (scrubbed.size >= SCRUBBED_TEXTS) scrubbed.delete(scrubbed.keys().next().value as string);
    scrubbed.set(text, clean);
  }
  return clean;
}

const scrubbed = new Map<string, string>();
const SCRUBBED_TEXTS = 8192;
const SCRUBBED_LENGTH = 2048;

function scrub(text: string): string {
  return redact(text).replace(SECRET_PARAM, (_m, name: string) => `${name}=***`).replace(WEBHOOK_PATH, '/services/***');
}

/** A copy of a value with scrubSecrets applied to every string in it. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubSecrets(value) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = scrubDeep(value[i]);
    return out as T;
  }
  if (value === null || typeof value !== 'object') return value;
  // Own enumerable keys, as Object.entries gives them, without its pairs (a note has thousands of fields).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const scrubbed = scrubDeep((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: scrubbed, enumerable: true, writable: true, configurable: true });
    else out[key] = scrubbed;
  }
  return out as T;
}

/** A deployment note as a document. */
export function noteDocument(note: DeploymentNote): NoteDocument {
  const { risk } = note;
  const title = `Deployment to ${note.environment}`;
  const level = risk.level === 'none' ? 'no configured system touched' : `${risk.level} (${risk.systems.join(', ')})`;
  const flags = [risk.danger > 0 ? plural(risk.danger, 'danger flag') : '', risk.warning > 0 ? plural(risk.warning, 'warning') : ''].filter(Boolean).join(', ');
  const freeze = risk.freeze
    ? `${risk.freeze.reason}; ${risk.freezeOverride ? `override by ${risk.freezeOverride.by}: ${risk.freezeOverride.reason}` : 'needs an override reason before it is recorded'}`
    : undefined;
  const previous = note.firstDeploy ? 'first deployment' : note.previous ? `was ${short(note.previous)}` : 'previous commit unknown';
  const facts: DocField[] = [
    ...(note.repository ? [{ label: 'Repository', value: note.repository }] : []),
    { label: 'Commit', value: `${short(note.to)} (${previous})` },
    { label: 'Commits', value: note.truncated ? `${note.totalCommits} (too many: only the newest were matched to change records)` : String(note.totalCommits) },
    { label: 'Risk', value: flags ? `${level}; ${flags}` : level },
    ...(risk.escalation ? [{ label: 'Escalation', value: risk.escalation }] : []),
    ...(freeze ? [{ label: 'Freeze window', value: freeze }] : []),
    ...(note.by ? [{ label: 'Deployed by', value: note.by }] : []),
  ];
  const sections: DocSection[] = [];
  if (note.message?.trim()) sections.push({ heading: `Message from ${note.by ?? 'the deployer'}`, text: note.message.trim() });
  if (note.problems.length > 0) sections.push({ heading: 'Check first', tone: 'warning', bullets: note.problems });
  if (note.partial) {
    sections.push({ heading: 'Changes', text: 'The details of this deployment were not at hand when it was posted: see its change records in the change log.' });
  } else if (note.totalCommits === 0 && note.removed.length === 0) {
    sections.push({ heading: 'Nothing new', text: `${short(note.to)} is already live on ${note.environment}: this deployment changes nothing.` });
  } else {
    sections.push({
      heading: `Changes (${note.changes.length})`,
      ...(note.changes.length === 0 ? { text: 'No change record covers the commits of this deployment.' } : {}),
      items: note.changes.map((c) => ({
        title: c.title,
        meta: [c.tickets.join(', '), `by ${c.author}`, c.matchedBy === 'ticket' ? 'matched by ticket' : ''].filter(Boolean).join(' · '),
        ...(c.description ? { body: c.description } : {}),
        fields: [
          // Only when the checklist asked it: a line that always says "Not stated" tells nobody anything.
          ...(c.userImpact ? [{ label: 'What users may notice', value: c.userImpact }] : []),
          { label: 'Risk', value: c.riskFlags.length > 0 ? c.riskFlags.map((f) => `${f.severity === 'danger' ? '⚠ ' : ''}${f.message}`).join('; ') : 'None flagged' },
          { label: 'Rollback', value: c.rollbackPlan ?? 'NONE GIVEN' },
          ...(c.escalation ? [{ label: 'Escalation', value: c.escalation }] : []),
          ...(c.systems.length > 0 ? [{ label: 'Systems', value: c.systems.map((s) => `${s.name} (${s.criticality})`).join(', ') }] : []),
        ],
      })),
    });
  }
  if (note.unrecorded.length > 0) sections.push(commitList(`Commits without a change record (${note.unrecorded.length})`, note.unrecorded));
  if (note.withoutRollback.length > 0) {
    sections.push({ heading: `Change records without a rollback plan (${note.withoutRollback.length})`, tone: 'warning', ...capped(note.withoutRollback.map((r) => `${r.title} (record ${r.recordId})`)) });
  }
  const outside = note.outsideGit ?? [];
  if (outside.length > 0) {
    sections.push({
      heading: `Changed outside git (${outside.length})`,
      text: `Made on ${note.environment} by hand or by a tool${note.outsideGitSince ? ` since ${note.outsideGitSince.slice(0, 16).replace('T', ' ')} UTC` : ''}: not in the commits above, and redeploying does not undo them.`,
      items: outside.map((c) => ({
        title: c.title,
        meta: [c.tickets.join(', '), `by ${c.author}`, c.at.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · '),
        ...(c.description ? { body: c.description } : {}),
        fields: [
          ...(c.systems.length > 0 ? [{ label: 'Systems', value: c.systems.map((s) => `${s.name} (${s.criticality})`).join(', ') }] : []),
          { label: 'Rollback', value: c.rollbackPlan ?? 'NONE GIVEN' },
          ...(c.freezeOverride ? [{ label: 'Freeze override', value: c.freezeOverride }] : []),
          ...(c.riskFlags.length > 0 ? [{ label: 'Risk', value: c.riskFlags.map((f) => `${f.severity === 'danger' ? '⚠ ' : ''}${f.message}`).join('; ') }] : []),
        ],
      })),
    });
  }
  if (note.removed.length > 0) sections.push(commitList(`Live commits this deployment takes out (${note.removed.length})`, note.removed));
  sections.push({ heading: 'Rolling back this deployment', text: rollbackText(note) });
  const range = note.from ? `${short(note.from)}..${short(note.to)}` : short(note.to);
  const footer = `ChangeTrail · ${note.deploymentId ? `deployment record ${note.deploymentId}` : 'not recorded yet'} · ${range}`;
  const count = note.partial ? 'details in the change log' : note.totalCommits === 0 ? 'nothing new' : `${plural(note.changes.length, 'change')}, ${plural(note.totalCommits, 'commit')}${note.unrecorded.length > 0 ? ` (${note.unrecorded.length} without a change record)` : ''}`;
  const summary = `${title} (${short(note.to)}): ${count}; risk ${risk.level}${risk.freeze ? '; in a freeze window' : ''}`;
  return { kind: 'deployment', title, summary, facts, sections, footer };
}

function rollbackText(note: DeploymentNote): string {
  const undo = 'Redeploying code does not undo data migrations, feature flags or third-party changes: follow each change’s own rollback plan for those.';
  if (note.rollback.commit && note.rollback.commitMissing) {
    return `Redeploy ${short(note.rollback.commit)}, the commit live on ${note.environment} before this deployment (it is not in this repository any more: use its build artifact). ${undo}`;
  }
  if (note.rollback.commit) return `Redeploy ${short(note.rollback.commit)}, the commit live on ${note.environment} before this deployment. ${undo}`;
  if (note.firstDeploy) return `This is the first deployment to ${note.environment} that ChangeTrail knows of: there is no earlier commit to go back to. Follow each change’s rollback plan, or fix forward.`;
  return `The commit live before this deployment is unknown: find it in the deployment tool before rolling back. ${undo}`;
}

function commitList(heading: string, commits: readonly NoteCommit[]): DocSection {
  return { heading, ...capped(commits.map((c) => `${short(c.sha)} ${c.subject} (${c.author})`)) };
}

function capped(lines: readonly string[]): Pick<DocSection, 'bullets' | 'more'> {
  return lines.length > MAX_BULLETS ? { bullets: lines.slice(0, MAX_BULLETS), more: lines.length - MAX_BULLETS } : { bullets: lines };
}

/** A digest as a document: one section per system, one bullet per change. */
export function digestDocument(digest: Digest): NoteDocument {
  const period = `${digest.since.slice(0, 10)} to ${digest.until.slice(0, 10)}`;
  const deployments = digest.deployments.map((d) => `${d.environment} ${d.count}`).join(', ');
  const facts: DocField[] = [
    { label: 'Period', value: period },
    ...(digest.environment ? [{ label: 'Environment', value: digest.environment }] : []),
    { label: 'Changes', value: String(digest.total) },
    { label: 'Deployments', value: deployments || 'none recorded' },
  ];
  const sections: DocSection[] =
    digest.groups.length === 0 && (digest.unrecorded ?? []).length === 0
      ? [{ heading: 'No changes', text: 'No change records were made in this period.' }]
      : digest.groups.map((g) => ({
          heading: g.criticality ? `${g.system} (${g.criticality})` : g.system,
          bullets: g.items.map((i) => `${i.danger ? '⚠ ' : ''}${i.title}${i.detail ? ` (${i.detail})` : ''}${i.tickets.length > 0 ? ` · ${i.tickets.join(', ')}` : ''}`),
        }));
  const unrecorded = digest.unrecorded ?? [];
  if (unrecorded.length > 0) sections.push({ ...commitList(`Deployed without a change record (${unrecorded.length})`, unrecorded), tone: 'warning' });
  if (digest.problems?.length) sections.unshift({ heading: 'Check first', tone: 'warning', bullets: digest.problems });
  return {
    kind: 'digest',
    title: digest.title,
    summary: `${digest.title}: ${plural(digest.total, 'change')}, ${period}`,
    facts,
    sections,
    footer: `ChangeTrail digest · made ${digest.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
  };
}
