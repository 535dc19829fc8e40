import { localTimeZone, wallTimeAt } from '../../core/checklist/zonedTime';
import { keyMetrics } from '../../core/metrics/keyMetrics';
import { unknownEnvironment, unknownSystem } from '../../core/incidents/knownEnvironment';
import { renderMetrics } from '../../core/metrics/metricsReport';
import { monthPeriod, weekPeriod } from '../../core/metrics/periods';
import { latestIncidents } from '../../core/metrics/deploymentOutcomes';
import { metricsInputFromIndexes } from '../../core/metrics/metricsFromIndex';
import type { CliCommand } from '../cliContext';
import { oneOf, parseCliOptions } from '../cliOptions';
import { commitTimes } from '../../core/git/commitTimes';
import { openLogIndexes } from '../logIndexes';
import { isRefusal, unlessConfigBroken } from '../usableTeamConfig';

const FORMATS = ['text', 'md', 'json', 'csv'] as const;
const YEAR = 366 * 86_400_000;

/**
 * `changetrail metrics [--month 2026-11 | --week 2026-W48] [--env production]... [--system X]...
 * [--tz Europe/Madrid] [--format text|md|json|csv] [--repo dir]... [--log file]...`: the four key
 * metrics plus uptime for the monthly report. Defaults: the current month, the last environment of
 * the team's promotion order, the team's freeze time zone.
 */
export const metricsCommand: CliCommand = {
  name: 'metrics',
  usage: 'metrics [--month 2026-11 | --week 2026-W48] [--env <env>]... [--system <name>]... [--tz <zone>] [--format text|md|json|csv] [--repo <dir>]... [--log <file>]...',
  summary: 'deployment frequency, change failure rate, time to restore, lead time and uptime of a month or week',
  async run(ctx) {
    const o = parseCliOptions(ctx.args, ['--month', '--week', '--tz', '--format'], [], ['--env', '--system', '--repo', '--log']);
    const format = o.values.get('--format') ?? 'text';
    const bad = oneOf('--format', format, FORMATS);
    if (bad) o.problems.push(bad);
    if (o.values.has('--month') && o.values.has('--week')) o.problems.push('give --month or --week, not both');
    if (o.problems.length > 0) {
      ctx.err(`changetrail metrics: ${o.problems.join('; ')}`);
      return 2;
    }
    const clock = ctx.clock;
    const now = clock.now();
    const logs = await unlessConfigBroken(ctx, 'metrics', 'read', () => openLogIndexes(ctx.cwd, o.lists.get('--repo') ?? [], o.lists.get('--log') ?? [], ctx.logger));
    if (isRefusal(logs)) return logs.exitCode;
    const timeZone = o.values.get('--tz') ?? logs.config?.freeze.timeZone ?? localTimeZone();
    let period;
    try {
      const wall = wallTimeAt(now, timeZone);
      const week = o.values.get('--week');
      period = week
        ? weekPeriod(week, timeZone)
        : monthPeriod(o.values.get('--month') ?? `${wall.year}-${String(wall.month).padStart(2, '0')}`, timeZone);
    } catch (error) {
      ctx.err(`changetrail metrics: ${(error as Error).message}`);
      return 2;
    }
    if (period.start > now) {
      // A period that has not begun has no numbers: "0 a week (low)" would read as a real answer.
      ctx.err(`changetrail metrics: ${period.kind === 'week' ? '--week' : '--month'} ${period.key} has not started yet (now is ${new Date(now).toISOString()}): give a period up to the current one`);
      return 2;
    }
    const environments = o.lists.get('--env') ?? [logs.config?.environments.at(-1) ?? 'production'];
    const named = [...(o.lists.get('--env') ?? []).map((e) => ['env', e] as const), ...(o.lists.get('--system') ?? []).map((s) => ['system', s] as const)];
    for (const [kind, name] of named) {
      const unknown = kind === 'env' ? await unknownEnvironment(name, logs.config ?? { environments: [] }, logs.indexes) : await unknownSystem(name, logs.config ?? { systems: [] }, logs.indexes);
      if (unknown) {
        ctx.err(`changetrail metrics: ${unknown}`);
        return 2;
      }
    }
    const systems = o.lists.get('--system') ?? [undefined];
    const times = await commitTimes(logs.root, period.start - YEAR);
    // Only what the period's numbers depend on is read, not every entry of the logs.
    const read = await metricsInputFromIndexes(logs.indexes, period, environments, { leadTimes: times.size > 0 });
    const input = { ...read, incidents: latestIncidents(read.incidents), commitTimes: times, now };
    const reports = environments.flatMap((environment) => systems.map((system) => keyMetrics(input, period, { environment, system })));
    ctx.out(renderMetrics(reports, format as (typeof FORMATS)[number]).trimEnd());
    return 0;
  },
};
