import * as z from 'zod/mini';

/** Jira's environment types (https://developer.atlassian.com/cloud/jira/software/rest/api-group-deployments/). */
export const JIRA_ENVIRONMENT_TYPES = ['development', 'testing', 'staging', 'production', 'unmapped'] as const;
export type EnvironmentType = (typeof JIRA_ENVIRONMENT_TYPES)[number];

/** `environmentTypes` in an engine's config: ChangeTrail environment name -> type, e.g. { "prod-eu": "production" }. */
export const environmentTypesSchema = z.optional(z.record(z.string(), z.enum(JIRA_ENVIRONMENT_TYPES)));

/**
 * The type of an environment: the team's mapping first, else a guess from the name's words
 * (prod/live -> production, stag/preprod/uat -> staging, test/qa -> testing, dev/local -> development),
 * else unmapped. Linear in the name.
 */
export function environmentType(name: string, mapping: Readonly<Record<string, EnvironmentType>> | undefined): EnvironmentType {
  // Own keys only: "constructor" or "toString" as an environment name must not find Object's.
  const mapped = mapping && Object.prototype.hasOwnProperty.call(mapping, name) ? mapping[name] : undefined;
  if (mapped) return mapped;
  const words = name.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const has = (...prefixes: string[]) => words.some((w) => prefixes.some((p) => w.startsWith(p)));
  if (has('preprod', 'stag', 'uat')) return 'staging';
  if (has('prod', 'live')) return 'production';
  if (has('test', 'qa', 'int')) return 'testing';
  if (has('dev', 'local', 'sandbox')) return 'development';
  return 'unmapped';
}
