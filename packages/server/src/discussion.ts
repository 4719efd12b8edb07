/**
 * Named discussions: topics with threaded posts (one level of replies), reactions, reports, the facilitator's
 * moderation and the summary of a topic. Every post carries its author's name in the space (see profiles.ts).
 */
import type {
  DiscussionPost,
  EditPostBody,
  ModeratedPost,
  NewPostBody,
  PostCreated,
  PostModerationBody,
  PostReportAck,
  Reaction,
  ReactionAck,
  ReportBody,
  Topic,
  TopicBody,
  TopicList,
  TopicModerationView,
  TopicParticipant,
  TopicSummary,
  TopicView,
} from '@tori/protocol';
import { DUPLICATE_POST_WINDOW_MS, POST_EDIT_WINDOW_MS, SUMMARY_THEMES, SUMMARY_THREADS } from '@tori/protocol';
import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as finnishStem } from '@orama/stemmers/finnish';
import { stemmer as swedishStem } from '@orama/stemmers/swedish';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as finnishStopwords } from '@orama/stopwords/finnish';
import { stopwords as swedishStopwords } from '@orama/stopwords/swedish';
import { ApiError, conflict, forbidden, invalidBody, notFound, rateLimited } from './errors.js';
import type { ActivityCounted } from './events.js';
import { SYSTEM_ACTOR } from './moderation.js';
import { newId } from './secrets.js';
import {
  type AuthoredPost,
  type DiscussionAction,
  type PostRecord,
  type SpaceRecord,
  type Storage,
  type TopicRecord,
  UniqueViolation,
} from './storage/index.js';

/** Posts one participant may write in one topic: far above a course module's honest use, low enough to stop a script. */
export const POSTS_PER_TOPIC_MAX = 200;

/** What the discussion tells the live layer: every event goes to the space's room. */
export interface DiscussionEvents {
  postCreated(spaceId: string, topicId: string, post: DiscussionPost): void;
  postUpdated(spaceId: string, topicId: string, post: DiscussionPost): void;
  postRemoved(spaceId: string, topicId: string, postId: string): void;
  topicUpdated(spaceId: string, topic: Topic): void;
}

export const quietDiscussionEvents: DiscussionEvents = {
  postCreated() {},
  postUpdated() {},
  postRemoved() {},
  topicUpdated() {},
};

export interface Discussion {
  topics(space: SpaceRecord): Promise<TopicList>;
  /** Creates or changes a topic (facilitator); locking and unlocking are logged. */
  putTopic(space: SpaceRecord, topicId: string, body: TopicBody, actor: string): Promise<{ topic: Topic; created: boolean }>;
  /** Visible posts, threads pinned first then oldest first, each followed by its replies; the viewer's marks. */
  view(space: SpaceRecord, topicId: string, viewerId?: string): Promise<TopicView>;
  post(space: SpaceRecord, topicId: string, participantId: string, body: NewPostBody): Promise<PostCreated>;
  edit(space: SpaceRecord, postId: string, participantId: string, body: EditPostBody): Promise<DiscussionPost>;
  /** The author takes a post back: its text is erased; with replies it stays as a placeholder. */
  remove(space: SpaceRecord, postId: string, participantId: string): Promise<DiscussionPost>;
  react(space: SpaceRecord, postId: string, participantId: string, reaction: Reaction, on: boolean): Promise<ReactionAck>;
  report(space: SpaceRecord, postId: string, participantId: string, body: ReportBody): Promise<PostReportAck>;
  moderate(space: SpaceRecord, postId: string, body: PostModerationBody, actor: string): Promise<ModeratedPost>;
  moderation(space: SpaceRecord, topicId: string): Promise<TopicModerationView>;
  summary(space: SpaceRecord, topicId: string): Promise<TopicSummary>;
}

