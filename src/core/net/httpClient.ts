import type { AxiosRequestConfig } from 'axios';
import { Agent } from 'node:https';
import { type Logger, excerpt, redact, silentLogger } from '../log';
import { loadAxios } from './loadAxios';
import { DEFAULT_NETWORK, type NetworkOptions } from './networkOptions';
import { type Clock, systemClock } from '../clock';
import { rateLimitRetryAt, retryAfterMs as parseRetryAfter } from './rateLimit';
import { TrackerError } from './trackerError';

export { DEFAULT_NETWORK, type NetworkOptions } from './networkOptions';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly params?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Redirects to follow (default 5). Webhooks use 0: a redirect would turn the POST into a bodiless GET. */
  readonly maxRedirects?: number;
  /**
   * Error statuses whose JSON body the caller reads itself instead of a TrackerError (Linear
   * answers GraphQL errors, rate limits included, with 400 and an errors[] body).
   */
  readonly bodyOnStatus?: readonly number[];
  /**
   * Credentials the request carries outside its headers (an OAuth client secret in the body):
   * masked, like the headers' own, in any text of the answer that reaches a message or the caller.
   */
  readonly secrets?: readonly string[];
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Parsed JSON. */
  readonly data: unknown;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  return parseRetryAfter(value, now);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });

type RawResponse = { status: number; headers: Record<string, string>; text: string };

/**
 * Most bytes one tracker answer may hold. A page of 100 issues with their bodies is a few MB; a
 * server streaming without end would otherwise fill the editor's memory within the deadline.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Whether axios stopped reading because an answer passed maxContentLength. */
export function isOversized(error: { message?: string }): boolean {
  return /maxContentLength size of \d+ exceeded/.test(error.message ?? '');
}

/**
 * JSON over HTTP for tracker providers: a total deadline per request, cancellation, rate limits
 * (one short wait at most, else a TrackerError with retryAt), proxies,
 * custom CA. Every failure becomes a TrackerError whose message a person can act on; request
 * headers (credentials) never reach a message or the log.
 */
export class HttpClient {
  constructor(
    readonly tracker: string,
    private readonly network: NetworkOptions = DEFAULT_NETWORK,
    private readonly logger: Logger = silentLogger,
    private readonly clock: Clock = systemClock,
  ) {}

