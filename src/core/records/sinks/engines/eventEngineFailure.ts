import { excerpt } from '../../../log';
import { TrackerError } from '../../../net/trackerError';
import { type ChannelResponse, commonFailure } from '../channelPost';

/** How long a delivery waits after an auth failure: time for someone to set the right key; the entry is kept, never dropped. */
export const AUTH_RETRY_MS = 15 * 60_000;

/**
 * A person's words for a non-2xx answer of DevLake or a CloudEvents receiver. Rate limits and
 * server errors come back with a retry time (commonFailure); 401/403 wait AUTH_RETRY_MS (a wrong
 * or missing key is fixed in SecretStorage or the environment, the entry itself is fine); any
 * other 4xx (a validation refusal) is final. The receiver's words only as a scrubbed excerpt.
 */
export function eventEngineFailure(label: string, res: ChannelResponse, now: number, fix: string, secrets: readonly string[]): Error {
  const common = commonFailure(label, res, now);
  if (common) return common;
  const detail = answerDetail(res.text, secrets);
  const said = detail ? `: ${detail}` : '';
  if (res.status === 401 || res.status === 403) {
    return new TrackerError(res.status === 401 ? 'auth' : 'forbidden', label, `refused the credentials (${res.status})${said}; ${fix}; trying again in ${AUTH_RETRY_MS / 60_000} min`, res.status, now + AUTH_RETRY_MS);
  }
  if (res.status === 404) return new TrackerError('notFound', label, `answered 404${said}: check the URL and connection in the team config`, 404);
  if (res.status >= 400 && res.status < 500) return new TrackerError('unexpected', label, `refused the entry (${res.status})${said}`, res.status);
  return new TrackerError('unexpected', label, `answered ${res.status} instead of 2xx; trying again later`, res.status);
}

// A JSON body's message (DevLake: {"success":false,"message":...}) or error, else the text; scrubbed, then cut.
function answerDetail(text: string, secrets: readonly string[]): string {
  let said = text;
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; causes?: unknown };
    if (typeof body.message === 'string') said = body.message;
    else if (typeof body.error === 'string') said = body.error;
  } catch {
    // Not JSON: the text itself.
  }
  return excerpt(said, 200, secrets.filter((s) => s.length >= 8));
}
