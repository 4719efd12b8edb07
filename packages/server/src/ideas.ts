import type { Idea, IdeaCreated, IdeaStatus, NewIdeaBody } from '@tori/protocol';
import { DUPLICATE_POST_WINDOW_MS } from '@tori/protocol';
import { badRequest, boardClosed, conflict, rateLimited } from './errors.js';
import type { SpaceEvents } from './events.js';
import { type IdeaViews, toIdea } from './idea-views.js';
import { newId } from './secrets.js';
import { type IdeaRecord, type SpaceRecord, type Storage, UniqueViolation } from './storage/index.js';

/** Ideas one participant may add to one space: far above honest use, low enough to stop a flooding script. */
export const IDEAS_PER_PARTICIPANT_MAX = 50;

/** Who adds an idea: a participant, the facilitator (whose ideas need no approval), or both at once. */
export interface IdeaAuthor {
  participantId?: string;
  facilitator: boolean;
}

export interface Ideas {
  list(space: SpaceRecord, status: IdeaStatus | 'all', viewerId?: string): Promise<Idea[]>;
  /**
   * Adds an idea, approved at once unless the space wants approval. Closed voting does not stop it: a
   * facilitator often collects ideas first and opens the duel afterwards. A closed board does, except for the
   * facilitator. A request id sent before answers the idea it created, with `duplicate: true`.
   */
  add(space: SpaceRecord, body: NewIdeaBody, author: IdeaAuthor): Promise<IdeaCreated>;
}

export function createIdeas(storage: Storage, views: IdeaViews, events: SpaceEvents): Ideas {
  const replay = async (space: SpaceRecord, idea: IdeaRecord, viewerId?: string): Promise<IdeaCreated> => ({
    idea: (await views.board(space, [idea], viewerId))[0]!,
    duplicate: true,
  });

  return {
    async list(space, status, viewerId) {
      const ideas = await storage.ideas.list(space.id, status);
      return ideas.map((idea) => toIdea(idea, viewerId));
    },

    async add(space, body, author) {
      const { text, requestId } = body;
      const authorId = author.participantId ?? null;
      if (requestId !== undefined) {
        const earlier = await storage.ideas.findByRequest(space.id, authorId, requestId);
        if (earlier) return replay(space, earlier, author.participantId);
      }
      if (!space.boardOpen && !author.facilitator) {
        throw boardClosed('The facilitator has closed this space to new ideas; supporting and the duel go on.');
      }
      if (body.category !== undefined) checkCategory(space, body.category);
      if (space.namedPosting && body.authorName === undefined && !author.facilitator) {
        throw badRequest('this space shows names: send authorName');
      }
      if (!space.namedPosting && body.authorName !== undefined) {
        throw badRequest('this space does not show names: leave authorName out');
      }

      const status: IdeaStatus = author.facilitator || !space.ideasNeedApproval ? 'approved' : 'pending';
      const now = new Date();
      const idea: IdeaRecord = {
        id: newId(),
        spaceId: space.id,
        text,
        status,
        authorId,
        createdAt: now.toISOString(),
        moderatedAt: null,
        description: body.description || null,
        category: body.category ?? null,
        authorName: body.authorName ?? null,
        pinned: false,
        editedAt: null,
        mergedInto: null,
        requestId: requestId ?? null,
      };
      let resent: IdeaRecord | undefined;
      try {
        resent = await storage.transaction(async (tx) => {
          // The same post sent again, committed while this one was on its way (PostgreSQL runs the two side by side).
          if (requestId !== undefined) {
            const stored = await tx.ideas.findByRequest(space.id, authorId, requestId);
            if (stored) return stored;
          }
          if (author.participantId !== undefined) {
            if (!author.facilitator && (await tx.ideas.countByAuthor(space.id, author.participantId)) >= IDEAS_PER_PARTICIPANT_MAX) {
              throw rateLimited(`You have already added ${IDEAS_PER_PARTICIPANT_MAX} ideas to this space.`);
            }
            await tx.participants.ensure(author.participantId, idea.createdAt);
            // A double send without a request id (a second click, a retry by hand) is not a second idea.
            const since = new Date(now.getTime() - DUPLICATE_POST_WINDOW_MS).toISOString();
            const recent = await tx.ideas.findRecentByAuthor(space.id, author.participantId, text, since);
            if (recent) {
              throw conflict(
                `You sent the idea "${recent.text}" a moment ago; it is stored once. To post it again, wait a minute.`,
              );
            }
          }
          const twin = await tx.ideas.findLiveByText(space.id, text);
          if (twin) throw duplicateOf(twin);
          await tx.ideas.insert(idea);
          return undefined;
        });
      } catch (error) {
        if (!(error instanceof UniqueViolation)) throw error;
        // Lost a race: to the same post sent twice at once, or to the same text from someone else.
        const earlier = requestId === undefined ? undefined : await storage.ideas.findByRequest(space.id, authorId, requestId);
        if (earlier) return replay(space, earlier, author.participantId);
        const twin = await storage.ideas.findLiveByText(space.id, text);
        throw twin ? duplicateOf(twin) : conflict('This idea could not be stored; try again.');
      }
      if (resent) return replay(space, resent, author.participantId);
      if (author.participantId !== undefined) events.activityCounted(space.id, author.participantId, 'idea_posted');
      if (status === 'approved') {
        events.ideasChanged(space.id);
        events.resultsChanged(space.id);
        events.ideaPosted(space.id, (await views.board(space, [idea]))[0]!);
      } else {
        events.ideaModerated(space.id, (await views.moderated(space, [idea]))[0]!);
      }
      return { idea: (await views.board(space, [idea], author.participantId))[0]! };
    },
  };
}

/** 400 naming the allowed ids: the body is well-formed, but not for this space. */
export function checkCategory(space: SpaceRecord, category: string): void {
  if (space.categories.some((c) => c.id === category)) return;
  if (space.categories.length === 0) throw badRequest(`This space has no categories: leave category out (got "${category}").`);
  const allowed = space.categories.map((c) => c.id).join(', ');
  throw badRequest(`category "${category}" is not one of this space's categories: ${allowed}.`);
}

function duplicateOf(twin: IdeaRecord) {
  const waiting = twin.status === 'pending' ? ' (it is waiting for approval)' : '';
  return conflict(`This space already has the idea "${twin.text}"${waiting}.`);
}
