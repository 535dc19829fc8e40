import { teamConfigJsonSchema } from '../../core/config/teamConfigSchema';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/** `changetrail config schema`: prints the JSON schema of the team config. */
export const configSchemaCommand: CliCommand = {
  name: 'config schema',
  usage: 'config schema',
  summary: 'print the JSON schema of .changetrail/config.json',
  async run({ args, out, err }) {
    const { problems } = parseCliOptions(args, [], []);
    if (reportProblems(err, 'config schema', problems)) return USAGE_ERROR;
    out(JSON.stringify(teamConfigJsonSchema(), null, 2));
    return 0;
  },
};
