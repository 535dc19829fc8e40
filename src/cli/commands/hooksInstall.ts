import { join } from 'node:path';
import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { isChangeTrailError } from '../../core/errors';
import { installHooks } from '../../core/git/hooks/installHooks';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { projectsAdvice, suggestProjects } from '../../core/tickets/suggestProjects';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

declare const CHANGETRAIL_VERSION: string;

/** npm's install-time scripts, where `hooks install` may meet a copy of the project without .git. */
const NPM_INSTALL_SCRIPTS: ReadonlySet<string> = new Set(['prepare', 'postinstall', 'install', 'preinstall']);

/** `changetrail hooks install [--pre-push]`: the same hooks "ChangeTrail: Install Git Hooks" installs. */
export const hooksInstallCommand: CliCommand = {
  name: 'hooks install',
  usage: 'hooks install [--pre-push]',
  summary: 'install the commit-msg and prepare-commit-msg hooks (--pre-push too; keeps existing hooks running)',
  async run({ args, cwd, out, err, logger, clock }) {
    const o = parseCliOptions(args, [], ['--pre-push']);
    if (reportProblems(err, 'hooks install', o.problems)) return USAGE_ERROR;
    const npmScript = process.env.npm_lifecycle_event ?? '';
    const found = await repositoryRoot({ cwd, logger }).then((root) => ({ root }), (error: unknown) => {
      // `"prepare": "changetrail hooks install"` (as the README advises) also runs where the project
      // is no repository, or where there is no git at all: a Docker build on node:*-slim or -alpine
      // that copies package.json, an unpacked tarball. There is nothing to protect, and failing
      // there failed the whole `npm ci`. Run by hand, both stay bad input (exit 2).
      if (isChangeTrailError(error) && (error.code === 'NotARepository' || error.code === 'GitNotFound') && NPM_INSTALL_SCRIPTS.has(npmScript)) return { missing: error.code };
      throw error;
    });
    if ('missing' in found) {
      const what = found.missing === 'GitNotFound' ? 'git is not installed here (not found on PATH)' : `${cwd} is not in a git repository`;
      out(`changetrail hooks install: ${what} (npm ${npmScript}): no hooks installed`);
      return 0;
    }
    const { root } = found;
    const { config } = await loadTeamConfig(root);
    const result = await installHooks({
      cwd: root,
      logger,
      // This command runs from a chunk beside cli.js (dist/cli-commands.js); the hooks run cli.js.
      cliPath: join(__dirname, 'cli.js'),
      nodePath: process.execPath,
      version: typeof CHANGETRAIL_VERSION === 'string' ? CHANGETRAIL_VERSION : 'dev',
      prePush: o.flags.has('--pre-push') || config.hooks.prePush,
      clock,
    });
    out(`Installed ${result.installed.join(', ')} in ${result.location.hooksDir}`);
    if (result.chained.length > 0) out(`Existing hooks still run: ${result.chained.join(', ')}`);
    for (const note of result.notes) out(note);
    const advice = config.tickets.projects.length === 0 ? projectsAdvice([], await suggestProjects({ cwd: root, logger })) : undefined;
    if (advice) out(`Tip: ${advice}`);
    return 0;
  },
};
