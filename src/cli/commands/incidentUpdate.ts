import { levelProblem } from '../../core/incidents/escalation';
import { findIncident, updateIncidentRecord } from '../../core/incidents/incidentRecords';
import { withIncidentLock } from '../../core/incidents/incidentLock';
import type { IncidentRecord } from '../../core/records/changeRecord';
import { identity } from '../channelPosting';
import type { CliCommand } from '../cliContext';
import { appendToLog, incidentLine, openWorkspace, postIncident, waitMs } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, listValue, parseArgs } from '../parseArgs';

const VALUED = ['--title', '--status', '--impact', '--level', '--level-reason', '--system', '--responder', '--note', '--by', '--wait'];
const FLAGS = ['--post'];

/**
 * `changetrail incident update <id|latest> [--status open|mitigated] [--level N --level-reason ...]
 * [--impact ...] [--responder ...] [--note ...]`: a new record superseding the incident's last state.
 */
export const incidentUpdateCommand: CliCommand = {
  name: 'incident update',
  usage: 'incident update <id|latest> [--status open|mitigated] [--level <n> --level-reason <text>] [--title <text>] [--impact <text>] [--system <name>] [--responder <name>] [--note <text>] [--by <name>] [--post [--wait <seconds>]]',
  summary: 'update an open incident (<id|latest>): --status open|mitigated, --level N --level-reason, --impact, --responder, --note; --post to tell channels',
  async run(ctx) {
    const args = parseArgs(ctx.args, VALUED, FLAGS);
    const problems = [...args.problems];
    if (args.positionals.length !== 1) problems.push('name one incident: its id, or "latest"');
    const status = lastValue(args, '--status');
    if (status && !['open', 'mitigated'].includes(status)) problems.push('--status must be open or mitigated (resolve with "changetrail incident resolve")');
    const impact = lastValue(args, '--impact');
    if (impact && !['outage', 'degraded', 'none'].includes(impact)) problems.push('--impact must be outage, degraded or none');
    const level = lastValue(args, '--level');
    if (level && !/^[1-9]\d?$/.test(level)) problems.push('--level must be a level number such as 2');
    const wait = waitMs(lastValue(args, '--wait'), problems);
    if (problems.length > 0) {
      ctx.err(`changetrail incident update: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'incident update', 'write');
    if (isRefusal(ws)) return ws.exitCode;
    const offLevel = level ? levelProblem(Number(level), ws.config.escalationLevels) : undefined;
    const changes = ['--title', '--status', '--impact', '--level', '--system', '--responder', '--note'].filter((o) => args.values.has(o));
    if (offLevel || changes.length === 0) {
      ctx.err(`changetrail incident update: ${offLevel ?? 'nothing to update: give --status, --level, --impact, --title, --system, --responder or --note'}`);
      return 2;
    }
    // Read and append under the incident lock: two updates at once would both supersede one state.
    const record = await withIncidentLock(ws.index.path, async () => {
      const previous = await findIncident(ws.index, args.positionals[0]);
      const reason = lastValue(args, '--level-reason');
      if (level && Number(level) > previous.level && !reason) {
        ctx.err(`changetrail incident update: level ${level} is less urgent than ${previous.level}: say why with --level-reason "<why>"`);
        return 2 as const;
      }
      const systems = listValue(args, '--system');
      const responders = listValue(args, '--responder');
      const note = lastValue(args, '--note');
      const by = await identity(ws.root, lastValue(args, '--by'));
      const record = updateIncidentRecord(
        previous,
        {
          title: lastValue(args, '--title'),
          status: status as IncidentRecord['status'] | undefined,
          impact: impact as IncidentRecord['impact'] | undefined,
          ...(level ? { level: Number(level), levelReason: reason ? `Level ${level} set by ${by.name}: ${reason}` : `Level ${level} set by ${by.name}` } : {}),
          ...(systems.length > 0 ? { systems } : {}),
          ...(responders.length > 0 ? { responders: [...new Set([...previous.responders, ...responders])] } : {}),
          ...(note ? { notes: previous.notes ? `${previous.notes}\n${note}` : note } : {}),
        },
        by,
        ws.clock,
      );
      await appendToLog(ws, record);
      return record;
    });
    if (typeof record === 'number') return record;
    ctx.out(incidentLine(record));
    if (!args.flags.has('--post')) return 0;
    return (await postIncident(ctx, ws, record, wait)) ? 0 : 1;
  },
};
