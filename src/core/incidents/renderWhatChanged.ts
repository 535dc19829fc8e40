import { isoDate, wallTimeAt } from '../checklist/zonedTime';
import { scrubDeep } from '../notes/noteDocument';
import { markdownParagraph, markdownText } from '../notes/renderMarkdown';
import { describeAge } from './suspects';
import type { ChangedDeployment, ChangedItem, WhatChanged } from './whatChangedTypes';

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : '?');
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** How the answer is shown: `timeZone` is the zone --at was read in (the team's), shown beside UTC. */
export interface WhatChangedView {
  readonly timeZone?: string;
}

/** `iso` in `timeZone` and in UTC ("2026-11-30 06:10 Europe/Madrid = 05:10 UTC"); UTC alone when that is the zone. */
function whenIn(iso: string, view: WhatChangedView): string {
  const zone = view.timeZone;
  const ms = Date.parse(iso);
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC' || !Number.isFinite(ms)) return when(iso);
  const local = wallTimeAt(ms, zone);
  const localDate = isoDate(local);
  const utc = iso.slice(0, 10) === localDate ? iso.slice(11, 16) : iso.slice(0, 16).replace('T', ' ');
  return `${localDate} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')} ${zone} = ${utc} UTC`;
}
const flat = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();

function heading(d: ChangedDeployment, at: string): string {
  const what = d.source === 'record' ? `deployment ${d.ref}` : d.source === 'tag' ? `tag ${d.ref}` : d.source === 'manual' ? 'manual change' : `commit ${short(d.ref)}`;
  const kind = d.kind === 'rollback' ? ` ROLLBACK of ${d.rollsBack ?? '?'}` : '';
  const age = describeAge(Math.max(0, Date.parse(at) - Date.parse(d.at)));
  return `${when(d.at)} (${age} before) · ${what}${kind}${d.commit && d.source !== 'commit' ? ` · ${short(d.commit)}` : ''}${d.by ? ` · by ${d.by}` : ''}`;
}

function itemFields(c: ChangedItem): [string, string][] {
  return [
    ['Description', c.description || '(none)'],
    ['Author', c.author],
    ...(c.owners.length > 0 ? [['Owner', c.owners.join(', ')] as [string, string]] : []),
    ['Systems', c.systems.join(', ') || '(none)'],
    ['Risk', c.riskFlags.length > 0 ? c.riskFlags.map((f) => `${f.severity === 'danger' ? '⚠ ' : ''}${f.message}`).join('; ') : 'none flagged'],
    ['Rollback plan', c.rollbackPlan ?? 'NONE GIVEN'],
    ...(c.escalation ? [['Escalation', c.escalation] as [string, string]] : []),
    ...(c.runbook ? [['Runbook', c.runbook] as [string, string]] : []),
    ...(c.freezeOverride ? [['Freeze override', c.freezeOverride] as [string, string]] : []),
  ];
}

const itemTitle = (c: ChangedItem) => `${c.tickets.length > 0 ? `${c.tickets.join(', ')}: ` : ''}${c.title}${c.origin === 'manual' ? ' (made outside git)' : ''}`;

/** The answer as plain text for a terminal; user text is flattened to one line per field. Credentials are masked. */
export function whatChangedText(raw: WhatChanged, view: WhatChangedView = {}): string {
  const answer = scrubDeep(raw);
  const lines: string[] = [`What changed on ${answer.environment} before ${whenIn(answer.at, view)}${answer.since ? ` (since ${whenIn(answer.since, view)})` : ''}${answer.system ? `, ${answer.system} first` : ''} — from ${answer.basis}`];
  for (const p of answer.problems) lines.push(`! ${flat(p)}`);
  if (answer.deployments.length === 0) return [...lines, '', 'Nothing was deployed in this window.'].join('\n');
  lines.push('', 'Suspects, most likely first:');
  answer.suspects.slice(0, 5).forEach((s, i) => lines.push(`  ${i + 1}. [${s.score}] ${flat(s.title)} (${s.source === 'record' ? 'deployment ' : ''}${s.deployment}) — ${s.reasons.map(flat).join('; ')}`));
  for (const d of answer.deployments) {
    lines.push('', heading(d, answer.at));
    for (const c of d.changes) {
      lines.push(`  • ${flat(itemTitle(c))}`);
      for (const [label, value] of itemFields(c)) lines.push(`      ${label}: ${flat(value)}`);
    }
    if (d.unrecorded.length > 0) lines.push(`  • ${d.unrecorded.length} commit(s) without a change record: ${d.unrecorded.slice(0, 5).map((u) => `${short(u.sha)} ${flat(u.subject)}`).join('; ')}`);
    lines.push(`  Undo: ${flat(d.rollback.explanation)}`);
    if (d.rollback.command) lines.push(`    $ ${d.rollback.command}`);
  }
  return lines.join('\n');
}

/** The answer as Markdown to paste into a ticket or chat; every piece of user text is escaped. */
export function whatChangedMarkdown(raw: WhatChanged, view: WhatChangedView = {}): string {
  const answer = scrubDeep(raw);
  const lines: string[] = [`## What changed on ${markdownText(answer.environment, 60)} before ${markdownText(whenIn(answer.at, view), 120)}`, ''];
  lines.push(`*${answer.since ? `Since ${markdownText(whenIn(answer.since, view), 120)}` : 'From the first deployment'}; from ${answer.basis}${answer.system ? `; changes to ${markdownText(answer.system, 60)} first` : ''}.*`);
  for (const p of answer.problems) lines.push('', `> ⚠ ${markdownText(p, 400)}`);
  if (answer.deployments.length === 0) return `${[...lines, '', 'Nothing was deployed in this window.'].join('\n')}\n`;
  lines.push('', '### Suspects', '');
  answer.suspects.slice(0, 5).forEach((s, i) => lines.push(`${i + 1}. **${markdownText(s.title, 200)}** (score ${s.score}): ${markdownText(s.reasons.join('; '), 400)}`));
  for (const d of answer.deployments) {
    lines.push('', `### ${markdownText(heading(d, answer.at), 300)}`);
    for (const c of d.changes) {
      lines.push('', `#### ${markdownText(itemTitle(c), 200)}`, '');
      for (const [label, value] of itemFields(c)) lines.push(`- **${label}:** ${markdownText(value, 600)}`);
    }
    if (d.unrecorded.length > 0) lines.push('', `Commits without a change record: ${markdownText(d.unrecorded.slice(0, 10).map((u) => `${short(u.sha)} ${u.subject}`).join('; '), 800)}`);
    lines.push('', `**Undo:** ${markdownParagraph(d.rollback.explanation, 600)}`);
    // A fenced block keeps the command exact: nothing inside is Markdown.
    if (d.rollback.command) lines.push('', '```sh', d.rollback.command.replace(/```/g, '` ` `'), '```');
  }
  return `${lines.join('\n')}\n`;
}

/** The answer as JSON for pipelines (credentials masked). */
export function whatChangedJson(answer: WhatChanged): string {
  return JSON.stringify(scrubDeep(answer), null, 2);
}