  /** "Now" for retry times; the same clock the outbox schedules with. */
  now(): number {
    return this.clock.now();
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.once(req);
      const retryAt = req.bodyOnStatus?.includes(response.status) ? undefined : rateLimitRetryAt(response.status, response.headers, response.text, this.clock.now());
      if (retryAt === undefined) return this.check(req, response);
      const wait = Math.max(0, retryAt - this.clock.now());
      // One short wait at most: a second identical request into a limit is the burst trackers ban for.
      if (attempt >= 1 || wait > this.network.maxRetryWaitMs) {
        const hint = response.status === 403 && req.headers?.Authorization === undefined ? '; signing in raises the limit' : '';
        throw new TrackerError('rateLimited', this.tracker, `rate limit reached (${response.status}); try again in ${Math.max(1, Math.ceil(wait / 1000))} s (ChangeTrail retries then)${hint}`, response.status, retryAt, response.headers);
      }
      this.logger.info(`${this.tracker}: rate limited, retrying in ${wait} ms`);
      try {
        await sleep(wait, req.signal);
      } catch {
        throw new TrackerError('cancelled', this.tracker, 'request cancelled');
      }
    }
  }

  private async once(req: HttpRequest): Promise<RawResponse> {
    const axios = await loadAxios();
    const started = Date.now();
    // A total deadline: axios's own timeout restarts with every byte, so a server that trickles
    // its answer would hold the request for as long as it liked.
    const deadline = AbortSignal.timeout(this.network.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    const config: AxiosRequestConfig = {
      method: req.method ?? 'GET',
      url: req.url,
      params: req.params,
      data: req.body,
      headers: { Accept: 'application/json', 'User-Agent': 'ChangeTrail', ...req.headers },
      signal,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: req.maxRedirects ?? 5,
      maxContentLength: MAX_RESPONSE_BYTES,
    };
    // axios drops only Authorization and Cookie on a redirect to another host; PRIVATE-TOKEN or an
    // API-key header would go along. So a redirect never leaves this host and port (an upgrade to https is fine).
    let refused: string | undefined;
    config.beforeRedirect = (options: Record<string, unknown>) => {
      const to = redirectTarget(options);
      if (to && sameHost(req.url, to)) return;
      refused = to?.host ?? 'an unreadable address';
      throw new Error('redirect to another host refused');
    };
    if (this.network.proxy) {
      const proxy = new URL(this.network.proxy);
      config.proxy = { protocol: proxy.protocol.replace(':', ''), host: proxy.hostname, port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)) };
    }
    if (req.url.startsWith('https:') && (this.network.ca || !this.network.strictSSL)) {
      config.httpsAgent = new Agent({ ca: this.network.ca, rejectUnauthorized: this.network.strictSSL });
    }
    try {
      const res = await axios.request<string>(config);
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      this.logger.trace(`> ${config.method} ${shownUrl(req.url)} ${res.status} [${Date.now() - started}ms]`);
      return { status: res.status, headers, text: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
    } catch (error) {
      // Most often a single sign-on or proxy login page (which used to come back as an HTML page):
      // a correct base URL then needs a new sign-in, not an edit.
      if (refused !== undefined) throw new TrackerError('unexpected', this.tracker, `${safeHost(req.url)} redirected to another host (${refused}), ChangeTrail sends no credentials there: a single sign-on or proxy login page? (the token is missing or expired: sign in again) Or a wrong base URL: check it`);
      throw this.networkError(error as { code?: string; message?: string; name?: string }, req, deadline);
    }
  }

  private check(req: HttpRequest, res: RawResponse): HttpResponse {
    const where = shownUrl(req.url);
    const looksHtml = /^\s*</.test(res.text) || (res.headers['content-type'] ?? '').includes('text/html');
    const h = res.headers;
    if (req.bodyOnStatus?.includes(res.status) || (res.status >= 300 && res.status < 400)) {
      // The caller reads these itself (a GraphQL error body, a validation refusal, a redirect it did
      // not follow) and may quote them: what the receiver echoed of the credentials goes first.
      return { status: res.status, headers: h, data: parseOrNull(maskAll(res.text, secretsOf(req))) };
    }
    if (res.status === 401) throw new TrackerError('auth', this.tracker, 'the tracker refused the credentials (401): sign in again with "ChangeTrail: Sign In to Tracker..."', 401, undefined, h);
    if (res.status === 403) throw new TrackerError('forbidden', this.tracker, `access denied (403) to ${where}: the account may lack permission, or the token a scope`, 403, undefined, h);
    if (res.status === 404) throw new TrackerError('notFound', this.tracker, `not found (404): ${where}; check the base URL and project in .changetrail/config.json`, 404, undefined, h);
    if (res.status === 410) throw new TrackerError('notFound', this.tracker, `gone (410): ${where} was deleted`, 410, undefined, h);
    if (res.status >= 500) throw new TrackerError('server', this.tracker, `the tracker failed (${res.status}); try again later`, res.status, undefined, h);
    if (res.status >= 400) throw new TrackerError('unexpected', this.tracker, `the tracker refused the request (${res.status})${errorDetail(res.text, secretsOf(req))}`, res.status, undefined, h);
    if (looksHtml) {
      throw new TrackerError('unexpected', this.tracker, 'the tracker answered with an HTML page instead of JSON (a single sign-on or proxy login page?); check the base URL and sign in', res.status);
    }
    let data: unknown;
    try {
      data = res.text === '' ? null : JSON.parse(res.text);
    } catch {
      throw new TrackerError('unexpected', this.tracker, `the tracker answered with malformed JSON from ${where}`, res.status);
    }
    return { status: res.status, headers: res.headers, data };
  }

  private networkError(error: { code?: string; message?: string; name?: string }, req: HttpRequest, deadline: AbortSignal): TrackerError {
    const host = safeHost(req.url);
    if (req.signal?.aborted) return new TrackerError('cancelled', this.tracker, 'request cancelled');
    if (deadline.aborted || error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new TrackerError('unreachable', this.tracker, `${host} did not answer within ${this.network.timeoutMs / 1000} s`);
    if (error.code === 'ERR_CANCELED' || error.name === 'CanceledError') return new TrackerError('cancelled', this.tracker, 'request cancelled');
    if (isOversized(error)) return new TrackerError('unexpected', this.tracker, `${host} answered ${shownUrl(req.url)} with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB; ChangeTrail stopped reading (check the base URL, or a proxy in between)`);
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new TrackerError('unreachable', this.tracker, `cannot resolve ${host} (offline, or a wrong base URL?)`);
    if (error.code === 'ECONNREFUSED') return new TrackerError('unreachable', this.tracker, `${host} refused the connection`);
    if (/certificate|self[- ]signed|CERT_/i.test(`${error.code} ${error.message}`)) {
      return new TrackerError('unreachable', this.tracker, `TLS certificate of ${host} not trusted: add your CA (changetrail.network.caFile) or, if you must, turn off http.proxyStrictSSL`);
    }
    return new TrackerError('unreachable', this.tracker, `cannot reach ${host}: ${redact(error.message ?? String(error))}`);
  }
}

