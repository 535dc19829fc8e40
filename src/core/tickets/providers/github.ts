import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import type { HttpRequest, HttpResponse } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { CommentOptions, ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';
import { parseResponse } from '../../net/parseResponse';
import { carriesMarker, withHiddenMarker } from './commentMarker';
import { withoutTrailingSlashes } from '../../net/trailingSlashes';

type GitHubConfig = Extract<TrackerConfig, { type: 'github' }>;

const DEFAULT_BASE_URL = 'https://api.github.com';
const API_VERSION = '2022-11-28';
const PER_PAGE = 100;
// The search API answers at most 1,000 results (https://docs.github.com/rest/search/search#about-search):
// as-you-type search needs far fewer, the cache lists issues instead.
const MAX_SEARCH_PAGES = 10;
// Pull requests share the issue list; this many extra pages of them are walked before giving up.
const EXTRA_PAGES = 10;
// Comments looked through for a marker before posting again.
const MAX_COMMENT_PAGES = 5;

const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  html_url: z.string(),
  assignee: z.optional(z.nullable(z.object({ login: z.string() }))),
  updated_at: z.optional(z.nullable(z.string())),
  // Only pull requests carry it; the issues endpoints return them alongside issues.
  pull_request: z.optional(z.unknown()),
});
type GitHubIssue = z.output<typeof issueSchema>;

const searchSchema = z.object({ total_count: z.number(), items: z.array(issueSchema) });
const commentSchema = z.object({ id: z.number(), html_url: z.string() });
const commentListSchema = z.array(z.object({ html_url: z.string(), body: z.optional(z.nullable(z.string())) }));

/** `#12` or `12` as an issue number; anything else is not a GitHub key. */
export function githubIssueNumber(key: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(key.trim());
  return match ? Number(match[1]) : undefined;
}

