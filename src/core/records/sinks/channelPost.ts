import type { AxiosRequestConfig } from 'axios';
import { Agent } from 'node:https';
import { ChangeTrailError } from '../../errors';
import { type Logger, excerpt, silentLogger } from '../../log';
import { isOversized, retryAfterMs } from '../../net/httpClient';
import { loadAxios } from '../../net/loadAxios';
import { DEFAULT_NETWORK, type NetworkOptions } from '../../net/networkOptions';
import { TrackerError } from '../../net/trackerError';
import { channelUrlProblem, isLoopbackHost } from './channelUrls';
import { PermanentDeliveryError } from './recordSink';

export { isLoopbackHost } from './channelUrls';

/** Most bytes of a receiver's answer read ("ok", a short JSON error): more is a wrong URL or a hostile server, not an answer. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** What a chat webhook answered: the status and the body as text ("ok", "invalid_payload", JSON). */
export interface ChannelResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** Sends one POST to a chat webhook; tests replace it. `headers` add to (or replace) the JSON defaults. */
export interface ChannelPoster {
  post(url: URL, body: Buffer, signal?: AbortSignal, headers?: Readonly<Record<string, string>>): Promise<ChannelResponse>;
}

/**
 * Parses a chat webhook URL, refusing anything but https (or http to this machine). The URL is a
 * credential (whoever has it can post), so no message ever repeats it, whole or in part.
 */
export function checkChannelUrl(raw: string, what: string): URL {
  const problem = channelUrlProblem(raw, what);
  if (problem !== undefined) throw new ChangeTrailError('ConfigInvalid', problem);
  return new URL(raw.trim());
}

