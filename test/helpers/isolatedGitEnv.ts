import type { spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';

/** What a spawned command did. */
export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** A spawnSync result as a Run. */
export const asRun = (r: ReturnType<typeof spawnSync>): Run => ({ code: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') });

/** Variables by which ChangeTrail knows it runs in CI. */
export const CI_MARKERS: ReadonlySet<string> = new Set(['CI', 'GITHUB_ACTIONS', 'GITLAB_CI']);

/**
 * An environment for git that the machine's own configuration cannot reach: a temp HOME, no
 * system config, no inherited GIT_* variables, fixed identities, and the test's own node first
 * on PATH (the hooks run `node`).
 */
export function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Nor the CI machine's own markers: `check` answers differently in CI (an empty default range
  // cannot tell), and a test must not pass on a laptop and fail in CI. A test that wants CI says so.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_') && !CI_MARKERS.has(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ana Ruiz',
    GIT_AUTHOR_EMAIL: 'ana@example.com',
    GIT_COMMITTER_NAME: 'Ana Ruiz',
    GIT_COMMITTER_EMAIL: 'ana@example.com',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
}
