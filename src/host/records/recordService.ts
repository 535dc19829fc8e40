import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type TeamConfig, trackerIdOf } from '../../core/config/teamConfigSchema';
import { errorMessage } from '../../core/errors';
import { type Logger, silentLogger } from '../../core/log';
import type { ChangeRecord, LogEntry } from '../../core/records/changeRecord';
import type { ChangeLogIndex } from '../../core/records/index/changeLogIndex';
import { channelUrl } from '../../core/records/sinks/channelUrls';
import type { RecordSink } from '../../core/records/sinks/recordSink';
import type { ChecklistState } from '../../protocol/checklistMessages';
import { channelSecretKey, engineSecretKey, webhookSecretKey } from '../secretKeys';
import type { TicketService } from '../tickets/ticketService';
import type { Clock } from '../../core/clock';

type RecordsLib = typeof import('../../core/records/recordsEntry');

// How long after the first index is opened the log-line check is compiled (logEntryCheck.ts).
const PREPARE_CHECK_AFTER_MS = 1000;

/**
 * Where change records go: the shared JSONL log at once, then the webhook and ticket comments
 * through a durable outbox per repository, retried in the background until acknowledged. In an
 * untrusted workspace nothing goes to a URL or tracker the workspace configured.
 */
export class RecordService implements vscode.Disposable {
  private lib: Promise<RecordsLib> | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Fires when a record was written or a delivery changed state. */
  readonly onDidChange = this._onDidChange.event;
  private readonly timer: NodeJS.Timeout;
  private readonly roots = new Map<string, TeamConfig>();
  private checkPrepared: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly tickets: TicketService,
    private readonly logger: Logger,
    /** The host's one clock: the outbox schedules, lock ages and sinks' rate limits follow it, as the CLI's do. */
    private readonly clock: Clock,
  ) {
    // Pending deliveries are retried while VS Code runs, also after a restart.
    this.timer = setInterval(() => void this.deliverAll(), 30_000);
  }

  private load(): Promise<RecordsLib> {
    // dist/records.js, loaded on first use.
    this.lib ??= import('../../core/records/recordsEntry');
    return this.lib;
  }

  private outboxDir(root: vscode.Uri): string {
    return join(this.context.globalStorageUri.fsPath, 'outbox', createHash('sha256').update(root.fsPath).digest('hex').slice(0, 12));
  }

  /** Writes the record to the log and queues it for the other sinks; resolves once nothing can lose it. */
  async submit(root: vscode.Uri, record: ChangeRecord, config: TeamConfig): Promise<void> {
    const lib = await this.load();
    this.roots.set(root.fsPath, config);
    if (config.records.log.enabled) {
      const path = await this.logPath(root, config);
      await lib.appendEntry(path, record);
      if (await lib.ensureUnionMerge(root.fsPath, path)) this.logger.info('Added "merge=union" for the change log to .gitattributes');
    }
    const sinks = (await this.sinks(root, config)).filter((s) => !s.id.startsWith('channel-'));
    if (sinks.length > 0) await new lib.Outbox(this.outboxDir(root), this.logger, { clock: () => this.clock.now() }).enqueue(record, sinks.map((s) => s.id));
    this._onDidChange.fire();
    void this.deliver(root, config);
  }

  /**
   * Queues an entry already in the change log (a deployment, a rollback, an incident) for the
   * engines the team config turns on (DevLake, CDEvents, Jira, GitHub/GitLab deployments) and
   * starts delivery; nothing from an untrusted workspace. Resolves once the outbox holds it.
   */
  async queueForEngines(root: vscode.Uri, config: TeamConfig, entry: LogEntry): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const lib = await this.load();
    // Only the ids are needed here: no secret is read and nothing is sent while making them.
    const ids = lib.createEngineSinks(config, { secret: async () => undefined, logger: silentLogger, clock: this.clock }).map((s) => s.id);
    if (ids.length === 0) return;
    this.roots.set(root.fsPath, config);
    await new lib.Outbox(this.outboxDir(root), this.logger, { clock: () => this.clock.now() }).enqueue(entry, ids);
    this._onDidChange.fire();
    void this.deliver(root, config);
  }

  /** Delivers what is due for one repository. */
  async deliver(root: vscode.Uri, config: TeamConfig): Promise<void> {
    const lib = await this.load();
    const sinks = await this.sinks(root, config);
    if (sinks.length === 0) return;
    try {
      const report = await new lib.Outbox(this.outboxDir(root), this.logger, { clock: () => this.clock.now() }).deliverDue(sinks);
      if (report.delivered + report.failed + report.retrying > 0) this._onDidChange.fire();
    } catch (error) {
      this.logger.warn(`Delivering change records: ${errorMessage(error)}`);
    }
  }

  /** Delivers what is due for every repository a record was submitted from, or that has an outbox, now. */
  async deliverAll(): Promise<void> {
    for (const [root, config] of this.roots) await this.deliver(vscode.Uri.file(root), config);
  }

  /** Remembers a repository's policy so its pending deliveries are retried (called when one opens). */
  watch(root: vscode.Uri, config: TeamConfig): void {
    const known = this.roots.has(root.fsPath);
    this.roots.set(root.fsPath, config);
    if (!known) void this.deliver(root, config);
  }

  /** The change records of a branch, newest first, each with where it has been delivered. */
  async recordsOf(root: vscode.Uri, config: TeamConfig, branch: string): Promise<ChecklistState['records']> {
    const lib = await this.load();
    // Every version, as before: each was delivered on its own.
    const mine = (await (await this.index(root, config)).query({ schema: 'changetrail/change', branch, limit: 20, currentOnly: false })).flatMap((e) => (e.schema === 'changetrail/change' ? [e] : []));
    const status = await new lib.Outbox(this.outboxDir(root), this.logger, { clock: () => this.clock.now() }).status().catch(() => []);
    return mine.map((r) => ({
      id: r.id,
      title: r.title,
      createdAt: r.createdAt,
      environment: r.environment,
      sinks: [
        { sink: 'Change log', state: 'delivered' as const },
        ...status.filter((s) => s.entryId === r.id).map((s) => ({
          sink: s.sinkId,
          state: s.state,
          detail: s.state === 'pending' ? `next try ${new Date(s.nextAttemptAt).toLocaleTimeString()}${s.lastError ? `; ${s.lastError}` : ''}` : s.state === 'failed' ? s.reason : undefined,
        })),
      ],
    }));
  }

  /** The note store beside a repository's outbox: what channels post, saved before queueing. */
  async noteStore(root: vscode.Uri): Promise<InstanceType<RecordsLib['NoteStore']>> {
    const lib = await this.load();
    return new lib.NoteStore(join(this.outboxDir(root), 'notes'), this.logger);
  }

  /** The outbox of a repository. */
  async outbox(root: vscode.Uri): Promise<InstanceType<RecordsLib['Outbox']>> {
    return new (await this.load()).Outbox(this.outboxDir(root), this.logger, { clock: () => this.clock.now() });
  }

  /** The configured Slack, Teams and webhook channels whose URL is set, as sinks (trusted workspaces only). */
  async channelSinks(root: vscode.Uri, config: TeamConfig): Promise<RecordSink[]> {
    if (!vscode.workspace.isTrusted || config.channels.length === 0) return [];
    const lib = await this.load();
    const { sinks, skipped } = await lib.createChannelSinks(config.channels, {
      // A generic webhook channel may name its URL in the team config, as the CLI reads it; a URL set with
      // "Set Channel Webhook URL..." (SecretStorage) wins.
      urlFor: async (channel) => channelUrl(channel, await this.context.secrets.get(channelSecretKey(channel.id))),
      // Its signing secret is kept as the change records webhook's is: under its URL.
      secretFor: async (channel) => (channel.type === 'webhook' ? this.context.secrets.get(webhookSecretKey(channel.url)) : undefined),
      content: await this.noteStore(root),
      clock: () => this.clock.now(),
    }, this.logger);
    for (const s of skipped) this.logger.info(`Channel ${s.channel.id}: ${s.reason}`);
    return [...sinks];
  }

  /** The sinks besides the log that the policy turns on, and that this workspace may use. */
  private async sinks(root: vscode.Uri, config: TeamConfig): Promise<RecordSink[]> {
    if (!vscode.workspace.isTrusted) return [];
    const lib = await this.load();
    const sinks: RecordSink[] = [...(await this.channelSinks(root, config))];
    const webhook = config.records.webhook;
    if (webhook) {
      try {
        sinks.push(new lib.WebhookSink({ url: webhook.url, signed: webhook.signed, secret: async () => this.context.secrets.get(webhookSecretKey(webhook.url)), clock: () => this.clock.now() }, this.logger));
      } catch (error) {
        this.logger.warn(errorMessage(error));
      }
    }
    // The engines the organisation runs (Jira, GitHub/GitLab deployments, DevLake, CDEvents).
    sinks.push(...lib.createEngineSinks(config, {
      secret: async (engine, name) => this.context.secrets.get(engineSecretKey(engine, name)),
      index: await this.index(root, config),
      repoRoot: root.fsPath,
      logger: this.logger,
      clock: this.clock,
    }));
    if (config.records.ticketComment) {
      const directory = await this.tickets.directory(root);
      for (const provider of directory.trackers) {
        const tracker = config.trackers.find((t) => trackerIdOf(t) === provider.id);
        if (!tracker || tracker.type === 'local' || !provider.comment) continue;
        sinks.push(new lib.TicketCommentSink({ provider, owns: lib.ticketMatcher(tracker, config.tickets.projects) }, this.logger));
      }
    }
    return sinks;
  }

  /** HEAD's sha, for entries that need a commit. */
  async headCommit(root: vscode.Uri): Promise<string | undefined> {
    const { runGit } = await import('../../core/git/runGit');
    return (await runGit(['rev-parse', 'HEAD'], { cwd: root.fsPath }).catch(() => '')).trim() || undefined;
  }

  /** The change-log index of a repository: the one way views and commands read the log (one per log file, kept current from appended bytes). */
  async index(root: vscode.Uri, config: TeamConfig): Promise<ChangeLogIndex> {
    const lib = await this.load();
    // Every hover and File History page reads records: the check of a log line is compiled (about
    // 7 ms, once) a moment after the first index is opened, not on the path of its first question.
    this.checkPrepared ??= setTimeout(() => lib.prepareLogEntryCheck(), PREPARE_CHECK_AFTER_MS);
    // A saved index is neither read nor written in a workspace not trusted yet (it lives in that repository's .git).
    return lib.openChangeLogIndex(await this.logPath(root, config), { logger: this.logger, persist: vscode.workspace.isTrusted });
  }

  /**
   * The change log's path, refused (LogPathRefused) when the team config points outside the
   * repository to a folder the user did not allow in their own settings: only the user-scope value
   * of changetrail.records.sharedLogFolders counts, never a workspace's.
   */
  async logPath(root: vscode.Uri, config: TeamConfig): Promise<string> {
    const lib = await this.load();
    const shared = vscode.workspace.getConfiguration('changetrail').inspect<string[]>('records.sharedLogFolders')?.globalValue ?? [];
    return lib.changeLogPath(root.fsPath, config.records.log.path, Array.isArray(shared) ? shared.filter((f) => typeof f === 'string') : []);
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.checkPrepared);
    this._onDidChange.dispose();
  }
}
