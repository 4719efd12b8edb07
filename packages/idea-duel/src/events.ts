/** Events of <idea-duel>: all bubble and are composed, so a page can listen on `document`. */
import type { Idea, SkipReason } from '@tori/protocol';
import type { IdeaDuel } from './idea-duel.js';

/** `tori-vote`: the participant chose one idea of a pair. */
export interface IdeaDuelVoteDetail {
  appearanceId: string;
  winnerId: string;
  loserId: string;
  /** True when the vote waits in the offline outbox; it is sent once the connection returns. */
  queued: boolean;
}

/** `tori-skip`: the participant could not decide and skipped the pair. */
export interface IdeaDuelSkipDetail {
  appearanceId: string;
  reason: SkipReason;
}

/** `tori-idea-add`: the server stored the participant's idea (`idea.status` is 'pending' until approved). */
export interface IdeaDuelIdeaAddDetail {
  idea: Idea;
}

/** `tori-error`: something failed that the participant was told about. */
export interface IdeaDuelErrorDetail {
  /** The server's error code (e.g. 'conflict', 'voting_closed'), or 'network' when the server was not reached. */
  code: string;
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tori-vote': CustomEvent<IdeaDuelVoteDetail>;
    'tori-skip': CustomEvent<IdeaDuelSkipDetail>;
    'tori-idea-add': CustomEvent<IdeaDuelIdeaAddDetail>;
    'tori-error': CustomEvent<IdeaDuelErrorDetail>;
  }
  interface HTMLElementTagNameMap {
    'idea-duel': IdeaDuel;
  }
}
