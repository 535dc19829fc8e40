import { formatProblem, isUnreadable } from '../../core/config/configProblem';
import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { projectsAdvice, suggestProjects } from '../../core/tickets/suggestProjects';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/**
 * `changetrail config check [--json]`: validates the team config; exit 1 when it has problems, 2
 * when it cannot be read at all (so whether it is valid cannot be told).
 */
export const configCheckCommand: CliCommand = {
  name: 'config check',
  usage: 'config check [--json]',
  summary: 'validate .changetrail/config.json (exit 1 when it has problems, 2 when it cannot be read); --json prints the effective policy',
  async run({ args, cwd, out, err, logger }) {
    const o = parseCliOptions(args, [], ['--json']);
    if (reportProblems(err, 'config check', o.problems)) return USAGE_ERROR;
    const root = await repositoryRoot({ cwd, logger });
    const result = await loadTeamConfig(root);
    const suggested = result.config.tickets.projects.length === 0 ? await suggestProjects({ cwd: root, logger }) : [];
    if (o.flags.has('--json')) {
      out(JSON.stringify({ found: result.found, problems: result.problems, config: result.config, suggestedProjects: suggested.map((s) => s.key) }, null, 2));
    } else {
      if (!result.found) out('No .changetrail/config.json: the default policy applies.');
      else if (result.problems.length === 0) out('.changetrail/config.json is valid.');
      const advice = projectsAdvice(result.config.tickets.projects, suggested);
      if (advice) out(`Tip: ${advice}`);
    }
    result.problems.forEach((p) => err(formatProblem(p)));
    if (isUnreadable(result.problems)) return 2;
    return result.problems.length > 0 ? 1 : 0;
  },
};
