/** Interned strings (environments, months) and system lists, by first appearance. */
export class Interned<T> {
  readonly list: T[] = [];
  private readonly at = new Map<string, number>();
  constructor(private readonly key: (value: T) => string) {}
  of(value: T): number {
    const k = this.key(value);
    let n = this.at.get(k);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(value);
      this.at.set(k, n);
    }
    return n;
  }
  static from<T>(list: T[], key: (value: T) => string): Interned<T> {
    const out = new Interned(key);
    for (const v of list) out.of(v);
    return out;
  }
}
