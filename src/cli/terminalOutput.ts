import { terminalSafe } from '../core/notes/safeText';
import type { CliContext } from './cliContext';

/**
 * The CLI's out and err with every line made safe for a terminal: what it prints comes from
 * commit subjects, records and receivers' answers, and an escape sequence in any of them could
 * rewrite the screen, the window title or the clipboard. Control characters (but tab and newline)
 * and bidi overrides are removed, lone surrogates replaced.
 */
export function safeIo<T extends Pick<CliContext, 'out' | 'err'>>(io: T): T {
  return { ...io, out: (line: string) => io.out(terminalSafe(line)), err: (line: string) => io.err(terminalSafe(line)) };
}

/**
 * What a command that writes raw data (an export's body) sends to `stream`: made safe as every
 * printed line is when the stream is a terminal; byte for byte otherwise, so a file or a pipe gets
 * the exact data (whose SHA-256 a manifest may give). Returns whether anything was removed.
 */
export function writeRawOutput(stream: { readonly isTTY?: boolean; write(text: string): unknown }, text: string): boolean {
  const shown = stream.isTTY ? terminalSafe(text) : text;
  stream.write(shown);
  return shown !== text;
}

/** Errors of a stream whose reader went away (`changetrail export | head -1`): not a failure of the work. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * A line writer for stdout or stderr that stops quietly once the reader has closed the pipe. The
 * command still runs to its end and its exit code stands: a script that read what it needed
 * (`| head -1`) must not see a failure, retry, and record the same thing twice. Writes made
 * straight to the stream (the export body) are covered too: the stream's EPIPE is answered here.
 */
export function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!READER_GONE.has(error.code ?? '')) throw error;
    closed = true;
  });
  return (line) => {
    if (!closed) stream.write(`${line}\n`);
  };
}
