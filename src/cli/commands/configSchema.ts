import { teamConfigJsonSchema } from '../../core/config/teamConfigSchema';
import type { CliCommand } from '../cliContext';

/** `changetrail config schema`: prints the JSON schema of the team config. */
export const configSchemaCommand: CliCommand = {
  name: 'config schema',
  summary: 'print the JSON schema of .changetrail/config.json',
  async run({ out }) {
    out(JSON.stringify(teamConfigJsonSchema(), null, 2));
    return 0;
  },
};
