import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import type { HttpRequest, HttpResponse } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { CommentOptions, ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';
import { parseResponse } from '../../net/parseResponse';
import { carriesMarker, withHiddenMarker } from './commentMarker';
import { withoutTrailingSlashes } from '../../net/trailingSlashes';

type GitLabConfig = Extract<TrackerConfig, { type: 'gitlab' }>;

const DEFAULT_BASE_URL = 'https://gitlab.com';
const PER_PAGE = 100;
// Notes looked through for a marker before posting again.
const MAX_NOTE_PAGES = 5;

const userSchema = z.object({ username: z.string() });
const issueSchema = z.object({
  iid: z.number(),
  title: z.string(),
  state: z.string(),
  web_url: z.string(),
  assignees: z.optional(z.nullable(z.array(userSchema))),
  // Deprecated single assignee; older servers send only this.
  assignee: z.optional(z.nullable(userSchema)),
  updated_at: z.optional(z.nullable(z.string())),
  // Set on an issue moved to another project (https://docs.gitlab.com/api/issues/): the old one is closed.
  moved_to_id: z.optional(z.nullable(z.number())),
});
type GitLabIssue = z.output<typeof issueSchema>;
const noteSchema = z.object({ id: z.number() });
const noteListSchema = z.array(z.object({ id: z.number(), body: z.optional(z.nullable(z.string())) }));

/** `#12` or `12` as an issue iid; anything else is not a GitLab key. */
export function gitlabIssueIid(key: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(key.trim());
  return match ? Number(match[1]) : undefined;
}

/** A numeric project id as is, a path (group/sub/name) URL-encoded as the API wants it. */
export function gitlabProjectRef(project: string): string {
  return /^\d+$/.test(project) ? project : encodeURIComponent(project);
}


function toSummary(issue: GitLabIssue): TicketSummary {
  return {
    key: `#${issue.iid}`,
    title: issue.title,
    status: issue.moved_to_id ? 'moved to another project' : issue.state,
    assignee: issue.assignees?.[0]?.username ?? issue.assignee?.username,
    url: issue.web_url,
    updated: issue.updated_at ?? undefined,
  };
}

/** Issues of one project on GitLab.com or a self-managed GitLab. */
export class GitLabProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  private readonly base: string;
  private readonly api: string;
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly config: GitLabConfig,
    private readonly deps: ProviderDeps,
  ) {
    this.id = trackerIdOf(config);
    // People paste the API root as often as the host; both mean the same server.
    this.base = withoutTrailingSlashes(config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/api\/v4$/, '');
    this.api = `${this.base}/api/v4/projects/${gitlabProjectRef(config.project)}`;
    const host = new URL(this.base).host;
    this.label = host === 'gitlab.com' ? `GitLab (${config.project})` : `GitLab (${host}, ${config.project})`;
    // Bearer, not PRIVATE-TOKEN: it takes personal, project and group tokens and OAuth tokens
    // from an auth session alike, and the log redaction already masks "Bearer <token>".
    if (deps.credentials.kind !== 'none') this.headers.Authorization = `Bearer ${deps.credentials.token}`;
  }

  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? 20;
    const iid = gitlabIssueIid(query);
    const words = query.replace(/#/g, ' ').replace(/\s+/g, ' ').trim();
    const [direct, found] = await Promise.all([
      iid === undefined ? [] : this.list({ 'iids[]': iid }, 1, options),
      this.list({ search: words || undefined }, limit, options),
    ]);
    const keys = new Set(direct.map((t) => t.key));
    return [...direct, ...found.filter((t) => !keys.has(t.key))].slice(0, limit);
  }

  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    return this.list({ order_by: 'updated_at', sort: 'desc', state: 'opened' }, options.limit ?? 500, options);
  }

  async get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    const iid = gitlabIssueIid(key);
    if (iid === undefined) return undefined;
    let res: HttpResponse;
    try {
      res = await this.deps.http.request(this.request(`/issues/${iid}`, options));
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'notFound') return undefined;
      throw error;
    }
    const issue = parseResponse(issueSchema, res.data, this.label, `issue #${iid}`);
    if (issue.moved_to_id) this.deps.logger.debug(`${this.label}: #${iid} was moved to another project (issue id ${issue.moved_to_id})`);
    return toSummary(issue);
  }

  async comment(key: string, markdown: string, options: CommentOptions = {}): Promise<{ readonly url?: string }> {
    const iid = gitlabIssueIid(key);
    if (iid === undefined) throw new TrackerError('notFound', this.label, `"${key}" is not a GitLab issue (expected #123)`);
    let res: HttpResponse;
    try {
      res = await this.deps.http.request({ ...this.request(`/issues/${iid}/notes`, options), method: 'POST', body: { body: withHiddenMarker(markdown, options.marker) } });
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'notFound') throw new TrackerError('notFound', this.label, `issue #${iid} does not exist in ${this.config.project} (or this token cannot see it); no comment was posted`, 404);
      throw error;
    }
    return { url: this.noteUrl(iid, parseResponse(noteSchema, res.data, this.label, `the new note on #${iid}`).id) };
  }

  async findComment(key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
    const iid = gitlabIssueIid(key);
    if (iid === undefined) return undefined;
    for (let page = 1; page <= MAX_NOTE_PAGES; page++) {
      const res = await this.deps.http.request(this.request(`/issues/${iid}/notes`, options, { sort: 'desc', order_by: 'created_at', per_page: PER_PAGE, page }));
      const notes = parseResponse(noteListSchema, res.data, this.label, `the notes of #${iid}`);
      const found = notes.find((n) => carriesMarker(n.body, marker));
      if (found) return { url: this.noteUrl(iid, found.id) };
      if (notes.length < PER_PAGE) break;
    }
    return undefined;
  }

  /** A note carries no web URL; with a project path we know the issue page it anchors to. */
  private noteUrl(iid: number, id: number): string | undefined {
    return /^\d+$/.test(this.config.project) ? undefined : `${this.base}/${this.config.project}/-/issues/${iid}#note_${id}`;
  }

  /**
   * Pages through the project's issues, following x-next-page, until `limit`: as many pages as
   * `limit` needs (https://docs.gitlab.com/api/rest/#pagination), no fixed cap. GitLab leaves the
   * totals out beyond 10,000 issues but always sends x-next-page.
   */
  private async list(params: Record<string, string | number | undefined>, limit: number, options: QueryOptions): Promise<TicketSummary[]> {
    const perPage = Math.min(Math.max(limit, 1), PER_PAGE);
    const maxPages = Math.ceil(limit / perPage) + 1;
    const tickets: TicketSummary[] = [];
    let page: number | undefined = 1;
    for (let n = 0; page !== undefined && n < maxPages && tickets.length < limit; n++) {
      let res: HttpResponse;
      try {
        res = await this.deps.http.request(this.request('/issues', options, { ...params, per_page: perPage, page }));
      } catch (error) {
        // Self-managed instances may cap offset pagination; keep what came and say why it stopped.
        if (tickets.length === 0 || !(error instanceof TrackerError) || error.status !== 400) throw error;
        options.onShort?.(`GitLab refused page ${page} of ${this.config.project}'s issues (${error.message}); kept the first ${tickets.length}`);
        break;
      }
      tickets.push(...parseResponse(z.array(issueSchema), res.data, this.label, `the issue list of ${this.config.project}`).map(toSummary));
      const next = (res.headers['x-next-page'] ?? '').trim();
      page = /^\d+$/.test(next) && Number(next) > page ? Number(next) : undefined;
    }
    return tickets.slice(0, limit);
  }

  private request(path: string, options: QueryOptions, params?: HttpRequest['params']): HttpRequest {
    return { url: `${this.api}${path}`, headers: this.headers, params, signal: options.signal };
  }
}
