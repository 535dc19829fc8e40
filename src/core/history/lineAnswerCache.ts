/**
 * Answers for editor lines (the why-this-line hover) that never make the editor wait: `peek`
 * returns a ready answer or nothing at once; `warm` computes one in the background, at most one
 * at a time, and `moveTo` cancels it when the cursor leaves its line. An answer that arrives after
 * its run was cancelled is dropped. Keys name a line of one version of a document.
 */
export class LineAnswerCache<T> {
  private readonly ready = new Map<string, T>();
  private running: { key: string; controller: AbortController; done: Promise<T | undefined> } | undefined;

  constructor(
    private readonly compute: (key: string, signal: AbortSignal) => Promise<T | undefined>,
    private readonly capacity = 200,
  ) {}

  /** The answer for `key` if it is ready; never waits. */
  peek(key: string): T | undefined {
    return this.ready.get(key);
  }

  /** Starts computing `key` unless it is ready or already running; a run for another key is cancelled. Resolves when it ends. */
  warm(key: string): Promise<T | undefined> {
    if (this.ready.has(key)) return Promise.resolve(this.ready.get(key));
    if (this.running?.key === key) return this.running.done;
    this.cancel();
    const controller = new AbortController();
    const done = this.compute(key, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted || answer === undefined) return undefined;
        this.keep(key, answer);
        return answer;
      },
      () => undefined,
    );
    const run = { key, controller, done };
    this.running = run;
    void done.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return done;
  }

  /** The cursor is now on `key`'s line: a run for any other line stops. */
  moveTo(key: string): void {
    if (this.running && this.running.key !== key) this.cancel();
  }

  /** Drops ready answers whose key starts with `prefix` (a document changed) and cancels a run for them. */
  forget(prefix: string): void {
    for (const key of [...this.ready.keys()]) if (key.startsWith(prefix)) this.ready.delete(key);
    if (this.running?.key.startsWith(prefix)) this.cancel();
  }

  /** Stops the run in progress, if any. */
  cancel(): void {
    this.running?.controller.abort();
    this.running = undefined;
  }

  private keep(key: string, answer: T): void {
    this.ready.delete(key);
    if (this.ready.size >= this.capacity) this.ready.delete(this.ready.keys().next().value as string);
    this.ready.set(key, answer);
  }
}
