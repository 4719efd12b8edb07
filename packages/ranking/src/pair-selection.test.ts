import { describe, expect, it } from 'vitest';
import { choosePair, pairKey } from './pair-selection.js';
import { ideaIds, mulberry32 } from './test-support/seeded-random.js';

function allPairs(ids: readonly string[]): string[] {
  const keys: string[] = [];
  ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => keys.push(pairKey(a, b))));
  return keys;
}

describe('pairKey', () => {
  it('ignores order and tells pairs apart, whatever the ids contain', () => {
    expect(pairKey('a', 'b')).toBe(pairKey('b', 'a'));
    expect(pairKey('a', 'b')).not.toBe(pairKey('a', 'c'));
    expect(pairKey('a|b', 'c')).not.toBe(pairKey('a', 'b|c'));
    expect(pairKey('a","b', 'c')).not.toBe(pairKey('a', 'b","c'));
  });
});

describe('choosePair', () => {
  it('returns null below two ideas', () => {
    expect(choosePair({ ideaIds: [], seenPairs: new Set() })).toBeNull();
    expect(choosePair({ ideaIds: ['a'], seenPairs: new Set() })).toBeNull();
    expect(choosePair({ ideaIds: ['a', 'a'], seenPairs: new Set() })).toBeNull();
  });

  it('never repeats a seen pair while an unseen one remains, then allows repeats (every n from 2 to 8)', () => {
    for (let n = 2; n <= 8; n++) {
      for (let seed = 1; seed <= 10; seed++) {
        const random = mulberry32(seed * 100 + n);
        const ids = ideaIds(n);
        // Uneven comparisons and strengths, so the preferences push towards repeats as hard as they can.
        const comparisons = new Map(ids.map((id, i) => [id, i === 0 ? 0 : 10 * i]));
        const strengths = new Map(ids.map((id, i) => [id, i === 1 ? 0 : 3 * i]));
        const seenPairs = new Set<string>();
        const total = (n * (n - 1)) / 2;
        for (let shown = 0; shown < total; shown++) {
          const pair = choosePair({ ideaIds: ids, seenPairs, comparisons, strengths, random });
          expect(pair).not.toBeNull();
          const [left, right] = pair!;
          expect(left).not.toBe(right);
          expect(seenPairs.has(pairKey(left, right))).toBe(false);
          seenPairs.add(pairKey(left, right));
        }
        expect([...seenPairs].sort()).toEqual(allPairs(ids).sort());
        for (let repeat = 0; repeat < 3; repeat++) {
          const pair = choosePair({ ideaIds: ids, seenPairs, comparisons, strengths, random });
          expect(pair).not.toBeNull();
          expect(ids).toContain(pair![0]);
          expect(ids).toContain(pair![1]);
          expect(pair![0]).not.toBe(pair![1]);
        }
      }
    }
  });

  it('finds the one unseen pair left, even among stale keys of removed ideas', () => {
    const ids = ideaIds(12);
    const keys = allPairs(ids);
    const last = keys[37]!;
    const seenPairs = new Set([...keys.filter((k) => k !== last), pairKey('gone', ids[0]!), pairKey('gone', 'also-gone')]);
    const random = mulberry32(4);
    for (let round = 0; round < 20; round++) {
      const [left, right] = choosePair({ ideaIds: ids, seenPairs, random })!;
      expect(pairKey(left, right)).toBe(last);
    }
  });

  it('puts each idea on the left and on the right about equally often', () => {
    const random = mulberry32(9);
    const tally = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const [left] = choosePair({ ideaIds: ['a', 'b'], seenPairs: new Set(), random })!;
      tally.set(left, (tally.get(left) ?? 0) + 1);
    }
    expect(tally.get('a')).toBeGreaterThan(150);
    expect(tally.get('b')).toBeGreaterThan(150);
  });

  it('favours ideas with few comparisons, e.g. one just added', () => {
    const random = mulberry32(12);
    const ids = ideaIds(20);
    const comparisons = new Map(ids.map((id) => [id, id === 'idea-07' ? 0 : 100]));
    let shown = 0;
    for (let round = 0; round < 1000; round++) {
      if (choosePair({ ideaIds: ids, seenPairs: new Set(), comparisons, random })!.includes('idea-07')) shown++;
    }
    expect(shown).toBeGreaterThan(300); // uniformly random pairs would show it about 100 times
  });

  it('favours opponents of similar strength, without always taking the closest', () => {
    const random = mulberry32(13);
    const ids = ideaIds(40);
    const strengths = new Map(ids.map((id, i) => [id, (i - 20) / 5]));
    const gaps: number[] = [];
    for (let round = 0; round < 1000; round++) {
      const [a, b] = choosePair({ ideaIds: ids, seenPairs: new Set(), strengths, random })!;
      gaps.push(Math.abs(strengths.get(a)! - strengths.get(b)!));
    }
    const meanGap = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    // Uniformly random pairs of 40 evenly spaced strengths (step 0.2) are 41/3 · 0.2 ≈ 2.73 apart on average.
    expect(meanGap).toBeLessThan(1.5);
    expect(gaps.filter((g) => g > 0.21).length).toBeGreaterThan(100);
  });

  it('gives different participants different pairs', () => {
    const ids = ideaIds(30);
    const first = new Set<string>();
    for (let participant = 1; participant <= 50; participant++) {
      const [a, b] = choosePair({ ideaIds: ids, seenPairs: new Set(), random: mulberry32(participant) })!;
      first.add(pairKey(a, b));
    }
    expect(first.size).toBeGreaterThan(35);
  });

  it('samples instead of listing all pairs when there are many ideas', () => {
    const ids = ideaIds(500);
    const seen = new Set(allPairs(ids.slice(0, 100))); // this participant has already seen 4,950 pairs
    let lookups = 0;
    const seenPairs: ReadonlySet<string> = {
      ...seen,
      has: (key: string) => {
        lookups++;
        return seen.has(key);
      },
      size: seen.size,
    } as ReadonlySet<string>;
    const random = mulberry32(17);
    for (let round = 0; round < 100; round++) {
      const [a, b] = choosePair({ ideaIds: ids, seenPairs, random })!;
      expect(seen.has(pairKey(a, b))).toBe(false);
    }
    expect(lookups / 100).toBeLessThan(100); // listing every pair would be 124,750 lookups per call
  });

  it('uses Math.random when no random source is given', () => {
    const pair = choosePair({ ideaIds: ['a', 'b', 'c'], seenPairs: new Set() });
    expect(pair).toHaveLength(2);
  });
});
