import { formatProblem } from '../../core/config/configProblem';
import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { projectsAdvice, suggestProjects } from '../../core/tickets/suggestProjects';
import type { CliCommand } from '../cliContext';

/** `changetrail config check [--json]`: validates the team config; exit 1 when it has problems. */
export const configCheckCommand: CliCommand = {
  name: 'config check',
  summary: 'validate .changetrail/config.json (exit 1 when it has problems); --json prints the effective policy',
  async run({ args, cwd, out, err, logger }) {
    const root = await repositoryRoot({ cwd, logger });
    const result = await loadTeamConfig(root);
    const suggested = result.config.tickets.projects.length === 0 ? await suggestProjects({ cwd: root, logger }) : [];
    if (args.includes('--json')) {
      out(JSON.stringify({ found: result.found, problems: result.problems, config: result.config, suggestedProjects: suggested.map((s) => s.key) }, null, 2));
    } else {
      if (!result.found) out('No .changetrail/config.json: the default policy applies.');
      else if (result.problems.length === 0) out('.changetrail/config.json is valid.');
      const advice = projectsAdvice(result.config.tickets.projects, suggested);
      if (advice) out(`Tip: ${advice}`);
    }
    result.problems.forEach((p) => err(formatProblem(p)));
    return result.problems.length > 0 ? 1 : 0;
  },
};
