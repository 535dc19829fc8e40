import { type DocItem, type DocSection, type NoteDocument, toDocument } from './noteDocument';
import type { ChannelContent } from './noteSchema';
import { safeDocument, withoutBroadcasts } from './safeText';

/** The Adaptive Card elements a note uses. */
export type CardElement =
  | {
      readonly type: 'TextBlock';
      readonly text: string;
      readonly wrap: true;
      readonly size?: 'Small' | 'Medium' | 'Large';
      readonly weight?: 'Bolder';
      readonly color?: 'Attention' | 'Warning';
      readonly isSubtle?: boolean;
      readonly spacing?: 'None' | 'Small' | 'Medium';
      readonly separator?: boolean;
    }
  | { readonly type: 'FactSet'; readonly facts: readonly { readonly title: string; readonly value: string }[] }
  | { readonly type: 'Container'; readonly items: readonly CardElement[]; readonly separator?: boolean; readonly spacing?: 'Medium' };

/** An Adaptive Card, version 1.4 (what Teams renders on desktop, web and mobile). */
export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.4';
  readonly msteams: { readonly width: 'Full' };
  readonly fallbackText: string;
  readonly body: readonly CardElement[];
}

/**
 * What a Teams Workflows webhook ("Post to a channel when a webhook request is received") takes:
 * a message with the card as an attachment. The Office 365 connector MessageCard is retired.
 */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [{ readonly contentType: 'application/vnd.microsoft.card.adaptive'; readonly contentUrl: null; readonly content: AdaptiveCard }];
}

/** Teams refuses messages over about 28 KB; stay well under it. */
export const TEAMS_MAX_BYTES = 24_000;
const MAX_BULLETS = 40;
const ZWSP = '\u200b';

/**
 * User text for an Adaptive Card TextBlock or fact, which Teams reads as a Markdown subset (bold,
 * italic, lists, links) and never as HTML. A zero-width space between `]` and `(` keeps
 * `[text](url)` from becoming a disguised link, and one before a leading `-`, `*`, `+` or `1.`
 * keeps a line from turning into a list. With `oneLine`, whitespace collapses to single spaces.
 */
export function teamsText(text: string, max = 2000, oneLine = true): string {
  const flat = oneLine ? text.replace(/\s+/g, ' ').trim() : text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  const safe = withoutBroadcasts(flat).replace(/\]\s*\(/g, `]${ZWSP}(`).replace(/^(\s*)([-*+]|\d+\.)(\s)/gm, `$1${ZWSP}$2$3`);
  const chars = Array.from(safe);
  return chars.length <= max ? safe : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** A note or digest as a Teams Workflows webhook message with an Adaptive Card, under Teams' size limit. */
export function renderTeams(content: ChannelContent): TeamsMessage {
  return teamsDocument(toDocument(content));
}

/** A document as a Teams message; every string in it is made safe for the card's Markdown. */
export function teamsDocument(raw: NoteDocument): TeamsMessage {
  const doc = safeDocument(raw);
  const head: CardElement[] = [
    { type: 'TextBlock', text: teamsText(doc.title, 200), wrap: true, size: 'Large', weight: 'Bolder' },
    { type: 'FactSet', facts: doc.facts.map((f) => ({ title: teamsText(f.label, 60), value: teamsText(f.value, 600) })) },
  ];
  const parts = doc.sections.map(sectionElement);
  const footer: CardElement = { type: 'TextBlock', text: teamsText(doc.footer, 300), wrap: true, size: 'Small', isSubtle: true, separator: true };
  const build = (kept: CardElement[], left: number): TeamsMessage => {
    const notice: CardElement[] = left > 0 ? [{ type: 'TextBlock', text: `…${left} more part${left === 1 ? '' : 's'} left out to fit Teams; the full note is in the clipboard copy and the change log.`, wrap: true, isSubtle: true }] : [];
    const card: AdaptiveCard = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      fallbackText: teamsText(doc.summary, 500),
      body: [...head, ...kept, ...notice, footer],
    };
    return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
  };
  const whole = build(parts, 0);
  if (Buffer.byteLength(JSON.stringify(whole)) <= TEAMS_MAX_BYTES) return whole;
  // Whole sections go, last first, until the message fits. Each part is measured once (a comma
  // joins it to the body), so a digest of many systems is not serialised once per dropped section.
  const sizes = parts.map((p) => Buffer.byteLength(JSON.stringify(p)) + 1);
  const room = TEAMS_MAX_BYTES - Buffer.byteLength(JSON.stringify(build([], parts.length)));
  let keep = 0;
  for (let used = 0; keep < parts.length && used + sizes[keep] <= room; keep++) used += sizes[keep];
  // The notice's count has as many digits as with no part kept, or fewer: the estimate only errs short.
  for (; ; keep--) {
    const message = build(parts.slice(0, keep), parts.length - keep);
    if (keep === 0 || Buffer.byteLength(JSON.stringify(message)) <= TEAMS_MAX_BYTES) return message;
  }
}

function sectionElement(part: DocSection): CardElement {
  const items: CardElement[] = [
    { type: 'TextBlock', text: `${part.tone === 'warning' ? '⚠ ' : ''}${teamsText(part.heading, 150)}`, wrap: true, size: 'Medium', weight: 'Bolder', ...(part.tone === 'warning' ? { color: 'Warning' as const } : {}) },
  ];
  if (part.text) items.push({ type: 'TextBlock', text: teamsText(part.text, 2000), wrap: true });
  for (const item of part.items ?? []) items.push(itemElement(item));
  const bullets = part.bullets ?? [];
  for (const bullet of bullets.slice(0, MAX_BULLETS)) items.push({ type: 'TextBlock', text: `• ${teamsText(bullet, 400)}`, wrap: true, spacing: 'Small' });
  const more = (part.more ?? 0) + Math.max(0, bullets.length - MAX_BULLETS);
  if (more > 0) items.push({ type: 'TextBlock', text: `…and ${more} more`, wrap: true, isSubtle: true, spacing: 'Small' });
  return { type: 'Container', items, separator: true, spacing: 'Medium' };
}

function itemElement(item: DocItem): CardElement {
  const items: CardElement[] = [{ type: 'TextBlock', text: teamsText(item.title, 200), wrap: true, weight: 'Bolder' }];
  if (item.meta) items.push({ type: 'TextBlock', text: teamsText(item.meta, 300), wrap: true, isSubtle: true, spacing: 'None' });
  if (item.body) items.push({ type: 'TextBlock', text: teamsText(item.body, 1500, false), wrap: true });
  if (item.fields.length > 0) items.push({ type: 'FactSet', facts: item.fields.map((f) => ({ title: teamsText(f.label, 60), value: teamsText(f.value, 600) })) });
  return { type: 'Container', items, separator: true, spacing: 'Medium' };
}
