import { parseAt, parseDuration } from '../../core/incidents/timeSpec';
import { whatChanged } from '../../core/incidents/whatChanged';
import { unknownEnvironment, unknownSystem } from '../../core/incidents/knownEnvironment';
import { isChangeTrailError } from '../../core/errors';
import { whatChangedJson, whatChangedMarkdown, whatChangedText } from '../../core/incidents/renderWhatChanged';
import type { CliCommand } from '../cliContext';
import { defaultEnvironment, openWorkspace } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, parseArgs } from '../parseArgs';

const VALUED = ['--env', '--system', '--at', '--window', '--format', '--ref'];
const FLAGS = ['--since-last-good'];
const FORMATS = ['text', 'md', 'markdown', 'json'];

/**
 * `changetrail changed [--env production] [--system Billing] [--at "2h ago"] [--window 24h |
 * --since-last-good] [--format text|md|json]`: what went live before it broke, suspects first,
 * each deployment with the exact step that undoes it.
 */
export const changedCommand: CliCommand = {
  name: 'changed',
  usage: 'changed [--env <env>] [--at <time>|"2h ago"] [--window 24h | --since-last-good] [--system <name>] [--ref <commit>] [--format text|md|json]',
  summary: 'what changed before it broke: deployments to --env before --at ("2h ago"), suspects first, with rollback steps; --format text|md|json',
  async run(ctx) {
    const args = parseArgs(ctx.args, VALUED, FLAGS);
    const problems = [...args.problems, ...args.positionals.map((p) => `unexpected "${p}"`)];
    const format = lastValue(args, '--format') ?? 'text';
    if (!FORMATS.includes(format)) problems.push(`--format must be text, md or json`);
    if (args.flags.has('--since-last-good') && args.values.has('--window')) problems.push('give --window or --since-last-good, not both');
    if (problems.length > 0) {
      ctx.err(`changetrail changed: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'changed', 'read');
    if (isRefusal(ws)) return ws.exitCode;
    const environment = defaultEnvironment(ws.config, lastValue(args, '--env'));
    const system = lastValue(args, '--system');
    const unknown = (await unknownEnvironment(environment, ws.config, [ws.index])) ?? (system?.trim() ? await unknownSystem(system, ws.config, [ws.index]) : undefined);
    if (unknown) {
      ctx.err(`changetrail changed: ${unknown}`);
      return 2;
    }
    const window = lastValue(args, '--window');
    let at: number;
    let windowMs: number | undefined;
    try {
      at = parseAt(lastValue(args, '--at') ?? 'now', ws.clock, ws.timeZone);
      windowMs = window ? parseDuration(window) : undefined;
    } catch (error) {
      // A time or window that cannot be read is bad input: exit 2, as for any other option.
      if (!isChangeTrailError(error) || error.code !== 'BadRange') throw error;
      ctx.err(`changetrail changed: ${error.message}`);
      return 2;
    }
    const answer = await whatChanged(
      { environment, system, at, ...(windowMs !== undefined ? { windowMs } : {}), sinceLastGood: args.flags.has('--since-last-good') },
      { index: ws.index, config: ws.config, repoRoot: ws.root, ref: lastValue(args, '--ref'), ticketSyntax: ws.config.tickets, logger: ctx.logger },
    );
    ctx.out(format === 'json' ? whatChangedJson(answer) : format === 'text' ? whatChangedText(answer, { timeZone: ws.timeZone }) : whatChangedMarkdown(answer, { timeZone: ws.timeZone }).trimEnd());
    return 0;
  },
};
