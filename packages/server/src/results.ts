import type { Results } from '@tori/protocol';
import { rankIdeas } from '@tori/ranking';
import type { Storage } from './storage/index.js';

/** What pair selection needs to know about the ideas of a space. */
export interface Standings {
  /** Fitted log-strength per approved idea. */
  strengths: Map<string, number>;
  /** Wins + losses per approved idea. */
  comparisons: Map<string, number>;
}

export interface ResultsBoard {
  /** Results as of now: recomputed when something changed since the last computation. */
  current(spaceId: string): Promise<Results>;
  /** The last computed standings, possibly a moment old (pair selection needs no more); computed if none. */
  standings(spaceId: string): Promise<Standings>;
  /** Something that moves results happened. */
  markChanged(spaceId: string): void;
  isStale(spaceId: string): boolean;
}

interface Computed {
  version: number;
  results: Results;
  standings: Standings;
}

interface Entry {
  /** Bumped on every change; a computation is fresh when it saw the current version. */
  version: number;
  computed?: Computed;
  running?: Promise<Computed>;
  runningVersion?: number;
}

export function createResultsBoard(storage: Storage): ResultsBoard {
  const entries = new Map<string, Entry>();
  const entryOf = (spaceId: string) => {
    let entry = entries.get(spaceId);
    if (!entry) entries.set(spaceId, (entry = { version: 0 }));
    return entry;
  };

  async function refresh(spaceId: string): Promise<Computed> {
    const entry = entryOf(spaceId);
    if (entry.computed?.version === entry.version) return entry.computed;
    // One computation per version at a time: a burst of screens asking shares it.
    if (entry.running && entry.runningVersion === entry.version) return entry.running;
    const version = entry.version;
    const running = compute(storage, spaceId, version).then((computed) => {
      if (!entry.computed || entry.computed.version < version) entry.computed = computed;
      return computed;
    });
    entry.running = running;
    entry.runningVersion = version;
    const settle = () => {
      if (entry.running === running) entry.running = undefined;
    };
    running.then(settle, settle);
    return running;
  }

  return {
    async current(spaceId) {
      return (await refresh(spaceId)).results;
    },
    async standings(spaceId) {
      const computed = entryOf(spaceId).computed;
      return computed ? computed.standings : (await refresh(spaceId)).standings;
    },
    markChanged(spaceId) {
      entryOf(spaceId).version++;
    },
    isStale(spaceId) {
      const entry = entries.get(spaceId);
      return !entry || entry.computed?.version !== entry.version;
    },
  };
}

async function compute(storage: Storage, spaceId: string, version: number): Promise<Computed> {
  // One snapshot: counts, totals and the idea list describe the same moment, and no vote waits for them.
  const { ideas, counts, totals } = await storage.snapshot(async (tx) => ({
    ideas: await tx.ideas.list(spaceId, 'approved'),
    counts: await tx.results.pairCounts(spaceId),
    totals: await tx.results.totals(spaceId),
  }));
  const texts = new Map(ideas.map((idea) => [idea.id, idea.text]));
  const ranked = rankIdeas(
    ideas.map((idea) => idea.id),
    counts,
  );
  const strengths = new Map<string, number>();
  const comparisons = new Map<string, number>();
  for (const idea of ranked) {
    strengths.set(idea.id, idea.strength);
    comparisons.set(idea.id, idea.comparisons);
  }
  return {
    version,
    standings: { strengths, comparisons },
    results: {
      spaceId,
      votes: totals.votes,
      skips: totals.skips,
      participants: totals.participants,
      ideas: ranked.map((idea) => ({
        id: idea.id,
        text: texts.get(idea.id) ?? '',
        rank: idea.rank,
        score: idea.score,
        wins: idea.wins,
        losses: idea.losses,
        comparisons: idea.comparisons,
      })),
      computedAt: new Date().toISOString(),
    },
  };
}
