import type { BoardToHost } from '../protocol/boardMessages';
import type { BoardStore } from './store';

// In a VS Code webview panel (ChangeTrail: Open Change Board) the board's documents come from the
// extension host as messages, not data scripts: the page says `ready`, the host answers with the
// index and the newest months, and older months come when the page asks. The store validates every
// document with the same schemas as the data scripts.

interface VsCodeApi {
  postMessage(message: BoardToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The link to the host, or undefined outside a webview (file:// or a static host). */
export interface WebviewBridge {
  requestMonth(key: string): void;
  /** Feeds the host's documents into `store`; resolves when the first board (index and newest months) arrived. */
  connect(store: BoardStore): Promise<void>;
}

export function webviewBridge(): WebviewBridge | undefined {
  if (typeof acquireVsCodeApi !== 'function') return undefined;
  const vscode = acquireVsCodeApi();
  return {
    requestMonth: (key) => vscode.postMessage({ type: 'loadMonth', key }),
    connect: (store) =>
      new Promise((resolve) => {
        window.addEventListener('message', (event: MessageEvent) => {
          const message = event.data as { type?: unknown; index?: unknown; months?: unknown; month?: unknown; message?: unknown } | null;
          if (!message || typeof message !== 'object') return;
          if (message.type === 'board') {
            store.push(message.index);
            for (const month of Array.isArray(message.months) ? message.months : []) store.push(month);
            resolve();
          } else if (message.type === 'month') store.push(message.month);
          else if (message.type === 'problem') {
            store.problems.push(typeof message.message === 'string' ? message.message : 'the change log could not be read');
            resolve();
          }
        });
        vscode.postMessage({ type: 'ready' });
      }),
  };
}
