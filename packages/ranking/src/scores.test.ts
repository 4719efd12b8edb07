import { describe, expect, it } from 'vitest';
import { scoresFromStrengths } from './scores.js';
import { mulberry32, normal } from './test-support/seeded-random.js';

describe('scoresFromStrengths', () => {
  it('scores a lone idea 50 and nothing for no ideas', () => {
    expect(scoresFromStrengths(new Map([['a', 3]]))).toEqual(new Map([['a', 50]]));
    expect(scoresFromStrengths(new Map()).size).toBe(0);
  });

  it('scores equal strengths 50', () => {
    const scores = scoresFromStrengths(new Map([['a', 0.7], ['b', 0.7], ['c', 0.7]]));
    for (const score of scores.values()) expect(score).toBeCloseTo(50, 12);
  });

  it('is 100 × P(beats the other) for two ideas', () => {
    // θ difference ln 3: P = 3/4, so 75 and 25.
    const scores = scoresFromStrengths(new Map([['a', Math.log(3)], ['b', 0]]));
    expect(scores.get('a')).toBeCloseTo(75, 12);
    expect(scores.get('b')).toBeCloseTo(25, 12);
  });

  it('averages each idea over the others: θ = 1, 0, −1', () => {
    // a: (σ(1) + σ(2))/2 = (0.7310586 + 0.8807971)/2 → 80.59278; b: (σ(−1) + σ(1))/2 → 50.
    const scores = scoresFromStrengths(new Map([['a', 1], ['b', 0], ['c', -1]]));
    expect(scores.get('a')).toBeCloseTo(80.59278, 4);
    expect(scores.get('b')).toBeCloseTo(50, 12);
    expect(scores.get('c')).toBeCloseTo(19.40722, 4);
  });

  it('stays in [0, 100], averages 50 and follows the strengths', () => {
    const random = mulberry32(3);
    const strengths = new Map<string, number>(Array.from({ length: 40 }, (_, i) => [`i${i}`, 3 * normal(random)]));
    strengths.set('huge', 1e6);
    strengths.set('tiny', -1e6);
    const scores = scoresFromStrengths(strengths);
    const values = [...scores.values()];
    for (const score of values) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(50, 9);
    const byStrength = [...strengths.keys()].sort((a, b) => strengths.get(a)! - strengths.get(b)!);
    const byScore = [...scores.keys()].sort((a, b) => scores.get(a)! - scores.get(b)!);
    expect(byScore).toEqual(byStrength);
  });
});
