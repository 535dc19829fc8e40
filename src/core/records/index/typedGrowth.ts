/** A typed array of `size` holding `old` at its start: the columns, keys and pairs of the index grow by it. */
export function grownTo<T extends Float64Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike>>(old: T, size: number, make: new (n: number) => T): T {
  const next = new make(size);
  next.set(old);
  return next;
}
