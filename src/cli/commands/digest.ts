import { repositoryRoot } from '../../core/git/repositoryInfo';
import { runGit } from '../../core/git/runGit';
import { buildDigest, parseDigestTime } from '../../core/notes/digest';
import { digestCarrier, digestEntryId } from '../../core/notes/digestCarrier';
import { entriesForRange } from '../../core/records/index/indexAnswers';
import { readProblems } from '../../core/records/index/readProblems';
import { deployedWithoutRecord } from '../../core/notes/deployedWithoutRecord';
import { unreadableLinesNotice } from '../../core/notes/unreadableLines';
import type { CliCommand } from '../cliContext';
import { openLogIndex } from '../openLogIndex';
import { nowDate } from '../../core/clock';
import { errorMessage } from '../../core/errors';
import { identity, postToChannels } from '../channelPosting';
import { USAGE_ERROR, numberOption, reportProblems } from '../cliOptions';
import { parseOptions, renderAs } from '../noteOptions';
import { isRefusal, teamConfigFor } from '../usableTeamConfig';

/** `--since`/`--until` read as parseDigestTime reads them; what it cannot read is a problem naming the option. */
function timeOption(text: string | undefined, option: string, from: Date, problems: string[]): Date | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDigestTime(text, from);
  } catch (error) {
    problems.push(`${option} ${errorMessage(error)}`);
    return undefined;
  }
}

const VALUED = ['--since', '--until', '--env', '--format', '--title', '--by', '--wait'];
const FLAGS = ['--post'];

/**
 * `changetrail digest [--since 7d|<date>] [--until <date>] [--env <env>] [--format ...] [--post]`:
 * "This Week in Changes" from the change log, grouped by system, as the editor shows it. With
 * --post it goes to the configured channels; the same period is posted once per machine.
 */
export const digestCommand: CliCommand = {
  name: 'digest',
  usage: 'digest [--since 7d|<date>] [--until <date>] [--env <env>] [--title <text>] [--format markdown|json|slack|teams|webhook|email] [--post [--by <name>] [--wait <seconds>]]',
  summary: 'changes of a period (default the last 7 days) grouped by system; --post to channels; --format markdown|json|slack|teams|webhook|email',
  async run(ctx) {
    const { values, flags, problems } = parseOptions(ctx.args, VALUED, FLAGS);
    const now = nowDate(ctx.clock);
    const until = timeOption(values.get('--until'), '--until', now, problems) ?? now;
    const since = timeOption(values.get('--since') ?? '7d', '--since', until, problems);
    const wait = numberOption('--wait', values.get('--wait'), { min: 0, unit: 'seconds' }, problems) ?? 60;
    if (reportProblems(ctx.err, 'digest', problems) || !since) return USAGE_ERROR;
    const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
    const config = await teamConfigFor(ctx, 'digest', 'read', root);
    if (isRefusal(config)) return config.exitCode;
    const index = openLogIndex(root, config, ctx.logger);
    const entries = await index.query({ since: since.getTime(), until: until.getTime() });
    const unrecorded = await deployedWithoutRecord(root, entries, (commits, env) => entriesForRange(index, commits, env), { since, until, environment: values.get('--env'), ticketSyntax: config.tickets, logger: ctx.logger });
    const digest = buildDigest(entries, { now, since, until, environment: values.get('--env'), systems: config.systems, title: values.get('--title'), unrecorded, problems: unreadable(readProblems(index)) });
    const email = config.channels.find((c) => c.type === 'email');
    ctx.out(renderAs(values.get('--format') ?? 'markdown', digest, digestEntryId(digest), email?.type === 'email' ? { to: email.to, cc: email.cc } : undefined));
    if (!flags.has('--post')) return 0;
    // The carrier names the commit checked out; a repository without one still gets a well-formed entry.
    const commit = (await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root }).catch(() => '')).trim() || '0000000';
    const carrier = digestCarrier(digest, { commit, by: await identity(root, values.get('--by')) });
    const posted = await postToChannels(ctx, root, config, carrier, digest, wait * 1000);
    return posted ? 0 : 1;
  },
};

const unreadable = (problems: Parameters<typeof unreadableLinesNotice>[0]) => [unreadableLinesNotice(problems)].filter((p): p is string => p !== undefined);