export function createDiscussion(storage: Storage, events: DiscussionEvents, counted: ActivityCounted = () => {}): Discussion {
  async function topicOf(space: SpaceRecord, topicId: string): Promise<TopicRecord> {
    const topic = await storage.discussion.topic(space.id, topicId);
    if (!topic) throw notFound(`There is no topic "${topicId}" in space "${space.id}".`);
    return topic;
  }

  async function postOf(space: SpaceRecord, postId: string, tx: Storage = storage): Promise<AuthoredPost> {
    const post = await tx.discussion.post(space.id, postId);
    if (!post) throw notFound(`There is no post "${postId}" in space "${space.id}".`);
    return post;
  }

  async function topicView(topic: TopicRecord): Promise<Topic> {
    const counts = await storage.discussion.postCounts(topic.spaceId, topic.id);
    return toTopic(topic, counts.get(topic.id) ?? 0);
  }

  /** Posts as a viewer (or, without one, a live event) sees them. */
  async function present(posts: AuthoredPost[], viewerId?: string): Promise<DiscussionPost[]> {
    const ids = posts.map((p) => p.id);
    const reactions = await storage.discussion.reactionCounts(ids);
    const yours = viewerId ? await storage.discussion.reactionsBy(viewerId, ids) : new Map<string, Reaction[]>();
    return posts.map((post) => toPost(post, post.deleted ? {} : (reactions.get(post.id) ?? {}), yours.get(post.id) ?? [], viewerId));
  }

  const presentOne = async (post: AuthoredPost, viewerId?: string) => (await present([post], viewerId))[0]!;

  async function ownPost(space: SpaceRecord, postId: string, participantId: string, what: string): Promise<AuthoredPost> {
    const post = await postOf(space, postId);
    if (post.authorId !== participantId) throw forbidden(`Only the author of a post can ${what} it.`);
    if (post.deleted) throw conflict('This post has been deleted.');
    if (Date.now() - Date.parse(post.createdAt) > POST_EDIT_WINDOW_MS) {
      throw forbidden(`A post can be ${what === 'edit' ? 'edited' : 'deleted'} for ${POST_EDIT_WINDOW_MS / 60_000} minutes after posting.`);
    }
    return post;
  }

  function checkOpen(topic: TopicRecord, what: string): void {
    if (topic.locked) throw new ApiError(403, 'topic_locked', `The facilitator has locked this topic: ${what} is no longer possible, reading is.`);
  }

  /** After a change that others should see, tells the room as the post now appears to everyone. */
  async function tellChanged(post: AuthoredPost, wasShown: boolean): Promise<void> {
    const all = await storage.discussion.topicPosts(post.spaceId, post.topicId);
    const shown = shownPosts(all);
    const now = shown.find((p) => p.id === post.id);
    if (now) events.postUpdated(post.spaceId, post.topicId, await presentOne(now));
    else if (wasShown) events.postRemoved(post.spaceId, post.topicId, post.id);
    // A reply gone may take its deleted thread's placeholder with it.
    if (post.parentId && !shown.some((p) => p.id === post.parentId) && all.some((p) => p.id === post.parentId && p.deleted)) {
      events.postRemoved(post.spaceId, post.topicId, post.parentId);
    }
  }

  async function isShown(post: AuthoredPost): Promise<boolean> {
    return shownPosts(await storage.discussion.topicPosts(post.spaceId, post.topicId)).some((p) => p.id === post.id);
  }

  async function log(tx: Storage, post: { spaceId: string; topicId: string; id: string | null }, action: DiscussionAction, actor: string, detail = {}) {
    await tx.discussion.log({ id: newId(), spaceId: post.spaceId, topicId: post.topicId, postId: post.id, action, actor, detail, at: new Date().toISOString() });
  }

  return {
    async topics(space) {
      const [topics, counts] = await Promise.all([storage.discussion.topics(space.id), storage.discussion.postCounts(space.id)]);
      return { topics: topics.map((t) => toTopic(t, counts.get(t.id) ?? 0)) };
    },

    async putTopic(space, topicId, body, actor) {
      const now = new Date().toISOString();
      const { record, created } = await storage.transaction(async (tx) => {
        const before = await tx.discussion.topic(space.id, topicId);
        const record: TopicRecord = {
          spaceId: space.id,
          id: topicId,
          title: body.title,
          prompt: body.prompt === undefined ? (before?.prompt ?? null) : body.prompt || null,
          locked: body.locked ?? before?.locked ?? false,
          createdAt: before?.createdAt ?? now,
        };
        const created = await tx.discussion.putTopic(record, now);
        if ((before?.locked ?? false) !== record.locked) {
          await log(tx, { spaceId: space.id, topicId, id: null }, record.locked ? 'lock' : 'unlock', actor);
        }
        return { record, created };
      });
      const topic = await topicView(record);
      events.topicUpdated(space.id, topic);
      return { topic, created };
    },

    async view(space, topicId, viewerId) {
      const topic = await topicOf(space, topicId);
      const shown = shownPosts(await storage.discussion.topicPosts(space.id, topicId));
      const posts = await present(shown, viewerId);
      const you = viewerId ? await storage.profiles.get(space.id, viewerId) : undefined;
      return {
        topic: toTopic(topic, shown.filter((p) => !p.deleted).length),
        posts,
        participants: participantsOf(shown),
        you: you ? { displayName: you.displayName, role: you.role, verified: you.verified } : null,
      };
    },

    async post(space, topicId, participantId, body) {
      const topic = await topicOf(space, topicId);
      const replay = async (): Promise<PostCreated | undefined> => {
        if (body.requestId === undefined) return undefined;
        const earlier = await storage.discussion.postByRequest(space.id, participantId, body.requestId);
        return earlier && { post: await presentOne(earlier, participantId), duplicate: true };
      };
      const earlier = await replay();
      if (earlier) return earlier;
      checkOpen(topic, 'posting');
      const profile = await storage.profiles.get(space.id, participantId);
      if (!profile) throw new ApiError(403, 'profile_required', 'Give your name in this space first (PUT /api/spaces/:spaceId/profile): posts show it.');
      if (body.parentId !== undefined) {
        const parent = await storage.discussion.post(space.id, body.parentId);
        if (!parent || parent.topicId !== topicId) throw notFound(`There is no post "${body.parentId}" in topic "${topicId}" to reply to.`);
        if (parent.parentId !== null) throw invalidBody('Replies have no replies of their own: reply to the first post of the thread.');
        if (parent.deleted || parent.status !== 'visible') throw conflict('That post is no longer shown, so it cannot be replied to.');
      }
      const now = new Date();
      const since = new Date(now.getTime() - DUPLICATE_POST_WINDOW_MS).toISOString();
      if (await storage.discussion.recentSamePost(space.id, topicId, participantId, body.body, since)) {
        // The same request id sent twice at once, and the other send stored it while this one was checked.
        const resent = await replay();
        if (resent) return resent;
        throw conflict('You posted this same text a moment ago.');
      }
      if ((await storage.discussion.postsByAuthor(space.id, topicId, participantId)) >= POSTS_PER_TOPIC_MAX) {
        throw rateLimited(`One participant may write at most ${POSTS_PER_TOPIC_MAX} posts in a topic.`);
      }
      const record: PostRecord = {
        id: newId(),
        spaceId: space.id,
        topicId,
        parentId: body.parentId ?? null,
        authorId: participantId,
        body: body.body,
        status: 'visible',
        deleted: false,
        pinned: false,
        requestId: body.requestId ?? null,
        createdAt: now.toISOString(),
        editedAt: null,
        moderatedAt: null,
      };
      try {
        await storage.discussion.insertPost(record);
      } catch (error) {
        // The same request id sent twice at once: the first one stored it.
        if (error instanceof UniqueViolation) {
          const stored = await replay();
          if (stored) return stored;
        }
        throw error;
      }
      const stored = await postOf(space, record.id);
      counted(space.id, participantId, 'post_created');
      events.postCreated(space.id, topicId, await presentOne(stored));
      return { post: await presentOne(stored, participantId) };
    },

    async edit(space, postId, participantId, body) {
      const post = await ownPost(space, postId, participantId, 'edit');
      if (post.status !== 'visible') throw conflict('The facilitator has hidden this post; it cannot be edited.');
      checkOpen(await topicOf(space, post.topicId), 'editing');
      if (body.body !== post.body) {
        await storage.discussion.updatePost(post.id, { body: body.body, editedAt: new Date().toISOString() });
      }
      const edited = await postOf(space, postId);
      if (body.body !== post.body) await tellChanged(edited, true);
      return presentOne(edited, participantId);
    },

    async remove(space, postId, participantId) {
      const post = await ownPost(space, postId, participantId, 'delete');
      const wasShown = await isShown(post);
      await storage.discussion.updatePost(post.id, { body: '', deleted: true, editedAt: null });
      const deleted = await postOf(space, postId);
      await tellChanged(deleted, wasShown);
      return presentOne(deleted, participantId);
    },

    async react(space, postId, participantId, reaction, on) {
      const post = await postOf(space, postId);
      if (post.deleted || post.status !== 'visible') throw conflict('This post is no longer shown.');
      checkOpen(await topicOf(space, post.topicId), 'reacting');
      const now = new Date().toISOString();
      const changed = await storage.transaction(async (tx) => {
        await tx.participants.ensure(participantId, now);
        return tx.discussion.setReaction(post.id, participantId, reaction, on, now);
      });
      const [reactions, yours] = await Promise.all([
        storage.discussion.reactionCounts([post.id]),
        storage.discussion.reactionsBy(participantId, [post.id]),
      ]);
      if (changed) await tellChanged(post, true);
      return { postId: post.id, reactions: reactions.get(post.id) ?? {}, yourReactions: yours.get(post.id) ?? [] };
    },

    async report(space, postId, participantId, body) {
      const post = await postOf(space, postId);
      if (post.authorId === participantId) throw forbidden('You cannot report your own post.');
      if (post.deleted) throw conflict('This post has been deleted.');
      const wasShown = await isShown(post);
      const now = new Date().toISOString();
      const outcome = await storage.transaction(async (tx) => {
        await tx.participants.ensure(participantId, now);
        const added = await tx.discussion.addReport({ id: newId(), postId: post.id, participantId, reason: body.reason, note: body.note || null, at: now });
        if (!added || post.status !== 'visible' || space.hideAfterReports === 0) return { added, hidden: false };
        // A facilitator who restored the post judged the reports before that: only later ones count.
        const reports = await tx.discussion.reportsSince(post.id, post.moderatedAt);
        if (reports < space.hideAfterReports) return { added, hidden: false };
        await tx.discussion.updatePost(post.id, { status: 'hidden', moderatedAt: now });
        await log(tx, post, 'auto_hide', SYSTEM_ACTOR, { reports });
        return { added, hidden: true };
      });
      if (outcome.hidden) await tellChanged(await postOf(space, postId), wasShown);
      return { postId: post.id, duplicate: !outcome.added };
    },

    async moderate(space, postId, body, actor) {
      const post = await postOf(space, postId);
      if (body.pinned !== undefined && post.parentId !== null) throw invalidBody('Only the first post of a thread can be pinned.');
      const wasShown = await isShown(post);
      const now = new Date().toISOString();
      const changed = await storage.transaction(async (tx) => {
        let changed = false;
        if (body.status !== undefined && body.status !== post.status) {
          await tx.discussion.updatePost(post.id, { status: body.status, moderatedAt: now });
          await log(tx, post, body.status === 'hidden' ? 'hide' : 'restore', actor);
          changed = true;
        }
        if (body.pinned !== undefined && body.pinned !== post.pinned) {
          await tx.discussion.updatePost(post.id, { pinned: body.pinned });
          await log(tx, post, body.pinned ? 'pin' : 'unpin', actor);
          changed = true;
        }
        return changed;
      });
      const after = await postOf(space, postId);
      if (changed) await tellChanged(after, wasShown);
      return (await moderated([after]))[0]!;
    },

    async moderation(space, topicId) {
      const topic = await topicOf(space, topicId);
      const all = await storage.discussion.topicPosts(space.id, topicId);
      const shownCount = shownPosts(all).filter((p) => !p.deleted).length;
      return { topic: toTopic(topic, shownCount), posts: await moderated(threadOrder(all)) };
    },

    async summary(space, topicId) {
      await topicOf(space, topicId);
      const shown = shownPosts(await storage.discussion.topicPosts(space.id, topicId)).filter((p) => !p.deleted);
      const reactions = await storage.discussion.reactionCounts(shown.map((p) => p.id));
      const reactionTotal = (id: string) => Object.values(reactions.get(id) ?? {}).reduce((a, b) => a + (b ?? 0), 0);
      const threads = shown
        .filter((p) => p.parentId === null)
        .map((p) => ({
          postId: p.id,
          author: p.authorName,
          excerpt: excerpt(p.body),
          replies: shown.filter((r) => r.parentId === p.id).length,
          reactions: reactionTotal(p.id),
          createdAt: p.createdAt,
        }))
        .sort((a, b) => b.replies - a.replies || b.reactions - a.reactions || a.createdAt.localeCompare(b.createdAt))
        .slice(0, SUMMARY_THREADS)
        .map(({ createdAt: _createdAt, ...thread }) => thread);
      return {
        topicId,
        posts: shown.length,
        participants: new Set(shown.map((p) => p.authorId)).size,
        threads,
        themes: themesOf(shown),
        computedAt: new Date().toISOString(),
      };
    },
  };

  async function moderated(posts: AuthoredPost[]): Promise<ModeratedPost[]> {
    const reports = await storage.discussion.reportCounts(posts.map((p) => p.id));
    return (await present(posts)).map((post, i) => ({ ...post, status: posts[i]!.status, reports: reports.get(post.id) ?? 0 }));
  }
}

