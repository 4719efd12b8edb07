/** The <idea-duel> class and its types; importing this registers no tag (see `@tori/idea-duel/define`). */
export { IdeaDuel } from './idea-duel.js';
export type {
  IdeaDuelErrorDetail,
  IdeaDuelIdeaAddDetail,
  IdeaDuelSkipDetail,
  IdeaDuelVoteDetail,
} from './events.js';
