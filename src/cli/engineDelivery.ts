import { join, resolve } from 'node:path';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import { runGit } from '../core/git/runGit';
import { deliverChannelPost } from '../core/notes/channelDelivery';
import type { LogEntry } from '../core/records/changeRecord';
import { Outbox } from '../core/records/outbox';
import { createEngineSinks } from '../core/records/sinks/engines/createEngineSinks';
import { engineSecretsFromEnv } from '../core/records/sinks/engines/engineSinkSetup';
import type { CliContext } from './cliContext';
import { openLogIndex } from './openLogIndex';

/**
 * Sends a recorded entry (a deployment, a rollback, an incident) to the engines the team config
 * turns on, through the repository's own outbox (in the git folder, kept between runs), waiting up
 * to `waitMs` for retries. Secrets come from CHANGETRAIL_<ENGINE>_<NAME>. Returns whether every
 * engine took it (true when none is configured).
 */
export async function deliverToEngines(ctx: CliContext, root: string, config: TeamConfig, entry: LogEntry, waitMs: number): Promise<boolean> {
  const sinks = createEngineSinks(config, { secret: engineSecretsFromEnv(process.env), index: openLogIndex(root, config, ctx.logger), repoRoot: root, clock: ctx.clock, logger: ctx.logger });
  if (sinks.length === 0) return true;
  const common = resolve(root, (await runGit(['rev-parse', '--git-common-dir'], { cwd: root })).trim());
  // The outbox schedules retries on the CLI's one clock, as the sinks sign and stamp with it.
  const clock = () => ctx.clock.now();
  const outbox = new Outbox(join(common, 'changetrail', 'outbox'), ctx.logger, { clock });
  await outbox.enqueue(entry, sinks.map((s) => s.id));
  let ok = true;
  for (const state of await deliverChannelPost(outbox, sinks, entry.id, { waitMs, clock })) {
    const label = sinks.find((s) => s.id === state.sinkId)?.label ?? state.sinkId;
    if (state.state === 'delivered') ctx.err(state.detail ? `${label}: done, with warnings: ${state.detail}` : `${label}: sent`);
    else if (state.state === 'failed') ctx.err(`${label}: refused, not retried: ${state.detail ?? ''}`);
    else ctx.err(`${label}: not sent yet (${state.detail ?? 'waiting'}); kept in the outbox, run the command again to retry`);
    ok &&= state.state === 'delivered';
  }
  return ok;
}
