import { basename } from 'node:path';
import { ChangeTrailError, errorMessage } from '../../core/errors';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { FreezeOverrideRequired, buildDeploymentNote, buildDeploymentRecord, recordedNote } from '../../core/notes/deploymentNote';
import { tagDeployment } from '../../core/notes/deploymentTag';
import type { DeploymentRecord } from '../../core/records/changeRecord';
import { appendEntry } from '../../core/records/changeLog';
import { deploymentCandidates, deploymentRangeWithEntries, manualChangesSinceDeployment } from '../../core/records/index/indexAnswers';
import { openChangeLogIndex } from '../../core/records/index/openChangeLogIndex';
import { readProblems } from '../../core/records/index/readProblems';
import type { CliCommand } from '../cliContext';
import { cliLogPath } from '../cliLogPath';
import { parseOptions, renderAs } from '../noteOptions';
import { numberOption } from '../cliOptions';
import { identity, postToChannels } from '../channelPosting';
import { deliverToEngines } from '../engineDelivery';
import { isRefusal, teamConfigFor } from '../usableTeamConfig';
import { nowDate } from '../../core/clock';

const VALUED = ['--env', '--ref', '--since', '--format', '--by', '--override-reason', '--message', '--limit', '--wait'];
const FLAGS = ['--post', '--record'];

/**
 * `changetrail note --env <env> [--since <ref>] [--ref <ref>] [--format ...] [--post] [--record]`:
 * the deployment note for the editor's "Record Deployment", for pipelines. --record appends the
 * DeploymentRecord to the change log (and tags it when the policy says so); --post posts it.
 */
export const noteCommand: CliCommand = {
  name: 'note',
  usage: 'note --env <env> [--ref <ref>] [--since <ref>] [--format markdown|json|slack|teams|webhook|email] [--limit <commits>] [--record [--message <text>] [--override-reason <text>]] [--post [--wait <seconds>]] [--by <name>]',
  summary: 'deployment note for --env (what goes live since the last deployment); --post to channels, --record in the log; --format markdown|json|slack|teams|webhook|email',
  async run(ctx) {
    const { values, flags, problems } = parseOptions(ctx.args, VALUED, FLAGS);
    const environment = values.get('--env')?.trim();
    if (!environment) problems.push('--env is required, e.g. --env production');
    const limit = numberOption('--limit', values.get('--limit'), { min: 1, integer: true, unit: 'commits' }, problems);
    const waitSeconds = numberOption('--wait', values.get('--wait'), { min: 0, unit: 'seconds' }, problems) ?? 60;
    if (problems.length > 0) {
      ctx.err(`changetrail note: ${problems.join('; ')}`);
      return 2;
    }
    const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
    const config = await teamConfigFor(ctx, 'note', flags.has('--record') ? 'write' : 'read', root);
    if (isRefusal(config)) return config.exitCode;
    if (!config.environments.some((e) => e.toLowerCase() === environment?.toLowerCase())) ctx.logger.warn(`"${environment}" is not one of the configured environments (${config.environments.join(', ')})`);
    const env = environment as string;
    const logPath = cliLogPath(root, config);
    const index = openChangeLogIndex(logPath, { logger: ctx.logger });
    const entries = await deploymentCandidates(index, env);
    const now = nowDate(ctx.clock);
    // The changes made outside git and the records of the range's commits are looked up while git reads the range.
    const outsideGitAsked = manualChangesSinceDeployment(index, env, entries, now.getTime());
    outsideGitAsked.catch(() => undefined);
    const { range, entries: rangeEntries } = await deploymentRangeWithEntries(index, root, env, values.get('--ref') ?? 'HEAD', {
      entries,
      tagPattern: config.deployments.tagPattern,
      since: values.get('--since'),
      limit,
      ticketSyntax: config.tickets,
      logger: ctx.logger,
    });
    const by = await identity(root, values.get('--by'));
    const reason = values.get('--override-reason')?.trim();
    const outsideGit = await outsideGitAsked;
    let note = buildDeploymentNote({ range, entries: await rangeEntries, config, now, by: by.name, repository: basename(root), outsideGit, logProblems: readProblems(index), ...(reason ? { freezeOverride: { reason, by: by.name } } : {}) });
    let record: DeploymentRecord | undefined;
    try {
      record = flags.has('--record') || flags.has('--post') ? buildDeploymentRecord({ note, by, now, freezeOverrideReason: reason, message: values.get('--message') }) : undefined;
    } catch (error) {
      if (!(error instanceof FreezeOverrideRequired)) throw error;
      ctx.err(`changetrail note: ${error.message}: pass --override-reason "<why this cannot wait>"`);
      return 1;
    }
    // Posted without --record, the record only carries the note through the outbox: the note does not claim one.
    if (record && flags.has('--record')) note = recordedNote(note, record);
    if (record && flags.has('--record')) {
      if (!config.records.log.enabled) throw new ChangeTrailError('ConfigInvalid', '--record: the change log is turned off (records.log.enabled in .changetrail/config.json)');
      await appendEntry(logPath, record);
      ctx.err(`Recorded deployment ${record.id} of ${record.commit.slice(0, 7)} to ${env} in ${logPath}`);
      if (config.deployments.createTag) {
        await tagDeployment(record, config.deployments.tagPattern, config.deployments.pushTag, { cwd: root, logger: ctx.logger }).then(
          (tag) => ctx.err(`Tagged ${tag}${config.deployments.pushTag ? ' and pushed it' : ''}`),
          (error: unknown) => ctx.logger.warn(`could not tag the deployment: ${errorMessage(error)}`),
        );
      }
    }
    const email = config.channels.find((c) => c.type === 'email');
    let printed = true;
    try {
      ctx.out(renderAs(values.get('--format') ?? 'markdown', note, note.deploymentId, email?.type === 'email' ? { to: email.to, cc: email.cc } : undefined));
    } catch (error) {
      // The record is written by now: the channels still get the note.
      printed = false;
      ctx.err(`changetrail note: could not render --format ${values.get('--format') ?? 'markdown'}: ${errorMessage(error)}`);
    }
    if (record && flags.has('--post')) {
      const wait = waitSeconds * 1000;
      const posted = await postToChannels(ctx, root, config, record, note, wait);
      const sent = await deliverToEngines(ctx, root, config, record, wait);
      return posted && sent && printed ? 0 : 1;
    }
    return printed ? 0 : 1;
  },
};
