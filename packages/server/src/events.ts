import type { Space } from '@tori/protocol';

/** What the domain tells the live layer; a no-op implementation serves a server without sockets. */
export interface SpaceEvents {
  /** Settings changed (title, question, voting open…). */
  spaceChanged(space: Space): void;
  /** An idea entered or left the duel. */
  ideasChanged(spaceId: string): void;
  /** Results may have moved (vote, skip, moderation, new idea). */
  resultsChanged(spaceId: string): void;
}

export const quietEvents: SpaceEvents = {
  spaceChanged() {},
  ideasChanged() {},
  resultsChanged() {},
};
