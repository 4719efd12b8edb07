/** mulberry32: a tiny seeded PRNG so every test run draws the same numbers. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Counts of simulated votes between ideas with known log-strengths, aggregated per (winner, loser). */
export function simulateVotes(
  truth: ReadonlyMap<string, number>,
  pairs: Iterable<[string, string]>,
  random: () => number,
): { winner: string; loser: string; count: number }[] {
  const counts = new Map<string, { winner: string; loser: string; count: number }>();
  for (const [a, b] of pairs) {
    const aWins = random() < sigmoid(truth.get(a)! - truth.get(b)!);
    const winner = aWins ? a : b;
    const loser = aWins ? b : a;
    const key = `${winner}\u0000${loser}`;
    const entry = counts.get(key) ?? { winner, loser, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

export function ideaIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `idea-${String(i + 1).padStart(2, '0')}`);
}
