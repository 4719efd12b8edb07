import { type FitOptions, fitTally } from './bradley-terry.js';
import { scoresFromStrengths } from './scores.js';
import { type PairCount, tallyVotes } from './tally.js';

export interface RankedScore {
  id: string;
  /** 1-based; equal scores share a rank (1, 1, 3). */
  rank: number;
  /** 0–100, rounded to one decimal. */
  score: number;
  /** Fitted log-strength. */
  strength: number;
  wins: number;
  losses: number;
  comparisons: number;
}

/** Fit + score + wins/losses/comparisons, sorted by score desc (ties: more comparisons, then id), rank 1-based (equal scores share a rank, 1,1,3 style), score rounded to 1 decimal. */
export function rankIdeas(
  ideaIds: readonly string[],
  counts: Iterable<PairCount>,
  options?: FitOptions,
): RankedScore[] {
  const tally = tallyVotes(ideaIds, counts);
  const theta = fitTally(tally, options);
  const strengths = new Map(tally.ids.map((id, i) => [id, theta[i]!]));
  const scores = scoresFromStrengths(strengths);
  const ranked = tally.ids.map((id, i): RankedScore => {
    const wins = tally.wins[i]!;
    const losses = tally.losses[i]!;
    return {
      id,
      rank: 0,
      score: Math.round(scores.get(id)! * 10) / 10,
      strength: theta[i]!,
      wins,
      losses,
      comparisons: wins + losses,
    };
  });
  // Sorting on the rounded score keeps the order explainable by what is shown, and hides float noise.
  ranked.sort((a, b) => b.score - a.score || b.comparisons - a.comparisons || compareIds(a.id, b.id));
  ranked.forEach((idea, i) => {
    const previous = ranked[i - 1];
    idea.rank = previous !== undefined && previous.score === idea.score ? previous.rank : i + 1;
  });
  return ranked;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
