/**
 * When a rate-limited answer may be retried, as the trackers document it:
 * - GitHub (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *   403 or 429; `retry-after` seconds when present; else, only when `x-ratelimit-remaining` is 0,
 *   the `x-ratelimit-reset` epoch seconds; else (a secondary limit) at least one minute.
 * - Jira Cloud (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/): 429 (and some
 *   503) with Retry-After.
 * - GitLab (https://docs.gitlab.com/user/gitlab_com/#rate-limits-on-gitlabcom): 429 with Retry-After.
 * Returns undefined when the answer is not a rate limit (a 403 for want of permission).
 */
export function rateLimitRetryAt(status: number, headers: Readonly<Record<string, string>>, body: string, now: number): number | undefined {
  const retryAfter = retryAfterMs(headers['retry-after'], now);
  const exhausted = headers['x-ratelimit-remaining'] === '0';
  const secondary = status === 403 && /secondary rate limit|abuse detection/i.test(body);
  const limited = status === 429 || (status === 403 && (retryAfter !== undefined || exhausted || secondary)) || (status === 503 && retryAfter !== undefined);
  if (!limited) return undefined;
  if (retryAfter !== undefined) return now + retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (exhausted && Number.isFinite(reset) && reset > 0) return Math.max(now, reset * 1000);
  return now + MIN_UNSPECIFIED_WAIT_MS;
}

/** A limit that names no time is waited out for at least a minute (GitHub's advice), never retried in a burst. */
export const MIN_UNSPECIFIED_WAIT_MS = 60_000;

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
