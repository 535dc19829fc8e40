import type { HttpClient } from '../../net/httpClient';
import type { Logger } from '../../log';

/** A ticket as completion, hovers and the cache need it. */
export interface TicketSummary {
  /** Canonical ID: PROJ-123, #123 (GitHub/GitLab: #iid), AB#123, ENG-12 (Linear). */
  readonly key: string;
  readonly title: string;
  readonly status?: string;
  readonly assignee?: string;
  readonly url?: string;
  /** ISO timestamp of the last update, when the tracker says. */
  readonly updated?: string;
}

/** Options every query takes. */
export interface QueryOptions {
  /** Cancelled when the person types the next key. */
  readonly signal?: AbortSignal;
  /** Most results wanted (providers page until they have them). */
  readonly limit?: number;
  /** Told why a listing stopped short of `limit` although the tracker holds more (a page cap, a size limit). */
  readonly onShort?: (reason: string) => void;
}

/** Options of a comment. */
export interface CommentOptions extends QueryOptions {
  /** Unique text (a record id) the comment carries, so findComment can tell it was posted already. */
  readonly marker?: string;
}

/** One tracker, behind one interface: Jira Cloud/Data Center, GitHub, GitLab, Linear, Azure Boards, local. */
export interface TrackerProvider {
  /** The tracker's id from the team config (also the SecretStorage key). */
  readonly id: string;
  /** A name for people, e.g. "Jira (acme.atlassian.net)". */
  readonly label: string;
  /** As-you-type search (key or words). */
  search(query: string, options?: QueryOptions): Promise<TicketSummary[]>;
  /** Tickets worth caching: assigned to me and recently updated first. */
  recent(options?: QueryOptions): Promise<TicketSummary[]>;
  /** One ticket with its current status, for hovers and lazily resolved completion details. */
  get?(key: string, options?: QueryOptions): Promise<TicketSummary | undefined>;
  /** Posts a comment (change record summaries); not every tracker supports it. */
  comment?(key: string, markdown: string, options?: CommentOptions): Promise<{ readonly url?: string }>;
  /** A comment on `key` whose text carries `marker`, if any: looked up before posting again after a reply was lost. */
  findComment?(key: string, marker: string, options?: QueryOptions): Promise<{ readonly url?: string } | undefined>;
}

/** Credentials as the person gave them; stored only in VS Code's SecretStorage or an auth session. */
export type TrackerCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly token: string } // Jira Cloud: e-mail + API token
  | { readonly kind: 'bearer'; readonly token: string } // PAT, OAuth session, Linear API key
  | { readonly kind: 'none' };

/** What a provider is built with. */
export interface ProviderDeps {
  readonly http: HttpClient;
  readonly credentials: TrackerCredentials;
  readonly logger: Logger;
  /** The repository root, for the local provider. */
  readonly repoRoot?: string;
}
