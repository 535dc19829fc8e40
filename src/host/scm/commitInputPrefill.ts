import * as vscode from 'vscode';
import { addTicket } from '../../core/tickets/commitMessage';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { GitRepository } from '../git/gitApiTypes';
import type { SettingsService } from '../settings';

/**
 * Puts the branch's ticket, in the team's format, into an empty Source Control commit box: every
 * open repository's box from that repository's own branch, not only the active one's.
 */
export class CommitInputPrefill implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** What we last put into each repository's box: replaced on a branch switch while untouched. */
  private readonly lastFill = new Map<string, string>();
  /** The newest fill asked per repository: an older one still reading git config loses. */
  private readonly asked = new Map<string, number>();
  private generation = 0;

  constructor(
    private readonly change: CurrentChange,
    private readonly git: BuiltinGit,
    private readonly settings: SettingsService,
  ) {
    const fillAll = () => this.git.repositories.forEach((repo) => void this.fillRepository(repo));
    change.onDidChange(fillAll, this, this.disposables);
    // A branch change in any repository (a terminal checkout in one whose editor is not active
    // too), and the box VS Code empties after a commit: fill each box again from its own branch.
    git.onDidChange(fillAll, this, this.disposables);
  }

  private async fillRepository(repo: GitRepository): Promise<void> {
    const key = repo.rootUri.toString();
    const generation = ++this.generation;
    this.asked.set(key, generation);
    const active = this.change.snapshot;
    const snapshot = active.repoRoot?.toString() === key ? active : await this.change.snapshotOf(repo).catch(() => undefined);
    if (!snapshot || this.asked.get(key) !== generation) return;
    this.fill(repo, snapshot);
  }

  private fill(repo: GitRepository, snapshot: CurrentChangeSnapshot): void {
    const { status, config } = snapshot;
    const key = repo.rootUri.toString();
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
