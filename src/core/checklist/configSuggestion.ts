/** A starting team config guessed from the repository: ticket projects and systems. */
export interface ConfigSuggestion {
  readonly projects: readonly string[];
  readonly systems: readonly { readonly name: string; readonly paths: readonly string[] }[];
}

const TICKET = /\b([A-Z][A-Z0-9]{1,9})-[0-9]+\b/g;
const SOURCE_ROOTS = new Set(['src', 'lib', 'app', 'apps', 'packages', 'services']);

/**
 * Projects from the ticket IDs in commit subjects and branch names (most used first, at most 5),
 * and systems from the folders under the source roots (src/auth -> "auth" with "src/auth/**").
 * One pass over each input: linear in its size.
 */
export function suggestTeamConfig(subjects: readonly string[], files: readonly string[]): ConfigSuggestion {
  const counts = new Map<string, number>();
  for (const subject of subjects) for (const m of subject.matchAll(TICKET)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  const projects = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([p]) => p);
  const folders = new Map<string, string>();
  for (const file of files) {
    const parts = file.split('/');
    if (parts.length >= 3 && SOURCE_ROOTS.has(parts[0]) && !parts[1].startsWith('.')) folders.set(`${parts[0]}/${parts[1]}`, parts[1]);
  }
  const systems = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(0, 12).map(([path, name]) => ({ name, paths: [`${path}/**`] }));
  return { projects, systems };
}
