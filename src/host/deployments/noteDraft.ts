import * as vscode from 'vscode';

// The editable deployment note: a "Message to the team" part the deployer writes, above the note
// ChangeTrail generated.

export const MESSAGE_HEADING = '### Message to the team';
export const MESSAGE_HINT = '<!-- Write your message for the team below this line. Only this part is yours: when you choose "Record and post" (above, or the rocket in the editor title), the deployment is recorded and the rest of the note is rendered again from the record, so edits below the end marker are not posted. -->';
export const MESSAGE_END = '<!-- end of message: everything below is generated from the deployment record -->';

/** The draft document: the message part, then the generated note. */
export function draftText(generated: string): string {
  return `${MESSAGE_HEADING}\n${MESSAGE_HINT}\n\n\n${MESSAGE_END}\n\n${generated}`;
}

/** The deployer's message and the generated part as they stand in the document. */
export interface ParsedDraft {
  readonly message: string;
  readonly generated: string;
  /** False when the markers were removed: nothing can be told apart. */
  readonly intact: boolean;
}

/** Reads a draft back: the message (comments removed, trimmed) and the text below the end marker. */
export function parseDraft(text: string): ParsedDraft {
  const normalized = text.replace(/\r\n/g, '\n');
  const start = normalized.indexOf(MESSAGE_HEADING);
  const end = normalized.indexOf(MESSAGE_END);
  if (start < 0 || end < start) return { message: '', generated: normalized, intact: false };
  const message = normalized.slice(start + MESSAGE_HEADING.length, end).split(MESSAGE_HINT).join('').trim();
  return { message, generated: normalized.slice(end + MESSAGE_END.length).replace(/^\n+/, ''), intact: true };
}

/** The note document a command was run on: its URI argument, else the active editor's. */
export function noteUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg, true);
  return vscode.window.activeTextEditor?.document.uri;
}
