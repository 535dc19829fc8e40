import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { hookStatus } from '../../core/git/hooks/hookStatus';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import type { CliCommand } from '../cliContext';

/** `changetrail hooks status`: which hooks are installed; exit 1 when the policy wants more. */
export const hooksStatusCommand: CliCommand = {
  name: 'hooks status',
  summary: 'show which ChangeTrail hooks are installed (exit 1 when some are missing)',
  async run({ cwd, out, logger }) {
    const root = await repositoryRoot({ cwd, logger });
    const { config } = await loadTeamConfig(root);
    const status = await hookStatus({ cwd: root, logger }, config.hooks.prePush);
    out(`hooks directory: ${status.location.hooksDir}`);
    out(`installed: ${status.installed.join(', ') || 'none'}`);
    if (status.missing.length > 0) out(`missing: ${status.missing.join(', ')} (run: changetrail hooks install)`);
    return status.missing.length > 0 ? 1 : 0;
  },
};
