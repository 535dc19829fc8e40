import { uninstallHooks } from '../../core/git/hooks/uninstallHooks';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/** `changetrail hooks uninstall`: removes ChangeTrail's hooks and restores what was there before. */
export const hooksUninstallCommand: CliCommand = {
  name: 'hooks uninstall',
  usage: 'hooks uninstall',
  summary: "remove ChangeTrail's hooks and restore the hooks that were there before",
  async run({ args, cwd, out, err, logger }) {
    if (reportProblems(err, 'hooks uninstall', parseCliOptions(args, [], []).problems)) return USAGE_ERROR;
    const { removed, location, notes } = await uninstallHooks({ cwd: await repositoryRoot({ cwd, logger }), logger });
    out(removed.length > 0 ? `Removed ${removed.join(', ')} from ${location.hooksDir}` : `No ChangeTrail hooks in ${location.hooksDir}`);
    for (const note of notes) out(note);
    return 0;
  },
};
