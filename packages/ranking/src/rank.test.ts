import { describe, expect, it } from 'vitest';
import { rankIdeas } from './rank.js';
import { scoresFromStrengths } from './scores.js';
import { fitBradleyTerry } from './bradley-terry.js';
import type { PairCount } from './tally.js';
import { ideaIds, mulberry32, normal, simulateVotes } from './test-support/seeded-random.js';

const votes = (...entries: [string, string, number][]): PairCount[] =>
  entries.map(([winner, loser, count]) => ({ winner, loser, count }));

describe('rankIdeas', () => {
  it('scores, counts and ranks two ideas: a wins 3 of 4', () => {
    // θa = −θb = 0.3418119 (see bradley-terry.test.ts), score 100·σ(0.6836238) = 66.45 → 66.5.
    expect(rankIdeas(['b', 'a'], votes(['a', 'b', 3], ['b', 'a', 1]))).toEqual([
      { id: 'a', rank: 1, score: 66.5, strength: expect.closeTo(0.3418119, 6), wins: 3, losses: 1, comparisons: 4 },
      { id: 'b', rank: 2, score: 33.5, strength: expect.closeTo(-0.3418119, 6), wins: 1, losses: 3, comparisons: 4 },
    ]);
  });

  it('gives a symmetric case equal scores and a shared rank, 1, 1, 3 style', () => {
    // a and b split 2–2 and each beat c twice: a and b are exchangeable.
    const ranked = rankIdeas(['c', 'b', 'a'], votes(['a', 'b', 2], ['b', 'a', 2], ['a', 'c', 2], ['b', 'c', 2]));
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
    expect(ranked[0]!.score).toBe(ranked[1]!.score);
  });

  it('breaks ties by more comparisons, then by id', () => {
    // Everyone scores 50: x and y split 1–1, z never met anyone.
    const ranked = rankIdeas(['z', 'y', 'x'], votes(['x', 'y', 1], ['y', 'x', 1]));
    expect(ranked.map((r) => r.id)).toEqual(['x', 'y', 'z']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
    expect(ranked.map((r) => r.score)).toEqual([50, 50, 50]);
    expect(ranked.find((r) => r.id === 'z')).toMatchObject({ wins: 0, losses: 0, comparisons: 0, strength: 0 });
  });

  it('ranks a lone idea first with score 50, and nothing when there are no ideas', () => {
    expect(rankIdeas(['a'], [])).toEqual([
      { id: 'a', rank: 1, score: 50, strength: 0, wins: 0, losses: 0, comparisons: 0 },
    ]);
    expect(rankIdeas([], votes(['a', 'b', 1]))).toEqual([]);
  });

  it('leaves ignored counts out of wins and losses', () => {
    const ranked = rankIdeas(['a', 'b'], votes(['a', 'b', 2], ['a', 'ghost', 9], ['b', 'b', 4], ['b', 'a', 0]));
    expect(ranked.map(({ id, wins, losses }) => ({ id, wins, losses }))).toEqual([
      { id: 'a', wins: 2, losses: 0 },
      { id: 'b', wins: 0, losses: 2 },
    ]);
  });

  it('sorts by score, rounds to one decimal and keeps scores in [0, 100]', () => {
    const random = mulberry32(21);
    const ids = ideaIds(25);
    const truth = new Map(ids.map((id) => [id, 2 * normal(random)]));
    const pairs = Array.from({ length: 800 }, (): [string, string] => {
      const a = Math.floor(random() * 25);
      return [ids[a]!, ids[(a + 1 + Math.floor(random() * 24)) % 25]!];
    });
    const ranked = rankIdeas(ids, simulateVotes(truth, pairs, random));
    expect(ranked).toHaveLength(25);
    ranked.forEach((idea, i) => {
      expect(idea.score).toBeGreaterThanOrEqual(0);
      expect(idea.score).toBeLessThanOrEqual(100);
      expect(Math.round(idea.score * 10) / 10).toBe(idea.score);
      if (i > 0) expect(idea.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
      expect(idea.rank).toBe(ranked.findIndex((other) => other.score === idea.score) + 1);
    });
    expect(ranked.reduce((s, r) => s + r.comparisons, 0)).toBe(1600);
  });

  it('orders ideas by wins when every pair met equally often (more wins, higher score)', () => {
    const random = mulberry32(8);
    const ids = ideaIds(8);
    const truth = new Map(ids.map((id) => [id, normal(random)]));
    const pairs: [string, string][] = [];
    for (const a of ids) for (const b of ids) if (a < b) for (let game = 0; game < 6; game++) pairs.push([a, b]);
    const counts = simulateVotes(truth, pairs, random);
    const strengths = fitBradleyTerry(ids, counts);
    const scores = scoresFromStrengths(strengths);
    const ranked = rankIdeas(ids, counts);
    for (const x of ranked) {
      for (const y of ranked) {
        if (x.wins > y.wins) expect(scores.get(x.id)!).toBeGreaterThan(scores.get(y.id)!);
        if (x.wins === y.wins) expect(scores.get(x.id)!).toBeCloseTo(scores.get(y.id)!, 6);
      }
    }
    expect(new Set(ranked.map((r) => r.wins)).size).toBeGreaterThan(4); // the check above was not vacuous
  });
});
