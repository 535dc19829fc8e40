import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { SettingsService } from '../settings';
import { walkthroughStepDone } from '../walkthroughSteps';

const OFFERED_KEY = 'changetrail.hooksOffered';

/**
 * Offers, once per repository, to install the git hooks when the team policy requires tickets
 * on commits and the hooks are missing. Never in an untrusted workspace.
 */
export class HookInstallOffer implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly checked = new Set<string>();

  constructor(
    change: CurrentChange,
    private readonly git: BuiltinGit,
    private readonly settings: SettingsService,
    private readonly state: vscode.Memento,
    private readonly logger: Logger,
  ) {
    change.onDidChange(this.check, this, this.disposables);
  }

  private async check(snapshot: CurrentChangeSnapshot): Promise<void> {
    const { repoRoot, config } = snapshot;
    if (!repoRoot || !config || !vscode.workspace.isTrusted) return;
    if (this.checked.has(repoRoot.fsPath)) return;
    this.checked.add(repoRoot.fsPath);
    // Asked once per repository and window, offer or not: hooks installed from a terminal (or after
    // the offer was declined) tick the walkthrough's step too.
    try {
      const { hookStatus } = await import('../../core/git/hooks/hookActions');
      const status = await hookStatus({ cwd: repoRoot.fsPath, gitPath: this.git.gitPath, logger: this.logger }, config.hooks.prePush);
      if (status.missing.length === 0) walkthroughStepDone('hooks');
      if (status.missing.length === 0 || status.location.committedHooksDir) return;
    } catch (error) {
      this.logger.warn(`Could not check the git hooks of ${repoRoot.fsPath}: ${(error as Error).message}`);
      return;
    }
    if (!config.tickets.requireOnCommit || !this.settings.current['hooks.offerInstall']) return;
    const offered = this.state.get<string[]>(OFFERED_KEY, []);
    if (offered.includes(repoRoot.fsPath)) return;
    await this.state.update(OFFERED_KEY, [...offered, repoRoot.fsPath]);
    const choice = await vscode.window.showInformationMessage(
      'ChangeTrail: this repository requires a ticket on every commit. Install the git hooks so commits from the terminal are checked and get the branch ticket too?',
      'Install Hooks',
      'Not Now',
    );
    if (choice === 'Install Hooks') await vscode.commands.executeCommand('changetrail.installHooks');
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
