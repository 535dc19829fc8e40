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