/** Every credential the request carried, as a tracker might echo it back: header values, their tokens, Basic's parts, and its other secrets. */
function secretsOf({ headers = {}, secrets: carried = [] }: Pick<HttpRequest, 'headers' | 'secrets'>): string[] {
  const secrets = new Set<string>(carried);
  for (const value of Object.values(headers)) {
    const parts = value.split(' ');
    const last = parts[parts.length - 1];
    secrets.add(value).add(last);
    if (/^basic$/i.test(parts[0] ?? '')) {
      const decoded = Buffer.from(last, 'base64').toString('utf8');
      secrets.add(decoded);
      decoded.split(':').forEach((p) => secrets.add(p));
    }
  }
  return [...secrets].filter((secret) => secret.length >= 8 && !/^application\//.test(secret));
}

/** `text` with every secret replaced by *** (longest first, so a header value goes before the token in it). */
function maskAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}

function parseOrNull(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** A request's URL as a message or the log may show it: no query string, no user:password@. */
function shownUrl(url: string): string {
  return redact(url.split('?')[0]);
}

/** Where follow-redirects is about to go (it passes the next request's options, href included). */
function redirectTarget(options: Record<string, unknown>): URL | undefined {
  try {
    return new URL(String(options.href));
  } catch {
    return undefined;
  }
}

/**
 * The same host and port (another port is another service, maybe another user's), and no downgrade
 * from https; http on its default port may move to https on its default port. Where a tracker may
 * send its own requests on.
 */
export function sameHost(from: string, to: URL): boolean {
  try {
    const origin = new URL(from);
    if (origin.hostname !== to.hostname) return false;
    if (to.protocol === origin.protocol) return to.port === origin.port;
    return origin.protocol === 'http:' && to.protocol === 'https:' && origin.port === '' && to.port === '';
  } catch {
    return false;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the tracker';
  }
}

function errorDetail(text: string, secrets: readonly string[]): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; errorMessages?: unknown };
    const message = typeof body.message === 'string' ? body.message : Array.isArray(body.errorMessages) ? body.errorMessages.join('; ') : undefined;
    // Masked before it is cut: a token split at the cut would escape every pattern.
    return message ? `: ${excerpt(message, 200, secrets)}` : '';
  } catch {
    return '';
  }
}
