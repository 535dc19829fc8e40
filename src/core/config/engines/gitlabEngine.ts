import * as z from 'zod/mini';
import { configHttpUrl } from '../configUrl';

/** `engines.gitlab`: GitLab deployments of one project. The token is a secret: SecretStorage or CHANGETRAIL_GITLAB_TOKEN (scope api, role Developer or more). */
export const gitlabEngineSchema = z.strictObject({
  /** The numeric project id or its full path ("group/project"). */
  projectId: z.union([z.number().check(z.int(), z.positive()), z.string().check(z.regex(/^[A-Za-z0-9._/-]{1,255}$/, 'a project id or path'))]),
  /** Default https://gitlab.com/api/v4; self-managed: https://<host>/api/v4. */
  apiBaseUrl: z.optional(configHttpUrl),
  /** The branch GitLab records with each deployment when the carried change records name none (default main). */
  ref: z.optional(z.string().check(z.minLength(1))),
});
export type GitlabEngine = z.output<typeof gitlabEngineSchema>;
