/**
 * Kendall's tau-b between two rankings given as lists of ids (same set).
 * A list has no ties, so tau-b equals tau-a here. Ids missing from either list (and repeats) are ignored;
 * NaN when fewer than two ids are shared, where no correlation is defined.
 */
export function kendallTau(a: readonly string[], b: readonly string[]): number {
  const positionInB = new Map<string, number>();
  b.forEach((id, i) => {
    if (!positionInB.has(id)) positionInB.set(id, i);
  });
  const seen = new Set<string>();
  const sequence: number[] = [];
  for (const id of a) {
    const position = positionInB.get(id);
    if (position === undefined || seen.has(id)) continue;
    seen.add(id);
    sequence.push(position);
  }
  const n = sequence.length;
  if (n < 2) return Number.NaN;
  const pairs = (n * (n - 1)) / 2;
  const discordant = countInversions(sequence);
  return (pairs - 2 * discordant) / pairs;
}

/** Pairs out of order, by merge sort: O(n log n), so long rankings stay cheap. */
function countInversions(values: number[]): number {
  if (values.length < 2) return 0;
  const middle = values.length >> 1;
  const left = values.slice(0, middle);
  const right = values.slice(middle);
  let inversions = countInversions(left) + countInversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i]! <= right[j]!) values[k++] = left[i++]!;
    else {
      values[k++] = right[j++]!;
      inversions += left.length - i; // every remaining left value is larger
    }
  }
  while (i < left.length) values[k++] = left[i++]!;
  while (j < right.length) values[k++] = right[j++]!;
  return inversions;
}
