import { errorMessage } from '../../core/errors';
import { findIncident } from '../../core/incidents/incidentRecords';
import { planRollback, rollbackRecord } from '../../core/incidents/rollbackPlan';
import { rollbackNote } from '../../core/incidents/rollbackNote';
import { describeRollbackPlan } from '../../core/incidents/rollbackDescription';
import { tagDeployment } from '../../core/notes/deploymentTag';
import { identity, postToChannels } from '../channelPosting';
import { deliverToEngines } from '../engineDelivery';
import type { CliCommand } from '../cliContext';
import { appendToLog, defaultEnvironment, openWorkspace, waitMs } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, parseArgs } from '../parseArgs';

const VALUED = ['--env', '--to', '--incident', '--by', '--message', '--wait', '--format'];
const FLAGS = ['--dry-run', '--no-post'];


/**
 * `changetrail rollback --env production [--to <deployment|commit>] [--incident <id|latest>]`:
 * shows what will be undone, records a deployment of kind rollback linked to the one it reverses
 * (and the incident), tags it when the team tags deployments, and posts the note.
 */
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage: 'rollback --env <env> [--to <deployment|commit>] [--incident <id|latest>] [--by <name>] [--message <text>] [--format text|json] [--wait <seconds>] [--dry-run] [--no-post]',
  summary: 'roll --env back to the previous good deployment (or --to <deployment|commit>): shows what is undone, records it (--incident), tags and posts; --dry-run to only show',
  async run(ctx) {
    const args = parseArgs(ctx.args, VALUED, FLAGS);
    const problems = [...args.problems, ...args.positionals.map((p) => `unexpected "${p}"`)];
    const format = lastValue(args, '--format') ?? 'text';
    if (!['text', 'json'].includes(format)) problems.push('--format must be text or json');
    const wait = waitMs(lastValue(args, '--wait'), problems);
    if (problems.length > 0) {
      ctx.err(`changetrail rollback: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'rollback', args.flags.has('--dry-run') ? 'read' : 'write');
    if (isRefusal(ws)) return ws.exitCode;
    const environment = defaultEnvironment(ws.config, lastValue(args, '--env'));
    // With git: a --to commit must exist here and lie behind what is live.
    const plan = await planRollback(ws.index, environment, lastValue(args, '--to'), { cwd: ws.root, logger: ctx.logger });
    const incidentRef = lastValue(args, '--incident');
    const incident = incidentRef ? await findIncident(ws.index, incidentRef) : undefined;
    if (format === 'text') for (const line of describeRollbackPlan(plan)) ctx.out(line);
    if (args.flags.has('--dry-run')) {
      if (format === 'json') ctx.out(JSON.stringify(plan, null, 2));
      ctx.err('Dry run: nothing recorded.');
      return 0;
    }
    const by = await identity(ws.root, lastValue(args, '--by'));
    const record = rollbackRecord(plan, by, ws.clock, { incident: incident?.incidentId, message: lastValue(args, '--message') });
    await appendToLog(ws, record);
    if (format === 'json') ctx.out(JSON.stringify({ plan, record }, null, 2));
    else ctx.out(`Recorded rollback ${record.id} of deployment ${plan.current.id}${incident ? ` for incident ${incident.incidentId}` : ''}.`);
    if (ws.config.deployments.createTag) {
      await tagDeployment(record, ws.config.deployments.tagPattern, ws.config.deployments.pushTag, { cwd: ws.root, logger: ctx.logger }).then(
        (tag) => ctx.err(`Tagged ${tag}${ws.config.deployments.pushTag ? ' and pushed it' : ''}`),
        (error: unknown) => ctx.logger.warn(`could not tag the rollback: ${errorMessage(error)}`),
      );
    }
    if (args.flags.has('--no-post')) return 0;
    // The engines (Jira, GitHub/GitLab deployments, DevLake, CDEvents) learn of every rollback.
    const sent = await deliverToEngines(ctx, ws.root, ws.config, record, wait);
    if (ws.config.channels.length === 0) return sent ? 0 : 1;
    const note = await rollbackNote(plan, record, { ...ws, now: new Date(ws.clock.now()), logger: ctx.logger });
    return (await postToChannels(ctx, ws.root, ws.config, record, note, wait)) && sent ? 0 : 1;
  },
};
