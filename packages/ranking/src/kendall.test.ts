import { describe, expect, it } from 'vitest';
import { kendallTau } from './kendall.js';
import { mulberry32 } from './test-support/seeded-random.js';

/** Straight from the definition, O(n²): concordant minus discordant over all pairs. */
function bruteForceTau(a: string[], b: string[]): number {
  const position = new Map(b.map((id, i) => [id, i]));
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) sum += Math.sign(position.get(a[j]!)! - position.get(a[i]!)!);
  }
  return sum / ((a.length * (a.length - 1)) / 2);
}

function shuffled(ids: string[], random: () => number): string[] {
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('kendallTau', () => {
  it('is 1 for the same order and −1 for the reverse', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(kendallTau(ids, ids)).toBe(1);
    expect(kendallTau(ids, [...ids].reverse())).toBe(-1);
  });

  it('counts hand-checked discordant pairs', () => {
    // One adjacent swap among 4: 1 of 6 pairs discordant → (5 − 1)/6.
    expect(kendallTau(['a', 'b', 'c', 'd'], ['b', 'a', 'c', 'd'])).toBeCloseTo(4 / 6, 12);
    // a,b,c,d,e vs c,a,b,e,d: discordant (a,c), (b,c), (d,e) → 3 of 10 → (7 − 3)/10.
    expect(kendallTau(['a', 'b', 'c', 'd', 'e'], ['c', 'a', 'b', 'e', 'd'])).toBeCloseTo(0.4, 12);
  });

  it('agrees with the definition on random permutations', () => {
    const random = mulberry32(5);
    const ids = Array.from({ length: 60 }, (_, i) => `i${i}`);
    for (let round = 0; round < 20; round++) {
      const a = shuffled(ids, random);
      const b = shuffled(ids, random);
      expect(kendallTau(a, b)).toBeCloseTo(bruteForceTau(a, b), 12);
    }
  });

  it('is symmetric', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f'];
    const b = ['f', 'a', 'c', 'b', 'e', 'd'];
    expect(kendallTau(a, b)).toBe(kendallTau(b, a));
  });

  it('compares only ids both lists hold, and is NaN below two', () => {
    expect(kendallTau(['a', 'x', 'b', 'c'], ['a', 'b', 'y', 'c'])).toBe(1);
    expect(kendallTau(['a'], ['a'])).toBeNaN();
    expect(kendallTau([], [])).toBeNaN();
  });
});
