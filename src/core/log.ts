/** Severity-levelled logger that core code receives as an argument; the host plugs in a LogOutputChannel. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** A logger that drops everything: for callers that have nothing to say. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

// Keys whose values must never reach a log line, whatever object they sit in.
const secretKey = /(token|password|secret|authorization|api[-_]?key|cookie)/i;
// Credentials that appear inline: Bearer/Basic headers and user:password@ in URLs.
const inlineSecrets: RegExp[] = [
  /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /(\/\/[^/\s:@]+:)[^@\s/]+@/g,
];

/** Masks credentials in a string so it can be logged. */
export function redact(text: string): string {
  let out = text;
  out = out.replace(inlineSecrets[0], (_m, scheme: string) => `${scheme} ***`);
  out = out.replace(inlineSecrets[1], (_m, prefix: string) => `${prefix}***@`);
  return out;
}

/** Returns a copy of a value safe to log: secret-looking keys masked, strings redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return redact(value.stack ?? value.message);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = secretKey.test(key) ? '***' : redactValue(v, depth + 1);
  }
  return out;
}
