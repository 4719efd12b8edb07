/** How stored ideas are shown: on the board (with supports and the duel's score) and to the facilitator. */
import type { BoardIdea, Idea, ModeratedIdea, ModerationEntry, RankedIdea } from '@tori/protocol';
import type { ResultsBoard } from './results.js';
import type { IdeaRecord, IdeaTally, ModerationEntryRecord, SpaceRecord, Storage } from './storage/index.js';

export interface IdeaViews {
  /** As the viewer sees them on the board; without a viewer (live events) nothing is "mine" or "supported by you". */
  board(space: SpaceRecord, ideas: IdeaRecord[], viewerId?: string): Promise<BoardIdea[]>;
  /** As the facilitator sees them: with reports, where merged ideas went, and names whatever the setting. */
  moderated(space: SpaceRecord, ideas: IdeaRecord[], viewerId?: string): Promise<ModeratedIdea[]>;
}

const NO_TALLY: IdeaTally = { supports: 0, reports: 0, reportReasons: {} };

export function createIdeaViews(storage: Storage, results: ResultsBoard): IdeaViews {
  /** Tallies, the viewer's supports and the ranking: for one idea only the tallies of that one are read. */
  async function context(space: SpaceRecord, ideas: IdeaRecord[], viewerId?: string) {
    const tallies = await storage.board.tallies(space.id, ideas.length === 1 ? ideas[0]!.id : undefined);
    const supported = viewerId === undefined ? new Set<string>() : await storage.board.supportedBy(space.id, viewerId);
    const ranked = new Map((await results.current(space.id)).ideas.map((idea) => [idea.id, idea]));
    return { tallies, supported, ranked };
  }

  return {
    async board(space, ideas, viewerId) {
      if (ideas.length === 0) return [];
      const { tallies, supported, ranked } = await context(space, ideas, viewerId);
      return ideas.map((idea) => {
        const view = toBoardIdea(idea, tallies.get(idea.id) ?? NO_TALLY, ranked.get(idea.id), viewerId, supported);
        // Names are shown while the space shows names; the facilitator's views and the export keep them.
        return space.namedPosting ? view : { ...view, authorName: null };
      });
    },

    async moderated(space, ideas, viewerId) {
      if (ideas.length === 0) return [];
      const { tallies, supported, ranked } = await context(space, ideas, viewerId);
      return ideas.map((idea) => {
        const tally = tallies.get(idea.id) ?? NO_TALLY;
        return {
          ...toBoardIdea(idea, tally, ranked.get(idea.id), viewerId, supported),
          reports: tally.reports,
          reportReasons: tally.reportReasons,
          mergedInto: idea.mergedInto,
        };
      });
    },
  };
}

/** The duel's plain idea (`GET /ideas`). */
export function toIdea(idea: IdeaRecord, viewerId?: string): Idea {
  return {
    id: idea.id,
    text: idea.text,
    status: idea.status,
    createdAt: idea.createdAt,
    mine: viewerId !== undefined && idea.authorId === viewerId,
  };
}

function toBoardIdea(
  idea: IdeaRecord,
  tally: IdeaTally,
  ranked: RankedIdea | undefined,
  viewerId: string | undefined,
  supported: Set<string>,
): BoardIdea {
  const comparisons = ranked?.comparisons ?? 0;
  return {
    ...toIdea(idea, viewerId),
    description: idea.description,
    category: idea.category,
    authorName: idea.authorName,
    pinned: idea.pinned,
    supports: tally.supports,
    supportedByYou: supported.has(idea.id),
    score: ranked && comparisons > 0 ? ranked.score : null,
    comparisons,
    editedAt: idea.editedAt,
  };
}

export function toModerationEntry(entry: ModerationEntryRecord): ModerationEntry {
  return { id: entry.id, ideaId: entry.ideaId, action: entry.action, actor: entry.actor, at: entry.at, detail: entry.detail };
}
