import { type ConfigProblem, fieldPath } from './configProblem';
import { type TeamConfig, trackerIdOf } from './teamConfigSchema';

/**
 * Warnings for trackers that share an id (two GitHub repositories without an `id` are both
 * "github"): they share one ticket cache, one sign-in and one slot in the directory, so their
 * tickets mix and one tracker's limit covers both. A warning, not an error: trackers play no part
 * in the ticket rules, and an error would stop `check` and the hooks.
 */
export function duplicateTrackerWarnings(config: TeamConfig, file: string, lineOf: (path: readonly PropertyKey[]) => number | undefined): ConfigProblem[] {
  const first = new Map<string, number>();
  const warnings: ConfigProblem[] = [];
  config.trackers.forEach((tracker, i) => {
    const id = trackerIdOf(tracker).trim().toLowerCase();
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      return;
    }
    const line = lineOf(['trackers', i]);
    warnings.push({
      file,
      ...(line === undefined ? {} : { line }),
      field: fieldPath(['trackers', i]),
      severity: 'warning',
      message: `its id "${trackerIdOf(tracker)}" is also trackers[${earlier}]'s: the two share one ticket cache and one sign-in, and their tickets mix; give each tracker its own "id"`,
    });
  });
  return warnings;
}
