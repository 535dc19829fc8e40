import { type DocItem, type DocSection, type NoteDocument, toDocument } from './noteDocument';
import type { ChannelContent } from './noteSchema';
import { safeDocument, withoutBroadcasts } from './safeText';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

/** The Block Kit blocks a note uses. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text: SlackText }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] }
  | { readonly type: 'divider' };

/** An incoming-webhook message: Block Kit `blocks` and the `text` notifications and old clients show. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Slack's Block Kit limits that a note can reach. */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, fallbackText: 3000 } as const;

/**
 * User text for Slack mrkdwn: `&`, `<` and `>` become entities, as Slack asks, so `<!channel>`,
 * `<@U123>` and `<http://x|y>` are shown, never parsed into pings or links. Formatting characters
 * (`*`, `_`, `~`, backticks) are left as typed: they can only style text, and a rollback command
 * in backticks is meant to look like code. With `oneLine`, whitespace collapses to single spaces.
 */
export function slackText(text: string, max: number = SLACK_LIMITS.sectionText, oneLine = true): string {
  const flat = oneLine ? text.replace(/\s+/g, ' ').trim() : text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return cutEscaped(withoutBroadcasts(flat).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), max);
}

/** Cuts escaped text to `max` characters without splitting an entity or an emoji. */
function cutEscaped(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('').replace(/&[a-z]{0,4}$/, '').trimEnd()}…`;
}

/** A note or digest as an incoming-webhook message within Block Kit's limits (50 blocks, 3000 characters a section). */
export function renderSlack(content: ChannelContent): SlackMessage {
  return slackDocument(toDocument(content));
}

/** A document as a Slack message; every string in it is escaped. */
export function slackDocument(raw: NoteDocument): SlackMessage {
  const doc = safeDocument(raw);
  const blocks: SlackBlock[] = [
    // Header blocks take plain_text only, which Slack does not parse for mentions or links.
    { type: 'header', text: { type: 'plain_text', text: cutPlain(doc.title, SLACK_LIMITS.headerText), emoji: true } },
    ...chunks(doc.facts.map((f) => `*${slackText(f.label, 60)}:* ${slackText(f.value, 600)}`)).map(section),
  ];
  for (const part of doc.sections) blocks.push(...sectionBlocks(part));
  const footer: SlackBlock[] = [{ type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: slackText(doc.footer, 300) }] }];
  const room = SLACK_LIMITS.blocks - footer.length;
  if (blocks.length > room) {
    const left = blocks.length - (room - 1);
    blocks.splice(room - 1, blocks.length, section(`_…${left} more part${left === 1 ? '' : 's'} left out to fit Slack; the full note is in the clipboard copy and the change log._`));
  }
  return { text: slackText(doc.summary, SLACK_LIMITS.fallbackText), blocks: [...blocks, ...footer] };
}

function sectionBlocks(part: DocSection): SlackBlock[] {
  const heading = `*${part.tone === 'warning' ? ':warning: ' : ''}${slackText(part.heading, 150)}*`;
  const blocks: SlackBlock[] = [{ type: 'divider' }, section(part.text ? `${heading}\n${slackText(part.text, 2000)}` : heading)];
  for (const item of part.items ?? []) blocks.push(section(itemText(item)));
  const bullets = (part.bullets ?? []).map((b) => `• ${slackText(b, 400)}`);
  if (part.more) bullets.push(`_…and ${part.more} more_`);
  blocks.push(...chunks(bullets).map(section));
  return blocks;
}

function itemText(item: DocItem): string {
  const lines = [`*${slackText(item.title, 200)}*`];
  if (item.meta) lines.push(`_${slackText(item.meta, 300)}_`);
  if (item.body) lines.push(slackText(item.body, 1200, false));
  for (const field of item.fields) lines.push(`*${slackText(field.label, 60)}:* ${slackText(field.value, 500)}`);
  return lines.join('\n');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cutEscaped(text, SLACK_LIMITS.sectionText) } };
}

/** Lines packed into texts of at most a section's length. */
function chunks(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  let length = 0; // code points in current, counted once per line (linear in the input)
  for (const line of lines) {
    const size = codePoints(line);
    if (current && length + 1 + size > SLACK_LIMITS.sectionText) {
      out.push(current);
      current = line;
      length = size;
    } else {
      current = current ? `${current}\n${line}` : line;
      length = current === line ? size : length + 1 + size;
    }
  }
  if (current) out.push(current);
  return out;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

function cutPlain(text: string, max: number): string {
  const chars = Array.from(withoutBroadcasts(text.replace(/\s+/g, ' ').trim()));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
