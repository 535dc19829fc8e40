import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { hookStatus } from '../../core/git/hooks/hookStatus';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/** `changetrail hooks status`: which hooks are installed and whether they enforce; exit 1 when the policy wants more. */
export const hooksStatusCommand: CliCommand = {
  name: 'hooks status',
  usage: 'hooks status',
  summary: 'show which ChangeTrail hooks are installed and whether enforcement is on (exit 1 when not)',
  async run({ args, cwd, out, err, logger }) {
    if (reportProblems(err, 'hooks status', parseCliOptions(args, [], []).problems)) return USAGE_ERROR;
    const root = await repositoryRoot({ cwd, logger });
    const { config } = await loadTeamConfig(root);
    const status = await hookStatus({ cwd: root, logger }, config.hooks.prePush);
    out(`enforcement: ${status.enforcement === 'on' ? 'on' : status.enforcement === 'off' ? 'OFF' : 'partial'}`);
    out(`hooks directory: ${status.location.hooksDir}`);
    out(`installed: ${status.installed.join(', ') || 'none'}`);
    if (status.missing.length > 0) out(`missing: ${status.missing.join(', ')} (run: changetrail hooks install)`);
    for (const problem of status.problems) out(`  ${problem}`);
    if (status.restore) out(`restore: ${status.restore}`);
    return status.missing.length > 0 ? 1 : 0;
  },
};
