import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folder the board's page is bundled into; the panel may load nothing else. */
export function boardAssetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'board');
}

/**
 * The change board's page in a webview: the same script and styles as the static site
 * (dist/board/), under a strict CSP with a fresh nonce. No data scripts: the documents come as
 * messages after the page says `ready`.
 */
export function boardPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(boardAssetsRoot(extensionUri), name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src ${webview.cspSource} 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const safe = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('uPlot.min.css')}">
<link rel="stylesheet" href="${asset('board.css')}">
<title>${safe}</title>
</head>
<body class="in-editor">
<div id="app"><p>Loading the change board…</p></div>
<script nonce="${nonce}" src="${asset('board.js')}"></script>
</body>
</html>`;
}
