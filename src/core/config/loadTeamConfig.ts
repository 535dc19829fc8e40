import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type * as z from 'zod/mini';
import { type ConfigProblem, problemsFromIssues } from './configProblem';
import { defaultFreezeWarning, unknownEnvironmentWarnings } from './environmentNames';
import { isJsoncSyntaxError, parseJsonc } from './jsoncText';
import { nestedQuantifier } from './teamPattern';
import { TEAM_CONFIG_PATH, type TeamConfig, teamConfigSchema } from './teamConfigSchema';
import { teamConfigDefaults } from './teamConfigDefaults';
import { duplicateTrackerWarnings } from './trackerIds';

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
  const refused = (message: string): TeamConfigResult => ({ config: teamConfigDefaults(), problems: [{ file: TEAM_CONFIG_PATH, message, unreadable: true }], found: true, path });
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      // A symlink to nothing is a config someone meant to have: say so rather than read it as "no config".
      const target = await readlink(path).catch(() => undefined);
      if (target !== undefined) return refused(`is a symbolic link to ${target}, which does not exist`);
      return { config: teamConfigDefaults(), problems: [], found: false, path };
    }
    const message = (error as Error).message;
    return refused(message.startsWith(NOT_REGULAR) ? message : `cannot be read: ${message}`);
  }
  return { ...parseTeamConfig(text, TEAM_CONFIG_PATH), found: true, path };
}

const NOT_REGULAR = 'is not a regular file';

/**
 * Reads a file that must be a regular one. Opened without blocking and checked before reading:
 * a FIFO (or a device) at the config path would otherwise hang every hook and `check`.
 */
async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${NOT_REGULAR} (${info.isFIFO() ? 'a FIFO' : info.isDirectory() ? 'a directory' : 'a special file'}); ChangeTrail reads only regular files`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Parses config text. Fields that fail validation are dropped so their defaults apply and the
 * rest of the policy still holds; each dropped field is reported.
 */
export function parseTeamConfig(text: string, file: string): { config: TeamConfig; problems: ConfigProblem[] } {
  const doc = parseJsonc(text);
  if (isJsoncSyntaxError(doc) && doc.tooDeep) {
    return { config: teamConfigDefaults(), problems: [{ file, line: doc.line, message: `${doc.message} at column ${doc.column}: not read`, unreadable: true }] };
  }
  if (isJsoncSyntaxError(doc)) {
    return { config: teamConfigDefaults(), problems: [{ file, line: doc.line, message: `not valid JSON: ${doc.message} (column ${doc.column})` }] };
  }
  const data = doc.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { config: teamConfigDefaults(), problems: [{ file, line: 1, message: 'must be a JSON object ({ ... })' }] };
  }
  const problems: ConfigProblem[] = [];
  let candidate: Record<string, unknown> = structuredClone(data as Record<string, unknown>);
  // Each round removes the fields zod rejected; nesting is shallow, so a few rounds suffice.
  for (let round = 0; round < 8; round++) {
    const result = teamConfigSchema.safeParse(candidate, { reportInput: true });
    if (result.success) {
      // Names of environments that `environments` does not have: warnings (environmentNames.ts).
      const freeze = defaultFreezeWarning(candidate, result.data, file, doc.lineOf);
      const names = unknownEnvironmentWarnings(candidate, result.data, file, doc.lineOf);
      const trackers = duplicateTrackerWarnings(result.data, file, doc.lineOf);
      return { config: result.data, problems: [...problems, ...patternWarnings(data, file, doc.lineOf), ...names, ...(freeze ? [freeze] : []), ...trackers] };
    }
    const { issues } = result.error;
    problems.push(...problemsFromIssues(file, issues, doc.lineOf));
    const next = withoutRejectedFields(candidate, issues);
    if (JSON.stringify(next) === JSON.stringify(candidate)) break;
    candidate = next;
  }
  return { config: teamConfigDefaults(), problems };
}

/** Patterns ChangeTrail runs safely but a backtracking engine (another tool, a colleague's script) would not. */
function patternWarnings(data: object, file: string, lineOf: (path: readonly PropertyKey[]) => number | undefined): ConfigProblem[] {
  const at = (path: readonly string[]): unknown => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);
  const warnings: ConfigProblem[] = [];
  for (const path of [['tickets', 'patterns'], ['tickets', 'exemptions', 'messagePatterns']]) {
    const sources = at(path);
    if (!Array.isArray(sources)) continue;
    sources.forEach((source: unknown, i) => {
      const nested = typeof source === 'string' ? nestedQuantifier(source) : undefined;
      if (!nested) return;
      const line = lineOf([...path, i]);
      const simpler = nested.replace(/^\((?:\?:)?([^()|]*?)[*+]\)[*+]$/, '$1+');
      warnings.push({
        file,
        ...(line === undefined ? {} : { line }),
        field: `${path.join('.')}[${i}]`,
        severity: 'warning',
        message:
          `${JSON.stringify(nested)} repeats a group that itself repeats: exponential time in backtracking engines (JavaScript, PCRE, grep -P). ` +
          `ChangeTrail runs it in linear time (RE2), but write it without the nesting${simpler !== nested ? `, e.g. ${JSON.stringify(simpler)}` : ''}.`,
      });
    });
  }
  return warnings;
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
