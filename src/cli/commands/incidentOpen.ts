import { parseAlert } from '../../core/incidents/alerts/parseAlert';
import type { ParsedAlert } from '../../core/incidents/alerts/alertTypes';
import { levelProblem, suggestLevel } from '../../core/incidents/escalation';
import { openIncidentRecord } from '../../core/incidents/incidentRecords';
import { parseAt, parseDuration } from '../../core/incidents/timeSpec';
import { FUTURE_SKEW_MS } from '../../core/time/atTime';
import { whatChanged } from '../../core/incidents/whatChanged';
import { unknownEnvironment } from '../../core/incidents/knownEnvironment';
import type { IncidentRecord } from '../../core/records/changeRecord';
import { identity } from '../channelPosting';
import type { CliCommand } from '../cliContext';
import { readInputFile } from '../inputFile';
import { appendToLog, defaultEnvironment, openWorkspace, postIncident, waitMs } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, listValue, parseArgs } from '../parseArgs';

const VALUED = ['--title', '--env', '--system', '--detected-at', '--impact', '--level', '--lower-reason', '--responder', '--by', '--from-alert', '--window', '--note', '--wait', '--format'];
const FLAGS = ['--contained', '--mitigated', '--no-post'];
const IMPACTS = ['outage', 'degraded', 'none'] as const;

// An alert's body is a few kilobytes; a bigger one is not an alert (--from-alert /dev/zero read
// until memory ran out).
const MAX_ALERT_BYTES = 1024 * 1024;

/** Reads an alert body from a regular file or, for "-", from stdin; at most MAX_ALERT_BYTES (readInputFile: bad input names the file). */
async function readAlert(source: string, cwd: string): Promise<ParsedAlert> {
  return parseAlert(await readInputFile('--from-alert', source, cwd, MAX_ALERT_BYTES), source === '-' ? 'stdin' : source);
}

/**
 * `changetrail incident open --title ... [--system Billing] [--impact outage|degraded|none]
 * [--from-alert <file|->]`: appends an incident with the suspects of "what changed" attached and
 * the level suggested (and explained in one line), then tells the team's channels.
 */
