import { describe, expect, it } from 'vitest';
import { fitBradleyTerry } from './bradley-terry.js';
import { kendallTau } from './kendall.js';
import { choosePair, pairKey } from './pair-selection.js';
import { rankIdeas } from './rank.js';
import type { PairCount } from './tally.js';
import { ideaIds, mulberry32, normal, sigmoid } from './test-support/seeded-random.js';

/** Noisy voters pick by the Bradley–Terry probability of known strengths; does the ranking find the true order? */
function simulateEvent(seed: number, votes: number, choose: 'adaptive' | 'random'): number {
  const random = mulberry32(seed);
  const ids = ideaIds(20);
  const truth = new Map(ids.map((id) => [id, normal(random)]));
  const trueOrder = [...ids].sort((a, b) => truth.get(b)! - truth.get(a)!);
  const counts = new Map<string, PairCount>();
  const comparisons = new Map<string, number>();
  const participants = Array.from({ length: 40 }, () => new Set<string>());
  let strengths = new Map<string, number>();
  for (let vote = 1; vote <= votes; vote++) {
    const seenPairs = participants[Math.floor(random() * participants.length)]!;
    const [a, b] =
      choose === 'adaptive'
        ? choosePair({ ideaIds: ids, seenPairs, comparisons, strengths, random })!
        : [ids[Math.floor(random() * 20)]!, ids[Math.floor(random() * 20)]!];
    if (a === b) continue;
    seenPairs.add(pairKey(a, b));
    const aWins = random() < sigmoid(truth.get(a)! - truth.get(b)!);
    const [winner, loser] = aWins ? [a, b] : [b, a];
    const key = `${winner}\u0000${loser}`;
    const entry = counts.get(key) ?? { winner, loser, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
    for (const id of [a, b]) comparisons.set(id, (comparisons.get(id) ?? 0) + 1);
    if (vote % 50 === 0) strengths = fitBradleyTerry(ids, counts.values());
  }
  return kendallTau(
    rankIdeas(ids, counts.values()).map((idea) => idea.id),
    trueOrder,
  );
}

describe('recovering known strengths from simulated votes', () => {
  it('reaches tau ≥ 0.8 for 20 ideas and 3,000 noisy votes with adaptive pairs', () => {
    for (const seed of [1, 2, 3]) expect(simulateEvent(seed, 3000, 'adaptive')).toBeGreaterThanOrEqual(0.8);
  });

  it('reaches tau ≥ 0.8 with uniformly random pairs too', () => {
    for (const seed of [1, 2, 3]) expect(simulateEvent(seed, 3000, 'random')).toBeGreaterThanOrEqual(0.8);
  });
});
