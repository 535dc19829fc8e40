/**
 * Collects items given one by one into a batch per turn of the event loop, handed to `run` once the
 * turn's synchronous work is done: a history page's commits, parsed from each chunk git writes,
 * become one index question per chunk while git still writes the rest.
 */
export function batchedPerTurn<T>(run: (batch: T[]) => void): (item: T) => void {
  let batch: T[] = [];
  return (item) => {
    if (batch.push(item) > 1) return;
    queueMicrotask(() => {
      const taken = batch;
      batch = [];
      run(taken);
    });
  };
}
