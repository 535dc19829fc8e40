import * as z from 'zod/mini';
import { configHttpUrl } from '../configUrl';
import { environmentTypesSchema } from './environmentTypes';

const httpsUrl = configHttpUrl;
/** A link Jira shows: its schema caps a deployment's and a pipeline's url at 2000 characters and refuses the whole request beyond. */
const jiraLink = configHttpUrl.check(z.maxLength(2000, 'must be at most 2000 characters (Jira refuses a longer URL)'));

/**
 * `engines.jira`: Jira Software deployments through OAuth 2.0 client credentials (Jira admin ->
 * Apps -> OAuth credentials, permission "Deployments"). The client id and secret are secrets:
 * SecretStorage or CHANGETRAIL_JIRA_CLIENT_ID / CHANGETRAIL_JIRA_CLIENT_SECRET.
 */
export const jiraEngineSchema = z.strictObject({
  /** The site's cloud id (https://<site>.atlassian.net/_edge/tenant_info). */
  cloudId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'a cloud id (letters, digits, -)')),
  /** A page for deployments whose record names no pipeline URL (the repository, the CD tool). */
  url: jiraLink,
  /** The pipeline when the record names none. */
  pipeline: z.optional(z.strictObject({ id: z.string().check(z.regex(/\S/, 'must not be blank')), displayName: z.optional(z.string()), url: z.optional(jiraLink) })),
  environmentTypes: environmentTypesSchema,
  /** Default https://api.atlassian.com (the OAuth token endpoint is <apiBaseUrl>/oauth/token). */
  apiBaseUrl: z.optional(httpsUrl),
});
export type JiraEngine = z.output<typeof jiraEngineSchema>;
