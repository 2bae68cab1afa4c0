/**
 * The first index in `[0, length)` at which `before(i)` is false, where `before` is true for a
 * prefix of the indexes and false for the rest (a sorted list split by a predicate); `length` when it
 * is true everywhere. O(log length) calls of `before`. The one binary search of the linter core:
 * "first token starting at or after an offset", "last line start not after an offset" (that index
 * minus one), and so on.
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
