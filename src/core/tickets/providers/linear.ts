import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import { redact } from '../../log';
import { MIN_UNSPECIFIED_WAIT_MS, retryAfterMs } from '../../net/rateLimit';
import { TrackerError } from '../../net/trackerError';
import type { ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';
import { withoutTrailingSlashes } from '../../net/trailingSlashes';

type LinearConfig = Extract<TrackerConfig, { type: 'linear' }>;

const DEFAULT_BASE_URL = 'https://api.linear.app';
// Linear prices a query by its page size (complexity), so pages stay well under the 250 maximum.
const PAGE_SIZE = 100;
const DEFAULT_RECENT = 500;
const DEFAULT_SEARCH = 50;

const ISSUE_FIELDS = 'identifier title url updatedAt state { name } assignee { name }';

const SEARCH_QUERY = `query ChangeTrailSearch($term: String!, $first: Int!, $filter: IssueFilter) {
  searchIssues(term: $term, first: $first, filter: $filter) { nodes { ${ISSUE_FIELDS} } }
}`;

const RECENT_QUERY = `query ChangeTrailRecent($first: Int!, $after: String, $filter: IssueFilter) {
  issues(first: $first, after: $after, orderBy: updatedAt, filter: $filter) {
    nodes { ${ISSUE_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ISSUE_QUERY = `query ChangeTrailIssue($id: String!) {
  issue(id: $id) { id ${ISSUE_FIELDS} }
}`;

const COMMENT_MUTATION = `mutation ChangeTrailComment($input: CommentCreateInput!) {
  commentCreate(input: $input) { success comment { id url } }
}`;

const COMMENTS_QUERY = `query ChangeTrailComments($id: String!) {
  issue(id: $id) { comments(first: 100) { nodes { body url } } }
}`;

const commentsData = z.object({ issue: z.nullable(z.object({ comments: z.object({ nodes: z.array(z.object({ body: z.string(), url: z.optional(z.string()) })) }) })) });

const named = z.nullable(z.object({ name: z.string() }));
const issueNode = z.object({
  identifier: z.string().check(z.minLength(1)),
  title: z.string(),
  url: z.string(),
  updatedAt: z.optional(z.string()),
  state: z.optional(named),
  assignee: z.optional(named),
});
type IssueNode = z.infer<typeof issueNode>;

const graphqlError = z.object({
  message: z.optional(z.string()),
  path: z.optional(z.array(z.union([z.string(), z.number()]))),
  extensions: z.optional(z.object({
    code: z.optional(z.string()),
    type: z.optional(z.string()),
    userPresentableMessage: z.optional(z.string()),
  })),
});
type GraphqlError = z.infer<typeof graphqlError>;

const envelope = z.object({
  data: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  errors: z.optional(z.array(graphqlError)),
});

const searchData = z.object({ searchIssues: z.object({ nodes: z.array(issueNode) }) });
const recentData = z.object({
  issues: z.object({
    nodes: z.array(issueNode),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.optional(z.nullable(z.string())) }),
  }),
});
const issueData = z.object({ issue: z.nullable(z.extend(issueNode, { id: z.string() })) });
const commentData = z.object({
  commentCreate: z.object({
    success: z.boolean(),
    comment: z.optional(z.nullable(z.object({ url: z.optional(z.string()) }))),
  }),
});

// ENG-12 (any team key), or a bare number completed with the configured team.
const IDENTIFIER = /^([A-Za-z][A-Za-z0-9_]*)-(\d+)$/;
const NUMBER = /^#?(\d+)$/;

// Linear tells its credentials apart by the header: a personal API key (always `lin_api_...`)
// goes bare in Authorization, an OAuth access token as Bearer.
/** Linear through its GraphQL API, keyed by identifier (ENG-12). */
export class LinearProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  private readonly endpoint: string;

  constructor(
    private readonly config: LinearConfig,
    private readonly deps: ProviderDeps,
  ) {
    this.id = trackerIdOf(config);
    this.label = config.teamKey ? `Linear (${config.teamKey})` : 'Linear';
    this.endpoint = `${withoutTrailingSlashes(config.baseUrl ?? DEFAULT_BASE_URL)}/graphql`;
  }

  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    const term = query.trim();
    if (term === '') return [];
    const key = this.keyFor(term);
    if (key) {
      const one = await this.get(key, options);
      return one ? [one] : [];
    }
    const data = await this.query(searchData, SEARCH_QUERY, { term, first: Math.min(options.limit ?? DEFAULT_SEARCH, PAGE_SIZE), filter: this.teamFilter() }, options);
    return data.searchIssues.nodes.map(toSummary);
  }

  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? DEFAULT_RECENT;
    const out: TicketSummary[] = [];
    let after: string | undefined;
    while (out.length < limit) {
      const variables = { first: Math.min(PAGE_SIZE, limit - out.length), after, filter: this.teamFilter() };
      const { issues } = await this.query(recentData, RECENT_QUERY, variables, options);
      out.push(...issues.nodes.map(toSummary));
      const next = issues.pageInfo.endCursor;
      // A page that claims more but names no new cursor would loop for ever.
      if (!issues.pageInfo.hasNextPage || !next || next === after || issues.nodes.length === 0) break;
      after = next;
    }
    return out.slice(0, limit);
  }

  async get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    const issue = await this.issue(key, options);
    return issue && toSummary(issue);
  }

  async comment(key: string, markdown: string, options: QueryOptions = {}): Promise<{ readonly url?: string }> {
    // commentCreate wants the issue's UUID; only issue(id:) also takes the ENG-12 identifier.
    const issue = await this.issue(key, options);
    if (!issue) throw new TrackerError('notFound', this.label, `issue ${key} not found (or not visible with this API key)`);
    const data = await this.query(commentData, COMMENT_MUTATION, { input: { issueId: issue.id, body: markdown } }, options);
    if (!data.commentCreate.success) throw new TrackerError('unexpected', this.label, `Linear did not add the comment to ${issue.identifier}`);
    return { url: data.commentCreate.comment?.url ?? issue.url };
  }

  /** The record id is in the summary text, so a comment posted before a lost reply is found by it. */
  async findComment(key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
    const id = this.keyFor(key.trim());
    if (!id) return undefined;
    const data = await this.query(commentsData, COMMENTS_QUERY, { id }, options, isIssueNotFound);
    const found = data?.issue?.comments.nodes.find((c) => c.body.includes(marker));
    return found && { url: found.url };
  }

  private async issue(key: string, options: QueryOptions): Promise<(IssueNode & { id: string }) | undefined> {
    const id = this.keyFor(key.trim());
    if (!id) return undefined;
    const data = await this.query(issueData, ISSUE_QUERY, { id }, options, isIssueNotFound);
    return data?.issue ?? undefined;
  }

  private keyFor(text: string): string | undefined {
    const identifier = IDENTIFIER.exec(text);
    if (identifier) return `${identifier[1].toUpperCase()}-${identifier[2]}`;
    const number = NUMBER.exec(text);
    return number && this.config.teamKey ? `${this.config.teamKey}-${number[1]}` : undefined;
  }

  private teamFilter(): unknown {
    return this.config.teamKey ? { team: { key: { eq: this.config.teamKey } } } : undefined;
  }

  /**
   * Runs one operation; `absent` names GraphQL errors that mean "no such thing" rather than a
   * failure. Linear answers GraphQL errors, rate limits and refused keys included, with HTTP 400
   * and errors[].extensions.code (https://linear.app/developers/graphql#errors-and-rate-limiting,
   * https://linear.app/developers/rate-limiting): the code decides, not the status. A reply with
   * both data and errors keeps its data (a partial result), the errors go to the log.
   */
  private async query<T>(schema: z.ZodMiniType<T>, document: string, variables: Record<string, unknown>, options: QueryOptions): Promise<T>;
  private async query<T>(schema: z.ZodMiniType<T>, document: string, variables: Record<string, unknown>, options: QueryOptions, absent: (e: GraphqlError) => boolean): Promise<T | undefined>;
  private async query<T>(schema: z.ZodMiniType<T>, document: string, variables: Record<string, unknown>, options: QueryOptions, absent?: (e: GraphqlError) => boolean): Promise<T | undefined> {
    const response = await this.deps.http.request({
      method: 'POST',
      url: this.endpoint,
      headers: { Authorization: this.authorization(), 'Content-Type': 'application/json' },
      body: { query: document, variables },
      signal: options.signal,
      bodyOnStatus: [400],
    });
    const parsed = envelope.safeParse(response.data);
    if (!parsed.success || (response.status === 400 && !parsed.data.errors?.length)) {
      if (response.status === 400) throw new TrackerError('unexpected', this.label, 'Linear refused the request (400) without saying why; ChangeTrail\'s query may be outdated', 400);
      throw new TrackerError('unexpected', this.label, 'Linear answered with something other than a GraphQL response; check the base URL in .changetrail/config.json');
    }
    const errors = parsed.data.errors ?? [];
    const rawData = parsed.data.data;
    if (errors.length > 0) {
      if (absent && errors.every(absent)) return undefined;
      const data = rawData ? schema.safeParse(rawData) : undefined;
      // Partial data is still an answer, unless the errors say to stop (limit, key, access).
      if (data?.success && !errors.some(isBlocking)) {
        this.deps.logger.warn(`${this.label}: partial answer; ${errors.map((e) => this.scrub(e.message ?? 'error')).join('; ')}`);
        return data.data;
      }
      throw this.graphqlFailure(errors, response.headers, response.status);
    }
    const data = schema.safeParse(rawData);
    if (!data.success) {
      const issue = data.error.issues[0];
      throw new TrackerError('unexpected', this.label, `Linear's answer has an unexpected shape at ${issue.path.join('.') || 'data'} (${issue.message}); ChangeTrail may need an update`);
    }
    return data.data;
  }

  private authorization(): string {
    const { credentials } = this.deps;
    if (credentials.kind !== 'bearer' || credentials.token.trim() === '') {
      throw new TrackerError('auth', this.label, 'no Linear API key: sign in with "ChangeTrail: Sign In to Tracker..." and paste a personal API key (lin_api_...)');
    }
    const token = credentials.token.trim();
    if (/^Bearer\s/i.test(token) || token.startsWith('lin_api_')) return token;
    return `Bearer ${token}`;
  }

  private graphqlFailure(errors: readonly GraphqlError[], headers: Record<string, string>, status: number): TrackerError {
    const first = errors.find(isBlocking) ?? errors[0];
    const code = codeOf(first);
    const detail = this.scrub(first.extensions?.userPresentableMessage ?? first.message ?? 'no message');
    const now = this.deps.http.now();
    if (code === 'RATELIMITED') {
      // Retry-After if sent, else the reset of whichever budget ran out (epoch ms), else a minute.
      const wait = retryAfterMs(headers['retry-after'], now);
      const resets = ['x-ratelimit-requests-reset', 'x-ratelimit-complexity-reset'].map((h) => Number(headers[h])).filter((n) => Number.isFinite(n) && n > now);
      const retryAt = wait !== undefined ? now + wait : resets.length > 0 ? Math.max(...resets) : now + MIN_UNSPECIFIED_WAIT_MS;
      return new TrackerError('rateLimited', this.label, `rate limit reached (${detail}); try again in ${Math.max(1, Math.ceil((retryAt - now) / 1000))} s (ChangeTrail retries then)`, status, retryAt, headers);
    }
    if (code === 'AUTHENTICATION_ERROR') {
      return new TrackerError('auth', this.label, `Linear refused the API key (${detail}): sign in again with "ChangeTrail: Sign In to Tracker..."`, 401);
    }
    if (code === 'FORBIDDEN') {
      return new TrackerError('forbidden', this.label, `access denied (${detail}): the key may lack a scope or the team may be private`, 403);
    }
    return new TrackerError('unexpected', this.label, `Linear reported an error: ${detail}`, status === 400 ? 400 : undefined);
  }

  /** Server text can echo what it was sent; keep the key out of every message. */
  private scrub(text: string): string {
    const { credentials } = this.deps;
    const secret = credentials.kind === 'none' ? '' : credentials.token.trim();
    const clean = secret.length >= 4 ? text.split(secret).join('***') : text;
    return redact(clean).slice(0, 200);
  }
}

/** The error's code, from extensions.code or (older answers) extensions.type. */
function codeOf(error: GraphqlError): string {
  const code = (error.extensions?.code ?? '').toUpperCase();
  if (code) return code;
  const type = (error.extensions?.type ?? '').toLowerCase();
  return type === 'ratelimited' ? 'RATELIMITED' : type === 'authentication error' ? 'AUTHENTICATION_ERROR' : type === 'forbidden' ? 'FORBIDDEN' : '';
}

/** Errors after which no part of the answer can be trusted to be complete or allowed. */
function isBlocking(error: GraphqlError): boolean {
  return ['RATELIMITED', 'AUTHENTICATION_ERROR', 'FORBIDDEN'].includes(codeOf(error));
}

function isIssueNotFound(error: GraphqlError): boolean {
  return /entity not found/i.test(error.message ?? '') || (error.extensions?.code === 'INPUT_ERROR' && /not find|not found/i.test(error.extensions.userPresentableMessage ?? ''));
}

function toSummary(node: IssueNode): TicketSummary {
  return {
    key: node.identifier,
    title: node.title,
    status: node.state?.name,
    assignee: node.assignee?.name,
    url: node.url,
    updated: node.updatedAt,
  };
}
