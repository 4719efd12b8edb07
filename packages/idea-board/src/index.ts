/** The <idea-board> class and its types; importing this registers no tag (see `@tori/idea-board/define`). */
export { IdeaBoard } from './idea-board.js';
export type {
  IdeaBoardErrorDetail,
  IdeaBoardPostedDetail,
  IdeaBoardReportedDetail,
  IdeaBoardSupportedDetail,
} from './events.js';
