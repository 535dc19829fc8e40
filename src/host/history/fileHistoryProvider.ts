import { basename, relative } from 'node:path';
import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { errorMessage } from '../../core/errors';
import type { FileHistoryEntry } from '../../core/history/fileHistory';
import type { HistoryCache } from '../../core/history/historyCache';
import type { Logger } from '../../core/log';
import type { ChangeRecord, DeploymentRecord } from '../../core/records/changeRecord';
import type { BuiltinGit } from '../git/builtinGit';
import type { RecordService } from '../records/recordService';
import { hasUncommittedChange } from './uncommittedChange';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import type { TicketService } from '../tickets/ticketService';
import { historyTreeItem } from './historyTreeItem';
import { sharedLiveIn } from './sharedLiveIn';
import { commitDetails } from './historyDetails';
import { type HistoryNode, type IncidentMention, commitNode, mention } from './historyNodes';

import type { CommitIncident } from '../../core/incidents/commitIncidents';

type HistoryLib = typeof import('../../core/history/historyEntry');
const PAGE = 50;

/**
 * The "File History" view: the active editor's file, renames followed, each commit with its
 * tickets, author, date, change record and where it is live. Git's output is streamed, so the
 * first rows show before git is done; switching editors cancels the run.
 */
export class FileHistoryProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  static readonly viewId = 'changetrail.fileHistory';
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChangeTreeData];
  private lib: Promise<HistoryLib> | undefined;
  private cache: HistoryCache | undefined;
  private rows: HistoryNode[] = [];
  private file: vscode.Uri | undefined;
  private pages = 1;
  private run: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<HistoryNode> | undefined;
  /** Resolves when the current file's rows are all read (for tests). */
  settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly git: BuiltinGit,
    private readonly teamConfig: TeamConfigService,
    private readonly records: RecordService,
    private readonly tickets: TicketService,
    private readonly settings: SettingsService,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    // No file editor open any more (none at all, or only an untitled note): the view must not go on
    // showing the last file's history. Focus in a panel or webview keeps it while files stay open.
    const noFile = (editors: readonly vscode.TextEditor[]) => !editors.some((x) => x.document.uri.scheme === 'file');
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && e.document.uri.scheme === 'file') void this.show(e.document.uri);
      else if (noFile(vscode.window.visibleTextEditors)) this.clear();
    }, this, this.disposables);
    // Closing the last editor while something else had focus fires no active-editor change.
    vscode.window.onDidChangeVisibleTextEditors((editors) => noFile(editors) && this.clear(), this, this.disposables);
    git.onDidChange(() => this.file && this.show(this.file, true), this, this.disposables);
  }

  private load(): Promise<HistoryLib> {
    this.lib ??= import('../../core/history/historyEntry');
    return this.lib;
  }

  /** Shows the history of `file`, cancelling a run still going for another file. */
  show(file: vscode.Uri, keepPages = false): Promise<void> {
    const another = this.file?.toString() !== file.toString();
    if (!keepPages || another) this.pages = 1;
    this.file = file;
    // Until git answers, the view says so: an empty tree would show the welcome text for a file
    // without commits ("This file has no commits yet"), which is not known yet.
    if (another) {
      this.rows = [{ kind: 'message', text: `Reading the history of ${basename(file.fsPath)}...`, icon: 'loading~spin' }];
      this.refresh();
    }
    this.describe();
    this.run?.abort();
    const run = new AbortController();
    this.run = run;
    this.settled = this.read(file, run.signal).catch((error: unknown) => {
      if (!run.signal.aborted) {
        this.logger.warn(`File history of ${file.fsPath}: ${errorMessage(error)}`);
        this.rows = [{ kind: 'message', text: `No history: ${errorMessage(error)}`, icon: 'warning' }];
        this.refresh();
      }
    });
    return this.settled;
  }

  /** The view this provider fills: its description names the file shown. */
  attach(view: vscode.TreeView<HistoryNode>): void {
    this.view = view;
    this.describe();
  }

  /** Shows nothing (the view's welcome text then says to open a file). */
  clear(): void {
    this.run?.abort();
    this.file = undefined;
    this.rows = [];
    this.describe();
    this.refresh();
  }

  /** The file shown, for the view's title and for tests. */
  get shownFile(): vscode.Uri | undefined {
    return this.file;
  }

  private describe(): void {
    if (!this.view) return;
    this.view.description = this.file ? vscode.workspace.asRelativePath(this.file, false) : undefined;
    this.view.message = undefined;
    void vscode.commands.executeCommand('setContext', 'changetrail.historyFile', Boolean(this.file));
  }

  loadMore(): Promise<void> {
    this.pages++;
    return this.file ? this.show(this.file, true) : Promise.resolve();
  }

  /** The rows now shown (for tests and the API). */
  get nodes(): readonly HistoryNode[] {
    return this.rows;
  }

  private async read(file: vscode.Uri, signal: AbortSignal): Promise<void> {
    const lib = await this.load();
    this.cache ??= new lib.HistoryCache() as HistoryCache;
    const repo = this.git.repositoryFor(file);
    const root = repo?.rootUri;
    const rel = root ? relative(root.fsPath, file.fsPath) : '';
    if (!root || rel.startsWith('..')) {
      this.rows = [{ kind: 'message', text: 'This file is outside any git repository: there is no history to show.', icon: 'info' }];
      return this.refresh();
    }
    const { config } = await this.teamConfig.get(root);
    // The first page of the history is read at once. A plain file under the repository (no other
    // repository between) is presumed tracked, and git is asked what it is only when it has no
    // history; before, three or four git runs in a row came before the log even started. Any
    // other path is asked about first, beside the page, which a path without history stops.
    const first = new AbortController();
    const stopFirst = () => first.abort(signal.reason);
    signal.addEventListener('abort', stopFirst, { once: true });
    const collected: FileHistoryEntry[] = [];
    const answersAsked = import('../../core/records/recordsEntry');
    const indexAsked = this.records.index(root, config);
    indexAsked.catch(() => undefined);
    // The page's records are read as its commits arrive, a batch per chunk git writes, while git
    // still lists the rest; the rows' own question then finds them read or being read.
    const ahead = lib.batchedPerTurn<string>((shas) => {
      Promise.all([answersAsked, indexAsked])
        .then(([answers, index]) => answers.recordsByCommit(index, shas))
        .catch(() => undefined);
    });
    let showing = false;
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    const options = (pageSignal: AbortSignal) => ({
      signal: pageSignal,
      logger: this.logger,
      tickets: config.tickets,
      gitPath: this.git.gitPath,
      onEntry: (entry: FileHistoryEntry) => {
        collected.push(entry);
        ahead(entry.sha);
        // Stream: show rows as they arrive, at most every 100 ms, once the file's state is known.
        if (showing && Date.now() - last > 100) {
          last = Date.now();
          pending = pending.then(flush);
        }
      },
    });
    // Git is started first (within this call when HEAD is plain in .git), then the rest is asked.
    const firstPage = lib.cachedFileHistory(this.cache, root.fsPath, rel, 0, PAGE, options(first.signal));
    firstPage.catch(() => undefined);
    const presumed = lib.presumablyTracked(root.fsPath, file.fsPath);
    const stateOf = () => lib.fileStatus(root.fsPath, file.fsPath, { logger: this.logger, gitPath: this.git.gitPath });
    const withoutHistory = (kind: string) => kind !== 'tracked' && kind !== 'binary' && kind !== 'deleted';
    let state: Awaited<ReturnType<typeof stateOf>> | undefined;
    if (!presumed) {
      try {
        state = await stateOf();
      } catch (error) {
        first.abort();
        throw error;
      }
      if (withoutHistory(state.kind)) {
        first.abort();
        this.rows = [{ kind: 'message', text: state.message, icon: 'info' }];
        return this.refresh();
      }
    }
    const answers = await answersAsked;
    const index = await indexAsked;
    // Where each commit is live and the tickets' titles are worked out while git reads the history, not before it starts.
    const headsAsked = answers
      .latestDeployments(index, config.environments)
      .catch((): DeploymentRecord[] => [])
      .then((deployments) => lib.deployedHeads(root.fsPath, config.environments, { deploymentRecords: deployments, tagPattern: config.deployments.tagPattern, logger: this.logger, gitPath: this.git.gitPath }));
    const directoryAsked = this.tickets.directory(root).catch(() => undefined);
    headsAsked.catch(() => undefined);
    const bySha = new Map<string, ChangeRecord>();
    const incidentsOf = new Map<string, IncidentMention[]>();
    const incidents = import('../../core/incidents/incidentsEntry');
    let carried: ((d: DeploymentRecord) => Promise<readonly string[]>) | undefined;
    const asked = new Set<string>();

    const head: HistoryNode[] = [];
    const binaryNote: HistoryNode = { kind: 'message', text: 'A binary file: commits are listed, diffs are not shown as text.', icon: 'file-binary' };
    if (state?.kind === 'binary') head.push(binaryNote);
    if (state?.kind === 'deleted') head.push({ kind: 'message', text: state.message, icon: 'trash' });
    if (repo?.state && hasUncommittedChange(this.git, root, rel)) head.push({ kind: 'uncommitted', file });
    const toRows = async (list: readonly FileHistoryEntry[]) => {
      const fresh = list.map((e) => e.sha).filter((sha) => !asked.has(sha) && asked.add(sha));
      // A commit that went out in a deployment which caused an incident says so, with the incident's
      // id: asked beside the commits' records, not after them.
      const incidentsAsked = fresh.length > 0 ? incidents.then(async (l) => l.incidentsBySha(await l.incidentsForCommits(index, fresh, (carried ??= l.deploymentCommits(root.fsPath, { gitPath: this.git.gitPath, logger: this.logger }))))).catch(() => new Map<string, CommitIncident[]>()) : undefined;
      if (fresh.length > 0) for (const [sha, record] of await answers.recordsByCommit(index, fresh).catch(() => new Map<string, ChangeRecord>())) bySha.set(sha, record);
      if (incidentsAsked) for (const [sha, found] of await incidentsAsked) incidentsOf.set(sha, found.map(mention(await incidents)));
      const live = await sharedLiveIn(lib, this.logger, this.git.gitPath).liveInAll(root.fsPath, list.map((e) => e.sha), await headsAsked);
      const directory = await directoryAsked;
      const template = this.settings.current['tickets.urlTemplate'] || config.tickets.urlTemplate;
      return list.map((entry) => commitNode({ root, file, entry, liveIn: live.get(entry.sha) ?? [], record: bySha.get(entry.sha), ticketTitle: directory?.find(entry.tickets[0] ?? '')?.title, incidents: incidentsOf.get(entry.sha) ?? [] }, template, this.clock.now()));
    };
    const flush = async () => {
      this.rows = [...head, ...(await toRows(collected))];
      this.refresh();
    };
    showing = true;
    // Rows that arrived while the state was asked are shown now, if the page is still being read.
    if (collected.length > 0) {
      last = Date.now();
      pending = pending.then(flush);
    }
    let complete = true;
    let shallow = false;
    try {
      for (let page = 0; page < this.pages; page++) {
        const result = page === 0 ? await firstPage : await lib.cachedFileHistory(this.cache, root.fsPath, rel, page, PAGE, options(signal));
        complete = result.page.complete;
        shallow = result.page.shallow;
        if (complete) break;
      }
    } finally {
      signal.removeEventListener('abort', stopFirst);
    }
    await pending;
    if (signal.aborted) return;
    if (presumed && collected.length === 0) {
      // No history: git says why (untracked, ignored, added but not committed yet).
      const why = await stateOf();
      if (signal.aborted) return;
      if (withoutHistory(why.kind)) {
        this.rows = [{ kind: 'message', text: why.message, icon: 'info' }];
        return this.refresh();
      }
    }
    const tail: HistoryNode[] = [];
    if (!complete) tail.push({ kind: 'loadMore' });
    else if (shallow) tail.push({ kind: 'message', text: 'History ends here: shallow clone (fetch more with git fetch --unshallow).', icon: 'fold-up' });
    if (collected.length === 0 && head.length === 0) tail.push({ kind: 'message', text: 'No commits touch this file yet.', icon: 'info' });
    this.rows = [...head, ...(await toRows(collected)), ...tail];
    this.refresh();
    // A file presumed tracked is asked whether it is binary once its rows show: the note above them
    // is the only difference, and the ask beside git log slowed the log on a two-core machine.
    if (presumed && (await lib.fileIsBinary(root.fsPath, file.fsPath, { logger: this.logger, gitPath: this.git.gitPath }).catch(() => false)) && !signal.aborted) {
      this.rows = [binaryNote, ...this.rows];
      this.refresh();
    }
  }

  private refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (!node) return this.rows;
    if (node.kind !== 'commit') return [];
    return commitDetails(node, (await this.teamConfig.get(node.root)).config, this.git.gitPath);
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    return historyTreeItem(node, this.clock.now());
  }

  dispose(): void {
    this.run?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}
