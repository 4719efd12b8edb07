import { sigmoid } from './bradley-terry.js';

/** 100 × mean over other ideas j of P(i beats j) = sigmoid(θi − θj); a lone idea scores 50. */
export function scoresFromStrengths(strengths: ReadonlyMap<string, number>): Map<string, number> {
  const ids = [...strengths.keys()];
  const theta = [...strengths.values()];
  const n = ids.length;
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = sigmoid(theta[i]! - theta[j]!);
      sums[i]! += p;
      sums[j]! += 1 - p;
    }
  }
  // Dividing by n - 1 keeps the mean of all scores at exactly 50, since P(i beats j) + P(j beats i) = 1.
  return new Map(ids.map((id, i) => [id, n < 2 ? 50 : (100 * sums[i]!) / (n - 1)]));
}
