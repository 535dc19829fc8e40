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
    if (!repoRoot) return;
    const repo = this.git.repositoryAt(repoRoot);
    if (!repo) return;
    const key = repoRoot.toString();
    const current = repo.inputBox.value;
    const ours = this.lastFill.get(key);
    // The person's text is never touched: only an empty box or our own untouched prefill.
    if (current.trim() !== '' && current !== ours) return;
    // A trailer-style format ("Refs: {ticket}") belongs at the end; leave the box to the person.
    const wanted = status.kind === 'ticket' && config && this.settings.current['commitInput.prefill'] && config.tickets.commitFormat.includes('{message}')
      ? addTicket('', status.ticket, config.tickets.commitFormat, { commentChar: '#', cleanup: 'whitespace' })
      : '';
    // On a branch without a ticket (or with prefill off) our old prefill would name the wrong ticket: clear it.
    if (wanted === '') {
      if (ours !== undefined && current === ours) repo.inputBox.value = '';
      this.lastFill.delete(key);
      return;
    }
    if (current !== wanted) repo.inputBox.value = wanted;
    this.lastFill.set(key, wanted);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
