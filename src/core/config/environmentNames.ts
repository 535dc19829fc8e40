import { type ConfigProblem, fieldPath } from './configProblem';
import type { TeamConfig } from './teamConfigSchema';

// Settings that name an environment (freeze.environments, gate.environments keys) are matched
// against the environment deployed to, and that one must be in `environments` (the gate refuses
// any other). A name that is not there can never match: a freeze or a gate rule that silently
// never applies ("prodution", or "production" where the team says "prod"). Names compare as the
// gate compares them: trimmed, case-insensitive.

const key = (name: string) => name.trim().toLowerCase();

function known(config: TeamConfig): Set<string> {
  return new Set(config.environments.map(key));
}

function listed(config: TeamConfig): string {
  return JSON.stringify(config.environments);
}

/** Whether `data.freeze.environments` is written in the file (else its default applies). */
function writesFreezeEnvironments(data: object): boolean {
  const freeze = (data as Record<string, unknown>).freeze;
  return freeze !== null && typeof freeze === 'object' && Object.hasOwn(freeze, 'environments');
}

/**
 * Warnings: a name in a written `freeze.environments`, or a key of `gate.environments`, that
 * `environments` does not have. Warnings, not errors: these fields play no part in the ticket
 * rules, and an error would mark the whole config broken (check exit 2, the hooks on the last good
 * policy), even for the pull request that fixes the name (checked with its base's policy). The
 * policy is used as written; `config check` and the editor show them, and the gate, which stops
 * on any problem, answers "cannot tell" until they are fixed.
 */
export function unknownEnvironmentWarnings(data: object, config: TeamConfig, file: string, lineOf: (path: readonly PropertyKey[]) => number | undefined): ConfigProblem[] {
  const names = known(config);
  const warnings: ConfigProblem[] = [];
  const warn = (path: PropertyKey[], name: string, what: string) => {
    const line = lineOf(path);
    warnings.push({ file, ...(line === undefined ? {} : { line }), field: fieldPath(path), severity: 'warning', message: `${JSON.stringify(name)} is not in environments (${listed(config)}): ${what}; use one of those names, or add it to environments` });
  };
  if (writesFreezeEnvironments(data)) {
    config.freeze.environments.forEach((name, i) => {
      if (!names.has(key(name))) warn(['freeze', 'environments', i], name, 'the freeze never applies there');
    });
  }
  for (const name of Object.keys(config.gate.environments)) {
    if (!names.has(key(name))) warn(['gate', 'environments', name], name, 'these gate rules never apply');
  }
  return warnings;
}

/**
 * A warning when `freeze.environments` is not written and its default names no environment the
 * team has (`environments: ["prod"]`): the default freeze then applies to nothing.
 */
export function defaultFreezeWarning(data: object, config: TeamConfig, file: string, lineOf: (path: readonly PropertyKey[]) => number | undefined): ConfigProblem | undefined {
  if (writesFreezeEnvironments(data)) return undefined;
  const names = known(config);
  if (config.freeze.environments.some((name) => names.has(key(name)))) return undefined;
  const line = lineOf(['environments']) ?? lineOf(['freeze']);
  return {
    file,
    ...(line === undefined ? {} : { line }),
    field: 'freeze.environments',
    severity: 'warning',
    message: `not set, and its default ${JSON.stringify(config.freeze.environments)} is not in environments (${listed(config)}): the default freeze applies to nothing; set freeze.environments (e.g. ${JSON.stringify(config.environments.slice(-1))}, or [] for no freeze)`,
  };
}
