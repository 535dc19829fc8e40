import * as z from 'zod/mini';
import { type Logger, redact } from '../../log';
import type { HttpClient, HttpRequest, HttpResponse } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { QueryOptions, TicketSummary, TrackerCredentials } from './trackerProvider';
import { carriesMarker } from './commentMarker';
import { withoutTrailingSlashes } from '../../net/trailingSlashes';

// What Jira Cloud (REST v3) and Data Center (REST v2) have in common: the issue and picker shapes,
// auth headers, JQL for the cache, and how an answer of the wrong shape becomes a TrackerError.

/** Only the fields a TicketSummary needs: Jira answers much faster without the rest. */
export const ISSUE_FIELDS = 'summary,status,assignee,updated';

/** Issues per search request; both flavours may cap it lower, so paging follows the answer, not this. */
export const PAGE_SIZE = 100;

/** How many tickets recent() fetches for the cache when the caller sets no limit. */
export const RECENT_LIMIT = 1000;

/** Suggestions search() returns when the caller sets no limit. */
const SEARCH_LIMIT = 50;

/** An issue as GET /issue/{key} and the search endpoints return it with fields=ISSUE_FIELDS. */
export const jiraIssueSchema = z.object({
  key: z.string().check(z.minLength(1)),
  fields: z.object({
    summary: z.string(),
    status: z.optional(z.nullable(z.object({ name: z.string() }))),
    assignee: z.optional(z.nullable(z.object({ displayName: z.string() }))),
    updated: z.optional(z.nullable(z.string())),
  }),
});
export type JiraIssue = z.output<typeof jiraIssueSchema>;

/** GET /issue/picker: sections (history "hs", current search "cs") of suggested issues. */
const pickerSchema = z.object({
  sections: z.array(
    z.object({
      // A section with nothing to suggest may leave the list out altogether.
      issues: z._default(z.array(z.object({ key: z.string().check(z.minLength(1)), summaryText: z.string() })), []),
    }),
  ),
});

/** The answer (201) of POST /issue/{key}/comment; only the id matters, for the link. */
const commentSchema = z.object({ id: z.string().check(z.minLength(1)) });

/** What the shared helpers need to talk to one Jira. */
export interface JiraContext {
  readonly http: HttpClient;
  readonly logger: Logger;
  /** Without a trailing slash; keeps a Data Center context path such as /jira. */
  readonly baseUrl: string;
  readonly label: string;
  readonly headers: Record<string, string>;
  readonly api: '2' | '3';
  /** Project keys that count as tickets; empty: any. */
  readonly projects: readonly string[];
  /** Credential strings (token, Basic value) that no error message may carry. */
  readonly secrets: readonly string[];
}

/** The base URL without trailing slashes, context path kept. */
export function normalizeBaseUrl(baseUrl: string): string {
  return withoutTrailingSlashes(baseUrl);
}

/** The host of a base URL, for labels (the same name the HttpClient's messages use). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The Authorization header for the credentials (none: anonymous) and the strings no message may show. */
export function authOf(credentials: TrackerCredentials): { headers: Record<string, string>; secrets: string[] } {
  // A pasted token often brings a space or newline along: inside Basic's base64 it would be a wrong password.
  if (credentials.kind === 'basic') {
    const token = credentials.token.trim();
    const encoded = Buffer.from(`${credentials.username.trim()}:${token}`, 'utf8').toString('base64');
    return { headers: { Authorization: `Basic ${encoded}` }, secrets: [token, encoded] };
  }
  if (credentials.kind === 'bearer') return { headers: { Authorization: `Bearer ${credentials.token.trim()}` }, secrets: [credentials.token.trim()] };
  return { headers: {}, secrets: [] };
}

/** Masks the credentials in text from the server, which may echo what it was sent. */
function scrub(text: string, secrets: readonly string[]): string {
  // Very short "secrets" would mask ordinary words; real tokens are long.
  return secrets.filter((s) => s.length >= 6).reduce((out, secret) => out.split(secret).join('***'), redact(text));
}

/** How long to wait before trying again after Jira asked for a CAPTCHA (someone has to solve it in a browser). */
export const CAPTCHA_RETRY_MS = 15 * 60_000;

/**
 * One request with the context's credentials (HttpClient masks them in the error text it quotes).
 * After several failed sign-ins Jira wants a CAPTCHA and refuses every API call without checking
 * the password: 401/403 with X-Seraph-LoginReason AUTHENTICATION_DENIED (or AUTHENTICATED_FAILED)
 * and X-Authentication-Denied-Reason (https://developer.atlassian.com/server/jira/platform/jira-rest-api-example-basic-authentication-6291732/).
 * Only a person in a browser can clear it; until then the request is retried later, never dropped.
 */
