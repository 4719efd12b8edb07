import {
  POST_EDIT_WINDOW_MS,
  REACTIONS,
  type DiscussionPost,
  type ModeratedPost,
  type PostModerationBody,
  type Profile,
  type ProfileBody,
  type Reaction,
  type ReportReason,
  type Topic,
  type TopicParticipant,
  type TopicSummary,
} from '@tori/protocol';
import type { ReactiveController } from 'lit';
import type { FacilitatorAccess, SpaceEvent, ToriClient, ToriErrorShape } from './contracts.js';
import { discussionClient, type DiscussionClient, type DiscussionPostOutcome, type QueuedDiscussionPost } from './discussion-client.js';
import type { DuelHost } from './duel-controller.js';
import { ToriError, toToriError } from './errors.js';

/** What the controller needs of its element; every `ConnectedElement` is one. */
export type DiscussionHost = DuelHost;

/** What `<named-discussion>` shows besides its posts. */
export type DiscussionView =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ToriErrorShape };

/** A thread as shown: its first post and the replies, oldest first. */
export interface DiscussionThread {
  post: DiscussionPost;
  replies: DiscussionPost[];
}

export interface DiscussionOptions {
  /** Told how many posts others wrote since it was last told, at most once per `announceEveryMs`. */
  onArrivals?(count: number): void;
  /** Default 5 000 ms. */
  announceEveryMs?: number;
}

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server, the space and the topic (attributes, or an enclosing <tori-space>).');
}

const oldestFirst = (a: DiscussionPost, b: DiscussionPost) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * One topic of a named discussion: its posts kept live, the participant's name, posting through the offline
 * outbox, edits and deletes of their own posts, reactions and reports, and the facilitator's moderation and
 * summary. Posts others write while the participant reads wait under "N new posts" until they ask for them, so
 * the page never jumps; nothing here touches what they are typing. Live posts say `mine: false` and no
 * `yourReactions`; the controller keeps both itself.
 */
export class DiscussionController implements ReactiveController {
  view: DiscussionView = { kind: 'loading' };
  topic: Topic | null = null;
  /** The participant's name in the space; null until they have given one. */
  you: Profile | null = null;
  online = true;
  /** This topic's posts waiting on the device for the connection, oldest first. */
  queued: QueuedDiscussionPost[] = [];
  /** Grows with every change of the posts (live or own), so a view of them can tell it is out of date. */
  revision = 0;

