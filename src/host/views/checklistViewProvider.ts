import * as vscode from 'vscode';
import type { ChecklistAction } from '../../core/checklist/checklistState';
import { type Clock, nowDate } from '../../core/clock';
import { errorMessage } from '../../core/errors';
import { type ChangeStats, changeStats, gitIdentity, repositoryName } from '../../core/git/changeStats';
import type { Logger } from '../../core/log';
import { buildChangeRecord } from '../../core/records/buildChangeRecord';
import { type ChecklistState as ViewState, type ChecklistToHost, type HostToChecklist, checklistToHostSchema, hostToChecklistSchema } from '../../protocol/checklistMessages';
import { branchMovedProblem } from '../checklist/branchAtSubmit';
import { ChecklistDrafts } from '../checklist/checklistDraft';
import type { ChecklistSession } from '../checklist/checklistSession';
import type { CurrentChange } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { RecordService } from '../records/recordService';
import type { TicketService } from '../tickets/ticketService';
import { webviewHtml } from './webviewHtml';
import { walkthroughStepDone } from '../walkthroughSteps';
import { defaultTeamConfig } from '../../core/config/teamConfigSchema';
import { changeLogState } from '../records/changeLogState';
import type { SettingsService } from '../settings';

const EMPTY: Omit<ViewState, 'status'> = {
  tickets: [], title: '', questions: [], answers: {}, environments: [], environment: '', systems: [], riskFlags: [],
  progress: { answered: 0, total: 0, missingRequired: [], complete: false }, diff: { files: 0, lines: 0, commits: 0 }, problems: [], records: [], busy: false,
};

