import * as z from 'zod/mini';
import { githubEngineSchema } from './engines/githubEngine';
import { gitlabEngineSchema } from './engines/gitlabEngine';
import { jiraEngineSchema } from './engines/jiraEngine';
import { cdeventsEngineSchema } from './engines/cdeventsEngineSchema';
import { devlakeEngineSchema } from './engines/devlakeEngineSchema';

// Where records go at organisation scale: the systems teams already run (Jira deployments,
// GitHub/GitLab deployments, Apache DevLake, CDEvents receivers). Each engine's own schema lives
// in engines/<name>.ts; none holds a secret (those are in SecretStorage or CHANGETRAIL_<ID>_* env vars).
// Each key is optional: an engine is on when its key is present.
export const enginesPolicySchema = z.strictObject({
  jira: z.optional(jiraEngineSchema),
  github: z.optional(githubEngineSchema),
  gitlab: z.optional(gitlabEngineSchema),
  devlake: z.optional(devlakeEngineSchema),
  cdevents: z.optional(cdeventsEngineSchema),
});
export type EnginesPolicy = z.output<typeof enginesPolicySchema>;
