import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** HTML shell for a webview: CSP `default-src 'none'`, a fresh nonce, scripts and styles only from media/. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media(`${name}.css`)}">
<title>${title}</title>
</head>
<body>
<main id="root"></main>
<script nonce="${nonce}" src="${media('webview', `${name}.js`)}"></script>
</body>
</html>`;
}
