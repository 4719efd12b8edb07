/**
 * The named discussion of the in-memory fixture server (`@tori/core/fixtures`): a topic, posts with replies,
 * reactions, reports, the facilitator's moderation and summary, the outbox while offline, and sample threads in
 * three languages. Never part of a page bundle.
 */
import {
  POST_BODY_MAX,
  POST_EDIT_WINDOW_MS,
  type DiscussionPost,
  type ModeratedPost,
  type PostAuthor,
  type Profile,
  type Topic,
  type TopicSummary,
} from '@tori/protocol';
import type { FacilitatorAccess, SpaceEvent } from './contracts.js';
import type { DiscussionClient, QueuedDiscussionPost, SentDiscussionPost } from './discussion-client.js';
import { ToriError } from './errors.js';
import type { Locale } from './i18n.js';

export interface DiscussionFixtureOptions {
  /** The topic every `topic` attribute is served; id `moduuli-1` and an English title by default. */
  topic?: Partial<Topic>;
  /** The topic's posts, oldest first (any status; `mine` marks the participant's own). */
  posts?: ModeratedPost[];
  /** Discussion posts waiting on the device from an earlier visit (offline stories). */
  queuedDiscussionPosts?: QueuedDiscussionPost[];
  /** The participant's name in the space; without one a post is answered 403 `profile_required`. */
  profile?: Profile | null;
}

export interface FixtureDiscussion extends DiscussionClient {
  /** Someone else posts: stored and sent live, as the server would. */
  pushPost(post: Partial<DiscussionPost> & { body: string; author: PostAuthor }): DiscussionPost;
  /** Every post as stored, hidden ones too. */
  readonly stored: ModeratedPost[];
}

interface Served {
  <T>(method: string, args: unknown[], answer: () => T, needsNetwork?: boolean): Promise<T>;
}

export interface FixtureDiscussionWiring {
  served: Served;
  emit(event: SpaceEvent): void;
  online(): boolean;
  onStatus(listener: (online: boolean) => void): void;
  key: string;
}

const sampleAuthors: PostAuthor[] = [
  { displayName: 'Aino Mäkelä', role: 'Kylätoimikunta, sihteeri', verified: false },
  { displayName: 'Ben Berg', role: null, verified: false },
  { displayName: 'Cecilia Lind', role: 'Föreningen Gemenskap rf', verified: true },
];

const sampleTexts: Record<Locale, { title: string; prompt: string; posts: string[] }> = {
  fi: {
    title: 'Moduuli 1: Miksi olen mukana?',
    prompt: 'Kerro muille, mikä sai sinut lähtemään mukaan yhdistystoimintaan ja mitä toivot kurssilta.',
    posts: [
      'Lähdin mukaan, koska kylämme yhteisö tarvitsee uusia tekijöitä. Toivon oppivani, miten vapaaehtoisia innostetaan.',
      'Sama täällä! Vapaaehtoisten jaksaminen on meilläkin iso kysymys.',
      'Meidän yhdistyksessä hallitus on pieni, ja kaikki tekevät vähän kaikkea.',
      'Olen uusi rahastonhoitaja ja haluan ymmärtää, miten yhdistyksen talous toimii.',
    ],
  },
  sv: {
    title: 'Modul 1: Varför är jag med?',
    prompt: 'Berätta vad som fick dig att engagera dig i föreningen och vad du hoppas få ut av kursen.',
    posts: [
      'Jag gick med eftersom vår bygemenskap behöver nya krafter. Jag hoppas lära mig hur man engagerar frivilliga.',
      'Samma här! Hur de frivilliga orkar är en stor fråga hos oss också.',
      'I vår förening är styrelsen liten och alla gör lite av allt.',
      'Jag är ny kassör och vill förstå hur föreningens ekonomi fungerar.',
    ],
  },
  en: {
    title: 'Module 1: Why am I here?',
    prompt: 'Tell the others what made you join your association, and what you hope to get from the course.',
    posts: [
      'I joined because our village community needs new people. I hope to learn how to get volunteers excited.',
      'Same here! Keeping volunteers going is a big question for us too.',
      'Our board is small, and everybody does a bit of everything.',
      'I am the new treasurer and want to understand how the association’s finances work.',
    ],
  },
};

