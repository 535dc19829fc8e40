import { type Logger, excerpt } from '../../../log';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../../net/httpClient';
import { DEFAULT_NETWORK } from '../../../net/networkOptions';
import { TrackerError } from '../../../net/trackerError';
import type { EngineSinkSetup } from './engineSinkSetup';
import { PermanentDeliveryError } from '../recordSink';

/** Statuses whose body an engine sink reads itself: validation answers name the field at fault. */
export const VALIDATION_STATUSES = [400, 409, 422] as const;

/**
 * JSON requests of an engine sink through the project's HttpClient (total deadline, proxy, CA,
 * rate limits with retryAt as GitHub, Jira and GitLab document them), with refusals reworded for
 * the engine: what to set, which secret, never the secret itself.
 */
export class EngineHttp {
  private readonly client: HttpClient;

  constructor(
    readonly label: string,
    setup: Pick<EngineSinkSetup, 'network' | 'logger' | 'clock'>,
    private readonly hints: { readonly auth: string; readonly forbidden: string; readonly notFound: string },
  ) {
    this.client = new HttpClient(label, setup.network ?? DEFAULT_NETWORK, setup.logger, setup.clock);
  }

  now(): number {
    return this.client.now();
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    try {
      const res = await this.client.request({ maxRedirects: 0, bodyOnStatus: VALIDATION_STATUSES, ...req });
      // Never followed (a POST would turn into a GET, the token would go to another host): a moved API is a configuration fix.
      if (res.status >= 300 && res.status < 400) throw new PermanentDeliveryError(`${this.label}: the API answered with a redirect (${res.status}); check the engine's apiBaseUrl`);
      return res;
    } catch (error) {
      if (!(error instanceof TrackerError) || error.retryAt !== undefined) throw error;
      const reword = (message: string) => new TrackerError(error.kind, this.label, message, error.status, undefined, error.headers);
      if (error.kind === 'auth') return Promise.reject(reword(`the credentials were refused (401): ${this.hints.auth}`));
      if (error.kind === 'forbidden') return Promise.reject(reword(`access denied (403): ${this.hints.forbidden}`));
      if (error.kind === 'notFound') return Promise.reject(reword(`not found (${error.status ?? 404}): ${this.hints.notFound}`));
      throw error;
    }
  }
}

/** The messages of a validation answer (Jira `errors[].message` or `errorMessages`, GitHub `message` + `errors[]`, GitLab `message`/`error`), one line. */
export function validationMessages(data: unknown): string {
  const out: string[] = [];
  const body = (data ?? {}) as { message?: unknown; error?: unknown; errors?: unknown; errorMessages?: unknown };
  if (typeof body.message === 'string') out.push(body.message);
  else if (body.message && typeof body.message === 'object') {
    for (const [field, said] of Object.entries(body.message as Record<string, unknown>)) out.push(`${field} ${Array.isArray(said) ? said.join(', ') : String(said)}`);
  }
  if (typeof body.error === 'string') out.push(body.error);
  // Jira's common error shape: {errorMessages: [...], errors: {field: message}}.
  if (Array.isArray(body.errorMessages)) out.push(...body.errorMessages.filter((m): m is string => typeof m === 'string'));
  if (body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)) {
    for (const [field, said] of Object.entries(body.errors as Record<string, unknown>)) if (typeof said === 'string') out.push(`${field}: ${said}`);
  }
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (typeof e === 'string') out.push(e);
      else if (e && typeof e === 'object') {
        const { message, field, code } = e as { message?: unknown; field?: unknown; code?: unknown };
        out.push(typeof message === 'string' ? message : [field, code].filter((x) => typeof x === 'string').join(' '));
      }
    }
  }
  return excerpt(out.filter(Boolean).join('; ') || 'no reason given', 300);
}

/** A validation answer (400/409/422) as the permanent failure it is: the same entry would be refused again. */
export function refusal(label: string, res: HttpResponse): PermanentDeliveryError {
  return new PermanentDeliveryError(`${label}: refused (${res.status}): ${validationMessages(res.data)}`);
}

/** Logs and returns a warning (one line). */
export function warn(logger: Logger, label: string, message: string): string {
  logger.warn(`${label}: ${message}`);
  return message;
}
