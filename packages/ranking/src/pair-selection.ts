import { sigmoid } from './bradley-terry.js';

export interface PairChoice {
  ideaIds: readonly string[];
  /** Keys (see pairKey) of the pairs this participant has already been shown. */
  seenPairs: ReadonlySet<string>;
  /** Comparisons (wins + losses) per idea so far; missing ids count as 0. */
  comparisons?: ReadonlyMap<string, number>;
  /** Current fitted log-strengths; missing ids count as 0 (average). */
  strengths?: ReadonlyMap<string, number>;
  /** Uniform in [0, 1); Math.random by default, seeded in tests and benchmarks. */
  random?: () => number;
}

/** Ideas drawn for the first slot; the one with fewest comparisons wins, so new ideas catch up fast. */
const ANCHOR_DRAWS = 4;
/**
 * Opponents drawn for that idea; the most informative one wins. Kept small on purpose: pairing only near-equal ideas
 * leaves the far ends of the ranking unconnected (in the benchmark, matching on true strengths did worse than chance).
 */
const OPPONENT_DRAWS = 8;
/** First slots tried before listing every unseen pair, which only happens once a participant has seen most pairs. */
const ANCHOR_ATTEMPTS = 8;

/** Order-independent key of a pair, e.g. for a Set of pairs a participant has seen. */
export function pairKey(a: string, b: string): string {
  // JSON keeps the key unambiguous whatever characters the ids contain.
  return a < b ? JSON.stringify([a, b]) : JSON.stringify([b, a]);
}

/**
 * Next pair for one participant: never a pair in seenPairs while an unseen pair remains (then repeats are allowed);
 * favours ideas with few comparisons and, among those, opponents of similar strength, with randomness so
 * participants don't all see the same pairs; randomises left/right. null when fewer than 2 ideas.
 * Cost per call is O(n) plus a constant number of samples; listing all pairs happens only when sampling finds
 * no unseen pair, i.e. when this participant has seen nearly every pair.
 */
export function choosePair(choice: PairChoice): [string, string] | null {
  const ideas = [...new Set(choice.ideaIds)];
  if (ideas.length < 2) return null;
  const random = choice.random ?? Math.random;
  const duel = new DuelPlanner(ideas, choice, random);
  const isUnseen = (a: string, b: string) => !choice.seenPairs.has(pairKey(a, b));
  const pair = duel.sample(isUnseen) ?? duel.bestOfUnseen(isUnseen) ?? duel.sample(() => true);
  if (pair === null) return null; // unreachable with two or more ideas
  return random() < 0.5 ? pair : [pair[1], pair[0]];
}

class DuelPlanner {
  constructor(
    private readonly ideas: readonly string[],
    private readonly choice: PairChoice,
    private readonly random: () => number,
  ) {}

  /** Anchor by fewest comparisons among a few random ideas, then the most informative of a few random opponents. */
  sample(allowed: (a: string, b: string) => boolean): [string, string] | null {
    for (let attempt = 0; attempt < ANCHOR_ATTEMPTS; attempt++) {
      const anchorIndex = this.drawAnchor();
      const anchor = this.ideas[anchorIndex]!;
      let best: [string, string] | null = null;
      let bestGain = -1;
      for (let draw = 0; draw < OPPONENT_DRAWS; draw++) {
        const opponent = this.drawOther(anchorIndex);
        if (!allowed(anchor, opponent)) continue;
        const gain = this.gain(anchor, opponent);
        if (gain > bestGain) {
          best = [anchor, opponent];
          bestGain = gain;
        }
      }
      if (best !== null) return best;
    }
    return null;
  }

  /** Lists every allowed pair, then picks like `sample` does among a random few of them. */
  bestOfUnseen(allowed: (a: string, b: string) => boolean): [string, string] | null {
    const candidates: [string, string][] = [];
    for (let i = 0; i < this.ideas.length; i++) {
      for (let j = i + 1; j < this.ideas.length; j++) {
        const a = this.ideas[i]!;
        const b = this.ideas[j]!;
        if (allowed(a, b)) candidates.push([a, b]);
      }
    }
    let best: [string, string] | null = null;
    let bestGain = -1;
    for (let draw = 0; draw < OPPONENT_DRAWS && candidates.length > 0; draw++) {
      const pair = candidates[Math.floor(this.random() * candidates.length)]!;
      const gain = this.gain(pair[0], pair[1]);
      if (gain > bestGain) {
        best = pair;
        bestGain = gain;
      }
    }
    return best;
  }

  /**
   * Expected shrinkage of the two ideas' uncertainty from one vote: the Fisher information p(1 − p), highest
   * for equal strengths, times how uncertain the two ideas still are.
   */
  private gain(a: string, b: string): number {
    const p = sigmoid(this.strength(a) - this.strength(b));
    return p * (1 - p) * (this.uncertainty(a) + this.uncertainty(b));
  }

  /** Rough posterior variance of a log-strength: prior variance 1, about 0.2 information per comparison. */
  private uncertainty(id: string): number {
    return 1 / (1 + this.comparisons(id) / 5);
  }

  private strength(id: string): number {
    return this.choice.strengths?.get(id) ?? 0;
  }

  private comparisons(id: string): number {
    return this.choice.comparisons?.get(id) ?? 0;
  }

  /** Index of the idea with fewest comparisons among a few drawn at random. */
  private drawAnchor(): number {
    let anchor = this.drawIndex(this.ideas.length);
    for (let draw = 1; draw < ANCHOR_DRAWS; draw++) {
      const candidate = this.drawIndex(this.ideas.length);
      if (this.comparisons(this.ideas[candidate]!) < this.comparisons(this.ideas[anchor]!)) anchor = candidate;
    }
    return anchor;
  }

  /** A uniformly random idea other than the anchor. */
  private drawOther(anchorIndex: number): string {
    const j = this.drawIndex(this.ideas.length - 1);
    return this.ideas[j >= anchorIndex ? j + 1 : j]!;
  }

  private drawIndex(size: number): number {
    return Math.floor(this.random() * size);
  }
}