function toTopic(record: TopicRecord, postCount: number): Topic {
  return {
    id: record.id,
    spaceId: record.spaceId,
    title: record.title,
    prompt: record.prompt,
    locked: record.locked,
    postCount,
    createdAt: record.createdAt,
  };
}

function toPost(post: AuthoredPost, reactions: DiscussionPost['reactions'], yourReactions: Reaction[], viewerId?: string): DiscussionPost {
  return {
    id: post.id,
    topicId: post.topicId,
    parentId: post.parentId,
    author: { displayName: post.authorName, role: post.authorRole, verified: post.authorVerified },
    body: post.deleted ? '' : post.body,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    deleted: post.deleted,
    pinned: post.pinned,
    reactions,
    yourReactions,
    mine: viewerId !== undefined && post.authorId === viewerId,
  };
}

/** Threads pinned first, then oldest first, each followed by its replies oldest first. */
function threadOrder(posts: AuthoredPost[]): AuthoredPost[] {
  const threads = posts
    .filter((p) => p.parentId === null)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return threads.flatMap((thread) => [thread, ...posts.filter((p) => p.parentId === thread.id)]);
}

/**
 * What participants see: visible posts whose thread is visible; a deleted post only while a visible reply still
 * needs it as the thread's placeholder.
 */
function shownPosts(posts: AuthoredPost[]): AuthoredPost[] {
  const visible = new Set(posts.filter((p) => p.status === 'visible').map((p) => p.id));
  const replies = posts.filter((p) => p.parentId !== null && visible.has(p.id) && visible.has(p.parentId) && !p.deleted);
  const needed = new Set(replies.map((r) => r.parentId));
  const shown = posts.filter((p) => {
    if (!visible.has(p.id)) return false;
    if (p.parentId !== null) return visible.has(p.parentId) && !p.deleted;
    return !p.deleted || needed.has(p.id);
  });
  return threadOrder(shown);
}

