import type { Idea, IdeaStatus } from '@tori/protocol';
import { conflict, notFound, rateLimited } from './errors.js';
import type { SpaceEvents } from './events.js';
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
   * facilitator often collects ideas first and opens the duel afterwards.
   */
  add(space: SpaceRecord, text: string, author: IdeaAuthor): Promise<Idea>;
  moderate(space: SpaceRecord, ideaId: string, status: 'approved' | 'hidden'): Promise<Idea>;
}

export function createIdeas(storage: Storage, events: SpaceEvents): Ideas {
  return {
    async list(space, status, viewerId) {
      const ideas = await storage.ideas.list(space.id, status);
      return ideas.map((idea) => toIdea(idea, viewerId));
    },

    async add(space, text, author) {
      const status: IdeaStatus = author.facilitator || !space.ideasNeedApproval ? 'approved' : 'pending';
      const now = new Date().toISOString();
      const idea: IdeaRecord = {
        id: newId(),
        spaceId: space.id,
        text,
        status,
        authorId: author.participantId ?? null,
        createdAt: now,
        moderatedAt: null,
      };
      try {
        await storage.transaction(async (tx) => {
          if (author.participantId !== undefined) {
            if (!author.facilitator && (await tx.ideas.countByAuthor(space.id, author.participantId)) >= IDEAS_PER_PARTICIPANT_MAX) {
              throw rateLimited(`You have already added ${IDEAS_PER_PARTICIPANT_MAX} ideas to this space.`);
            }
            await tx.participants.ensure(author.participantId, now);
          }
          const twin = await tx.ideas.findLiveByText(space.id, text);
          if (twin) throw duplicateOf(twin);
          await tx.ideas.insert(idea);
        });
      } catch (error) {
        if (error instanceof UniqueViolation) {
          const twin = await storage.ideas.findLiveByText(space.id, text);
          throw twin ? duplicateOf(twin) : conflict('This idea could not be stored; try again.');
        }
        throw error;
      }
      if (status === 'approved') {
        events.ideasChanged(space.id);
        events.resultsChanged(space.id);
      }
      return toIdea(idea, author.participantId);
    },

    async moderate(space, ideaId, status) {
      const idea = await storage.ideas.get(space.id, ideaId);
      if (!idea) throw notFound(`There is no idea "${ideaId}" in space "${space.id}".`);
      if (idea.status === status) return toIdea(idea); // nothing changes, nothing is logged
      const now = new Date().toISOString();
      try {
        await storage.transaction((tx) => tx.ideas.moderate(idea, status, newId(), now));
      } catch (error) {
        if (error instanceof UniqueViolation) {
          throw conflict(`Another idea of this space already has the text "${idea.text}": hide that one first.`);
        }
        throw error;
      }
      events.ideasChanged(space.id);
      events.resultsChanged(space.id);
      return toIdea({ ...idea, status, moderatedAt: now });
    },
  };
}

function duplicateOf(twin: IdeaRecord) {
  const waiting = twin.status === 'pending' ? ' (it is waiting for approval)' : '';
  return conflict(`This space already has the idea "${twin.text}"${waiting}.`);
}

function toIdea(idea: IdeaRecord, viewerId?: string): Idea {
  return {
    id: idea.id,
    text: idea.text,
    status: idea.status,
    createdAt: idea.createdAt,
    mine: viewerId !== undefined && idea.authorId === viewerId,
  };
}
