/**
 * The hidden line a Markdown comment carries so a later look-up can find it (Markdown renderers
 * of GitHub, GitLab and Azure Boards do not show HTML comments). The marker is a record id, which
 * the visible summary names too, so trackers without hidden text still find it.
 */
export function withHiddenMarker(markdown: string, marker: string | undefined): string {
  return marker ? `${markdown}\n\n<!-- changetrail-record: ${marker.replace(/-->/g, '')} -->` : markdown;
}

/** Whether a comment's text (any format, stringified) carries the marker. */
export function carriesMarker(text: unknown, marker: string): boolean {
  const haystack = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  return marker.length > 0 && haystack.includes(marker);
}