/** A course module's topic in the given language. */
export function sampleTopic(locale: Locale = 'en'): Topic {
  const texts = sampleTexts[locale];
  return { id: 'moduuli-1', spaceId: 'kurssi', title: texts.title, prompt: texts.prompt, locked: false, postCount: 4, createdAt: '2026-09-01T09:00:00.000Z' };
}

/** Two threads, one with a reply, the last one the participant's own (old enough that it can no longer be edited). */
export function sampleDiscussion(locale: Locale = 'en'): ModeratedPost[] {
  const [first, reply, second, own] = sampleTexts[locale].posts as [string, string, string, string];
  const base = { topicId: 'moduuli-1', editedAt: null, deleted: false, pinned: false, mine: false, status: 'visible' as const, reports: 0 };
  return [
    { ...base, id: 'post-1', parentId: null, author: sampleAuthors[0]!, body: first, createdAt: '2026-09-01T10:00:00.000Z', reactions: { thanks: 3, agree: 2 }, yourReactions: ['thanks'] },
    { ...base, id: 'post-2', parentId: 'post-1', author: sampleAuthors[1]!, body: reply, createdAt: '2026-09-01T10:20:00.000Z', reactions: { like: 1 }, yourReactions: [] },
    { ...base, id: 'post-3', parentId: null, author: sampleAuthors[2]!, body: second, createdAt: '2026-09-01T11:00:00.000Z', reactions: {}, yourReactions: [], editedAt: '2026-09-01T11:05:00.000Z' },
    { ...base, id: 'post-4', parentId: null, author: { displayName: 'Sinä', role: null, verified: false }, body: own, createdAt: '2026-09-02T08:00:00.000Z', reactions: { idea: 1 }, yourReactions: [], mine: true },
  ];
}

