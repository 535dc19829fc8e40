import { repositoryRoot } from '../../core/git/repositoryInfo';
import { runGit } from '../../core/git/runGit';
import { buildDigest, parseDigestTime } from '../../core/notes/digest';
import { digestCarrier, digestEntryId } from '../../core/notes/digestCarrier';
import { changeLogPath } from '../../core/records/changeLog';
import { sharedLogFoldersFromEnv } from '../../core/records/logFile';
import { openChangeLogIndex } from '../../core/records/index/openChangeLogIndex';
import { entriesForRange } from '../../core/records/index/indexAnswers';
import { deployedWithoutRecord } from '../../core/notes/deployedWithoutRecord';
import type { CliCommand } from '../cliContext';
import { nowDate } from '../../core/clock';
import { identity, postToChannels } from '../channelPosting';
import { parseOptions, renderAs } from './note';
import { isRefusal, teamConfigFor } from '../usableTeamConfig';

const VALUED = ['--since', '--until', '--env', '--format', '--title', '--by', '--wait'];
const FLAGS = ['--post'];

/**
 * `changetrail digest [--since 7d|<date>] [--until <date>] [--env <env>] [--format ...] [--post]`:
 * "This Week in Changes" from the change log, grouped by system, as the editor shows it. With
 * --post it goes to the configured channels; the same period is posted once per machine.
 */
export const digestCommand: CliCommand = {
  name: 'digest',
  summary: 'changes of a period (default the last 7 days) grouped by system; --post to channels; --format markdown|json|slack|teams|webhook|email',
  async run(ctx) {
    const { values, flags, problems } = parseOptions(ctx.args, VALUED, FLAGS);
    if (problems.length > 0) {
      ctx.err(`changetrail digest: ${problems.join('; ')}`);
      return 2;
    }
    const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
    const config = await teamConfigFor(ctx, 'digest', 'read', root);
    if (isRefusal(config)) return config.exitCode;
    const now = nowDate(ctx.clock);
    const until = values.has('--until') ? parseDigestTime(values.get('--until') as string, now) : now;
    const since = parseDigestTime(values.get('--since') ?? '7d', until);
    const index = openChangeLogIndex(changeLogPath(root, config.records.log.path, sharedLogFoldersFromEnv(process.env)), { logger: ctx.logger });
    const entries = await index.query({ since: since.getTime(), until: until.getTime() });
    const unrecorded = await deployedWithoutRecord(root, entries, (commits, env) => entriesForRange(index, commits, env), { since, until, environment: values.get('--env'), ticketSyntax: config.tickets, logger: ctx.logger });
    const digest = buildDigest(entries, { now, since, until, environment: values.get('--env'), systems: config.systems, title: values.get('--title'), unrecorded });
    const email = config.channels.find((c) => c.type === 'email');
    ctx.out(renderAs(values.get('--format') ?? 'markdown', digest, digestEntryId(digest), email?.type === 'email' ? { to: email.to, cc: email.cc } : undefined));
    if (!flags.has('--post')) return 0;
    // The carrier names the commit checked out; a repository without one still gets a well-formed entry.
    const commit = (await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root }).catch(() => '')).trim() || '0000000';
    const carrier = digestCarrier(digest, { commit, by: await identity(root, values.get('--by')) });
    const posted = await postToChannels(ctx, root, config, carrier, digest, Math.max(0, Number(values.get('--wait') ?? 60)) * 1000);
    return posted ? 0 : 1;
  },
};
