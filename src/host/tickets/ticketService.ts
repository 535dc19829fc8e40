import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrackerConfig } from '../../core/config/teamConfigSchema';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/log';
import type { TicketDirectory } from '../../core/tickets/ticketDirectory';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import type { CredentialStore } from './credentialStore';
import { networkOptions } from './networkOptions';

const RECENT_KEY = 'changetrail.recentTickets';

/**
 * One TicketDirectory per repository: cached tickets loaded at once, refreshed in the background
 * (at start and every `tickets.refreshMinutes`), rebuilt when the team config, credentials or
 * workspace trust change. Remote trackers are contacted only in a trusted workspace.
 */
export class TicketService implements vscode.Disposable {
  private readonly directories = new Map<string, Promise<TicketDirectory>>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly _onDidRefresh = new vscode.EventEmitter<void>();
  /** Fires when a directory has (re)loaded or refreshed. */
  readonly onDidRefresh = this._onDidRefresh.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly teamConfig: TeamConfigService,
    private readonly settings: SettingsService,
    private readonly credentials: CredentialStore,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    const reset = () => this.reset();
    teamConfig.onDidChange(reset, this, this.disposables);
    settings.onDidChange(() => this.schedule(), this, this.disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(reset, this, this.disposables);
    this.disposables.push(credentials.onDidChange(reset), this._onDidRefresh);
    this.schedule();
  }

  /** The directory of the repository at `root`; created on first use from the on-disk cache. */
  directory(root: vscode.Uri): Promise<TicketDirectory> {
    let pending = this.directories.get(root.fsPath);
    if (!pending) {
      const created = this.create(root);
      this.directories.set(root.fsPath, created);
      // A failed start is not kept: the next keystroke tries again instead of failing until a config change.
      created.catch(() => this.directories.get(root.fsPath) === created && this.directories.delete(root.fsPath));
      pending = created;
    }
    return pending;
  }

  /** Remembers that a ticket was used, so it ranks first next time. */
  recordUse(key: string): void {
    const recent = [key, ...this.recent().filter((k) => k !== key)].slice(0, 100);
    void this.context.globalState.update(RECENT_KEY, recent);
  }

  recent(): readonly string[] {
    return this.context.globalState.get<string[]>(RECENT_KEY, []);
  }

  /** Refreshes every open directory from its trackers now. */
  async refreshAll(): Promise<void> {
    for (const pending of this.directories.values()) await (await pending).refresh();
    this._onDidRefresh.fire();
  }

  private async create(root: vscode.Uri): Promise<TicketDirectory> {
    const { config } = await this.teamConfig.get(root);
    const network = await networkOptions(this.settings, this.logger);
    const id = createHash('sha256').update(root.fsPath).digest('hex').slice(0, 12);
    // Loaded on first use (dist/tickets.js): providers and search cost nothing at activation.
    const { openTicketDirectory } = await import('../../core/tickets/openTicketDirectory');
    const deps = {
      repoRoot: root.fsPath,
      network,
      logger: this.logger,
      clock: this.clock,
      allowRemote: vscode.workspace.isTrusted,
      credentials: (tracker: TrackerConfig) => this.credentials.get(tracker),
    };
    const directory = await openTicketDirectory(config, deps, join(this.context.globalStorageUri.fsPath, 'tickets', id), () => this.recent());
    this._onDidRefresh.fire();
    // The cache answers at once; the trackers catch up in the background.
    void directory.refresh().then(() => this._onDidRefresh.fire());
    return directory;
  }

  private reset(): void {
    this.directories.clear();
    this._onDidRefresh.fire();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    const minutes = this.settings.current['tickets.refreshMinutes'];
    this.timer = minutes > 0 ? setInterval(() => void this.refreshAll(), minutes * 60_000) : undefined;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}