export function createFixtureDiscussion(options: DiscussionFixtureOptions, wiring: FixtureDiscussionWiring): FixtureDiscussion {
  const { served, emit } = wiring;
  let topic: Topic = { ...sampleTopic('en'), ...options.topic };
  let profile: Profile | null = options.profile ?? null;
  const posts: ModeratedPost[] = (options.posts ?? []).map((post) => ({ ...post }));
  const reportedByYou = new Set<string>();
  const queue: QueuedDiscussionPost[] = [...(options.queuedDiscussionPosts ?? [])];
  const byRequest = new Map<string, string>();
  const listeners = new Set<(sent?: SentDiscussionPost) => void>();
  let count = posts.length;

  const tell = (sent?: SentDiscussionPost) => listeners.forEach((listener) => listener(sent));
  const find = (postId: string) => {
    const post = posts.find((p) => p.id === postId);
    if (!post) throw new ToriError(404, 'not_found', `There is no post "${postId}".`);
    return post;
  };
  const checkKey = (access: FacilitatorAccess) => {
    if (access.key !== wiring.key) throw new ToriError(403, 'forbidden', 'That is not the facilitator key of this space.');
  };
  const locked = (what: string) => {
    if (topic.locked) throw new ToriError(403, 'topic_locked', `The facilitator has locked this topic: ${what} is no longer possible.`);
  };
  const shown = () => {
    const visible = posts.filter((p) => p.status === 'visible');
    return visible.filter((p) =>
      p.parentId === null ? !p.deleted || visible.some((r) => r.parentId === p.id && !r.deleted) : !p.deleted && visible.some((t) => t.id === p.parentId),
    );
  };
  const view = ({ status: _status, reports: _reports, ...post }: ModeratedPost): DiscussionPost => post;
  const live = (post: ModeratedPost): DiscussionPost => ({ ...view(post), mine: false, yourReactions: [] });
  const withCount = (): Topic => ({ ...topic, postCount: shown().filter((p) => !p.deleted).length });
  const own = (postId: string) => {
    const post = find(postId);
    if (!post.mine) throw new ToriError(403, 'forbidden', 'Only the author of a post can change it.');
    if (Date.now() - Date.parse(post.createdAt) > POST_EDIT_WINDOW_MS) {
      throw new ToriError(403, 'forbidden', `A post can be changed for ${POST_EDIT_WINDOW_MS / 60_000} minutes after posting.`);
    }
    return post;
  };

  const store = (queued: QueuedDiscussionPost): DiscussionPost => {
    const earlier = byRequest.get(queued.body.requestId);
    if (earlier) return view(find(earlier));
    locked('posting');
    if (!profile) throw new ToriError(403, 'profile_required', 'Give your name in this space first.');
    if (queued.body.body.length > POST_BODY_MAX) throw new ToriError(422, 'invalid_body', `post must be at most ${POST_BODY_MAX} characters`);
    if (queued.body.parentId) {
      const parent = find(queued.body.parentId);
      if (parent.parentId) throw new ToriError(422, 'invalid_body', 'Replies have no replies of their own.');
    }
    count += 1;
    const post: ModeratedPost = {
      id: `post-${count}`,
      topicId: topic.id,
      parentId: queued.body.parentId ?? null,
      author: { displayName: profile.displayName, role: profile.role, verified: profile.verified },
      body: queued.body.body.trim(),
      createdAt: new Date().toISOString(),
      editedAt: null,
      deleted: false,
      pinned: false,
      reactions: {},
      yourReactions: [],
      mine: true,
      status: 'visible',
      reports: 0,
    };
    posts.push(post);
    byRequest.set(queued.body.requestId, post.id);
    emit({ name: 'post:created', payload: { spaceId: 'kurssi', topicId: topic.id, post: live(post) } });
    return view(post);
  };

  const flush = () => {
    for (const waiting of queue.splice(0)) {
      try {
        const post = store(waiting);
        tell({ spaceId: waiting.spaceId, topicId: waiting.topicId, requestId: waiting.body.requestId, created: { post } });
      } catch {
        // Refused for good: dropped, as the real outbox does.
      }
    }
    tell();
  };
  wiring.onStatus((online) => online && flush());

  const summary = (): TopicSummary => {
    const counted = shown().filter((p) => !p.deleted);
    const threads = counted
      .filter((p) => p.parentId === null)
      .map((p) => ({
        postId: p.id,
        author: p.author.displayName,
        excerpt: p.body.slice(0, 160),
        replies: counted.filter((r) => r.parentId === p.id).length,
        reactions: Object.values(p.reactions).reduce((a, b) => a + (b ?? 0), 0),
      }))
      .sort((a, b) => b.replies - a.replies || b.reactions - a.reactions)
      .slice(0, 5);
    // Words of five letters or more in two posts or more: a stand-in for the server's stemmed themes.
    const uses = new Map<string, Set<string>>();
    for (const post of counted) {
      for (const word of post.body.toLowerCase().match(/\p{L}{5,}/gu) ?? []) uses.set(word, (uses.get(word) ?? new Set()).add(post.id));
    }
    const themes = [...uses]
      .filter(([, ids]) => ids.size >= 2)
      .map(([term, ids]) => ({ term, count: ids.size, postIds: [...ids] }))
      .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
      .slice(0, 10);
    return { topicId: topic.id, posts: counted.length, participants: new Set(counted.map((p) => p.author.displayName)).size, threads, themes, computedAt: new Date().toISOString() };
  };

  return {
    stored: posts,
    topic(spaceId, topicId) {
      return served('discussion.topic', [spaceId, topicId], () => {
        const visible = shown();
        const participants = new Map<string, { displayName: string; role: string | null; posts: number }>();
        for (const post of visible.filter((p) => !p.deleted)) {
          const entry = participants.get(post.author.displayName) ?? { displayName: post.author.displayName, role: post.author.role, posts: 0 };
          entry.posts += 1;
          participants.set(post.author.displayName, entry);
        }
        return { topic: { ...withCount(), id: topicId, spaceId }, posts: visible.map(view), participants: [...participants.values()], you: profile };
      });
    },
    saveProfile(spaceId, body) {
      return served('discussion.saveProfile', [spaceId, body], () => {
        if (profile?.verified) throw new ToriError(403, 'forbidden', 'Your name comes from the site you logged in to.');
        const name = body.displayName.trim();
        if (!name) throw new ToriError(422, 'invalid_body', 'name must be at least 1 characters');
        profile = { displayName: name, role: body.role?.trim() || null, verified: false };
        return profile;
      });
    },
    hostLogin(spaceId, token) {
      return served('discussion.hostLogin', [spaceId, token], () => {
        const [name, role] = token.split('|');
        if (!name) throw new ToriError(401, 'unauthorized', 'The login token is not a valid JWT.');
        profile = { displayName: name, role: role || null, verified: true };
        return profile;
      });
    },
    async post(spaceId, topicId, body) {
      const requestId = body.requestId ?? `fixture-${Date.now().toString(36)}-${count}`;
      const queued: QueuedDiscussionPost = { spaceId, topicId, body: { ...body, requestId }, queuedAt: new Date().toISOString() };
      if (!wiring.online()) {
        queue.push(queued);
        tell();
        return { status: 'queued', post: queued, requestId };
      }
      const post = await served('discussion.post', [spaceId, topicId, body], () => store(queued));
      return { status: 'sent', created: { post }, requestId };
    },
    queuedPosts(spaceId, topicId) {
      return queue.filter((post) => post.topicId === topicId);
    },
    onPostsChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    edit(spaceId, postId, body) {
      return served('discussion.edit', [spaceId, postId, body], () => {
        const post = own(postId);
        locked('editing');
        post.body = body.trim();
        post.editedAt = new Date().toISOString();
        emit({ name: 'post:updated', payload: { spaceId, topicId: topic.id, post: live(post) } });
        return view(post);
      });
    },
    remove(spaceId, postId) {
      return served('discussion.remove', [spaceId, postId], () => {
        const post = own(postId);
        post.deleted = true;
        post.body = '';
        emit({ name: 'post:removed', payload: { spaceId, topicId: topic.id, postId } });
        return view(post);
      });
    },
    react(spaceId, postId, reaction, on) {
      return served('discussion.react', [spaceId, postId, reaction, on], () => {
        const post = find(postId);
        locked('reacting');
        const had = post.yourReactions.includes(reaction);
        if (on !== had) {
          const n = (post.reactions[reaction] ?? 0) + (on ? 1 : -1);
          post.reactions = { ...post.reactions, [reaction]: n };
          if (n <= 0) delete post.reactions[reaction];
          post.yourReactions = on ? [...post.yourReactions, reaction] : post.yourReactions.filter((r) => r !== reaction);
        }
        return { postId, reactions: { ...post.reactions }, yourReactions: [...post.yourReactions] };
      });
    },
    report(spaceId, postId, body) {
      return served('discussion.report', [spaceId, postId, body], () => {
        const post = find(postId);
        if (post.mine) throw new ToriError(403, 'forbidden', 'You cannot report your own post.');
        const duplicate = reportedByYou.has(postId);
        if (!duplicate) post.reports += 1;
        reportedByYou.add(postId);
        return { postId, duplicate };
      });
    },
    moderation(spaceId, topicId, access) {
      return served('discussion.moderation', [spaceId, topicId], () => {
        checkKey(access);
        return { topic: withCount(), posts: posts.map((p) => ({ ...p })) };
      });
    },
    moderate(spaceId, postId, body, access) {
      return served('discussion.moderate', [spaceId, postId, body], () => {
        checkKey(access);
        const post = find(postId);
        if (body.status) post.status = body.status;
        if (body.pinned !== undefined) post.pinned = body.pinned;
        if (post.status === 'hidden') emit({ name: 'post:removed', payload: { spaceId, topicId: topic.id, postId } });
        else emit({ name: 'post:updated', payload: { spaceId, topicId: topic.id, post: live(post) } });
        return { ...post };
      });
    },
    putTopic(spaceId, topicId, body, access) {
      return served('discussion.putTopic', [spaceId, topicId, body], () => {
        checkKey(access);
        topic = { ...topic, title: body.title, ...(body.prompt !== undefined && { prompt: body.prompt }), ...(body.locked !== undefined && { locked: body.locked }) };
        emit({ name: 'topic:updated', payload: { spaceId, topic: withCount() } });
        return withCount();
      });
    },
    summary(spaceId, topicId, access) {
      return served('discussion.summary', [spaceId, topicId], () => {
        checkKey(access);
        return summary();
      });
    },
    pushPost(partial) {
      count += 1;
      const post: ModeratedPost = {
        id: `post-${count}`,
        topicId: topic.id,
        parentId: null,
        createdAt: new Date().toISOString(),
        editedAt: null,
        deleted: false,
        pinned: false,
        reactions: {},
        yourReactions: [],
        mine: false,
        status: 'visible',
        reports: 0,
        ...partial,
      };
      posts.push(post);
      emit({ name: 'post:created', payload: { spaceId: 'kurssi', topicId: topic.id, post: live(post) } });
      return live(post);
    },
  };
}
