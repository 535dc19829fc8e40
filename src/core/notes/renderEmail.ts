import { type NoteDocument, toDocument } from './noteDocument';
import type { ChannelContent } from './noteSchema';
import { safeDocument, wellFormed } from './safeText';

/** A note as e-mail: a `mailto:` link to open in the mail client, and the text and HTML bodies. */
export interface EmailMessage {
  readonly subject: string;
  /** Plain text with CRLF line ends, as mail wants. */
  readonly text: string;
  /** For clients and tools that take HTML; every string escaped. */
  readonly html: string;
  /** `mailto:` with recipients, subject and the text body (cut to fit, see MAILTO_MAX). */
  readonly mailto: string;
  /** Whether the body in `mailto` had to be cut. */
  readonly cut: boolean;
}

/** Recipients of the mailto: link (the channel's `to` and `cc`). */
export interface EmailOptions {
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
}

/** Mail clients (Outlook on Windows the first) drop or refuse mailto links much over 2,000 characters. */
export const MAILTO_MAX = 2000;

// Control characters other than tab and newline have no place in a mail body or header.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function one(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A note or digest as an e-mail. */
export function renderEmail(content: ChannelContent, options: EmailOptions = {}): EmailMessage {
  return emailDocument(toDocument(content), options);
}

/** A document as an e-mail. */
export function emailDocument(raw: NoteDocument, options: EmailOptions = {}): EmailMessage {
  const doc = safeDocument(raw);
  // Cut by code points, then made well formed: half an emoji would make encodeURIComponent throw.
  const subject = wellFormed(Array.from(one(doc.summary)).slice(0, 200).join(''));
  const lines = textLines(doc);
  const text = lines.join('\r\n');
  const base = mailtoBase(options);
  const head = `${base}${base.includes('?') ? '&' : '?'}subject=${encodeURIComponent(subject)}&body=`;
  let mailto = `${head}${encodeURIComponent(text)}`;
  let cut = false;
  if (mailto.length > MAILTO_MAX) {
    // Keep the most whole lines that fit beside the notice. Each line is encoded once: re-encoding
    // the body per dropped line took minutes for a long description.
    cut = true;
    const sizes = lines.map((line) => encodeURIComponent(line).length + CRLF_ENCODED);
    const room = MAILTO_MAX - head.length - CRLF_ENCODED - encodeURIComponent(CUT_NOTICE).length;
    let kept = 0;
    for (let used = 0; kept < lines.length - 1 && used + sizes[kept] <= room; kept++) used += sizes[kept];
    mailto = `${head}${encodeURIComponent([...lines.slice(0, kept), '', CUT_NOTICE].join('\r\n'))}`;
  }
  return { subject, text, html: htmlDocument(doc), mailto, cut };
}

const CUT_NOTICE = '[Cut to fit an e-mail link: the full note is in the change log.]';
const CRLF_ENCODED = encodeURIComponent('\r\n').length;

function mailtoBase(options: EmailOptions): string {
  // Addresses keep their "@" readable; anything that could end the address part is encoded.
  const address = (a: string) => encodeURIComponent(wellFormed(one(a))).replace(/%40/g, '@');
  const to = (options.to ?? []).map(address).join(',');
  const cc = (options.cc ?? []).map(address).join(',');
  return `mailto:${to}${cc ? `?cc=${cc}` : ''}`;
}

function textLines(doc: NoteDocument): string[] {
  const title = one(doc.title);
  const lines = [title, '='.repeat(Math.min(title.length, 60)), ''];
  for (const f of doc.facts) lines.push(`${one(f.label)}: ${one(f.value)}`);
  for (const s of doc.sections) {
    lines.push('', `${s.tone === 'warning' ? '! ' : ''}${one(s.heading).toUpperCase()}`);
    if (s.text) lines.push(one(s.text));
    for (const item of s.items ?? []) {
      lines.push('', `* ${one(item.title)}`);
      if (item.meta) lines.push(`  ${one(item.meta)}`);
      for (const p of (item.body ?? '').split(/\n\s*\n/).filter((x) => x.trim() !== '')) lines.push(`  ${one(p)}`);
      for (const f of item.fields) lines.push(`  ${one(f.label)}: ${one(f.value)}`);
    }
    for (const b of s.bullets ?? []) lines.push(`- ${one(b)}`);
    if (s.more) lines.push(`- ...and ${s.more} more`);
  }
  lines.push('', '--', one(doc.footer));
  return lines;
}

function htmlDocument(doc: NoteDocument): string {
  const h = (text: string) => escapeHtml(one(text));
  const out = [`<h2>${h(doc.title)}</h2>`, '<ul>', ...doc.facts.map((f) => `<li><strong>${h(f.label)}:</strong> ${h(f.value)}</li>`), '</ul>'];
  for (const s of doc.sections) {
    out.push(`<h3>${s.tone === 'warning' ? '&#9888; ' : ''}${h(s.heading)}</h3>`);
    if (s.text) out.push(`<p>${h(s.text)}</p>`);
    for (const item of s.items ?? []) {
      out.push(`<h4>${h(item.title)}</h4>`);
      if (item.meta) out.push(`<p><em>${h(item.meta)}</em></p>`);
      for (const p of (item.body ?? '').split(/\n\s*\n/).filter((x) => x.trim() !== '')) out.push(`<p>${h(p)}</p>`);
      if (item.fields.length > 0) out.push('<ul>', ...item.fields.map((f) => `<li><strong>${h(f.label)}:</strong> ${h(f.value)}</li>`), '</ul>');
    }
    const bullets = [...(s.bullets ?? []).map(h), ...(s.more ? [`…and ${s.more} more`] : [])];
    if (bullets.length > 0) out.push('<ul>', ...bullets.map((b) => `<li>${b}</li>`), '</ul>');
  }
  out.push('<hr>', `<p><small>${h(doc.footer)}</small></p>`);
  return `${out.join('\n')}\n`;
}