/** The URL of the Link header's rel="next", if any. */
export function nextLink(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?([^";]*)"?/.exec(part);
    if (match && match[2].split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}


/** owner/name of the repository an issue's page belongs to, from its html_url. */
function repositoryOf(issue: GitHubIssue): string | undefined {
  return /\/([^/]+\/[^/]+)\/(?:issues|pull)\/\d+\/?$/.exec(issue.html_url)?.[1];
}

/** `#12` in our repository; `other/repo#12` for an issue that was transferred there. */
function toSummary(issue: GitHubIssue, repo: string): TicketSummary {
  const home = repositoryOf(issue);
  const elsewhere = home !== undefined && home.toLowerCase() !== repo.toLowerCase();
  return {
    key: elsewhere ? `${home}#${issue.number}` : `#${issue.number}`,
    title: issue.title,
    status: issue.state,
    assignee: issue.assignee?.login,
    url: issue.html_url,
    updated: issue.updated_at ?? undefined,
  };
}

/** Issues of one GitHub (or GitHub Enterprise Server) repository; pull requests are not tickets. */
export class GitHubProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  private readonly base: string;
  private readonly repo: string;
  private readonly headers: Record<string, string>;

  constructor(
    config: GitHubConfig,
    private readonly deps: ProviderDeps,
  ) {
    this.id = trackerIdOf(config);
    this.base = withoutTrailingSlashes(config.baseUrl ?? DEFAULT_BASE_URL);
    this.repo = config.repository;
    const host = new URL(this.base).host;
    this.label = host === 'api.github.com' ? `GitHub (${this.repo})` : `GitHub Enterprise (${host}, ${this.repo})`;
    this.headers = { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': API_VERSION };
    const credentials = deps.credentials;
    // A token given with a user name (basic) is still a token: GitHub takes PATs as Bearer.
    if (credentials.kind !== 'none') this.headers.Authorization = `Bearer ${credentials.token}`;
  }

  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? 20;
    const number = githubIssueNumber(query);
    // Qualifiers typed by the person (repo:, org:) would widen the search beyond this repository.
    const words = query.replace(/\S+:\S*/g, ' ').replace(/#/g, ' ').replace(/\s+/g, ' ').trim();
    const [direct, found] = await Promise.allSettled([number === undefined ? undefined : this.issue(number, options), this.searchIssues(words, limit, options)]);
    if (found.status === 'rejected') throw found.reason;
    // A failed look-up of the typed number must not take the search results with it.
    if (direct.status === 'rejected') this.deps.logger.debug(`${this.label}: looking up #${number}: ${String((direct.reason as Error)?.message ?? direct.reason)}`);
    const one = direct.status === 'fulfilled' ? direct.value : undefined;
    const results = one ? [one, ...found.value.filter((t) => t.key !== one.key)] : found.value;
    return results.slice(0, limit);
  }

  /**
   * Open issues, most recently updated first, from the list endpoint (not search, which stops at
   * 1,000): pages until `limit`, plus a few pages of pull requests, which share the list.
   */
  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? 500;
    const maxPages = Math.ceil(limit / PER_PAGE) + EXTRA_PAGES;
    const tickets: TicketSummary[] = [];
    let request: HttpRequest | undefined = this.request(`/repos/${this.repo}/issues`, options, { state: 'open', sort: 'updated', per_page: PER_PAGE });
    let page = 0;
    for (; request && page < maxPages && tickets.length < limit; page++) {
      const res = await this.send(request);
      const issues = parseResponse(z.array(issueSchema), res.data, this.label, `the issue list of ${this.repo}`);
      tickets.push(...issues.filter((i) => i.pull_request === undefined).map((i) => toSummary(i, this.repo)));
      request = this.followable(nextLink(res.headers.link), options);
    }
    if (request && tickets.length < limit) options.onShort?.(`stopped after ${page} pages of ${this.repo}'s open issues and pull requests with ${tickets.length} issues: the list is mostly pull requests`);
    return tickets.slice(0, limit);
  }

  async get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    const number = githubIssueNumber(key);
    return number === undefined ? undefined : this.issue(number, options);
  }

  async comment(key: string, markdown: string, options: CommentOptions = {}): Promise<{ readonly url?: string }> {
    const number = githubIssueNumber(key);
    if (number === undefined) throw new TrackerError('notFound', this.label, `"${key}" is not a GitHub issue (expected #123)`);
    const body = { body: withHiddenMarker(markdown, options.marker) };
    // Not followed: a redirected POST would arrive as a GET. A transferred issue answers 301.
    let res = await this.commentRequest(`/repos/${this.repo}/issues/${number}/comments`, number, options, body);
    if (res.status >= 300 && res.status < 400) {
      const moved = await this.issue(number, options);
      const target = moved && /^(.+)#(\d+)$/.exec(moved.key);
      if (!moved || !target) throw this.gone(number, 'was transferred to a repository this token cannot see');
      this.deps.logger.info(`${this.label}: #${number} moved to ${moved.key}; commenting there`);
      res = await this.commentRequest(`/repos/${target[1]}/issues/${target[2]}/comments`, number, options, body);
    }
    return { url: parseResponse(commentSchema, res.data, this.label, `the new comment on #${number}`).html_url };
  }

  async findComment(key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
    const number = githubIssueNumber(key);
    if (number === undefined) return undefined;
    let request: HttpRequest | undefined = this.request(`/repos/${this.repo}/issues/${number}/comments`, options, { per_page: PER_PAGE });
    for (let page = 0; request && page < MAX_COMMENT_PAGES; page++) {
      const res = await this.send(request);
      const found = parseResponse(commentListSchema, res.data, this.label, `the comments of #${number}`).find((c) => carriesMarker(c.body, marker));
      if (found) return { url: found.html_url };
      request = this.followable(nextLink(res.headers.link), options);
    }
    return undefined;
  }

  private async commentRequest(path: string, number: number, options: QueryOptions, body: unknown): Promise<HttpResponse> {
    try {
      return await this.send({ ...this.request(path, options), method: 'POST', body, maxRedirects: 0 });
    } catch (error) {
      if (error instanceof TrackerError && error.status === 410) throw this.gone(number, 'was deleted');
      if (error instanceof TrackerError && error.status === 404) throw this.gone(number, 'does not exist (or this token cannot see it)');
      throw error;
    }
  }

  private gone(number: number, why: string): TrackerError {
    return new TrackerError('notFound', this.label, `issue #${number} of ${this.repo} ${why}; no comment was posted`, 404);
  }

  /** One issue: undefined when deleted (410) or unknown (404); followed when transferred (301) and keyed other/repo#N. */
  private async issue(number: number, options: QueryOptions): Promise<TicketSummary | undefined> {
    let res: HttpResponse;
    try {
      res = await this.send(this.request(`/repos/${this.repo}/issues/${number}`, options));
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'notFound') return undefined;
      throw error;
    }
    const issue = parseResponse(issueSchema, res.data, this.label, `issue #${number}`);
    return issue.pull_request === undefined ? toSummary(issue, this.repo) : undefined;
  }

  private async searchIssues(words: string, limit: number, options: QueryOptions): Promise<TicketSummary[]> {
    const perPage = Math.min(Math.max(limit, 1), PER_PAGE);
    const q = `${words} repo:${this.repo} is:issue`.trim();
    const tickets: TicketSummary[] = [];
    for (let page = 1; page <= MAX_SEARCH_PAGES && tickets.length < limit; page++) {
      const res = await this.send(this.request('/search/issues', options, { q, per_page: perPage, page }));
      const found = parseResponse(searchSchema, res.data, this.label, 'the issue search');
      tickets.push(...found.items.filter((i) => i.pull_request === undefined).map((i) => toSummary(i, this.repo)));
      if (found.items.length < perPage || page * perPage >= found.total_count) break;
    }
    return tickets;
  }

  private request(path: string, options: QueryOptions, params?: HttpRequest['params']): HttpRequest {
    return { url: `${this.base}${path}`, headers: this.headers, params, signal: options.signal };
  }

  /** The next page, but only on our own API host: the token must never travel elsewhere. */
  private followable(next: string | undefined, options: QueryOptions): HttpRequest | undefined {
    if (!next) return undefined;
    if (new URL(next, this.base).origin !== new URL(this.base).origin) {
      this.deps.logger.warn(`${this.label}: ignoring a next-page link to another host`);
      return undefined;
    }
    return { url: new URL(next, this.base).href, headers: this.headers, signal: options.signal };
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.deps.http.request(req);
    } catch (error) {
      // Rate limits (403/429 with their headers) are told apart by HttpClient without asking
      // GET /rate_limit; a 403 left over is about access.
      if (error instanceof TrackerError && error.kind === 'forbidden') {
        const path = new URL(req.url).pathname;
        throw new TrackerError('forbidden', this.label, `access denied (403) to ${path}: the token may lack access to ${this.repo} (classic: repo scope; fine-grained: Issues permission)`, 403);
      }
      throw error;
    }
  }
}
