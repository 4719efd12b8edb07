import {
  ADMIN_KEY_HEADER,
  MODERATOR_HEADER,
  type DiscussionPost,
  type HostLoginAnswer,
  type ModeratedPost,
  type NewPostBody,
  type PostCreated,
  type PostModerationBody,
  type PostReportAck,
  type Profile,
  type ProfileBody,
  type Reaction,
  type ReactionAck,
  type ReportBody,
  type Topic,
  type TopicBody,
  type TopicModerationView,
  type TopicSummary,
  type TopicView,
} from '@tori/protocol';
import { newRequestId } from './board-client.js';
import { spacePath } from './client.js';
import type { FacilitatorAccess, RequestOptions, ToriClient } from './contracts.js';
import { Outbox } from './outbox.js';
import { browserStore, type KeyValueStore } from './storage.js';

/** A discussion post as it waits on the device; `body.requestId` makes sending it twice harmless. */
export interface QueuedDiscussionPost {
  spaceId: string;
  topicId: string;
  body: NewPostBody & { requestId: string };
  queuedAt: string;
}

/** Result of a post: stored by the server, or kept on the device until back online. */
export type DiscussionPostOutcome =
  | { status: 'sent'; created: PostCreated; requestId: string }
  | { status: 'queued'; post: QueuedDiscussionPost; requestId: string };

/** A post that reached the server from the outbox. */
export interface SentDiscussionPost {
  spaceId: string;
  topicId: string;
  requestId: string;
  created: PostCreated;
}

/** The discussion's calls to a server. `discussionClient(client)` gives the one of a client. */
export interface DiscussionClient {
  /** Visible posts, the participants who posted and, with a token, the participant's own name and marks. */
  topic(spaceId: string, topicId: string): Promise<TopicView>;
  /** Gives or changes the participant's name in the space; 403 for a host site's user. */
  saveProfile(spaceId: string, body: ProfileBody): Promise<Profile>;
  /** Exchanges the host site's signed token for this browser's participant (and their verified name). */
  hostLogin(spaceId: string, token: string): Promise<Profile>;
  /** Goes through the post outbox: sent at once when online, else kept on the device and sent exactly once later. */
  post(spaceId: string, topicId: string, body: NewPostBody): Promise<DiscussionPostOutcome>;
  /** Posts of this topic waiting on the device, oldest first. */
  queuedPosts(spaceId: string, topicId: string): QueuedDiscussionPost[];
  /** Called when a post is queued, sent or dropped; `sent` when one reached the server. */
  onPostsChange(listener: (sent?: SentDiscussionPost) => void): () => void;
  edit(spaceId: string, postId: string, body: string): Promise<DiscussionPost>;
  remove(spaceId: string, postId: string): Promise<DiscussionPost>;
  react(spaceId: string, postId: string, reaction: Reaction, on: boolean): Promise<ReactionAck>;
  report(spaceId: string, postId: string, body: ReportBody): Promise<PostReportAck>;
  moderation(spaceId: string, topicId: string, access: FacilitatorAccess): Promise<TopicModerationView>;
  moderate(spaceId: string, postId: string, body: PostModerationBody, access: FacilitatorAccess): Promise<ModeratedPost>;
  putTopic(spaceId: string, topicId: string, body: TopicBody, access: FacilitatorAccess): Promise<Topic>;
  summary(spaceId: string, topicId: string, access: FacilitatorAccess): Promise<TopicSummary>;
}

const discussions = new WeakMap<ToriClient, DiscussionClient>();

/** The discussion client of a Tori client: its own when it has one (the fixture), else one over its REST calls. */
export function discussionClient(client: ToriClient): DiscussionClient {
  if (client.discussion) return client.discussion;
  let discussion = discussions.get(client);
  if (!discussion) discussions.set(client, (discussion = new RestDiscussion(client)));
  return discussion;
}

function asFacilitator({ key, moderator }: FacilitatorAccess, body?: unknown): RequestOptions {
  // A header carries Latin-1 only: other characters of the name are left out.
  const name = moderator?.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim();
  return { headers: { [ADMIN_KEY_HEADER]: key, ...(name && { [MODERATOR_HEADER]: name }) }, body };
}

const topicPath = (spaceId: string, topicId: string, rest = '') => spacePath(spaceId, `/topics/${encodeURIComponent(topicId)}${rest}`);
const postPath = (spaceId: string, postId: string, rest = '') => spacePath(spaceId, `/posts/${encodeURIComponent(postId)}${rest}`);

/**
 * The discussion over a client's REST calls, with an outbox of its own for posts (as the board's): a post written
 * offline is kept in storage and sent once the connection returns, its request id making a repeat harmless.
 */
export class RestDiscussion implements DiscussionClient {
  readonly #client: ToriClient;
  readonly #store: KeyValueStore;
  readonly #posts: Outbox<QueuedDiscussionPost, PostCreated>;
  readonly #listeners = new Set<(sent?: SentDiscussionPost) => void>();
  readonly #stopListening: () => void;

