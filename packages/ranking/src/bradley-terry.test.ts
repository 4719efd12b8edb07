import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIOR_VARIANCE, fitBradleyTerry } from './bradley-terry.js';
import type { PairCount } from './tally.js';
import { ideaIds, mulberry32, normal, sigmoid, simulateVotes } from './test-support/seeded-random.js';

const votes = (...entries: [string, string, number][]): PairCount[] =>
  entries.map(([winner, loser, count]) => ({ winner, loser, count }));

describe('fitBradleyTerry', () => {
  it('matches the hand-solved MAP for two ideas: a wins 3 of 4, prior variance 1', () => {
    // Log-posterior 3·log σ(θa−θb) + 1·log σ(θb−θa) − (θa² + θb²)/2. Adding the two stationarity equations gives
    // θa + θb = 0, so θa = t, θb = −t with 3 − 4σ(2t) − t = 0. Bisection: t = 0.3418119 (σ(0.6836) = 0.66455).
    const fit = fitBradleyTerry(['a', 'b'], votes(['a', 'b', 3], ['b', 'a', 1]), { priorVariance: 1 });
    expect(fit.get('a')).toBeCloseTo(0.3418119, 6);
    expect(fit.get('b')).toBeCloseTo(-0.3418119, 6);
  });

  it('follows the prior variance: the same votes with variance 4 give t = 0.4732739', () => {
    // Now 3 − 4σ(2t) − t/4 = 0; a wider prior shrinks less.
    const fit = fitBradleyTerry(['a', 'b'], votes(['a', 'b', 3], ['b', 'a', 1]), { priorVariance: 4 });
    expect(fit.get('a')).toBeCloseTo(0.4732739, 6);
  });

  it('tends to the maximum-likelihood answer, θa − θb = ln 3, as the prior flattens', () => {
    // Without a prior the fitted P(a beats b) equals the observed 3/4, so e^(θa−θb) = 3.
    const fit = fitBradleyTerry(['a', 'b'], votes(['a', 'b', 3], ['b', 'a', 1]), { priorVariance: 1e6 });
    expect(fit.get('a')! - fit.get('b')!).toBeCloseTo(Math.log(3), 4);
  });

  it('uses prior variance 1 by default', () => {
    expect(DEFAULT_PRIOR_VARIANCE).toBe(1);
    const counts = votes(['a', 'b', 3], ['b', 'a', 1]);
    expect(fitBradleyTerry(['a', 'b'], counts).get('a')).toBeCloseTo(0.3418119, 6);
  });

  it('gives 0 to every idea when there are no votes, and to ideas without comparisons', () => {
    expect([...fitBradleyTerry(['a', 'b', 'c'], []).values()]).toEqual([0, 0, 0]);
    const fit = fitBradleyTerry(['a', 'b', 'lonely'], votes(['a', 'b', 5]));
    expect(fit.get('lonely')).toBe(0);
    expect(fit.get('a')).toBeGreaterThan(0);
  });

  it('handles a single idea and no ideas', () => {
    expect(fitBradleyTerry(['only'], votes(['only', 'only', 3]))).toEqual(new Map([['only', 0]]));
    expect(fitBradleyTerry([], votes(['a', 'b', 1])).size).toBe(0);
  });

  it('keeps ideas that win every duel finite', () => {
    // a beats b 10-0: 10 − 10σ(2t) − t = 0 gives t = 1.0640173 by hand (bisection).
    expect(fitBradleyTerry(['a', 'b'], votes(['a', 'b', 10])).get('a')).toBeCloseTo(1.0640173, 6);
    const crushing = fitBradleyTerry(['a', 'b', 'c'], votes(['a', 'b', 10_000], ['a', 'c', 10_000]));
    for (const value of crushing.values()) expect(Number.isFinite(value)).toBe(true);
    expect(crushing.get('a')).toBeGreaterThan(3);
  });

  it('ignores unknown ids, self-pairs and counts that are zero, negative or not numbers', () => {
    const clean = votes(['a', 'b', 3], ['b', 'a', 1], ['b', 'c', 2]);
    const noisy = [
      ...clean,
      ...votes(['a', 'ghost', 50], ['ghost', 'b', 50], ['a', 'a', 7], ['c', 'a', 0], ['c', 'b', -4]),
      ...votes(['c', 'a', Number.NaN], ['c', 'a', Number.POSITIVE_INFINITY]),
    ];
    expect(fitBradleyTerry(['a', 'b', 'c'], noisy)).toEqual(fitBradleyTerry(['a', 'b', 'c'], clean));
  });

  it('accepts the same pair in several entries and duplicate idea ids', () => {
    const aggregated = fitBradleyTerry(['a', 'b', 'c'], votes(['a', 'b', 3], ['b', 'c', 2]));
    const split = fitBradleyTerry(['a', 'b', 'a', 'c'], votes(['a', 'b', 1], ['b', 'c', 2], ['a', 'b', 2]));
    expect(split.size).toBe(3);
    for (const [id, value] of aggregated) expect(split.get(id)).toBeCloseTo(value, 10);
  });

  it('fits groups that never met independently of each other', () => {
    const together = fitBradleyTerry(['a', 'b', 'c', 'd'], votes(['a', 'b', 3], ['d', 'c', 1]));
    const first = fitBradleyTerry(['a', 'b'], votes(['a', 'b', 3]));
    expect(together.get('a')).toBeCloseTo(first.get('a')!, 10);
    expect(together.get('d')).toBeCloseTo(0.3374158, 6); // one vote: 1 − σ(2t) − t = 0
  });

  it('reaches the stationary point of the log-posterior on a larger random event', () => {
    const random = mulberry32(11);
    const ids = ideaIds(30);
    const truth = new Map(ids.map((id) => [id, 1.5 * normal(random)]));
    const pairs = Array.from({ length: 3000 }, (): [string, string] => {
      const a = Math.floor(random() * 30);
      const b = (a + 1 + Math.floor(random() * 29)) % 30;
      return [ids[a]!, ids[b]!];
    });
    const counts = simulateVotes(truth, pairs, random);
    const priorVariance = 2;
    const fit = fitBradleyTerry(ids, counts, { priorVariance });
    // ∂/∂θi: wins_i − Σ over entries with i of count·P(i wins under the fit) − θi/σ² must vanish.
    const gradient = new Map(ids.map((id) => [id, -fit.get(id)! / priorVariance]));
    for (const { winner, loser, count } of counts) {
      const upset = sigmoid(fit.get(loser)! - fit.get(winner)!);
      gradient.set(winner, gradient.get(winner)! + count * upset);
      gradient.set(loser, gradient.get(loser)! - count * upset);
    }
    for (const value of gradient.values()) expect(Math.abs(value)).toBeLessThan(1e-7);
  });

  it('stops early when asked to, and rejects a prior variance that is not positive', () => {
    const counts = votes(['a', 'b', 3], ['b', 'a', 1]);
    const oneStep = fitBradleyTerry(['a', 'b'], counts, { maxIterations: 1 }).get('a')!;
    expect(oneStep).toBeGreaterThan(0);
    expect(Math.abs(oneStep - 0.3418119)).toBeGreaterThan(1e-6);
    expect(() => fitBradleyTerry(['a', 'b'], counts, { priorVariance: 0 })).toThrow(RangeError);
    expect(() => fitBradleyTerry(['a', 'b'], counts, { priorVariance: Number.NaN })).toThrow(RangeError);
  });
});
