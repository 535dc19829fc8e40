import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { GitAPI, GitExtension, GitRepository } from './gitApiTypes';

/**
 * Wraps the built-in `vscode.git` extension. When git or the extension is missing or disabled,
 * it says so once and every query answers "no repository".
 */
export class BuiltinGit implements vscode.Disposable {
  private api: GitAPI | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly repoListeners = new Map<GitRepository, vscode.Disposable>();
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Fires when a repository opens or closes, or when HEAD or the branch of one changes. */
  readonly onDidChange = this._onDidChange.event;
  private warned = false;
  private waiting: vscode.Disposable | undefined;

  constructor(private readonly logger: Logger) {}

  /** Connects to the git extension; resolves false (after one message) when it cannot be used. */
  async start(): Promise<boolean> {
    if (this.api) return true;
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) {
      // The git extension comes (back) when the folder is trusted or the extension is enabled:
      // connect then, instead of staying without git until the window reloads.
      this.retryWhenGitArrives();
      // VS Code runs its Git extension only in trusted workspaces: "not installed" would send the person the wrong way.
      if (!vscode.workspace.isTrusted) return this.restricted();
      return this.unavailable('The built-in Git extension is not installed or is disabled.');
    }
    let exports: GitExtension;
    try {
      exports = extension.isActive ? extension.exports : await extension.activate();
    } catch (error) {
      return this.unavailable(`The built-in Git extension failed to start: ${(error as Error).message}`);
    }
    if (!exports.enabled) {
      exports.onDidChangeEnablement((enabled) => enabled && this.start(), this, this.disposables);
      return this.unavailable('Git is disabled (git.enabled is false).');
    }
    try {
      this.api = exports.getAPI(1);
    } catch {
      // The git extension answers this way when no git executable was found.
      return this.unavailable('Git was not found. Install git, or set git.path.');
    }
    this.api.onDidOpenRepository(this.watch, this, this.disposables);
    this.api.onDidCloseRepository(this.unwatch, this, this.disposables);
    this.api.onDidChangeState(() => this._onDidChange.fire(), this, this.disposables);
    this.api.repositories.forEach((repo) => this.watch(repo));
    this.logger.info(`Connected to the Git extension (${this.api.repositories.length} repositories open)`);
    return true;
  }

  /** The repository for a resource, or the only/first open one when no resource is given. */
  repositoryFor(uri: vscode.Uri | undefined): GitRepository | undefined {
    if (!this.api) return undefined;
    if (uri) {
      const repo = this.api.getRepository(uri);
      if (repo) return repo;
    }
    return this.api.repositories[0];
  }

  /** The git executable the git extension found (undefined until connected). */
  get gitPath(): string | undefined {
    return this.api?.git.path;
  }

  /** A URI of `uri`'s content at `ref` (git extension), for diffs; undefined before git is connected. */
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri | undefined {
    return this.api?.toGitUri(uri, ref);
  }

  /** The open repository whose root is `root`. */
  repositoryAt(root: vscode.Uri): GitRepository | undefined {
    return this.api?.repositories.find((r) => r.rootUri.toString() === root.toString());
  }

  get repositories(): readonly GitRepository[] {
    return this.api?.repositories ?? [];
  }

  private watch(repo: GitRepository): void {
    if (this.repoListeners.has(repo)) return;
    // state.onDidChange fires for terminal checkouts too: the git extension watches .git/HEAD.
    this.repoListeners.set(repo, repo.state.onDidChange(() => this._onDidChange.fire()));
    this._onDidChange.fire();
  }

  private unwatch(repo: GitRepository): void {
    this.repoListeners.get(repo)?.dispose();
    this.repoListeners.delete(repo);
    this._onDidChange.fire();
  }

  private retryWhenGitArrives(): void {
    if (this.waiting) return;
    this.waiting = vscode.Disposable.from(
      vscode.extensions.onDidChange(() => this.retry()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.retry()),
    );
  }

  private retry(): void {
    if (!vscode.extensions.getExtension('vscode.git')) return;
    this.waiting?.dispose();
    this.waiting = undefined;
    void this.start().then((connected) => connected && this.logger.info('The Git extension is available now'));
  }

  private restricted(): false {
    this.logger.info('Restricted Mode: VS Code runs its Git extension only in a trusted workspace, so ChangeTrail waits for trust.');
    if (!this.warned) {
      this.warned = true;
      void vscode.window.showInformationMessage('ChangeTrail: this folder is in Restricted Mode, where VS Code\'s Git is off. Branch tickets and File History start once you trust the folder.', 'Manage Workspace Trust')
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
    }
    return false;
  }

  private unavailable(reason: string): false {
    this.logger.warn(reason);
    if (!this.warned) {
      this.warned = true;
      void vscode.window.showWarningMessage(`ChangeTrail: ${reason} Branch tickets are not shown.`);
    }
    return false;
  }

  dispose(): void {
    this.waiting?.dispose();
    this.repoListeners.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
    this._onDidChange.dispose();
  }
}
