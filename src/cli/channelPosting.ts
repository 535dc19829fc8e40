import { join, resolve } from 'node:path';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import { runGit } from '../core/git/runGit';
import { deliverChannelPost, queueChannelPost } from '../core/notes/channelDelivery';
import type { ChannelContent } from '../core/notes/noteSchema';
import { NoteStore } from '../core/notes/noteStore';
import { renderEmail } from '../core/notes/renderEmail';
import type { LogEntry } from '../core/records/changeRecord';
import { Outbox } from '../core/records/outbox';
import { channelUrlsFromEnv, createChannelSinks } from '../core/records/sinks/channelSinks';
import { parsePerson } from '../core/git/personIdent';
import { errorMessage } from '../core/errors';
import type { CliContext } from './cliContext';

/** Who is deploying: `--by "Name <email>"`, else git's user.name and user.email, else the CI user. */
export async function identity(root: string, by: string | undefined): Promise<{ name: string; email: string }> {
  const given = by === undefined ? undefined : parsePerson(by);
  if (given) return given;
  const read = (key: string) => runGit(['config', key], { cwd: root }).then((v) => v.trim(), () => '');
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  return { name: name || process.env.GITHUB_ACTOR || process.env.GITLAB_USER_LOGIN || process.env.USER || 'unknown', email };
}

/**
 * Posts an entry's note or digest to every configured channel through the repository's own
 * outbox (in the git folder: never committed, kept between runs), waiting up to `waitMs` for
 * retries. URLs come from CHANGETRAIL_<ID>_URL. Returns whether every channel took it.
 */
export async function postToChannels(ctx: CliContext, root: string, config: TeamConfig, entry: LogEntry, content: ChannelContent, waitMs: number): Promise<boolean> {
  const common = resolve(root, (await runGit(['rev-parse', '--git-common-dir'], { cwd: root })).trim());
  const store = new NoteStore(join(common, 'changetrail', 'notes'), ctx.logger);
  // The outbox schedules retries on the CLI's one clock, as the sinks sign and stamp with it.
  const clock = () => ctx.clock.now();
  const outbox = new Outbox(join(common, 'changetrail', 'outbox'), ctx.logger, { clock });
  const { sinks, skipped } = await createChannelSinks(config.channels, { ...channelUrlsFromEnv(process.env), content: store, clock }, ctx.logger);
  let ok = true;
  for (const { channel, reason } of skipped) {
    if (channel.type === 'email') continue;
    ok = false;
    ctx.err(`${channel.id}: not posted: ${reason}`);
  }
  if (config.channels.length === 0) ctx.err('No channels are configured ("channels" in .changetrail/config.json): nothing was posted.');
  // Queued before anything is rendered: a renderer's failure costs its own channel, never the others.
  if (sinks.length > 0) {
    await queueChannelPost(store, outbox, entry, content, sinks.map((s) => s.id));
    for (const state of await deliverChannelPost(outbox, sinks, entry.id, { waitMs, clock })) {
      const label = sinks.find((s) => s.id === state.sinkId)?.label ?? state.sinkId;
      if (state.state === 'delivered') ctx.err(`${label}: posted`);
      else if (state.state === 'failed') ctx.err(`${label}: refused, not retried: ${state.detail ?? ''}`);
      else ctx.err(`${label}: not posted yet (${state.detail ?? 'waiting'}); kept in the outbox, run the command again to retry`);
      ok &&= state.state === 'delivered';
    }
  }
  for (const { channel } of skipped) {
    if (channel.type !== 'email') continue;
    try {
      ctx.err(`${channel.id}: open in your mail client: ${renderEmail(content, { to: channel.to, cc: channel.cc }).mailto}`);
    } catch (error) {
      ok = false;
      ctx.err(`${channel.id}: could not make the e-mail: ${errorMessage(error)}`);
    }
  }
  return ok && (sinks.length > 0 || config.channels.length > 0);
}
