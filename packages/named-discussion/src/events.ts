/** Events of <named-discussion>: all bubble and are composed, so a page can listen on `document`. */
import type { DiscussionPost, Profile, Reaction, ReportReason } from '@tori/protocol';
import type { NamedDiscussion } from './named-discussion.js';

/** `tori-joined`: the participant gave their name (or logged in through the host site). */
export interface NamedDiscussionJoinedDetail {
  profile: Profile;
}

/** `tori-post-sent`: the participant wrote a thread or a reply. */
export interface NamedDiscussionPostSentDetail {
  /** The stored post; null while it waits offline. */
  post: DiscussionPost | null;
  /** True when the post waits on the device; it is sent once the connection returns. */
  queued: boolean;
  /** The post's id, the same when the waiting post is sent later. */
  requestId: string;
  /** The thread replied to, or null for a new thread. */
  parentId: string | null;
}

/** `tori-post-changed`: the participant edited or deleted their own post. */
export interface NamedDiscussionPostChangedDetail {
  post: DiscussionPost;
  change: 'edited' | 'deleted';
}

/** `tori-reaction`: the participant added or took back a reaction. */
export interface NamedDiscussionReactionDetail {
  postId: string;
  reaction: Reaction;
  on: boolean;
}

/** `tori-post-reported`: the participant reported a post to the facilitator. */
export interface NamedDiscussionReportedDetail {
  postId: string;
  reason: ReportReason;
}

/** `tori-error`: something failed that the participant (or facilitator) was told about. */
export interface NamedDiscussionErrorDetail {
  /** The server's error code (e.g. 'topic_locked', 'profile_required'), or 'network' when the server was not reached. */
  code: string;
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tori-joined': CustomEvent<NamedDiscussionJoinedDetail>;
    'tori-post-sent': CustomEvent<NamedDiscussionPostSentDetail>;
    'tori-post-changed': CustomEvent<NamedDiscussionPostChangedDetail>;
    'tori-reaction': CustomEvent<NamedDiscussionReactionDetail>;
    'tori-post-reported': CustomEvent<NamedDiscussionReportedDetail>;
  }
  interface HTMLElementTagNameMap {
    'named-discussion': NamedDiscussion;
  }
}
