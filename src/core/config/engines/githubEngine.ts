import * as z from 'zod/mini';
import { configHttpUrl } from '../configUrl';
import { environmentTypesSchema } from './environmentTypes';

/** `engines.github`: GitHub deployments of one repository. The token is a secret: SecretStorage or CHANGETRAIL_GITHUB_TOKEN (scope repo_deployment, or "Deployments: write"). */
export const githubEngineSchema = z.strictObject({
  owner: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'a GitHub owner')),
  repo: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name')),
  /** Default https://api.github.com; GitHub Enterprise Server: https://<host>/api/v3. */
  apiBaseUrl: z.optional(configHttpUrl),
  /** Environments GitHub should call production_environment (else guessed from the name). */
  environmentTypes: environmentTypesSchema,
});
export type GithubEngine = z.output<typeof githubEngineSchema>;