  constructor(client: ToriClient, store: KeyValueStore = browserStore(), locks?: LockManager | null) {
    this.#client = client;
    this.#store = store;
    this.#posts = new Outbox<QueuedDiscussionPost, PostCreated>({
      store,
      key: `tori:discussion-posts:${client.server}`,
      idOf: (post) => post.body.requestId,
      send: async (post) => {
        const created = await client.request<PostCreated>('POST', topicPath(post.spaceId, post.topicId, '/posts'), {
          as: 'participant',
          body: post.body,
        });
        this.#tell({ spaceId: post.spaceId, topicId: post.topicId, requestId: post.body.requestId, created });
        return created;
      },
      isOnline: () => client.online,
      ...(locks !== undefined && { locks }),
    });
    this.#posts.onChange(() => this.#tell());
    this.#stopListening = client.onStatus((online) => online && void this.#posts.flush());
    if (this.#posts.pending() > 0) void this.#posts.flush();
  }

  topic(spaceId: string, topicId: string): Promise<TopicView> {
    return this.#client.request<TopicView>('GET', topicPath(spaceId, topicId), { as: 'known' });
  }

  saveProfile(spaceId: string, body: ProfileBody): Promise<Profile> {
    return this.#client.request<Profile>('PUT', spacePath(spaceId, '/profile'), { as: 'participant', body });
  }

  async hostLogin(spaceId: string, token: string): Promise<Profile> {
    const answer = await this.#client.request<HostLoginAnswer>('POST', spacePath(spaceId, '/host-login'), { body: { token } });
    // The host's user is this browser's participant from now on, under the key the client keeps its identity in.
    this.#store.setItem(
      `tori:participant:${this.#client.server}`,
      JSON.stringify({ participantId: answer.participantId, token: answer.token }),
    );
    return answer.profile;
  }

  async post(spaceId: string, topicId: string, body: NewPostBody): Promise<DiscussionPostOutcome> {
    const requestId = body.requestId ?? newRequestId();
    const post: QueuedDiscussionPost = { spaceId, topicId, body: { ...body, requestId }, queuedAt: new Date().toISOString() };
    const outcome = await this.#posts.add(post);
    return outcome.status === 'sent' ? { status: 'sent', created: outcome.ack, requestId } : { status: 'queued', post, requestId };
  }

  queuedPosts(spaceId: string, topicId: string): QueuedDiscussionPost[] {
    return this.#posts.waiting(spaceId).filter((post) => post.topicId === topicId);
  }

  onPostsChange(listener: (sent?: SentDiscussionPost) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  edit(spaceId: string, postId: string, body: string): Promise<DiscussionPost> {
    return this.#client.request<DiscussionPost>('PATCH', postPath(spaceId, postId), { as: 'participant', body: { body } });
  }

  remove(spaceId: string, postId: string): Promise<DiscussionPost> {
    return this.#client.request<DiscussionPost>('DELETE', postPath(spaceId, postId), { as: 'participant' });
  }

  react(spaceId: string, postId: string, reaction: Reaction, on: boolean): Promise<ReactionAck> {
    return this.#client.request<ReactionAck>(on ? 'PUT' : 'DELETE', postPath(spaceId, postId, `/reactions/${reaction}`), {
      as: 'participant',
    });
  }

  report(spaceId: string, postId: string, body: ReportBody): Promise<PostReportAck> {
    return this.#client.request<PostReportAck>('POST', postPath(spaceId, postId, '/reports'), { as: 'participant', body });
  }

  moderation(spaceId: string, topicId: string, access: FacilitatorAccess): Promise<TopicModerationView> {
    return this.#client.request<TopicModerationView>('GET', topicPath(spaceId, topicId, '/moderation'), asFacilitator(access));
  }

  moderate(spaceId: string, postId: string, body: PostModerationBody, access: FacilitatorAccess): Promise<ModeratedPost> {
    return this.#client.request<ModeratedPost>('PATCH', postPath(spaceId, postId, '/moderation'), asFacilitator(access, body));
  }

  putTopic(spaceId: string, topicId: string, body: TopicBody, access: FacilitatorAccess): Promise<Topic> {
    return this.#client.request<Topic>('PUT', topicPath(spaceId, topicId), asFacilitator(access, body));
  }

  summary(spaceId: string, topicId: string, access: FacilitatorAccess): Promise<TopicSummary> {
    return this.#client.request<TopicSummary>('GET', topicPath(spaceId, topicId, '/summary'), asFacilitator(access));
  }

  /** Stops the retry timer (tests; a page keeps one discussion client per server). */
  dispose(): void {
    this.#stopListening();
    this.#posts.dispose();
    this.#listeners.clear();
  }

  #tell(sent?: SentDiscussionPost): void {
    for (const listener of [...this.#listeners]) listener(sent);
  }
}