export async function jiraRequest(ctx: JiraContext, req: Omit<HttpRequest, 'headers'>): Promise<HttpResponse> {
  try {
    return await ctx.http.request({ ...req, headers: ctx.headers });
  } catch (error) {
    if (error instanceof TrackerError && (error.status === 401 || error.status === 403) && isCaptchaChallenge(error.headers)) {
      const retryAt = ctx.http.now() + CAPTCHA_RETRY_MS;
      throw new TrackerError('auth', ctx.label, `Jira wants a CAPTCHA after failed sign-ins (${error.status}): sign in to Jira in a browser once to clear the CAPTCHA; ChangeTrail tries again later`, error.status, retryAt, error.headers);
    }
    throw error;
  }
}

function isCaptchaChallenge(headers: Readonly<Record<string, string>> = {}): boolean {
  return /AUTHENTICATION_DENIED|AUTHENTICATED_FAILED/i.test(headers['x-seraph-loginreason'] ?? '') || /CAPTCHA/i.test(headers['x-authentication-denied-reason'] ?? '');
}

/** Link to an issue in Jira's web UI. */
export function ticketUrl(baseUrl: string, key: string): string {
  return `${baseUrl}/browse/${encodeURIComponent(key)}`;
}

/** Link to one comment: focusedCommentId works on Cloud and Data Center, the anchor scrolls on Data Center. */
export function commentUrl(baseUrl: string, key: string, id: string): string {
  return `${ticketUrl(baseUrl, key)}?focusedCommentId=${encodeURIComponent(id)}#comment-${encodeURIComponent(id)}`;
}

/** True for PROJ-123; anything else must never reach a URL path (a key of ".." would walk up the API). */
export function isIssueKey(key: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key);
}

function projectOf(key: string): string {
  return key.slice(0, key.lastIndexOf('-')).toUpperCase();
}

/** The JQL that bounds "our" issues: the team's jql without its ORDER BY, else the projects. */
export function scopeJql(jql: string | undefined, projects: readonly string[]): string | undefined {
  if (jql?.trim()) {
    // Cut at the first ORDER BY; a leading \s* in the pattern backtracked over every run of spaces (quadratic).
    const order = /\border\s+by\b/i.exec(jql);
    return (order ? jql.slice(0, order.index) : jql).trim() || undefined;
  }
  // Quoted because a project key may be a JQL reserved word (IN, OR, ...).
  if (projects.length > 0) return `project in (${projects.map((p) => `"${p}"`).join(', ')})`;
  return undefined;
}

/**
 * The searches recent() runs, in order. The team's jql runs as written. Otherwise issues assigned
 * to me come first, then the rest by last update; both are bounded, as Cloud requires.
 */
export function recentQueries(jql: string | undefined, projects: readonly string[]): string[] {
  if (jql?.trim()) return [jql.trim()];
  const scope = scopeJql(undefined, projects);
  const order = 'ORDER BY updated DESC';
  return scope
    ? [`assignee = currentUser() AND ${scope} ${order}`, `${scope} ${order}`]
    : [`assignee = currentUser() ${order}`, `updated >= -30d ${order}`];
}

