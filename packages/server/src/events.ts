import type { BoardIdea, ModeratedIdea, ModerationEntry, Space } from '@tori/protocol';

/** What the domain tells the live layer; a no-op implementation serves a server without sockets. */
export interface SpaceEvents {
  /** Settings changed (title, question, voting open…). */
  spaceChanged(space: Space): void;
  /** An idea entered or left the duel. */
  ideasChanged(spaceId: string): void;
  /** Results may have moved (vote, skip, moderation, new idea). */
  resultsChanged(spaceId: string): void;
  /** A visible idea arrived on the board: posted, approved from the queue or restored. */
  ideaPosted(spaceId: string, idea: BoardIdea): void;
  /** A visible idea changed: supports, pin, a facilitator's edit, an idea merged into it. */
  ideaUpdated(spaceId: string, idea: BoardIdea): void;
  /** An idea left the board. */
  ideaRemoved(spaceId: string, ideaId: string, reason: 'hidden' | 'merged', mergedInto?: string): void;
  /** For the facilitators only: an idea's moderation state changed, with the log entry when one was written. */
  ideaModerated(spaceId: string, idea: ModeratedIdea, entry?: ModerationEntry): void;
  /** A participant's activity that badge rules count committed: the badges evaluate it afterwards. */
  activityCounted(spaceId: string, participantId: string, activity: CountedActivity): void;
}

/** What a participant did that a badge rule may count. */
export type CountedActivity = 'reflection_saved' | 'post_created' | 'vote_cast' | 'idea_posted';

/** A function that hears counted activities (the journal and the discussion take only this of the events). */
export type ActivityCounted = SpaceEvents['activityCounted'];

export const quietEvents: SpaceEvents = {
  spaceChanged() {},
  ideasChanged() {},
  resultsChanged() {},
  ideaPosted() {},
  ideaUpdated() {},
  ideaRemoved() {},
  ideaModerated() {},
  activityCounted() {},
};
