import * as z from 'zod/mini';
import { noRemoteUrlSecret, noUrlCredentials } from '../configUrl';

/** DevLake's environment names that its DORA dashboards know; PRODUCTION is the one they count. */
export const DEVLAKE_ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'TESTING', 'DEVELOPMENT'] as const;

/**
 * `engines.devlake`: Apache DevLake's Incoming Webhook (the webhook plugin). The API key is a
 * secret: SecretStorage ("devlake" / "apiKey") or CHANGETRAIL_DEVLAKE_API_KEY, never here.
 */
export const devlakeEngineSchema = z.strictObject({
  /** DevLake's address as the config UI serves it, e.g. https://devlake.example.com (the API is under /api/rest). */
  url: z.string().check(z.minLength(1), noUrlCredentials),
  /** The webhook connection's id (the number in its endpoints, /plugins/webhook/connections/<id>/...). */
  connectionId: z.number().check(z.int(), z.positive()),
  /** The repository URL DevLake knows this repository by; default: `git remote get-url origin` (without credentials). */
  repoUrl: z.optional(z.string().check(z.minLength(1), noRemoteUrlSecret)),
  /** Our environment names to DevLake's; unlisted names are guessed (prod → PRODUCTION, stag → STAGING, test/qa → TESTING, dev → DEVELOPMENT). */
  environments: z.optional(z.record(z.string(), z.enum(DEVLAKE_ENVIRONMENTS))),
});
export type DevlakeEngineConfig = z.output<typeof devlakeEngineSchema>;
