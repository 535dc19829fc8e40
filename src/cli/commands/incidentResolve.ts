import { ChangeTrailError } from '../../core/errors';
import { findIncident, resolveIncidentRecord } from '../../core/incidents/incidentRecords';
import { withIncidentLock } from '../../core/incidents/incidentLock';
import { parseAt } from '../../core/incidents/timeSpec';
import type { IncidentRecord } from '../../core/records/changeRecord';
import type { ChangeLogIndex } from '../../core/records/index/changeLogIndex';
import { identity } from '../channelPosting';
import type { CliCommand } from '../cliContext';
import { appendToLog, incidentLine, openWorkspace, postIncident, waitMs } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, listValue, parseArgs } from '../parseArgs';

const VALUED = ['--cause', '--cause-summary', '--fix', '--lessons', '--follow-up', '--resolved-at', '--by', '--wait'];
const FLAGS = ['--no-post'];
const FIXES = ['rollback', 'revert', 'fix-forward', 'configuration', 'external', 'none'] as const;

/**
 * The cause `--cause` names: a deployment or change record id, "not-a-change" or "unknown"; left
 * out, the deployment that a rollback recorded for this incident reversed.
 */
async function causeOf(index: ChangeLogIndex, incident: IncidentRecord, given: string | undefined, summary: string | undefined): Promise<NonNullable<IncidentRecord['cause']>> {
  const withSummary = summary ? { summary } : {};
  if (given === 'not-a-change' || given === 'unknown') return { kind: given, ...withSummary };
  if (given) {
    const entry = await index.get(given.toUpperCase());
    if (entry?.schema === 'changetrail/deployment') return { kind: 'deployment', deployment: entry.id, ...withSummary };
    if (entry?.schema === 'changetrail/change') return { kind: 'change', change: entry.id, ...withSummary };
    throw new ChangeTrailError('BadRange', `--cause "${given}" is not a deployment or change record in the change log (or use not-a-change, unknown)`);
  }
  const rollback = (await index.deploymentsOf(incident.environment)).find((d) => d.kind === 'rollback' && d.incident === incident.incidentId && d.rollsBack);
  if (rollback?.rollsBack) return { kind: 'deployment', deployment: rollback.rollsBack, ...withSummary };
  return { kind: 'unknown', ...withSummary };
}

/**
 * `changetrail incident resolve <id|latest> --fix rollback|revert|fix-forward|configuration|external|none
 * [--cause <deployment|change|not-a-change|unknown>] [--lessons ...] [--follow-up PROJ-1]`: records
 * the resolution and tells the team's channels.
 */
export const incidentResolveCommand: CliCommand = {
  name: 'incident resolve',
  usage: 'incident resolve <id|latest> --fix rollback|revert|fix-forward|configuration|external|none [--cause <deployment|change|not-a-change> [--cause-summary <text>]] [--lessons <text>] [--follow-up <text>] [--resolved-at <time>] [--by <name>] [--no-post] [--wait <seconds>]',
  summary: 'resolve an incident (<id|latest>): --fix, --cause <deployment|change|not-a-change>, --lessons, --follow-up; channels told',
  async run(ctx) {
    const args = parseArgs(ctx.args, VALUED, FLAGS);
    const problems = [...args.problems];
    if (args.positionals.length !== 1) problems.push('name one incident: its id, or "latest"');
    const fix = lastValue(args, '--fix');
    if (!fix || !(FIXES as readonly string[]).includes(fix)) problems.push(`--fix is required: ${FIXES.join(', ')}`);
    const wait = waitMs(lastValue(args, '--wait'), problems);
    if (problems.length > 0) {
      ctx.err(`changetrail incident resolve: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'incident resolve', 'write');
    if (isRefusal(ws)) return ws.exitCode;
    // Read and append under the incident lock: two updates at once would both supersede one state.
    const { record, cause } = await withIncidentLock(ws.index.path, async () => {
      const previous = await findIncident(ws.index, args.positionals[0]);
      const causeArg = lastValue(args, '--cause');
      const causeWord = causeArg && ['not-a-change', 'unknown'].includes(causeArg.toLowerCase()) ? causeArg.toLowerCase() : causeArg;
      const cause = await causeOf(ws.index, previous, causeWord, lastValue(args, '--cause-summary'));
      const resolvedArg = lastValue(args, '--resolved-at');
      const by = await identity(ws.root, lastValue(args, '--by'));
      const record = resolveIncidentRecord(
        previous,
        {
          ...(resolvedArg ? { resolvedAt: new Date(parseAt(resolvedArg, ws.clock, ws.timeZone, '--resolved-at')).toISOString() } : {}),
          cause,
          fix: fix as (typeof FIXES)[number],
          lessons: lastValue(args, '--lessons'),
          followUps: listValue(args, '--follow-up'),
        },
        by,
        ws.clock,
      );
      await appendToLog(ws, record);
      return { record, cause };
    });
    ctx.out(incidentLine(record));
    ctx.out(`Cause: ${cause.kind}${cause.deployment ? ` ${cause.deployment}` : cause.change ? ` ${cause.change}` : ''}; fixed by ${fix}.`);
    if (!record.lessons) ctx.err('No --lessons given: "changetrail lessons" will not find what was learnt here.');
    if (args.flags.has('--no-post')) return 0;
    return (await postIncident(ctx, ws, record, wait)) ? 0 : 1;
  },
};
