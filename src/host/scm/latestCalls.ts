/**
 * Numbers the calls made per key (a document) so that a slow older call, still waiting on git,
 * can tell it was overtaken by a newer one and drop its result instead of overwriting the newer.
 */
export class LatestCalls {
  private readonly newest = new Map<string, number>();
  private count = 0;

  /** Starts a call for `key`; the function returned answers whether it is still the newest call for that key. */
  begin(key: string): () => boolean {
    const mine = ++this.count;
    this.newest.set(key, mine);
    return () => this.newest.get(key) === mine;
  }

  /** Forgets `key` (its document closed): every call still running for it is then overtaken. */
  forget(key: string): void {
    this.newest.delete(key);
  }
}
