import * as vscode from 'vscode';
import type { LiveIn } from '../../core/history/liveIn';

/** Green check: live everywhere known; yellow: live in some; hollow: live nowhere yet; undefined when unknown. */
export function liveIcon(liveIn: readonly LiveIn[]): vscode.ThemeIcon | undefined {
  const known = liveIn.filter((l) => l.live !== undefined);
  if (known.length === 0) return undefined;
  const live = known.filter((l) => l.live === true).length;
  if (live === known.length) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (live > 0) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.yellow'));
  return new vscode.ThemeIcon('circle-large-outline');
}
