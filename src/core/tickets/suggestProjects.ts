import { type RunGitOptions, runGit } from '../git/runGit';
import { findTickets } from './ticketRefs';

/** A project key a repository already uses, and how many commits and branches name it. */
export interface ProjectSuggestion {
  readonly key: string;
  readonly uses: number;
}

const RECENT_COMMITS = 2000;
const MIN_USES = 2;

/**
 * The Jira-style project keys the recent history already uses (upper-case keys in the last
 * commits' messages and in branch names, look-alikes such as UTF-8 left out), most used first.
 * A key named only once is left out: one "NODE-20" in a message is not a project.
 */
export async function suggestProjects(options: RunGitOptions, limit = 8): Promise<ProjectSuggestion[]> {
  const [log, refs] = await Promise.all([
    runGit(['log', '-z', '--format=%B', `--max-count=${RECENT_COMMITS}`, 'HEAD', '--'], options).catch(() => ''),
    runGit(['for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads', 'refs/remotes'], options).catch(() => ''),
  ]);
  const uses = new Map<string, number>();
  const count = (text: string) => {
    const keys = new Set(findTickets(text, { projects: [], patterns: [] }).filter((t) => t.kind === 'jira').map((t) => t.id.split('-')[0]));
    keys.forEach((key) => uses.set(key, (uses.get(key) ?? 0) + 1));
  };
  log.split('\0').forEach(count);
  refs.split('\n').forEach(count);
  return [...uses]
    .filter(([, n]) => n >= MIN_USES)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key, n]) => ({ key, uses: n }));
}

/** One line asking the team to list its projects, with the keys it already uses; undefined when listed. */
export function projectsAdvice(projects: readonly string[], suggestions: readonly ProjectSuggestion[]): string | undefined {
  if (projects.length > 0) return undefined;
  const base = 'tickets.projects is empty, so only upper-case keys count in branch names (chore/node-20-upgrade names no ticket).';
  if (suggestions.length === 0) return `${base} List your project keys in .changetrail/config.json, e.g. "projects": ["PROJ"].`;
  const keys = suggestions.map((s) => s.key);
  return `${base} Your history uses ${suggestions.map((s) => `${s.key} (${s.uses})`).join(', ')}: add "projects": ${JSON.stringify(keys)} to the "tickets" of .changetrail/config.json.`;
}
