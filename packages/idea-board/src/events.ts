/** Events of <idea-board>: all bubble and are composed, so a page can listen on `document`. */
import type { BoardIdea, ReportReason } from '@tori/protocol';
import type { IdeaBoard } from './idea-board.js';

/** `tori-idea-posted`: the participant posted an idea. */
export interface IdeaBoardPostedDetail {
  /** The stored idea (`status` is 'pending' until a facilitator approves it); null while the post waits offline. */
  idea: BoardIdea | null;
  /** True when the post waits on the device; it is sent once the connection returns. */
  queued: boolean;
  /** The post's id, the same when the waiting post is sent later. */
  requestId: string;
}

/** `tori-idea-supported`: the participant supported an idea, or withdrew their support. */
export interface IdeaBoardSupportedDetail {
  ideaId: string;
  supported: boolean;
  /** Supports of the idea after the change, as the server counted them. */
  supports: number;
}

/** `tori-idea-reported`: the participant reported an idea to the facilitator. */
export interface IdeaBoardReportedDetail {
  ideaId: string;
  reason: ReportReason;
  /** True when this participant had reported the idea before: nothing new was stored. */
  duplicate: boolean;
}

/** `tori-error`: something failed that the participant (or facilitator) was told about. */
export interface IdeaBoardErrorDetail {
  /** The server's error code (e.g. 'conflict', 'board_closed'), or 'network' when the server was not reached. */
  code: string;
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tori-idea-posted': CustomEvent<IdeaBoardPostedDetail>;
    'tori-idea-supported': CustomEvent<IdeaBoardSupportedDetail>;
    'tori-idea-reported': CustomEvent<IdeaBoardReportedDetail>;
    'tori-error': CustomEvent<IdeaBoardErrorDetail>;
  }
  interface HTMLElementTagNameMap {
    'idea-board': IdeaBoard;
  }
}
