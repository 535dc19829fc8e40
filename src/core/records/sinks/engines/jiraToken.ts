import * as z from 'zod/mini';
import { ChangeTrailError } from '../../../errors';
import { TrackerError } from '../../../net/trackerError';
import type { EngineHttp } from './engineHttp';
import { refusal } from './engineHttp';

// https://developer.atlassian.com/cloud/jira/software/integrate-jsw-cloud-with-onpremises-tools/
// POST <api>/oauth/token {audience: "api.atlassian.com", grant_type: "client_credentials", client_id, client_secret}
// -> {access_token, expires_in (seconds), token_type: "Bearer"}.
const tokenReplySchema = z.object({ access_token: z.string().check(z.minLength(1)), expires_in: z.optional(z.number()) });

/** Renews a token this long before it expires, so a request never carries one that lapses on the way. */
const EARLY_MS = 60_000;

/** Jira's OAuth 2.0 client-credentials token for CI/CD, cached until shortly before it expires. */
export class JiraToken {
  private cached?: { readonly token: string; readonly until: number };

  constructor(
    private readonly http: EngineHttp,
    private readonly apiBaseUrl: string,
    private readonly secret: (name: string) => Promise<string | undefined>,
  ) {}

  async get(signal?: AbortSignal): Promise<string> {
    const now = this.http.now();
    if (this.cached && now < this.cached.until) return this.cached.token;
    const [clientId, clientSecret] = [await this.secret('clientId'), await this.secret('clientSecret')];
    // Not a permanent failure: once the credentials are set, the next retry goes out.
    if (!clientId || !clientSecret) throw new ChangeTrailError('ConfigInvalid', `${this.http.label}: no OAuth client id and secret set (SecretStorage, or CHANGETRAIL_JIRA_CLIENT_ID and CHANGETRAIL_JIRA_CLIENT_SECRET)`);
    const res = await this.http.request({
      method: 'POST',
      url: `${this.apiBaseUrl}/oauth/token`,
      headers: { 'Content-Type': 'application/json' },
      body: { audience: 'api.atlassian.com', grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      secrets: [clientSecret],
      signal,
    });
    if (res.status >= 400) throw refusal(`${this.http.label} token`, res);
    const parsed = tokenReplySchema.safeParse(res.data);
    if (!parsed.success) throw new TrackerError('unexpected', this.http.label, 'the token endpoint answered without an access_token', res.status);
    const seconds = parsed.data.expires_in ?? 3600;
    this.cached = { token: parsed.data.access_token, until: now + Math.max(0, seconds * 1000 - EARLY_MS) };
    return this.cached.token;
  }

  /** Forgets the token (Jira answered 401 with it: revoked or expired early). */
  drop(): void {
    this.cached = undefined;
  }
}
