import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import type { Logger } from '../../core/log';
import type { BoardIndex, BoardMonth } from '../../protocol/boardData';
import { type HostToBoard, boardToHostSchema } from '../../protocol/boardMessages';
import type { RecordService } from '../records/recordService';
import { boardAssetsRoot, boardPanelHtml } from './boardPanelHtml';

const DAY = 86_400_000;
/** The months the panel shows (the metrics go back 12 months; one more so the oldest is whole). */
const HISTORY = 13 * 31 * DAY;
/** Months handed over with the index: the page shows 90 days first, older months when asked. */
const FIRST_MONTHS = 3;

/** What the panel shows, for the command's caller (and the integration test). */
export interface ChangeBoardState {
  readonly repository: string;
  readonly entries: number;
  readonly months: number;
  /** Whether the page said `ready` and was handed the board. */
  readonly delivered: boolean;
}

interface Built {
  readonly index: BoardIndex;
  readonly months: readonly BoardMonth[];
  readonly entries: number;
}

/**
 * The change board in an editor panel: the static board's page (dist/board/board.js) fed by the
 * host from the repository's change log, read through the log's index over the last 13 months.
 * One panel; running the command again rebuilds the data and reloads the page.
 */
export class ChangeBoardPanel implements vscode.Disposable {
  static readonly viewType = 'changetrail.changeBoard';
  private static current?: ChangeBoardPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private built?: Promise<Built>;
  private entries = 0;
  private monthCount = 0;
  private delivered = false;
  private onDelivered: (() => void)[] = [];
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private root: vscode.Uri,
    private config: TeamConfig,
    private readonly records: RecordService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    panel.webview.onDidReceiveMessage(this.receive, this, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** Opens the panel (or brings it forward) on `root`'s change log, with fresh data. */
  static async show(extensionUri: vscode.Uri, root: vscode.Uri, config: TeamConfig, records: RecordService, clock: Clock, logger: Logger): Promise<ChangeBoardPanel> {
    let board = ChangeBoardPanel.current;
    if (board) board.panel.reveal(vscode.ViewColumn.Active);
    else {
      const panel = vscode.window.createWebviewPanel(ChangeBoardPanel.viewType, 'Change Board', vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [boardAssetsRoot(extensionUri)],
      });
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'changetrail.svg');
      board = ChangeBoardPanel.current = new ChangeBoardPanel(panel, extensionUri, root, config, records, clock, logger);
    }
    board.root = root;
    board.config = config;
    board.load();
    await board.built?.catch(() => undefined);
    return board;
  }

  state(): ChangeBoardState {
    return { repository: this.root.fsPath, entries: this.entries, months: this.monthCount, delivered: this.delivered };
  }

  /** Resolves when the page has been handed the board (or after `timeoutMs`). */
  whenDelivered(timeoutMs: number): Promise<void> {
    if (this.delivered) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.onDelivered.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private load(): void {
    this.delivered = false;
    this.built = this.build();
    this.built.then(
      (b) => {
        this.entries = b.entries;
        this.monthCount = b.months.length;
      },
      (error: unknown) => this.logger.error(`Change Board: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.panel.webview.html = boardPanelHtml(this.panel.webview, this.extensionUri, 'Change Board');
  }

  private async build(): Promise<Built> {
    const lib = await import('../../core/board/boardEntry');
    const now = this.clock.now();
    const index = await this.records.index(this.root, this.config);
    const entries = await index.query({ since: now - HISTORY, until: now, currentOnly: false, order: 'oldest' });
    const log = vscode.workspace.asRelativePath(index.path, false);
    const board = lib.buildBoard({
      entries,
      config: this.config,
      sources: [{ log, repository: this.root.fsPath }],
      commitTimes: await lib.commitTimes(this.root.fsPath, now - HISTORY),
      now,
      timeZone: this.config.freeze.timeZone ?? lib.localTimeZone(),
    });
    return { ...board, entries: entries.length };
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = boardToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(`Change Board sent an invalid message: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    const message = parsed.data;
    let built: Built;
    try {
      built = await (this.built ?? Promise.reject(new Error('no board was built')));
    } catch (error) {
      await this.post({ type: 'problem', message: `The change log could not be read: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (message.type === 'ready') {
      await this.post({ type: 'board', index: built.index, months: built.months.slice(0, FIRST_MONTHS) });
      this.delivered = true;
      for (const f of this.onDelivered.splice(0)) f();
    } else {
      const month = built.months.find((m) => m.key === message.key);
      if (month) await this.post({ type: 'month', month });
      else await this.post({ type: 'problem', message: `No changes were recorded in ${message.key}.` });
    }
  }

  private async post(message: HostToBoard): Promise<void> {
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const f of this.onDelivered.splice(0)) f();
    if (ChangeBoardPanel.current === this) ChangeBoardPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
