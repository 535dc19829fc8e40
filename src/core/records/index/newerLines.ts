import type { LogReadResult } from '../changeLogReader';
import type { Logger } from '../../log';

/** Lines of the log a newer ChangeTrail wrote: kept in the file, left out of answers, warned about once. */
export class NewerLines {
  private readonly lines = new Set<number>();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** Takes note of the newer records a parse found. */
  note(result: LogReadResult): void {
    const first = result.newer?.[0];
    if (first && this.lines.size === 0) this.logger.warn(`${this.path}: line ${first.line} was written by a newer ChangeTrail (${first.schema}); it is kept, and left out of answers until ChangeTrail is updated`);
    for (const r of result.newer ?? []) this.lines.add(r.line);
  }

  /** Takes over lines found by an earlier process (a saved index), warning as note() would. */
  restore(lines: readonly number[]): void {
    if (lines.length > 0 && this.lines.size === 0) this.logger.warn(`${this.path}: line ${lines[0]} was written by a newer ChangeTrail; it is kept, and left out of answers until ChangeTrail is updated`);
    for (const line of lines) this.lines.add(line);
  }

  /** Their line numbers, in order. */
  list(): readonly number[] {
    return [...this.lines].sort((a, b) => a - b);
  }

  clear(): void {
    this.lines.clear();
  }
}
