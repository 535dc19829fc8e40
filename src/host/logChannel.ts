import * as vscode from 'vscode';
import { type Logger, redact, redactValue } from '../core/log';

/** The "ChangeTrail" log channel, wrapped as a core Logger that redacts secrets. */
export function createLogChannel(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('ChangeTrail', { log: true });
  const safe = (args: unknown[]) => args.map((a) => redactValue(a));
  const logger: Logger = {
    trace: (m, ...a) => channel.trace(redact(m), ...safe(a)),
    debug: (m, ...a) => channel.debug(redact(m), ...safe(a)),
    info: (m, ...a) => channel.info(redact(m), ...safe(a)),
    warn: (m, ...a) => channel.warn(redact(m), ...safe(a)),
    error: (m, ...a) => channel.error(typeof m === 'string' ? redact(m) : redact(m.stack ?? m.message), ...safe(a)),
  };
  return { channel, logger };
}
