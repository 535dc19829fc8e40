import * as vscode from 'vscode';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import { type HistoryNode, readableId } from './historyNodes';

/**
 * The rows under a commit of the File History view, read when it is expanded: its incidents,
 * ticket, change record (answers under their question), where it is live, and its other files.
 */
export async function commitDetails(node: Extract<HistoryNode, { kind: 'commit' }>, config: TeamConfig, gitPath: string | undefined): Promise<HistoryNode[]> {
  const details: HistoryNode[] = [];
  const { entry, record } = node;
  for (const i of node.incidents) details.push({ kind: 'detail', label: `Incident ${i.id}`, description: i.title, icon: 'flame', tooltip: i.text });
  if (node.ticketUrl) details.push({ kind: 'detail', label: `Open ${entry.tickets[0]}`, description: node.ticketTitle, icon: 'link-external', command: { title: 'Open Ticket', command: 'changetrail.openTicket', arguments: [node.ticketUrl] } });
  if (record) {
    details.push({ kind: 'detail', label: 'Change record', description: record.title, icon: 'notebook', tooltip: record.description, command: { title: 'Open Change Record', command: 'changetrail.history.openRecord', arguments: [node] } });
    details.push({ kind: 'detail', label: 'Rollback', description: record.rollbackPlan || 'none written down', icon: 'discard' });
    // Answers under their question, not their id ("supportUpdates" means nothing to support).
    const { resolveQuestions } = await import('../../core/checklist/questions');
    const asked = new Map(resolveQuestions(config).questions.map((q) => [q.id, q.text]));
    for (const [id, a] of Object.entries(record.answers)) if (!['rollback'].includes(id)) details.push({ kind: 'detail', label: asked.get(id) ?? readableId(id), description: `${a.value}${a.evidence ? ` (${a.evidence})` : ''}`, icon: 'comment', tooltip: `${asked.get(id) ?? readableId(id)}\n${a.value}` });
  } else details.push({ kind: 'detail', label: 'No change record', description: `rollback: revert ${entry.sha.slice(0, 7)}`, icon: 'circle-slash' });
  for (const l of node.liveIn) details.push({ kind: 'detail', label: l.environment, description: l.live === true ? 'live' : l.live === false ? 'not live' : `unknown: ${l.reason ?? ''}`, icon: l.live ? 'pass' : 'circle-large-outline' });
  if (entry.previousPath) details.push({ kind: 'detail', label: 'Renamed from', description: entry.previousPath, icon: 'arrow-right' });
  if (entry.bodyTruncated) details.push({ kind: 'detail', label: 'Message', description: 'long message shortened', icon: 'ellipsis' });
  // The other files of the commit, read when the row is expanded.
  const { runGit } = await import('../../core/git/runGit');
  const others = (await runGit(['show', '--name-only', '--format=', '-z', entry.sha], { cwd: node.root.fsPath, gitPath }).catch(() => ''))
    .split('\0').filter((f) => f && f !== entry.path);
  for (const other of others.slice(0, 50)) {
    const uri = vscode.Uri.joinPath(node.root, other);
    details.push({ kind: 'detail', label: other.split('/').pop() ?? other, description: other, icon: 'file', command: { title: 'Open', command: 'vscode.open', arguments: [uri] } });
  }
  if (others.length > 50) details.push({ kind: 'detail', label: `${others.length - 50} more files`, icon: 'ellipsis' });
  return details;
}
