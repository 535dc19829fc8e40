import { BOARD_GLOBAL, type BoardIndex, type BoardMonth } from '../../protocol/boardData';
import { scriptSafe } from './monthScript';

// The page and its data scripts as text; buildBoardSite writes them.

/** The files of the page itself, shipped beside the CLI (dist/board/). */
export const BOARD_ASSETS = ['board.js', 'board.css', 'uPlot.min.css'] as const;

/** A data script: one document pushed onto the board's global. JSON is valid JS; `<` is escaped so no text can close a script (scriptSafe). */
export function dataScript(doc: BoardIndex | BoardMonth): string {
  const json = scriptSafe(JSON.stringify(doc));
  return `(window.${BOARD_GLOBAL} = window.${BOARD_GLOBAL} || []).push(${json});\n`;
}

/** The page: strict CSP, no inline script, works from file:// and any static host. */
export function boardHtml(title: string): string {
  const safe = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'">
<title>${safe}</title>
<link rel="stylesheet" href="uPlot.min.css">
<link rel="stylesheet" href="board.css">
<script src="data/index.js"></script>
<script src="board.js" defer></script>
</head>
<body>
<div id="app"><p>Loading the change board…</p></div>
<noscript>The change board needs JavaScript.</noscript>
</body>
</html>
`;
}