  readonly #host: DiscussionHost;
  readonly #options: DiscussionOptions;
  readonly #topicId: () => string | undefined;
  readonly #posts = new Map<string, DiscussionPost>();
  /** Others' posts heard live and not yet shown. */
  readonly #incoming = new Map<string, DiscussionPost>();
  readonly #mine = new Set<string>();
  readonly #yours = new Map<string, Reaction[]>();
  /** Texts of posts on their way, so their own live echo is not announced as someone else's. */
  readonly #posting = new Set<string>();
  readonly #reacting = new Set<string>();
  #threads: DiscussionThread[] | undefined;
  #early: SpaceEvent[] = [];
  #client: ToriClient | undefined;
  #discussion: DiscussionClient | undefined;
  #spaceId: string | undefined;
  #currentTopic: string | undefined;
  #generation = 0;
  #stops: (() => void)[] = [];
  #arrivals = 0;
  #announcedAt = -Infinity;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: DiscussionHost, topicId: () => string | undefined, options: DiscussionOptions = {}) {
    this.#host = host;
    this.#topicId = topicId;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#release();
  }

  /** Threads to show: pinned first, then oldest first. */
  get threads(): DiscussionThread[] {
    if (!this.#threads) {
      const all = [...this.#posts.values()];
      this.#threads = all
        .filter((post) => post.parentId === null)
        .sort((a, b) => Number(b.pinned) - Number(a.pinned) || oldestFirst(a, b))
        .map((post) => ({ post, replies: all.filter((reply) => reply.parentId === post.id).sort(oldestFirst) }));
    }
    return this.#threads;
  }

  /** Posts others wrote that wait under "N new posts". */
  get newPosts(): number {
    return this.#incoming.size;
  }

  /** Who has posted, in order of their first post shown. */
  get participants(): TopicParticipant[] {
    const byName = new Map<string, TopicParticipant & { first: string }>();
    for (const post of this.#posts.values()) {
      if (post.deleted) continue;
      const key = `${post.author.displayName}\n${post.author.role ?? ''}`;
      const entry = byName.get(key);
      if (entry) {
        entry.posts += 1;
        if (post.createdAt < entry.first) entry.first = post.createdAt;
      } else {
        byName.set(key, { displayName: post.author.displayName, role: post.author.role, posts: 1, first: post.createdAt });
      }
    }
    return [...byName.values()].sort((a, b) => a.first.localeCompare(b.first)).map(({ first: _first, ...p }) => p);
  }

  post(postId: string): DiscussionPost | undefined {
    return this.#posts.get(postId);
  }

  /** The participant may still edit or delete it: their own, not deleted, within the window, topic open. */
  canChange(post: DiscussionPost, now = Date.now()): boolean {
    return post.mine && !post.deleted && !this.topic?.locked && now - Date.parse(post.createdAt) < POST_EDIT_WINDOW_MS;
  }

  /** True while a reaction of this post is on its way. */
  reacting(postId: string): boolean {
    return this.#reacting.has(postId);
  }

  /** (Re)loads for the host's current client, space and topic; call from `connectionChanged()`. */
  connect(): void {
    this.#release();
    const client = (this.#client = this.#host.toriClient);
    const spaceId = (this.#spaceId = this.#host.spaceId);
    const topicId = (this.#currentTopic = this.#topicId());
    this.view = { kind: 'loading' };
    this.topic = null;
    this.#posts.clear();
    this.#incoming.clear();
    this.#changed();
    if (!client || !spaceId || !topicId) {
      this.view = { kind: 'error', error: notConfigured() };
      return;
    }
    const discussion = (this.#discussion = discussionClient(client));
    this.online = client.online;
    this.queued = discussion.queuedPosts(spaceId, topicId);
    this.#stops.push(
      client.onStatus((online) => {
        this.online = online;
        // Back online: catch up with what happened meanwhile.
        if (online) this.#load();
        this.#update();
      }),
      discussion.onPostsChange((sent) => {
        this.queued = discussion.queuedPosts(spaceId, topicId);
        if (sent?.spaceId === spaceId && sent.topicId === topicId) this.#own(sent.created.post);
        this.#update();
      }),
      client.watchSpace(spaceId, { event: (event) => this.#heard(event) }),
    );
    this.#load();
  }

  retry(): void {
    if (!this.#discussion) return;
    this.view = { kind: 'loading' };
    this.#update();
    this.#load();
  }

  /** Shows the posts waiting under "N new posts". */
  showNew(): void {
    for (const post of this.#incoming.values()) this.#posts.set(post.id, post);
    this.#incoming.clear();
    this.#changed();
  }

  /** Gives the participant's name (and role) in the space; asked once, before the first post. */
  async join(body: ProfileBody): Promise<Profile> {
    const { discussion, spaceId, generation } = this.#current();
    try {
      const profile = await discussion.saveProfile(spaceId, body);
      if (generation === this.#generation) {
        this.you = profile;
        this.#update();
      }
      return profile;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /** Logs in as the host site's user (their name comes with it), then reloads as that participant. */
  async hostLogin(token: string): Promise<Profile> {
    const { discussion, spaceId, generation } = this.#current();
    try {
      const profile = await discussion.hostLogin(spaceId, token);
      if (generation === this.#generation) {
        this.you = profile;
        this.#mine.clear();
        this.#load();
      }
      return profile;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /**
   * Posts a thread or, with `parentId`, a reply: `sent` with the stored post, or `queued` when it waits on the device.
   * Rejects with a ToriError (403 `profile_required` or `topic_locked`, 409 the same text again…) for the element.
   */
  async send(body: string, parentId?: string): Promise<DiscussionPostOutcome> {
    const { discussion, spaceId, topicId, generation } = this.#current();
    this.#posting.add(body.trim());
    let outcome: DiscussionPostOutcome;
    try {
      outcome = await discussion.post(spaceId, topicId, parentId ? { body, parentId } : { body });
    } catch (thrown) {
      const error = toToriError(thrown);
      if (error.code === 'topic_locked' && this.topic && generation === this.#generation) this.topic = { ...this.topic, locked: true };
      throw error;
    } finally {
      this.#posting.delete(body.trim());
    }
    if (generation === this.#generation) {
      if (outcome.status === 'sent') this.#own(outcome.created.post);
      this.queued = discussion.queuedPosts(spaceId, topicId);
      this.#update();
    }
    return outcome;
  }

  async edit(postId: string, body: string): Promise<DiscussionPost> {
    const { discussion, spaceId, generation } = this.#current();
    try {
      const post = await discussion.edit(spaceId, postId, body);
      if (generation === this.#generation) this.#own(post);
      return post;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  async remove(postId: string): Promise<DiscussionPost> {
    const { discussion, spaceId, generation } = this.#current();
    try {
      const post = await discussion.remove(spaceId, postId);
      if (generation === this.#generation) this.#settleRemoved(post);
      return post;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /** Adds or takes back a reaction: shown at once, undone if the server refuses. */
  async toggleReaction(postId: string, reaction: Reaction): Promise<void> {
    const { discussion, spaceId, generation } = this.#current();
    const post = this.#posts.get(postId);
    if (!post || this.#reacting.has(postId) || !REACTIONS.includes(reaction)) return;
    const before = { reactions: post.reactions, yourReactions: post.yourReactions };
    const on = !post.yourReactions.includes(reaction);
    const settle = (reactions: DiscussionPost['reactions'], yourReactions: Reaction[]) => {
      if (generation !== this.#generation) return;
      this.#yours.set(postId, yourReactions);
      const current = this.#posts.get(postId);
      if (current) this.#posts.set(postId, { ...current, reactions, yourReactions });
      this.#changed();
    };
    const count = (post.reactions[reaction] ?? 0) + (on ? 1 : -1);
    const reactions = { ...post.reactions };
    if (count > 0) reactions[reaction] = count;
    else delete reactions[reaction];
    this.#reacting.add(postId);
    settle(reactions, on ? [...post.yourReactions, reaction] : post.yourReactions.filter((r) => r !== reaction));
    try {
      const ack = await discussion.react(spaceId, postId, reaction, on);
      settle(ack.reactions, ack.yourReactions);
    } catch (thrown) {
      settle(before.reactions, before.yourReactions);
      throw toToriError(thrown);
    } finally {
      this.#reacting.delete(postId);
      this.#update();
    }
  }

  /** Reports a post to the facilitator; never one's own. */
  async report(postId: string, reason: ReportReason, note?: string): Promise<void> {
    const { discussion, spaceId } = this.#current();
    if (this.#mine.has(postId)) throw new ToriError(403, 'forbidden', 'You cannot report your own post.');
    try {
      await discussion.report(spaceId, postId, note ? { reason, note } : { reason });
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /** Every post of the topic as the facilitator sees it, hidden ones too. */
  async moderation(access: FacilitatorAccess): Promise<ModeratedPost[]> {
    const { discussion, spaceId, topicId } = this.#current();
    try {
      return (await discussion.moderation(spaceId, topicId, access)).posts;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  async moderate(postId: string, body: PostModerationBody, access: FacilitatorAccess): Promise<ModeratedPost> {
    const { discussion, spaceId } = this.#current();
    try {
      return await discussion.moderate(spaceId, postId, body, access);
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /** Locks the topic (posts stay readable) or opens it again. */
  async setLocked(locked: boolean, access: FacilitatorAccess): Promise<Topic> {
    const { discussion, spaceId, topicId, generation } = this.#current();
    if (!this.topic) throw notConfigured();
    try {
      const topic = await discussion.putTopic(spaceId, topicId, { title: this.topic.title, locked }, access);
      if (generation === this.#generation) {
        this.topic = topic;
        this.#update();
      }
      return topic;
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  async summary(access: FacilitatorAccess): Promise<TopicSummary> {
    const { discussion, spaceId, topicId } = this.#current();
    try {
      return await discussion.summary(spaceId, topicId, access);
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  #current(): { discussion: DiscussionClient; spaceId: string; topicId: string; generation: number } {
    const discussion = this.#discussion;
    const spaceId = this.#spaceId;
    const topicId = this.#currentTopic;
    if (!discussion || !spaceId || !topicId) throw notConfigured();
    return { discussion, spaceId, topicId, generation: this.#generation };
  }

  #load(): void {
    const discussion = this.#discussion;
    const spaceId = this.#spaceId;
    const topicId = this.#currentTopic;
    const generation = this.#generation;
    if (!discussion || !spaceId || !topicId) return;
    discussion.topic(spaceId, topicId).then(
      ({ topic, posts, you }) => {
        if (generation !== this.#generation) return;
        this.topic = topic;
        this.you = you;
        this.#posts.clear();
        this.#incoming.clear();
        // The server knows this participant's reactions (another tab may have changed them); their posts stay theirs.
        this.#yours.clear();
        for (const post of posts) {
          if (post.mine) this.#mine.add(post.id);
          this.#yours.set(post.id, post.yourReactions);
          this.#put(post);
        }
        this.view = { kind: 'ready' };
        for (const event of this.#early.splice(0)) this.#heard(event);
        this.#changed();
      },
      (thrown) => {
        if (generation !== this.#generation) return;
        const error = toToriError(thrown);
        // With posts shown already, a failed catch-up leaves them; the next reconnect tries again.
        if (this.view.kind === 'ready') return;
        this.view = error.code === 'network' || !this.online ? { kind: 'offline' } : { kind: 'error', error };
        this.#update();
      },
    );
  }

  #heard(event: SpaceEvent): void {
    if (this.view.kind !== 'ready') {
      if (this.view.kind === 'loading') this.#early.push(event);
      return;
    }
    const payload = event.payload as { topicId?: string; topic?: Topic };
    if (event.name === 'topic:updated') {
      if (payload.topic?.id !== this.#currentTopic) return;
      this.topic = payload.topic!;
    } else if (event.name === 'post:created' || event.name === 'post:updated') {
      if (payload.topicId !== this.#currentTopic) return;
      const { post } = event.payload;
      if (this.#posts.has(post.id) || this.#mine.has(post.id)) this.#put(post);
      else if (this.#incoming.has(post.id)) this.#incoming.set(post.id, this.#withYours(post));
      else if (this.#posting.has(post.body.trim())) return; // our own post, whose answer is on its way
      else {
        // Someone else's new (or restored) post: it waits under "N new posts".
        this.#incoming.set(post.id, this.#withYours(post));
        if (event.name === 'post:created') this.#countArrival();
      }
    } else if (event.name === 'post:removed') {
      if (payload.topicId !== this.#currentTopic) return;
      this.#posts.delete(event.payload.postId);
      this.#incoming.delete(event.payload.postId);
    } else {
      return;
    }
    this.#changed();
  }

  /** A post this participant wrote: theirs from now on, shown at once, whatever live events say. */
  #own(post: DiscussionPost): void {
    this.#mine.add(post.id);
    this.#yours.set(post.id, post.yourReactions);
    this.#incoming.delete(post.id);
    this.#put(post);
    this.#changed();
  }

  /** A deleted post stays only while a reply needs it as its thread's placeholder. */
  #settleRemoved(post: DiscussionPost): void {
    const hasReplies = [...this.#posts.values()].some((p) => p.parentId === post.id);
    if (hasReplies) this.#put(post);
    else this.#posts.delete(post.id);
    const parent = post.parentId ? this.#posts.get(post.parentId) : undefined;
    if (parent?.deleted && ![...this.#posts.values()].some((p) => p.parentId === parent.id && p.id !== post.id)) {
      this.#posts.delete(parent.id);
    }
    this.#changed();
  }

  #withYours(post: DiscussionPost): DiscussionPost {
    return { ...post, mine: this.#mine.has(post.id), yourReactions: this.#yours.get(post.id) ?? [] };
  }

  #put(post: DiscussionPost): void {
    this.#posts.set(post.id, this.#withYours(post));
  }

  #countArrival(): void {
    this.#arrivals += 1;
    if (this.#announceTimer !== undefined || !this.#options.onArrivals) return;
    const every = this.#options.announceEveryMs ?? 5_000;
    // Arrivals in the same moment are told together; later ones wait for the quiet period to end.
    this.#announceTimer = setTimeout(
      () => {
        this.#announceTimer = undefined;
        this.#announcedAt = Date.now();
        const count = this.#arrivals;
        this.#arrivals = 0;
        if (count) this.#options.onArrivals?.(count);
      },
      Math.max(0, this.#announcedAt + every - Date.now()),
    );
  }

  #release(): void {
    this.#generation += 1;
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    this.#arrivals = 0;
    this.#reacting.clear();
    this.#early = [];
  }

  #changed(): void {
    this.#threads = undefined;
    this.revision += 1;
    this.#update();
  }

  #update(): void {
    this.#host.requestUpdate();
  }
}
