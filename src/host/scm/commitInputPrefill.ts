import * as vscode from 'vscode';
import { addTicket } from '../../core/tickets/commitMessage';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { SettingsService } from '../settings';

/** Puts the branch's ticket, in the team's format, into an empty Source Control commit box. */
export class CommitInputPrefill implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** What we last put into each repository's box: replaced on a branch switch while untouched. */
  private readonly lastFill = new Map<string, string>();

  constructor(
    change: CurrentChange,
    private readonly git: BuiltinGit,
    private readonly settings: SettingsService,
  ) {
    change.onDidChange(this.fill, this, this.disposables);
    // After a commit VS Code empties the box without the branch changing: fill it again.
    git.onDidChange(() => this.fill(change.snapshot), this, this.disposables);
  }

  private fill(snapshot: CurrentChangeSnapshot): void {
    const { status, repoRoot, config } = snapshot;
    if (status.kind !== 'ticket' || !repoRoot || !config || !this.settings.current['commitInput.prefill']) return;
    // A trailer-style format ("Refs: {ticket}") belongs at the end; leave the box to the person.
    if (!config.tickets.commitFormat.includes('{message}')) return;
    const repo = this.git.repositoryAt(repoRoot);
    if (!repo) return;
    const current = repo.inputBox.value;
    if (current.trim() !== '' && current !== this.lastFill.get(repoRoot.toString())) return;
    const fill = addTicket('', status.ticket, config.tickets.commitFormat, { commentChar: '#', cleanup: 'whitespace' });
    if (current === fill) return;
    repo.inputBox.value = fill;
    this.lastFill.set(repoRoot.toString(), fill);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
