/** The board as participants use it: what it shows, supporting an idea, reporting one. */
import type { Board, ReportAck, ReportBody, SupportAck } from '@tori/protocol';
import { conflict, forbidden, notFound } from './errors.js';
import type { SpaceEvents } from './events.js';
import { type IdeaViews, toModerationEntry } from './idea-views.js';
import { newId } from './secrets.js';
import type { Spaces } from './spaces.js';
import type { IdeaRecord, ModerationEntryRecord, SpaceRecord, Storage } from './storage/index.js';

export interface BoardService {
  /** Approved ideas, pinned first then newest, plus the viewer's own pending ones. */
  view(space: SpaceRecord, viewerId?: string): Promise<Board>;
  /** Supports (or withdraws); doing it twice is doing it once. Only ideas on the board. */
  support(space: SpaceRecord, ideaId: string, participantId: string, supported: boolean): Promise<SupportAck>;
  /** `duplicate` when this participant reported the idea before. Enough reports hide the idea. */
  report(space: SpaceRecord, ideaId: string, participantId: string, body: ReportBody): Promise<ReportAck>;
}

export function createBoard(storage: Storage, spaces: Spaces, views: IdeaViews, events: SpaceEvents): BoardService {
  return {
    async view(space, viewerId) {
      const ideas = await storage.ideas.listBoard(space.id, viewerId);
      return { space: await spaces.view(space), ideas: await views.board(space, ideas, viewerId) };
    },

    async support(space, ideaId, participantId, supported) {
      const now = new Date().toISOString();
      const { idea, changed, supports } = await storage.transaction(async (tx) => {
        const idea = await ideaOf(tx, space, ideaId);
        if (idea.status !== 'approved') throw notOnBoard(idea, supported ? 'supported' : 'changed');
        let changed: boolean;
        if (supported) {
          await tx.participants.ensure(participantId, now);
          changed = await tx.board.addSupport(space.id, idea.id, participantId, now);
        } else {
          changed = await tx.board.removeSupport(idea.id, participantId);
        }
        return { idea, changed, supports: await tx.board.supportCount(idea.id) };
      });
      if (changed) events.ideaUpdated(space.id, (await views.board(space, [idea]))[0]!);
      return { ideaId: idea.id, supports, supportedByYou: supported };
    },

    async report(space, ideaId, participantId, body) {
      const now = new Date().toISOString();
      const outcome = await storage.transaction(async (tx) => {
        const idea = await ideaOf(tx, space, ideaId);
        if (idea.authorId === participantId) throw forbidden('You cannot report your own idea.');
        // A hidden idea may still be reported (someone saw it a moment ago); one not on the board may not.
        if (idea.status === 'pending' || idea.status === 'merged') throw notOnBoard(idea, 'reported');
        await tx.participants.ensure(participantId, now);
        const added = await tx.board.addReport({
          id: newId(),
          spaceId: space.id,
          ideaId: idea.id,
          participantId,
          reason: body.reason,
          note: body.note || null,
          createdAt: now,
        });
        if (!added) return { idea, added, hidden: undefined };
        if (idea.status !== 'approved' || space.hideAfterReports === 0) return { idea, added, hidden: undefined };
        // A facilitator who restored the idea judged the reports before that: only later ones count.
        const reports = await tx.board.reportCountSince(idea.id, idea.moderatedAt);
        if (reports < space.hideAfterReports) return { idea, added, hidden: undefined };
        const hiddenIdea = await tx.ideas.update(idea, { status: 'hidden', moderatedAt: now });
        const entry: ModerationEntryRecord = {
          id: newId(),
          spaceId: space.id,
          ideaId: idea.id,
          action: 'auto_hide',
          actor: 'system',
          detail: { reports },
          at: now,
        };
        await tx.moderation.log(entry);
        return { idea: hiddenIdea, added, hidden: entry };
      });
      if (outcome.hidden) {
        events.ideasChanged(space.id);
        events.resultsChanged(space.id);
        events.ideaRemoved(space.id, outcome.idea.id, 'hidden');
      }
      if (outcome.added) {
        const moderated = (await views.moderated(space, [outcome.idea]))[0]!;
        events.ideaModerated(space.id, moderated, outcome.hidden && toModerationEntry(outcome.hidden));
      }
      return { ideaId: outcome.idea.id, duplicate: !outcome.added };
    },
  };
}

export async function ideaOf(storage: Storage, space: SpaceRecord, ideaId: string): Promise<IdeaRecord> {
  const idea = await storage.ideas.get(space.id, ideaId);
  if (!idea) throw notFound(`There is no idea "${ideaId}" in space "${space.id}".`);
  return idea;
}

function notOnBoard(idea: IdeaRecord, what: string) {
  switch (idea.status) {
    case 'pending':
      return conflict(`This idea is waiting for the facilitator's approval; it cannot be ${what} yet.`);
    case 'merged':
      return conflict(`This idea was merged into idea "${idea.mergedInto}"; that one can be ${what}.`);
    default:
      return conflict(`This idea was hidden by the facilitator; it cannot be ${what}.`);
  }
}
