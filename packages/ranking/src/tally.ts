/** How often `winner` beat `loser` (aggregate of votes). */
export interface PairCount {
  winner: string;
  loser: string;
  count: number;
}

/**
 * The counts between known ideas, with ideas as positions. A pair may appear in several entries (both
 * directions, or repeated counts): the likelihood is a sum over entries, so nothing needs merging.
 */
export interface Tally {
  /** Idea ids in first-seen order, without duplicates. */
  ids: string[];
  /** Entry k: idea `winner[k]` beat idea `loser[k]` `count[k]` times. */
  winner: number[];
  loser: number[];
  count: number[];
  /** Per idea. */
  wins: Float64Array;
  losses: Float64Array;
}

/** Indexes the counts, ignoring unknown ids, self-pairs and counts that are not positive finite numbers. */
export function tallyVotes(ideaIds: readonly string[], counts: Iterable<PairCount>): Tally {
  const index = new Map<string, number>();
  const ids: string[] = [];
  for (const id of ideaIds) {
    if (!index.has(id)) {
      index.set(id, ids.length);
      ids.push(id);
    }
  }
  const tally: Tally = {
    ids,
    winner: [],
    loser: [],
    count: [],
    wins: new Float64Array(ids.length),
    losses: new Float64Array(ids.length),
  };
  for (const { winner, loser, count } of counts) {
    const w = index.get(winner);
    const l = index.get(loser);
    if (w === undefined || l === undefined || w === l || !(count > 0) || count === Infinity) continue;
    tally.winner.push(w);
    tally.loser.push(l);
    tally.count.push(count);
    tally.wins[w]! += count;
    tally.losses[l]! += count;
  }
  return tally;
}