/** Jira's timestamps (2024-05-01T10:00:00.000+0000) as ISO 8601 in UTC. */
function isoTimestamp(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** A Jira issue as a TicketSummary. */
export function toSummary(issue: JiraIssue, baseUrl: string): TicketSummary {
  return {
    key: issue.key,
    title: issue.fields.summary,
    status: issue.fields.status?.name,
    assignee: issue.fields.assignee?.displayName,
    updated: isoTimestamp(issue.fields.updated),
    url: ticketUrl(baseUrl, issue.key),
  };
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

/** Jira's own error text when an answer is an error collection ({"errorMessages":[...]}). */
function jiraSaid(data: unknown, secrets: readonly string[]): string {
  const messages = valueAt(data, ['errorMessages']);
  if (!Array.isArray(messages) || messages.length === 0) return '';
  return `; Jira said: ${scrub(messages.map(String).join('; '), secrets).slice(0, 200)}`;
}

/**
 * Validates an answer; one of the wrong shape (a renamed field, an error object where issues were
 * expected) becomes a TrackerError naming the first field that did not fit, never a TypeError later.
 */
export function parseAnswer<S extends z.ZodMiniType>(schema: S, data: unknown, ctx: JiraContext, endpoint: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  const value = valueAt(data, path);
  const where = path.length > 0 ? pathText(path) : 'the answer';
  const expected = issue && 'expected' in issue && typeof issue.expected === 'string' ? ` (expected ${issue.expected})` : '';
  const what = value === undefined ? `${where} is missing${expected}` : value === null ? `${where} is null${expected}` : `${where} has an unexpected value${expected}`;
  throw new TrackerError('unexpected', ctx.label, `unexpected answer from ${endpoint}: ${what}${jiraSaid(data, ctx.secrets)}`);
}

/** As-you-type suggestions from the issue picker, de-duplicated across its sections. */
export async function pickIssues(ctx: JiraContext, query: string, jql: string | undefined, options: QueryOptions = {}): Promise<TicketSummary[]> {
  const endpoint = `/rest/api/${ctx.api}/issue/picker`;
  const res = await jiraRequest(ctx, { url: `${ctx.baseUrl}${endpoint}`, params: { query, currentJQL: scopeJql(jql, ctx.projects) }, signal: options.signal });
  const answer = parseAnswer(pickerSchema, res.data, ctx, endpoint);
  const wanted = new Set(ctx.projects);
  const seen = new Map<string, TicketSummary>();
  for (const issue of answer.sections.flatMap((s) => s.issues)) {
    // History suggestions ignore currentJQL; keys of other projects would not count as tickets.
    if (seen.has(issue.key) || (wanted.size > 0 && !wanted.has(projectOf(issue.key)))) continue;
    seen.set(issue.key, { key: issue.key, title: issue.summaryText, url: ticketUrl(ctx.baseUrl, issue.key) });
  }
  return [...seen.values()].slice(0, options.limit ?? SEARCH_LIMIT);
}

/** One issue; undefined when Jira has no such issue or the account may not see it (Jira answers 404 to both). */
export async function getIssue(ctx: JiraContext, key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
  if (!isIssueKey(key)) return undefined;
  const endpoint = `/rest/api/${ctx.api}/issue/${encodeURIComponent(key)}`;
  try {
    const res = await jiraRequest(ctx, { url: `${ctx.baseUrl}${endpoint}`, params: { fields: ISSUE_FIELDS }, signal: options.signal });
    return toSummary(parseAnswer(jiraIssueSchema, res.data, ctx, endpoint), ctx.baseUrl);
  } catch (error) {
    if (error instanceof TrackerError && error.kind === 'notFound') return undefined;
    throw error;
  }
}

/** Posts a comment body in the flavour's format and returns a link to the new comment. */
export async function postComment(ctx: JiraContext, key: string, body: unknown, options: QueryOptions = {}): Promise<{ readonly url?: string }> {
  if (!isIssueKey(key)) throw new TrackerError('notFound', ctx.label, `"${key.slice(0, 40)}" is not a Jira issue key such as PROJ-123`);
  const endpoint = `/rest/api/${ctx.api}/issue/${encodeURIComponent(key)}/comment`;
  let res: HttpResponse;
  try {
    res = await jiraRequest(ctx, { method: 'POST', url: `${ctx.baseUrl}${endpoint}`, body: { body }, signal: options.signal });
  } catch (error) {
    if (error instanceof TrackerError && error.status === 404) throw new TrackerError('notFound', ctx.label, `issue ${key} does not exist (or this account cannot see it); no comment was posted`, 404);
    throw error;
  }
  const comment = parseAnswer(commentSchema, res.data, ctx, endpoint);
  return { url: commentUrl(ctx.baseUrl, key, comment.id) };
}

/** GET /issue/{key}/comment, newest first: the comments (any body format) a marker is looked for in. */
const commentPageSchema = z.object({ comments: z.array(z.object({ id: z.string(), body: z.optional(z.unknown()) })) });

/** A comment on `key` whose body carries `marker` (the record id), among the newest 100. */
export async function findComment(ctx: JiraContext, key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
  if (!isIssueKey(key)) return undefined;
  const endpoint = `/rest/api/${ctx.api}/issue/${encodeURIComponent(key)}/comment`;
  const res = await jiraRequest(ctx, { url: `${ctx.baseUrl}${endpoint}`, params: { orderBy: '-created', maxResults: 100 }, signal: options.signal });
  const found = parseAnswer(commentPageSchema, res.data, ctx, endpoint).comments.find((c) => carriesMarker(c.body, marker));
  return found && { url: commentUrl(ctx.baseUrl, key, found.id) };
}

/**
 * Runs recent()'s searches in order until `limit` tickets: the first query's tickets come first,
 * later queries only add tickets not seen yet.
 */
export async function collectRecent(
  ctx: JiraContext,
  queries: readonly string[],
  limit: number,
  searchAll: (jql: string, max: number) => Promise<{ tickets: TicketSummary[]; pages: number }>,
): Promise<TicketSummary[]> {
  const found = new Map<string, TicketSummary>();
  let pages = 0;
  for (const jql of queries) {
    if (found.size >= limit) break;
    // Ask for `limit` each time: the second query's first page repeats the first query's tickets.
    const result = await searchAll(jql, limit);
    pages += result.pages;
    for (const ticket of result.tickets) if (!found.has(ticket.key) && found.size < limit) found.set(ticket.key, ticket);
  }
  ctx.logger.debug(`${ctx.label}: ${found.size} recent tickets in ${pages} pages`);
  return [...found.values()];
}
