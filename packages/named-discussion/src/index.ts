/** The <named-discussion> class and its types; importing this registers no tag (see `@tori/named-discussion/define`). */
export { NamedDiscussion } from './named-discussion.js';
export type {
  NamedDiscussionErrorDetail,
  NamedDiscussionJoinedDetail,
  NamedDiscussionPostChangedDetail,
  NamedDiscussionPostSentDetail,
  NamedDiscussionReactionDetail,
  NamedDiscussionReportedDetail,
} from './events.js';
