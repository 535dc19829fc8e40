/** The first position in list[0, length) (ascending) holding a value >= `value`: a binary search. */
export function firstAtLeast(list: ArrayLike<number>, value: number, length = list.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the ascending `list` holds `value`. */
export function sortedHas(list: ArrayLike<number>, value: number): boolean {
  const at = firstAtLeast(list, value);
  return at < list.length && list[at] === value;
}
