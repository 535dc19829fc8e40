import { escapeMarkdown } from '../records/recordSummary';
import { type NoteDocument, toDocument } from './noteDocument';
import type { ChannelContent } from './noteSchema';
import { safeDocument } from './safeText';

/**
 * User text for one line of Markdown: recordSummary's escaping (whitespace collapsed, cut at
 * `max`, characters that start formatting, links or HTML escaped) plus `|`, which starts a table cell.
 */
export function markdownText(text: string, max = 300): string {
  return escapeMarkdown(text, max).replace(/\|/g, '\\|');
}

/** User text as a paragraph of its own: a leading #, -, +, = or "1." would make it a heading or a list. */
export function markdownParagraph(text: string, max = 2000): string {
  return markdownText(text, max).replace(/^([#+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A note or digest as Markdown for the clipboard (Jira, GitHub, Confluence, chat that takes Markdown). */
export function renderMarkdown(content: ChannelContent): string {
  return markdownDocument(toDocument(content));
}

/** A document as Markdown; every string in it is escaped. */
export function markdownDocument(raw: NoteDocument): string {
  const doc = safeDocument(raw);
  const lines: string[] = [`## ${markdownText(doc.title, 150)}`, ''];
  for (const fact of doc.facts) lines.push(`- **${markdownText(fact.label, 60)}:** ${markdownText(fact.value, 500)}`);
  for (const section of doc.sections) {
    lines.push('', `### ${section.tone === 'warning' ? '⚠ ' : ''}${markdownText(section.heading, 150)}`);
    if (section.text) lines.push('', markdownParagraph(section.text));
    for (const item of section.items ?? []) {
      lines.push('', `#### ${markdownText(item.title, 200)}`);
      if (item.meta) lines.push('', `*${markdownText(item.meta, 300)}*`);
      for (const paragraph of (item.body ?? '').split(/\n\s*\n/).filter((p) => p.trim() !== '')) lines.push('', markdownParagraph(paragraph));
      if (item.fields.length > 0) lines.push('');
      for (const field of item.fields) lines.push(`- **${markdownText(field.label, 60)}:** ${markdownText(field.value, 600)}`);
    }
    if (section.bullets?.length) lines.push('', ...section.bullets.map((b) => `- ${markdownText(b, 300)}`));
    if (section.more) lines.push(`- …and ${section.more} more`);
  }
  lines.push('', '---', '', markdownParagraph(doc.footer, 300));
  return `${lines.join('\n')}\n`;
}
