import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as z from 'zod/mini';
import { type ConfigProblem, problemsFromIssues } from './configProblem';
import { findJsonSyntaxError } from './jsonSyntaxError';
import { TEAM_CONFIG_PATH, type TeamConfig, defaultTeamConfig, teamConfigSchema } from './teamConfigSchema';

/** What reading a repository's team config gave: a usable config and what was wrong. */
export interface TeamConfigResult {
  readonly config: TeamConfig;
  /** Empty when the file is valid or absent. Invalid fields fall back to their defaults. */
  readonly problems: readonly ConfigProblem[];
  /** Whether the file exists; when absent the config is all defaults. */
  readonly found: boolean;
  readonly path: string;
}

/** Reads `.changetrail/config.json` under `repoRoot`; never throws for a bad or missing file. */
export async function loadTeamConfig(repoRoot: string): Promise<TeamConfigResult> {
  const path = join(repoRoot, TEAM_CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultTeamConfig(), problems: [], found: false, path };
    return {
      config: defaultTeamConfig(),
      problems: [{ file: TEAM_CONFIG_PATH, message: `cannot be read: ${(error as Error).message}` }],
      found: true,
      path,
    };
  }
  return { ...parseTeamConfig(text, TEAM_CONFIG_PATH), found: true, path };
}

/**
 * Parses config text. Fields that fail validation are dropped so their defaults apply and the
 * rest of the policy still holds; each dropped field is reported.
 */
export function parseTeamConfig(text: string, file: string): { config: TeamConfig; problems: ConfigProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { config: defaultTeamConfig(), problems: [jsonSyntaxProblem(text, file, error as Error)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { config: defaultTeamConfig(), problems: [{ file, message: 'must be a JSON object ({ ... })' }] };
  }
  const problems: ConfigProblem[] = [];
  let candidate: Record<string, unknown> = structuredClone(data as Record<string, unknown>);
  // Each round removes the fields zod rejected; nesting is shallow, so a few rounds suffice.
  for (let round = 0; round < 8; round++) {
    const result = teamConfigSchema.safeParse(candidate, { reportInput: true });
    if (result.success) return { config: result.data, problems };
    problems.push(...problemsFromIssues(file, result.error.issues));
    const next = withoutRejectedFields(candidate, result.error.issues);
    if (JSON.stringify(next) === JSON.stringify(candidate)) break;
    candidate = next;
  }
  return { config: defaultTeamConfig(), problems };
}

function withoutRejectedFields(data: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) {
      // Drop the nearest named field: a bad array element drops the whole array (its default applies).
      const cut = path.findIndex((p) => typeof p === 'number');
      deletePath(copy, cut === -1 ? path : path.slice(0, cut));
    }
  }
  return copy;
}

function deletePath(target: Record<string, unknown>, path: readonly PropertyKey[]): void {
  if (path.length === 0) return;
  let node: unknown = target;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  if (node !== null && typeof node === 'object') delete (node as Record<PropertyKey, unknown>)[path[path.length - 1]];
}

function jsonSyntaxProblem(text: string, file: string, error: Error): ConfigProblem {
  const found = findJsonSyntaxError(text);
  if (!found) return { file, message: `not valid JSON: ${error.message}` };
  return { file, line: found.line, message: `not valid JSON: ${found.message} (column ${found.column})` };
}
