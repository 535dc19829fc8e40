import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import type { HttpRequest, HttpResponse } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';
import { parseResponse } from '../../net/parseResponse';

type GitHubConfig = Extract<TrackerConfig, { type: 'github' }>;

const DEFAULT_BASE_URL = 'https://api.github.com';
const API_VERSION = '2022-11-28';
const PER_PAGE = 100;
// A repository whose open list is mostly pull requests would otherwise be walked to the end.
const MAX_PAGES = 10;

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
const rateLimitSchema = z.object({ resources: z.record(z.string(), z.object({ remaining: z.number(), reset: z.number() })) });

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


function toSummary(issue: GitHubIssue): TicketSummary {
  return {
    key: `#${issue.number}`,
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
    this.base = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
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
    const [direct, found] = await Promise.all([number === undefined ? undefined : this.issue(number, options), this.searchIssues(words, limit, options)]);
    const results = direct ? [direct, ...found.filter((t) => t.key !== direct.key)] : found;
    return results.slice(0, limit);
  }

  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? 500;
    const tickets: TicketSummary[] = [];
    let request: HttpRequest | undefined = this.request(`/repos/${this.repo}/issues`, options, { state: 'open', sort: 'updated', per_page: PER_PAGE });
    for (let page = 0; request && page < MAX_PAGES && tickets.length < limit; page++) {
      const res = await this.send(request);
      const issues = parseResponse(z.array(issueSchema), res.data, this.label, `the issue list of ${this.repo}`);
      tickets.push(...issues.filter((i) => i.pull_request === undefined).map(toSummary));
      request = this.followable(nextLink(res.headers.link), options);
    }
    return tickets.slice(0, limit);
  }

  async get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    const number = githubIssueNumber(key);
    return number === undefined ? undefined : this.issue(number, options);
  }

  async comment(key: string, markdown: string, options: QueryOptions = {}): Promise<{ readonly url?: string }> {
    const number = githubIssueNumber(key);
    if (number === undefined) throw new TrackerError('notFound', this.label, `"${key}" is not a GitHub issue (expected #123)`);
    const res = await this.send({ ...this.request(`/repos/${this.repo}/issues/${number}/comments`, options), method: 'POST', body: { body: markdown } });
    return { url: parseResponse(commentSchema, res.data, this.label, `the new comment on #${number}`).html_url };
  }

  private async issue(number: number, options: QueryOptions): Promise<TicketSummary | undefined> {
    let res: HttpResponse;
    try {
      res = await this.send(this.request(`/repos/${this.repo}/issues/${number}`, options));
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'notFound') return undefined;
      throw error;
    }
    const issue = parseResponse(issueSchema, res.data, this.label, `issue #${number}`);
    return issue.pull_request === undefined ? toSummary(issue) : undefined;
  }

  private async searchIssues(words: string, limit: number, options: QueryOptions): Promise<TicketSummary[]> {
    const perPage = Math.min(Math.max(limit, 1), PER_PAGE);
    const q = `${words} repo:${this.repo} is:issue`.trim();
    const tickets: TicketSummary[] = [];
    for (let page = 1; page <= MAX_PAGES && tickets.length < limit; page++) {
      const res = await this.send(this.request('/search/issues', options, { q, per_page: perPage, page }));
      const found = parseResponse(searchSchema, res.data, this.label, 'the issue search');
      tickets.push(...found.items.filter((i) => i.pull_request === undefined).map(toSummary));
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
      if (error instanceof TrackerError && error.kind === 'forbidden') throw await this.explainForbidden(req);
      throw error;
    }
  }

  /**
   * GitHub answers an exhausted rate limit with 403, which HttpClient reports as "forbidden"
   * without headers; GET /rate_limit (free of the primary limit) tells the two apart.
   */
  private async explainForbidden(req: HttpRequest): Promise<TrackerError> {
    const path = new URL(req.url).pathname.replace(new URL(this.base).pathname.replace(/\/$/, ''), '');
    const resource = path.startsWith('/search/') ? 'search' : 'core';
    try {
      const res = await this.deps.http.request(this.request('/rate_limit', { signal: req.signal }));
      const limit = parseResponse(rateLimitSchema, res.data, this.label, 'the rate limit status').resources[resource];
      if (limit && limit.remaining === 0) {
        const retryAt = limit.reset * 1000;
        const hint = this.headers.Authorization ? '' : '; sign in for a higher limit';
        return new TrackerError('rateLimited', this.label, `API rate limit reached (403); try again in ${Math.max(1, Math.ceil((retryAt - Date.now()) / 1000))} s${hint}`, 403, retryAt);
      }
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'cancelled') return error;
      // No rate limit endpoint (GitHub Enterprise with limits off) or it failed too: report the 403.
    }
    return new TrackerError(
      'forbidden',
      this.label,
      `access denied (403) to ${path}: the token may lack access to ${this.repo} (classic: repo scope; fine-grained: Issues permission), or GitHub's secondary rate limit was hit (then wait a minute and try again)`,
      403,
    );
  }
}
