/**
 * The ticket-ish token being typed before the cursor: a key prefix (`PROJ-1`, `proj`), `#12`,
 * `AB#3`, or one starting with the configured trigger character. Undefined mid-word or after
 * anything else. Linear in the line: `-?[0-9]*` after `[A-Za-z0-9_]*` re-read a run of digits at
 * every step back (a line " v" + 80,000 digits + "#" took 4 s); `(?:-[0-9]*)?` matches the same.
 */
export function typedToken(linePrefix: string, trigger: string): { text: string; start: number } | undefined {
  const escaped = trigger ? trigger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '';
  const pattern = new RegExp(`(?:^|[\\s(\\[:,])((?:AB#|#${escaped ? `|${escaped}` : ''})[0-9A-Za-z-]*|[A-Za-z][A-Za-z0-9_]*(?:-[0-9]*)?)$`);
  const m = pattern.exec(linePrefix);
  if (!m) return undefined;
  return { text: m[1], start: linePrefix.length - m[1].length };
}