export const incidentOpenCommand: CliCommand = {
  name: 'incident open',
  usage: 'incident open (--title <text> [--system <name>]... [--impact <text>] | --from-alert <file|->) [--env <env>] [--detected-at <time>] [--level <n> [--lower-reason <text>]] [--responder <name>] [--note <text>] [--contained] [--mitigated] [--window 24h] [--by <name>] [--format text|json] [--no-post] [--wait <seconds>]',
  summary: 'open an incident (--title, --system, --impact; or --from-alert <file|-> for PagerDuty, Opsgenie, Grafana): suspects attached, level suggested, channels told',
  async run(ctx) {
    const args = parseArgs(ctx.args, VALUED, FLAGS);
    const problems = [...args.problems, ...args.positionals.map((p) => `unexpected "${p}"`)];
    const impactArg = lastValue(args, '--impact');
    if (impactArg && !(IMPACTS as readonly string[]).includes(impactArg)) problems.push('--impact must be outage, degraded or none');
    const levelArg = lastValue(args, '--level');
    if (levelArg && !/^[1-9]\d?$/.test(levelArg)) problems.push('--level must be a level number such as 1');
    const format = lastValue(args, '--format') ?? 'text';
    if (!['text', 'json'].includes(format)) problems.push('--format must be text or json');
    const alertSource = lastValue(args, '--from-alert');
    if (!alertSource && !lastValue(args, '--title')) problems.push('--title is required (or --from-alert <file|->)');
    const wait = waitMs(lastValue(args, '--wait'), problems);
    if (problems.length > 0) {
      ctx.err(`changetrail incident open: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'incident open', 'write');
    if (isRefusal(ws)) return ws.exitCode;
    const alert = alertSource ? await readAlert(alertSource, ctx.cwd) : undefined;
    if (alert?.resolved) {
      ctx.err(`The ${alert.source} alert ${alert.id} is already resolved: no incident opened.`);
      return 0;
    }
    if (alert) {
      const already = (await ws.index.incidents()).find((i) => i.status !== 'resolved' && i.alert?.source === alert.source && i.alert.id === alert.id);
      if (already) {
        ctx.err(`Incident ${already.incidentId} is already open for ${alert.source} alert ${alert.id}: nothing added.`);
        ctx.out(already.incidentId);
        return 0;
      }
    }
    const teamName = (name: string) => ws.config.systems.find((s) => s.name.toLowerCase() === name.trim().toLowerCase())?.name ?? name.trim();
    const systems = [...new Set((listValue(args, '--system').length > 0 ? listValue(args, '--system') : [...(alert?.systems ?? [])]).map(teamName))];
    const environment = defaultEnvironment(ws.config, lastValue(args, '--env') ?? alert?.environment);
    // A typed --env must name a known environment; an alert's label is taken as sent (an incident is never lost at 6 AM).
    const unknown = lastValue(args, '--env') !== undefined ? await unknownEnvironment(environment, ws.config, [ws.index]) : undefined;
    if (unknown) {
      ctx.err(`changetrail incident open: ${unknown}`);
      return 2;
    }
    const detectedArg = lastValue(args, '--detected-at');
    const now = ws.clock.now();
    // An alert's time ahead of the clock (the alerting system's clock is off) would put the window of
    // "what changed" after every change, attach no suspect and refuse any resolution time: as with a
    // typed time, nothing is detected later than now; the incident opens at its arrival, and says so.
    const alertAt = alert ? Date.parse(alert.detectedAt) : undefined;
    const alertAhead = alertAt !== undefined && alertAt > now + FUTURE_SKEW_MS;
    if (alert && alertAhead) ctx.err(`warning: the ${alert.source} alert says it started at ${alert.detectedAt}, after now (${new Date(now).toISOString()}): taken as detected now (is the alerting system's clock right?)`);
    const detectedAt = new Date(detectedArg ? parseAt(detectedArg, ws.clock, ws.timeZone, '--detected-at') : alertAt !== undefined && !alertAhead ? alertAt : now).toISOString();
    const impact = (impactArg ?? alert?.impact ?? 'degraded') as IncidentRecord['impact'];
    const lowerReason = lastValue(args, '--lower-reason');
    const suggestion = suggestLevel({
      impact,
      systems,
      policy: ws.config.escalationLevels,
      teamSystems: ws.config.systems,
      ...(lowerReason !== undefined ? { lower: { contained: args.flags.has('--contained'), mitigated: args.flags.has('--mitigated'), reason: lowerReason } } : {}),
    });
    if (suggestion.lowerRefused) {
      ctx.err(`changetrail incident open: the level cannot be lowered: ${suggestion.lowerRefused}. Lowering needs --impact none, --contained, --mitigated and --lower-reason "<why>".`);
      return 2;
    }
    let level = suggestion.level;
    let levelReason = suggestion.reason;
    if (levelArg) {
      const chosen = Number(levelArg);
      const offLevel = levelProblem(chosen, ws.config.escalationLevels);
      if (offLevel) {
        ctx.err(`changetrail incident open: ${offLevel}`);
        return 2;
      }
      if (chosen > suggestion.level && lowerReason === undefined) {
        ctx.err(`changetrail incident open: level ${chosen} is less urgent than the suggested ${suggestion.reason} To lower it, say why: --lower-reason "<why>" with --contained and --mitigated.`);
        return 2;
      }
      level = chosen;
      levelReason = chosen === suggestion.level ? suggestion.reason : `Level ${chosen} set by hand (suggested: ${suggestion.reason})${lowerReason ? ` Reason: ${lowerReason}` : ''}`;
    }
    const window = lastValue(args, '--window');
    const changed = await whatChanged(
      { environment, system: systems[0], at: Date.parse(detectedAt), ...(window ? { windowMs: parseDuration(window) } : {}) },
      { index: ws.index, config: ws.config, repoRoot: ws.root, ticketSyntax: ws.config.tickets, logger: ctx.logger },
    );
    const by = await identity(ws.root, lastValue(args, '--by'));
    const record = openIncidentRecord(
      {
        title: lastValue(args, '--title') ?? alert?.title ?? 'Incident',
        environment,
        systems,
        detectedAt,
        impact,
        level,
        levelReason,
        responders: listValue(args, '--responder'),
        by,
        suspects: changed.suspects,
        ...(alert ? { alert: { source: alert.source, id: alert.id, ...(alert.url ? { url: alert.url } : {}) } } : {}),
        ...(args.flags.has('--mitigated') ? { status: 'mitigated' as const } : {}),
        notes: lastValue(args, '--note') ?? alert?.description,
      },
      ws.clock,
    );
    await appendToLog(ws, record);
    if (format === 'json') ctx.out(JSON.stringify(record, null, 2));
    else {
      ctx.out(`Opened incident ${record.incidentId}: ${record.title}`);
      ctx.out(levelReason);
      const people = ws.config.escalationLevels.levels.find((l) => l.level === level);
      if (people) ctx.out(`Respond within ${people.responseTarget}. Wake: ${people.wake.join(', ') || 'nobody'}. Tell: ${people.notify.join(', ') || 'nobody'}.`);
      if (changed.suspects.length === 0) ctx.out(`No change went live on ${environment} in the window before ${detectedAt}.`);
      changed.suspects.slice(0, 3).forEach((s, i) => ctx.out(`Suspect ${i + 1}: ${s.title} (${s.reasons.join('; ')})`));
    }
    if (args.flags.has('--no-post')) return 0;
    return (await postIncident(ctx, ws, record, wait)) ? 0 : 1;
  },
};
