import { type ConfigProblem, problemsFromIssues } from './configProblem';
import { type Settings, settingsSchema, defaultSettings } from './settingsSchema';

/**
 * Validates raw setting values (`get(key)` for each key). A wrong value falls back to its
 * default and is reported naming the setting.
 */
export function readSettings(get: (key: string) => unknown): { settings: Settings; problems: ConfigProblem[] } {
  const defaults = defaultSettings();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = get(key);
    if (value !== undefined) raw[key] = value;
  }
  const result = settingsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { settings: result.data, problems: [] };
  const problems = problemsFromIssues('Settings', result.error.issues).map((p) => ({
    ...p,
    field: p.field ? `changetrail.${p.field}` : undefined,
  }));
  const bad = new Set(result.error.issues.map((issue) => String(issue.path[0])));
  for (const key of bad) delete raw[key];
  return { settings: settingsSchema.parse(raw), problems };
}
