import { repositoryRoot } from '../../core/git/repositoryInfo';
import { appendEntry } from '../../core/records/changeLog';
import type { Logger } from '../../core/log';
import type { ChangeRecord } from '../../core/records/changeRecord';
import { openChangeLogIndex } from '../../core/records/index/openChangeLogIndex';
import { type ManualChangeInput, ManualChangeBadInput, ManualChangeRefused, buildManualChange, parseManualChange, parseManualChangeFile, repeatsManualChange } from '../../core/records/manualChange';
import type { CliCommand } from '../cliContext';
import { cliLogPath } from '../cliLogPath';
import { identity as cliIdentity } from '../channelPosting';
import { parseCliOptions } from '../cliOptions';
import { readInputFile } from '../inputFile';
import { isRefusal, teamConfigFor } from '../usableTeamConfig';

// A file of manual changes is a handful of records; more is not such a file (or /dev/zero).
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * `changetrail record --system POS --title "..." --why "..." --rollback "..." [--env production]
 * [--at <ISO>] [--by "Name <email>"] [--ticket OPS-1]... [--description ...] [--runbook ...]
 * [--override-reason ...]`, or `--file <changes.json|jsonl|->`: a change made outside git (a
 * server setting, a vendor update, a flag, a DNS record) in the same log as every other change.
 * Exit 0 recorded, 1 refused (no rollback plan, a freeze without a reason), 2 bad input.
 */
export const recordCommand: CliCommand = {
  name: 'record',
  usage: 'record --system <name>... --title <text> --why <text> --rollback <text> [--env <env>] [--at <time>] [--by <name>] [--ticket <key>]... [--description <text>] [--runbook <url>] [--override-reason <text>]  |  record --file <file|->',
  summary: 'record a change made outside git (server setting, vendor update, feature flag) in the change log',
  async run(ctx) {
    const o = parseCliOptions(ctx.args, ['--title', '--why', '--rollback', '--env', '--at', '--by', '--description', '--runbook', '--override-reason', '--file'], [], ['--system', '--ticket']);
    if (o.problems.length > 0) {
      ctx.err(`changetrail record: ${o.problems.join('; ')}`);
      return 2;
    }
    const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
    const config = await teamConfigFor(ctx, 'record', 'write', root);
    if (isRefusal(config)) return config.exitCode;
    const clock = ctx.clock;
    let inputs: ManualChangeInput[];
    try {
      const file = o.values.get('--file');
      if (file !== undefined) {
        const text = await readInputFile('--file', file, ctx.cwd, MAX_FILE_BYTES);
        inputs = parseManualChangeFile(text);
      } else {
        const by = o.values.get('--by');
        inputs = [
          parseManualChange(
            {
              systems: o.lists.get('--system') ?? [],
              title: o.values.get('--title') ?? '',
              why: o.values.get('--why') ?? '',
              ...optional('rollback', o.values.get('--rollback')),
              ...optional('description', o.values.get('--description')),
              ...optional('environment', o.values.get('--env')),
              ...optional('at', o.values.get('--at')),
              ...optional('runbook', o.values.get('--runbook')),
              ...optional('overrideReason', o.values.get('--override-reason')),
              tickets: o.lists.get('--ticket') ?? [],
              ...(by ? { by: await cliIdentity(root, by) } : {}),
            },
            'options',
          ),
        ];
      }
    } catch (error) {
      ctx.err(`changetrail record: ${error instanceof ManualChangeRefused ? error.problems.join('\n  ') : (error as Error).message}`);
      return 2;
    }
    const by = await cliIdentity(root, o.values.get('--by'));
    const now = new Date(clock.now());
    // Every change is checked before any is written, so a file is recorded whole or not at all.
    const records = [];
    for (const [i, input] of inputs.entries()) {
      try {
        records.push(buildManualChange(input, { config, now, by }));
      } catch (error) {
        if (!(error instanceof ManualChangeRefused)) throw error;
        ctx.err(`changetrail record: ${inputs.length > 1 ? `change ${i + 1} ("${input.title}"): ` : ''}not recorded: ${error.problems.join('; ')}`);
        return error instanceof ManualChangeBadInput ? 2 : 1;
      }
    }
    // A name outside the team's systems is allowed (a DNS zone, a vendor's console), but a typo
    // ("Biling") would keep the change out of `changed --system Billing` and off the system's risk: say so.
    const teamSystems = new Set(config.systems.map((s) => s.name.toLowerCase()));
    const outside = [...new Set(inputs.flatMap((i) => i.systems.map((s) => s.trim())).filter((s) => config.systems.length > 0 && !teamSystems.has(s.toLowerCase())))];
    if (outside.length > 0) ctx.err(`warning: ${outside.map((s) => JSON.stringify(s)).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among the team's systems (${config.systems.map((s) => s.name).join(', ')}): recorded as given, with medium criticality`);
    const path = cliLogPath(root, config);
    // A change said again with the same time (a tool's re-run, a script run twice) is recorded once:
    // a second copy would count twice in the digest, the board, the metrics and the export.
    const known: ChangeRecord[] = records.some((r) => r.changedAt !== undefined) ? await recordedManualChanges(path, ctx.logger) : [];
    for (const record of records) {
      const earlier = known.find((k) => repeatsManualChange(k, record));
      if (earlier) {
        ctx.out(`Already recorded as ${earlier.id}: ${record.title} (${record.systems.map((s) => s.name).join(', ')}, ${record.environment}); not recorded again`);
        continue;
      }
      await appendEntry(path, record);
      known.push(record);
      ctx.out(`Recorded ${record.id}: ${record.title} (${record.systems.map((s) => s.name).join(', ')}, ${record.environment})`);
    }
    return 0;
  },
};

/** The current manual change records of the log, asked through its index (the origin key keeps this small). */
async function recordedManualChanges(path: string, logger: Logger): Promise<ChangeRecord[]> {
  const index = openChangeLogIndex(path, { logger });
  return (await index.query({ schema: 'changetrail/change', origin: 'manual' })) as ChangeRecord[];
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

