import { type TeamConfig, defaultTeamConfig } from './teamConfigSchema';

declare const CHANGETRAIL_TEAM_CONFIG_DEFAULTS: string | undefined;

/**
 * The policy a repository without a config file gets: defaultTeamConfig(), which the CLI's build
 * computes from the zod schema (esbuild.lazy.mjs teamConfigDefaults, as JSON) so that reading no
 * config loads no zod. A fresh object on every call: callers may change what they get.
 */
export function teamConfigDefaults(): TeamConfig {
  return typeof CHANGETRAIL_TEAM_CONFIG_DEFAULTS === 'string' ? (JSON.parse(CHANGETRAIL_TEAM_CONFIG_DEFAULTS) as TeamConfig) : defaultTeamConfig();
}
