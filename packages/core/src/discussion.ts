/**
 * @tori/core/discussion: what `<named-discussion>` builds on. A module of its own, so bundles without a discussion
 * carry none of it. Importing it registers no element.
 */
export {
  discussionClient,
  RestDiscussion,
  type DiscussionClient,
  type DiscussionPostOutcome,
  type QueuedDiscussionPost,
  type SentDiscussionPost,
} from './discussion-client.js';
export {
  DiscussionController,
  type DiscussionHost,
  type DiscussionOptions,
  type DiscussionThread,
  type DiscussionView,
} from './discussion-controller.js';
