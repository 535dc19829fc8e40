import type { AxiosRequestConfig } from 'axios';
import { Agent } from 'node:https';
import { type Logger, redact, silentLogger } from '../log';
import { loadAxios } from './loadAxios';
import { DEFAULT_NETWORK, type NetworkOptions } from './networkOptions';
import { TrackerError } from './trackerError';

export { DEFAULT_NETWORK, type NetworkOptions } from './networkOptions';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly params?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Redirects to follow (default 5). Webhooks use 0: a redirect would turn the POST into a bodiless GET. */
  readonly maxRedirects?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Parsed JSON. */
  readonly data: unknown;
}

/**
 * Whether an answer is a rate limit: 429; GitHub's 403 with retry-after or an exhausted
 * x-ratelimit-remaining; a 503 that says when to come back (Atlassian does).
 */
function isRateLimited(res: { status: number; headers: Record<string, string> }): boolean {
  if (res.status === 429) return true;
  if (res.status === 403) return res.headers['retry-after'] !== undefined || res.headers['x-ratelimit-remaining'] === '0';
  return res.status === 503 && res.headers['retry-after'] !== undefined;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });

/**
 * JSON over HTTP for tracker providers: timeouts, cancellation, 429 with Retry-After, proxies,
 * custom CA. Every failure becomes a TrackerError whose message a person can act on; request
 * headers (credentials) never reach a message or the log.
 */
export class HttpClient {
  constructor(
    readonly tracker: string,
    private readonly network: NetworkOptions = DEFAULT_NETWORK,
    private readonly logger: Logger = silentLogger,
  ) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.once(req);
      if (!isRateLimited(response)) return this.check(req, response);
      const reset = Number(response.headers['x-ratelimit-reset']);
      const wait = retryAfterMs(response.headers['retry-after']) ?? (reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : 1000 * 2 ** attempt);
      if (attempt >= 2 || wait > this.network.maxRetryWaitMs) {
        throw new TrackerError('rateLimited', this.tracker, `rate limit reached; try again in ${Math.ceil(wait / 1000)} s`, response.status, Date.now() + wait);
      }
      this.logger.info(`${this.tracker}: rate limited, retrying in ${wait} ms`);
      try {
        await sleep(wait, req.signal);
      } catch {
        throw new TrackerError('cancelled', this.tracker, 'request cancelled');
      }
    }
  }

  private async once(req: HttpRequest): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const axios = await loadAxios();
    const started = Date.now();
    const config: AxiosRequestConfig = {
      method: req.method ?? 'GET',
      url: req.url,
      params: req.params,
      data: req.body,
      headers: { Accept: 'application/json', 'User-Agent': 'ChangeTrail', ...req.headers },
      timeout: this.network.timeoutMs,
      signal: req.signal,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: req.maxRedirects ?? 5,
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
      this.logger.trace(`> ${config.method} ${redact(stripQuery(req.url))} ${res.status} [${Date.now() - started}ms]`);
      return { status: res.status, headers, text: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
    } catch (error) {
      throw this.networkError(error as { code?: string; message?: string; name?: string }, req);
    }
  }

  private check(req: HttpRequest, res: { status: number; headers: Record<string, string>; text: string }): HttpResponse {
    const where = stripQuery(req.url);
    const looksHtml = /^\s*</.test(res.text) || (res.headers['content-type'] ?? '').includes('text/html');
    if (res.status === 401) throw new TrackerError('auth', this.tracker, 'the tracker refused the credentials (401): sign in again with "ChangeTrail: Sign In to Tracker..."', 401);
    if (res.status === 403) throw new TrackerError('forbidden', this.tracker, `access denied (403) to ${where}: the account may lack permission, or the token a scope`, 403);
    if (res.status === 404) throw new TrackerError('notFound', this.tracker, `not found (404): ${where}; check the base URL and project in .changetrail/config.json`, 404);
    if (res.status >= 500) throw new TrackerError('server', this.tracker, `the tracker failed (${res.status}); try again later`, res.status);
    if (res.status >= 400) throw new TrackerError('unexpected', this.tracker, `the tracker refused the request (${res.status})${scrub(errorDetail(res.text), req.headers)}`, res.status);
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

  private networkError(error: { code?: string; message?: string; name?: string }, req: HttpRequest): TrackerError {
    if (req.signal?.aborted || error.code === 'ERR_CANCELED' || error.name === 'CanceledError') return new TrackerError('cancelled', this.tracker, 'request cancelled');
    const host = safeHost(req.url);
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new TrackerError('unreachable', this.tracker, `${host} did not answer within ${this.network.timeoutMs / 1000} s`);
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new TrackerError('unreachable', this.tracker, `cannot resolve ${host} (offline, or a wrong base URL?)`);
    if (error.code === 'ECONNREFUSED') return new TrackerError('unreachable', this.tracker, `${host} refused the connection`);
    if (/certificate|self[- ]signed|CERT_/i.test(`${error.code} ${error.message}`)) {
      return new TrackerError('unreachable', this.tracker, `TLS certificate of ${host} not trusted: add your CA (changetrail.network.caFile) or, if you must, turn off http.proxyStrictSSL`);
    }
    return new TrackerError('unreachable', this.tracker, `cannot reach ${host}: ${redact(error.message ?? String(error))}`);
  }
}

/** Removes every credential the request carried from text the tracker sent back (some echo them). */
function scrub(text: string, headers: Record<string, string> = {}): string {
  const secrets = new Set<string>();
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
  let out = text;
  for (const secret of secrets) if (secret.length >= 8 && !/^application\//.test(secret)) out = out.split(secret).join('***');
  return out;
}

function stripQuery(url: string): string {
  return url.split('?')[0];
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the tracker';
  }
}

function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; errorMessages?: unknown };
    const message = typeof body.message === 'string' ? body.message : Array.isArray(body.errorMessages) ? body.errorMessages.join('; ') : undefined;
    return message ? `: ${redact(message).slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
