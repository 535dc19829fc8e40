/**
 * `text` in at most `max` UTF-16 code units (what Java-based APIs such as Jira count, and never
 * more code points than GitHub counts), with `ellipsis` at the end when cut. Never splits a
 * surrogate pair: half an emoji is a lone surrogate, which JSON carries as an escape that the
 * receiver refuses or shows as garbage.
 */
export function cutText(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ellipsis.length);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${ellipsis}`;
}