/** The "Impact Checklist" webview view: the current branch's checklist, its risk flags, and its records. */
export class ChecklistViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'changetrail.checklist';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private session: ChecklistSession | undefined;
  private stats: ChangeStats | undefined;
  private busy = false;
  private shownProblems: string[] = [];
  private readonly drafts: ChecklistDrafts;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly change: CurrentChange,
    private readonly git: BuiltinGit,
    private readonly records: RecordService,
    private readonly tickets: TicketService,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly settings?: SettingsService,
  ) {
    this.drafts = new ChecklistDrafts(context.workspaceState);
    change.onDidChange(() => void this.reload(), this, this.disposables);
    records.onDidChange(() => void this.post(), this, this.disposables);
    // The ticket cache may learn the ticket after the draft was made: an untouched title (the
    // branch name) becomes the ticket's title.
    tickets.onDidRefresh(() => void this.titleFromTicket(), this, this.disposables);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')] };
    view.webview.html = webviewHtml(view.webview, this.context.extensionUri, 'checklist', 'Impact Checklist');
    view.webview.onDidReceiveMessage(this.receive, this, this.disposables);
    view.onDidDispose(() => (this.view = undefined), this, this.disposables);
    // The freeze flag depends on the clock: refresh it while the view is open.
    const timer = setInterval(() => void this.post(), 60_000);
    view.onDidDispose(() => clearInterval(timer));
    void this.reload();
  }

  /** Re-reads branch, policy and change stats; keeps the draft of the branch. */
  async reload(): Promise<void> {
    const { repoRoot, status, config } = this.change.snapshot;
    if (!repoRoot || !config || !('branch' in status)) {
      this.session = undefined;
      return this.post();
    }
    const tickets = status.kind === 'ticket' ? [status.ticket] : [];
    if (this.session?.root !== repoRoot.fsPath || this.session.branch !== status.branch || this.session.config !== config || this.session.tickets.join() !== tickets.join()) {
      // A new draft's title: the ticket's title when the cache knows it, else the branch name.
      const known = tickets[0] ? (await this.tickets.directory(repoRoot).catch(() => undefined))?.find(tickets[0]) : undefined;
      // dist/checklist.js: the session and the checklist core load when the view first shows, not at activation.
      const { ChecklistSession } = await import('../checklist/checklistSession');
      this.session = new ChecklistSession(repoRoot.fsPath, status.branch, tickets, config, this.drafts, known?.title ?? status.branch);
      this.shownProblems = [];
    }
    const session = this.session;
    try {
      this.stats = await changeStats(config.branches.defaultBranches, { cwd: repoRoot.fsPath, gitPath: this.git.gitPath, logger: this.logger });
      if (session === this.session) session.prefill(this.stats);
    } catch (error) {
      this.logger.warn(`Change stats of ${repoRoot.fsPath}: ${errorMessage(error)}`);
    }
    await this.post();
  }

  private async titleFromTicket(): Promise<void> {
    const session = this.session;
    const root = this.change.snapshot.repoRoot;
    if (!session || !root || !session.tickets[0] || session.title !== session.branch) return;
    const known = (await this.tickets.directory(root).catch(() => undefined))?.find(session.tickets[0]);
    if (!known?.title || session !== this.session || session.title !== session.branch) return;
    session.setTitle(known.title);
    await this.post();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = checklistToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(`Impact Checklist sent an invalid message: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    const message: ChecklistToHost = parsed.data;
    if (message.type === 'ready') {
      this.ready = true;
      return this.post();
    }
    if (message.type === 'openLink') return void vscode.env.openExternal(vscode.Uri.parse(message.url, true));
    const session = this.session;
    if (!session) return;
    const actions: Partial<Record<ChecklistToHost['type'], () => ChecklistAction | undefined>> = {
      setAnswer: () => message.type === 'setAnswer' ? { type: 'setAnswer', id: message.questionId, value: message.value } : undefined,
      setEvidence: () => message.type === 'setEvidence' ? { type: 'setEvidence', id: message.questionId, evidence: message.evidence } : undefined,
      setEnvironment: () => message.type === 'setEnvironment' ? { type: 'setEnvironment', environment: message.environment } : undefined,
      setOverrideReason: () => message.type === 'setOverrideReason' ? { type: 'setOverrideReason', reason: message.reason } : undefined,
      reset: () => ({ type: 'reset' }),
    };
    if (message.type === 'setTitle') session.setTitle(message.title);
    else if (message.type === 'submit') return this.submit(session);
    else {
      const action = actions[message.type]?.();
      const refused = action ? session.dispatch(action) : undefined;
      if (refused) return void this.logger.warn(`Impact Checklist: ${message.type} refused: ${refused}`);
    }
    this.shownProblems = [];
    await this.post();
  }

  private async submit(session: ChecklistSession): Promise<void> {
    // A second submit while the first is writing (a double click, the command run twice) would
    // append a second record of the same change to a log nobody may rewrite.
    if (this.busy) return;
    const now = nowDate(this.clock);
    const flags = session.riskFlags(this.stats, now);
    const problems = session.problems(flags);
    if (problems.length > 0) {
      this.shownProblems = problems;
      return this.post();
    }
    this.busy = true;
    await this.post();
    try {
      const options = { cwd: session.root, gitPath: this.git.gitPath, logger: this.logger };
      const [author, repository, stats] = await Promise.all([gitIdentity(options), repositoryName(options), changeStats(session.config.branches.defaultBranches, options)]);
      // Checked after git was read: a checkout while it ran would otherwise go unseen.
      const moved = await branchMovedProblem(session.branch, options);
      if (moved) {
        this.shownProblems = [moved];
        this.logger.warn(moved);
        return;
      }
      const commits = stats.commits.map((c) => c.sha);
      if (session.unchangedSince(commits)) {
        // Submitting the same answers again must not append an amendment nobody asked for.
        this.shownProblems = [`Nothing changed since change record ${session.lastRecordId}: no amendment written.`];
        this.logger.info(`Checklist of ${session.branch}: unchanged since ${session.lastRecordId}; nothing written`);
        return;
      }
      const record = buildChangeRecord({
        state: session.state, questions: session.questions, title: session.title, tickets: session.tickets, author, repository,
        branch: session.branch, stats, riskFlags: flags, now, supersedes: session.lastRecordId,
      });
      await this.records.submit(vscode.Uri.file(session.root), record, session.config);
      session.submitted(record.id, session.fingerprint(commits));
      walkthroughStepDone('checklist');
      this.shownProblems = [];
      this.logger.info(`Change record ${record.id} submitted for ${session.branch} (${session.tickets.join(', ') || 'no ticket'})${record.supersedes ? `, amending ${record.supersedes}` : ''}`);
      void this.postMessage({ type: 'submitted', recordId: record.id });
      void this.afterSubmit(session, record.id, Boolean(record.supersedes));
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
      this.shownProblems = [`Not saved: ${errorMessage(error)}`];
    } finally {
      this.busy = false;
      await this.post();
    }
  }

  /** Says where the record is, truthfully, and offers to stage the log so the record travels with the change. */
  private async afterSubmit(session: ChecklistSession, id: string, amends: boolean): Promise<void> {
    // The log the record went to: a shared folder's absolute path is not under the repository root.
    const logPath = await this.records.logPath(vscode.Uri.file(session.root), session.config);
    let where = await changeLogState(session.root, logPath, { gitPath: this.git.gitPath, logger: this.logger });
    if (where.state === 'local' && this.settings?.current['records.stageLogOnSubmit']) {
      await vscode.commands.executeCommand('changetrail.stageChangeLog');
      where = await changeLogState(session.root, logPath, { gitPath: this.git.gitPath, logger: this.logger });
    }
    const saved = `ChangeTrail: change record ${id} saved${amends ? ' (amends the previous one)' : ''}`;
    if (where.state !== 'local') return void vscode.window.showInformationMessage(`${saved}; change log ${where.detail}.`);
    const choice = await vscode.window.showInformationMessage(`${saved} on this machine only. Others see it once the change log is committed and pushed.`, 'Stage Change Log', 'Always Stage on Submit');
    if (choice === 'Always Stage on Submit') await vscode.workspace.getConfiguration('changetrail').update('records.stageLogOnSubmit', true, vscode.ConfigurationTarget.Workspace);
    if (choice) await vscode.commands.executeCommand('changetrail.stageChangeLog');
    await this.post();
  }

  /** When the team config sets no freeze of its own the default one applies: say so where it takes effect. */
  private withDefaultsStated(state: ViewState): ViewState {
    const config = this.session?.config;
    if (!config || JSON.stringify(config.freeze) !== JSON.stringify(defaultTeamConfig().freeze)) return state;
    const note = ' (ChangeTrail\'s default freeze: set "freeze" in the team config to change it)';
    return { ...state, riskFlags: state.riskFlags.map((f) => (f.id === 'freezeWindow' ? { ...f, message: `${f.message}${note}` } : f)) };
  }

  /** The records with the change log's true state in place of "delivered". */
  private async withLogState(session: ChecklistSession, records: ViewState['records']): Promise<ViewState['records']> {
    if (records.length === 0) return records;
    const where = await this.records
      .logPath(vscode.Uri.file(session.root), session.config)
      .then((logPath) => changeLogState(session.root, logPath, { gitPath: this.git.gitPath, logger: this.logger }))
      .catch(() => undefined);
    if (!where) return records;
    return records.map((r) => ({ ...r, sinks: r.sinks.map((s) => (s.sink === 'Change log' && s.state === 'delivered' ? { ...s, state: where.state, detail: where.detail } : s)) }));
  }

  private async post(): Promise<void> {
    if (!this.view || !this.ready) return;
    const session = this.session;
    if (!session) {
      const status = this.change.snapshot.status.kind === 'detached' ? 'detached' : 'noRepository';
      return this.postMessage({ type: 'state', state: { ...EMPTY, status } });
    }
    const records = await this.records.recordsOf(vscode.Uri.file(session.root), session.config, session.branch).catch((error: unknown) => {
      this.logger.warn(`Reading the change log: ${errorMessage(error)}`);
      return [];
    });
    await this.postMessage({ type: 'state', state: this.withDefaultsStated(session.view(this.stats, nowDate(this.clock), await this.withLogState(session, records), this.busy, this.shownProblems)) });
  }

  private async postMessage(message: HostToChecklist): Promise<void> {
    await this.view?.webview.postMessage(hostToChecklistSchema.parse(message));
  }

  /** For tests and the API: the state the view shows now. */
  async currentState(): Promise<ViewState | undefined> {
    const session = this.session;
    if (!session) return undefined;
    const records = await this.withLogState(session, await this.records.recordsOf(vscode.Uri.file(session.root), session.config, session.branch));
    return this.withDefaultsStated(session.view(this.stats, nowDate(this.clock), records, this.busy, this.shownProblems));
  }

  /** For tests and the API: applies a message as if the webview sent it. */
  handle(message: ChecklistToHost): Promise<void> {
    return this.receive(message);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
