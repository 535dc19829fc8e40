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

// Query parameters and chat-webhook paths that carry credentials, beyond what redact() masks.
// Values shorter than 8 characters ("exit code=1") are not credentials.
const SECRET_PARAM = /\b((?:access_?)?token|sig|signature|secret|password|passwd|api[-_]?key|key|code|auth)=[^&\s"'<>]{8,}/gi;
const WEBHOOK_PATH = /\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g;
const WHSEC = /\bwhsec_[A-Za-z0-9+/=]{8,}/g;

/**
 * Text with credentials masked: the given `secrets` (longest first, so a whole URL goes before the
 * token inside it), what redact() knows, token=/sig=/key= parameters, chat webhook paths, whsec_ keys.
 * Whatever cuts text that may hold one calls this first.
 */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return redact(out).replace(SECRET_PARAM, (_m, name: string) => `${name}=***`).replace(WEBHOOK_PATH, '/services/***').replace(WHSEC, 'whsec_***');
}

/**
 * A short piece of untrusted text (a receiver's error body, an exception message) fit for a log
 * line or an error: first every credential is masked (the given `secrets`, then what redact()
 * knows, token=/sig=/key= parameters, chat webhook paths, whsec_ keys), only then is it cut to
 * `max` characters. Cutting first would leave a secret split at the cut, where no pattern sees it.
 */
export function excerpt(text: string, max: number, secrets: readonly string[] = []): string {
  const flat = maskSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
