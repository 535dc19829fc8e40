/**
 * One pending or settled load per key, shared by every caller until `clear` (on the events that
 * make it stale): a keystroke asks the cache, not git. A failed load is not kept.
 */
export class PromiseCache<V> {
  private readonly entries = new Map<string, Promise<V>>();

  /** The value for `key`, loaded by `load` only when none is cached. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const pending = load();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }

  /** Drops every entry; a load still running then is used by its callers but not kept. */
  clear(): void {
    this.entries.clear();
  }
}