function participantsOf(shown: AuthoredPost[]): TopicParticipant[] {
  const byAuthor = new Map<string, { first: string; participant: TopicParticipant }>();
  for (const post of shown) {
    if (post.deleted) continue;
    const entry = byAuthor.get(post.authorId);
    if (entry) {
      entry.participant.posts += 1;
      if (post.createdAt < entry.first) entry.first = post.createdAt;
    } else {
      byAuthor.set(post.authorId, { first: post.createdAt, participant: { displayName: post.authorName, role: post.authorRole, posts: 1 } });
    }
  }
  return [...byAuthor.values()].sort((a, b) => a.first.localeCompare(b.first)).map((e) => e.participant);
}

const EXCERPT_MAX = 160;

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_MAX) return flat;
  const cut = flat.slice(0, EXCERPT_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_MAX / 2)).trimEnd()}…`;
}

type Language = 'fi' | 'sv' | 'en';

const STOPWORDS: Record<Language, Set<string>> = {
  fi: new Set(finnishStopwords),
  sv: new Set(swedishStopwords),
  en: new Set(englishStopwords),
};
/** Words of talk itself that the Snowball lists leave in and that say nothing about a theme. */
const FILLER = new Set([
  'myös', 'vain', 'sekä', 'paljon', 'kanssa', 'aina', 'ehkä', 'esim', 'mielestäni', 'minusta', 'kiitos', 'voisi', 'pitää', 'tulee', 'asia', 'asiaa', 'asioita',
  'också', 'bara', 'kanske', 'tack', 'tycker', 'många', 'mycket',
  'also', 'just', 'really', 'think', 'thanks', 'like', 'would', 'could', 'much', 'many',
]);
const STEMMERS: Record<Language, (word: string) => string> = { fi: finnishStem, sv: swedishStem, en: englishStem };
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** The language a post is most likely written in: the one whose stop words it uses most (Finnish on a tie). */
function languageOf(words: string[]): Language {
  let best: Language = 'fi';
  let bestHits = -1;
  for (const language of ['fi', 'sv', 'en'] as const) {
    const hits = words.filter((w) => STOPWORDS[language].has(w)).length;
    if (hits > bestHits) [best, bestHits] = [language, hits];
  }
  return best;
}

/**
 * Recurring key terms: words of three letters or more that are no stop word of Finnish, Swedish or English,
 * grouped by their Snowball stem in the post's language, used in at least two posts; most posts first. The term
 * shown is the word form used most.
 */
function themesOf(posts: AuthoredPost[]): TopicSummary['themes'] {
  const groups = new Map<string, { postIds: string[]; uses: number; forms: Map<string, number> }>();
  for (const post of posts) {
    const words = post.body.toLowerCase().match(WORD) ?? [];
    const stem = STEMMERS[languageOf(words)];
    const seen = new Set<string>();
    for (const word of words) {
      if (word.length < 3 || /^\p{N}+$/u.test(word) || FILLER.has(word)) continue;
      if (STOPWORDS.fi.has(word) || STOPWORDS.sv.has(word) || STOPWORDS.en.has(word)) continue;
      const key = stem(word);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { postIds: [], uses: 0, forms: new Map() }));
      group.uses += 1;
      group.forms.set(word, (group.forms.get(word) ?? 0) + 1);
      if (!seen.has(key)) group.postIds.push(post.id);
      seen.add(key);
    }
  }
  return [...groups.values()]
    .filter((g) => g.postIds.length >= 2)
    .map((g) => ({
      term: [...g.forms].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]![0],
      count: g.postIds.length,
      postIds: g.postIds,
      uses: g.uses,
    }))
    .sort((a, b) => b.count - a.count || b.uses - a.uses || a.term.localeCompare(b.term))
    .slice(0, SUMMARY_THEMES)
    .map(({ uses: _uses, ...theme }) => theme);
}
