import * as vscode from 'vscode';
import type { ConfigProblem } from '../core/config/configProblem';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import { type BranchTicketStatus, branchTicketStatus } from '../core/tickets/branchTicketStatus';
import type { Logger } from '../core/log';
import type { BuiltinGit } from './git/builtinGit';
import { type GitRepository, RefType } from './git/gitApiTypes';
import { linkedTicketKey } from '../core/git/gitConfig';
import type { SettingsService } from './settings';
import type { TeamConfigService } from './teamConfigService';

/** What ChangeTrail knows about the change in progress in the active repository. */
export interface CurrentChangeSnapshot {
  readonly repoRoot?: vscode.Uri;
  /** The team policy in force for that repository (defaults when there is none). */
  readonly config?: TeamConfig;
  readonly status: BranchTicketStatus | { readonly kind: 'noRepository' };
  readonly configFound: boolean;
  readonly configProblems: readonly ConfigProblem[];
}

/**
 * Follows the active repository (the one of the active editor, else the first) and recomputes
 * its branch ticket whenever HEAD, the team config or the settings change.
 */
export class CurrentChange implements vscode.Disposable {
  private _snapshot: CurrentChangeSnapshot = { status: { kind: 'noRepository' }, configFound: false, configProblems: [] };
  private generation = 0;
  private readonly _onDidChange = new vscode.EventEmitter<CurrentChangeSnapshot>();
  readonly onDidChange = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange];

  constructor(
    private readonly git: BuiltinGit,
    private readonly teamConfig: TeamConfigService,
    private readonly settings: SettingsService,
    private readonly logger: Logger,
  ) {
    const refresh = () => void this.refresh();
    git.onDidChange(refresh, this, this.disposables);
    teamConfig.onDidChange(refresh, this, this.disposables);
    settings.onDidChange(refresh, this, this.disposables);
    vscode.window.onDidChangeActiveTextEditor(refresh, this, this.disposables);
  }

  get snapshot(): CurrentChangeSnapshot {
    return this._snapshot;
  }

  /** Recomputes the snapshot; later calls win over earlier ones still in flight. */
  async refresh(): Promise<CurrentChangeSnapshot> {
    const generation = ++this.generation;
    const repo = this.git.repositoryFor(vscode.window.activeTextEditor?.document.uri);
    const next = repo ? await this.snapshotOf(repo) : { status: { kind: 'noRepository' } as const, configFound: false, configProblems: [] };
    if (generation !== this.generation) return this._snapshot;
    if (JSON.stringify(next) !== JSON.stringify(this._snapshot)) {
      this._snapshot = next;
      this.logger.debug(`Current change: ${JSON.stringify({ repo: next.repoRoot?.fsPath, ...next.status })}`);
      this._onDidChange.fire(next);
    }
    return next;
  }

  /** The snapshot of the open repository at `root` (the active one's as is), undefined when none is open there. */
  async snapshotAt(root: vscode.Uri): Promise<CurrentChangeSnapshot | undefined> {
    if (this._snapshot.repoRoot?.toString() === root.toString()) return this._snapshot;
    const repo = this.git.repositoryAt(root);
    return repo ? this.snapshotOf(repo) : undefined;
  }

  /** What is known about `repo`'s change, active or not (each repository's commit box follows its own branch). */
  async snapshotOf(repo: GitRepository): Promise<CurrentChangeSnapshot> {
    const config = await this.teamConfig.get(repo.rootUri);
    const head = repo.state.HEAD;
    // On a detached HEAD the git extension names the tag or remote ref it sits on; only a Head ref is a branch.
    const branch = head?.type === RefType.Head ? head.name : undefined;
    const linked = branch ? (await repo.getConfig(linkedTicketKey(branch)).catch(() => '')).trim() || undefined : undefined;
    const status = branchTicketStatus(branch, config.config, this.settings.current['tickets.urlTemplate'], linked);
    return { repoRoot: repo.rootUri, config: config.config, status, configFound: config.found, configProblems: config.problems };
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
