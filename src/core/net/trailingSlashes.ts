/**
 * `text` without the slashes it ends with, in linear time: `replace(/\/+$/, '')` backtracks over
 * every run of slashes that does not reach the end (quadratic on a hostile URL).
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}
