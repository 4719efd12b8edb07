/**
 * @tori/core/board: what `<idea-board>` builds on. A module of its own, so bundles without a board (the duel's)
 * carry none of it. Importing it registers no element.
 */
export type {
  BoardClient,
  BoardView,
  FacilitatorAccess,
  PostOutcome,
  QueuedPost,
  SpaceEvent,
} from './contracts.js';
export { boardClient, newRequestId, RestBoard } from './board-client.js';
export { BOARD_SORTS, BoardController, foldText, type BoardHost, type BoardOptions, type BoardSort } from './board-controller.js';
export { ModerationController, type ModerationState } from './moderation-controller.js';