/** Text with every part of `url` that could let someone post (path, query values, the whole) replaced by ***. */
export function scrubUrl(text: string, url: URL): string {
  const secrets = new Set<string>([url.href, `${url.origin}${url.pathname}`, url.pathname + url.search, url.search.slice(1), url.pathname]);
  for (const value of url.searchParams.values()) secrets.add(value).add(encodeURIComponent(value));
  // Path segments that carry ids or tokens (digits, or long); words such as "services" are not secret.
  for (const segment of url.pathname.split('/')) if (/\d/.test(segment) || segment.length >= 20) secrets.add(segment);
  let out = text;
  // Longest first, so a whole URL is replaced before its pieces; short pieces ("/", "api") are not secret.
  for (const secret of [...secrets].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}

/** A logger that passes every message through scrubUrl first: no line it writes can hold the URL. */
export function scrubbingLogger(logger: Logger, url: URL): Logger {
  const clean = (message: string | Error) => scrubUrl(typeof message === 'string' ? message : (message.stack ?? message.message), url);
  return {
    trace: (m, ...args) => logger.trace(clean(m), ...args.map((a) => clean(String(a)))),
    debug: (m, ...args) => logger.debug(clean(m), ...args.map((a) => clean(String(a)))),
    info: (m, ...args) => logger.info(clean(m), ...args.map((a) => clean(String(a)))),
    warn: (m, ...args) => logger.warn(clean(m), ...args.map((a) => clean(String(a)))),
    error: (m, ...args) => logger.error(clean(m), ...args.map((a) => clean(String(a)))),
  };
}

/**
 * POSTs JSON to chat and record webhooks through the same network settings as the trackers (proxy,
 * CA, timeout). Unlike HttpClient it returns any status with the body as text, since Slack answers
 * "ok" and its errors as plain words, and it never follows a redirect (a POST would turn into a
 * GET) or logs the URL. The timeout is a total deadline for the request, not an idle timer: a
 * receiver trickling a byte every few seconds cannot hold a delivery. A loopback URL never goes
 * through a proxy (configured or from HTTP(S)_PROXY): a proxy cannot reach this machine's ports.
 */
export class ChannelHttp implements ChannelPoster {
  constructor(
    private readonly label: string,
    private readonly network: NetworkOptions = DEFAULT_NETWORK,
    private readonly logger: Logger = silentLogger,
  ) {}

  async post(url: URL, body: Buffer, signal?: AbortSignal, headers: Readonly<Record<string, string>> = {}): Promise<ChannelResponse> {
    const axios = await loadAxios();
    const started = Date.now();
    const deadline = AbortSignal.timeout(this.network.timeoutMs);
    const config: AxiosRequestConfig = {
      method: 'POST',
      url: url.href,
      data: body,
      headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json, text/plain', 'User-Agent': 'ChangeTrail', ...headers },
      timeout: this.network.timeoutMs,
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: MAX_ANSWER_BYTES,
    };
    if (isLoopbackHost(url.hostname)) config.proxy = false;
    else if (this.network.proxy) {
      const proxy = new URL(this.network.proxy);
      config.proxy = { protocol: proxy.protocol.replace(':', ''), host: proxy.hostname, port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)) };
    }
    if (url.protocol === 'https:' && (this.network.ca || !this.network.strictSSL)) config.httpsAgent = new Agent({ ca: this.network.ca, rejectUnauthorized: this.network.strictSSL });
    try {
      const res = await axios.request<string>(config);
      this.logger.trace(`> POST ${this.label} ${res.status} [${Date.now() - started}ms]`);
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      return { status: res.status, headers, text: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
    } catch (error) {
      throw this.networkError(error as { code?: string; message?: string; name?: string }, url, signal, deadline);
    }
  }

  private networkError(error: { code?: string; message?: string; name?: string }, url: URL, signal: AbortSignal | undefined, deadline: AbortSignal): TrackerError {
    const host = url.host;
    if (deadline.aborted && !signal?.aborted) return new TrackerError('unreachable', this.label, `${host} did not answer within ${this.network.timeoutMs / 1000} s`);
    if (signal?.aborted || error.code === 'ERR_CANCELED' || error.name === 'CanceledError') return new TrackerError('cancelled', this.label, 'request cancelled');
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new TrackerError('unreachable', this.label, `${host} did not answer within ${this.network.timeoutMs / 1000} s`);
    if (isOversized(error)) return new TrackerError('unexpected', this.label, `${host} answered with more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; ChangeTrail stopped reading (is the URL a chat or webhook receiver?)`);
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new TrackerError('unreachable', this.label, `cannot resolve ${host} (offline?)`);
    if (error.code === 'ECONNREFUSED') return new TrackerError('unreachable', this.label, `${host} refused the connection`);
    if (/certificate|self[- ]signed|CERT_/i.test(`${error.code} ${error.message}`)) return new TrackerError('unreachable', this.label, `TLS certificate of ${host} not trusted: add your CA (changetrail.network.caFile)`);
    return new TrackerError('unreachable', this.label, `cannot reach ${host}: ${excerpt(scrubUrl(error.message ?? String(error), url), 200)}`);
  }
}

/** Failures every chat webhook shares: rate limits and server errors are retried, a redirect is a wrong URL. */
export function commonFailure(label: string, res: ChannelResponse, now: number): Error | undefined {
  const wait = retryAfterMs(res.headers['retry-after'], now);
  if (res.status === 429) {
    // No Retry-After: a minute is what Slack and Power Automate throttles typically last.
    const ms = wait ?? 60_000;
    return new TrackerError('rateLimited', label, `rate limited (429); trying again in ${Math.ceil(ms / 1000)} s`, 429, now + ms);
  }
  if (res.status >= 500) return new TrackerError('server', label, `the service failed (${res.status}); trying again later`, res.status, wait === undefined ? undefined : now + wait);
  if (res.status === 408) return new TrackerError('unreachable', label, 'the service timed out (408); trying again later', 408);
  if (res.status >= 300 && res.status < 400) return new PermanentDeliveryError(`${label}: the webhook answered with a redirect (${res.status}${redirectTarget(res)}), which is not followed: the URL is out of date; set the current one`);
  return undefined;
}

// Only the host of a redirect's target: its path and query may carry the new URL's token.
function redirectTarget(res: ChannelResponse): string {
  try {
    return res.headers.location ? ` to ${new URL(res.headers.location).host}` : '';
  } catch {
    return '';
  }
}
