import { fixedClock } from '../../../src/core/clock';
import type { Logger } from '../../../src/core/log';
import type { LogEntry } from '../../../src/core/records/changeRecord';
import type { EngineSinkSetup } from '../../../src/core/records/sinks/engines/engineSinkSetup';
import { DEFAULT_NETWORK } from '../../../src/core/net/networkOptions';
import { memoryLogIndex } from '../memoryLogIndex';

/** A logger that keeps its lines, to check what a sink warned about and that no secret was written. */
export function keepingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string | Error, ...args: unknown[]) => void lines.push(`${level} ${String(m)} ${args.map(String).join(' ')}`);
  return { lines, trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** An EngineSinkSetup over entries in memory, a fixed clock and the given secrets (engine.name -> value). */
export function engineSetup(entries: readonly LogEntry[], secrets: Record<string, string>, now: string, logger = keepingLogger()): EngineSinkSetup & { logger: ReturnType<typeof keepingLogger> } {
  return {
    secret: async (engine, name) => secrets[`${engine}.${name}`],
    index: memoryLogIndex(entries),
    network: { ...DEFAULT_NETWORK, maxRetryWaitMs: 0 },
    clock: fixedClock(now),
    logger,
  };
}
