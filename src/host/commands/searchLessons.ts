import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { openIncidentSession } from '../incidents/incidentSession';

/** ChangeTrail: Search Lessons...: past incidents whose cause or lessons match what you type, fuzzily. */
export const searchLessonsCommand: CommandDefinition = {
  id: 'changetrail.searchLessons',
  run: async (services, arg?: unknown) => {
    const session = await openIncidentSession(services);
    if (!session) return undefined;
    if (typeof arg === 'string') return session.lib.searchLessons(session.index, arg);
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { markdown: string }>();
    pick.title = 'Search lessons of past incidents';
    pick.placeholder = 'Words from the cause or the lessons, e.g. "retry gateway"';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const update = async (words: string) => {
      const hits = await session.lib.searchLessons(session.index, words);
      pick.items = hits.map(({ incident: i }) => ({
        label: i.title,
        description: `${i.detectedAt.slice(0, 10)} · level ${i.level} · ${i.cause?.kind ?? 'cause unknown'}${i.fix ? ` · fixed by ${i.fix}` : ''}`,
        detail: i.lessons ?? i.cause?.summary ?? '',
        markdown: [`## ${i.title}`, '', `Incident ${i.incidentId}, ${i.environment}, level ${i.level}`, '', `**Cause:** ${i.cause?.kind ?? 'unknown'} ${i.cause?.summary ?? ''}`, '', `**Lessons:** ${i.lessons ?? '(none)'}`, '', `**Follow-ups:** ${(i.followUps ?? []).join(', ') || '(none)'}`].join('\n'),
      }));
    };
    pick.onDidChangeValue((v) => void update(v));
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (chosen) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: chosen.markdown }), { preview: true });
    });
    pick.onDidHide(() => pick.dispose());
    await update('');
    pick.show();
    return undefined;
  },
};
