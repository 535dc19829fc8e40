import { suggestTeamConfig } from '../checklist/configSuggestion';
import { runGit } from '../git/runGit';
import type { Logger } from '../log';

/** The starter `.changetrail/config.json` when nothing can be suggested. */
export const EMPTY_STARTER = `{
  "version": 1,
  "tickets": {
    "projects": [],
    "requireOnCommit": true
  }
}
`;

/** Where and how the starter is made. */
export interface StarterOptions {
  readonly root: string;
  /**
   * Whether the folder is trusted. Reading the history runs git there, and git runs commands a
   * repository's own .git/config names (`git ls-files` runs core.fsmonitor): in Restricted Mode that
   * was code from an untrusted folder run by "Create Team Config". Untrusted: the empty starter.
   */
  readonly trusted: boolean;
  readonly gitPath?: string;
  readonly logger: Logger;
}

/** The starter config text: projects and systems suggested from the history and paths (trusted folders only), else empty. */
export async function starterTeamConfig({ root, trusted, gitPath, logger }: StarterOptions): Promise<string> {
  if (!trusted) {
    logger.info('Team config: the folder is not trusted, so nothing was suggested from its history (git was not run there)');
    return EMPTY_STARTER;
  }
  const options = { cwd: root, gitPath, logger };
  const [subjects, branches, files] = await Promise.all([
    runGit(['log', '-n', '500', '--format=%s'], options).catch(() => ''),
    runGit(['for-each-ref', '--format=%(refname:short)', 'refs/heads'], options).catch(() => ''),
    runGit(['ls-files'], options).catch(() => ''),
  ]);
  const suggestion = suggestTeamConfig([...subjects.split('\n'), ...branches.split('\n')], files.split('\n').slice(0, 20_000));
  if (suggestion.projects.length === 0 && suggestion.systems.length === 0) return EMPTY_STARTER;
  logger.info(`Team config suggested from the repository: projects ${suggestion.projects.join(', ') || 'none'}; systems ${suggestion.systems.map((s) => s.name).join(', ') || 'none'}`);
  return `${JSON.stringify({ version: 1, tickets: { projects: suggestion.projects, requireOnCommit: true }, systems: suggestion.systems.map((s) => ({ ...s, criticality: 'medium' })) }, null, 2)}\n`;
}
