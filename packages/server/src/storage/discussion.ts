/** Topics, posts, reactions, reports and the discussions' moderation log. */
import type { Reaction, ReportReason } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import { UniqueViolation, isUniqueViolation } from './records.js';
import type { Database } from './schema.js';

export interface TopicsTable {
  space_id: string;
  id: string;
  title: string;
  prompt: string | null;
  locked: number;
  created_at: string;
  updated_at: string;
}

export interface PostsTable {
  id: string;
  space_id: string;
  topic_id: string;
  /** The thread's first post; null for the first post itself. */
  parent_id: string | null;
  author_id: string;
  /** Emptied when the author deletes the post. */
  body: string;
  status: 'visible' | 'hidden';
  deleted: number;
  pinned: number;
  request_id: string | null;
  created_at: string;
  edited_at: string | null;
  /** Last hide or restore; reports before it no longer count towards hiding. */
  moderated_at: string | null;
}

export interface PostReactionsTable {
  post_id: string;
  participant_id: string;
  reaction: Reaction;
  created_at: string;
}

export interface PostReportsTable {
  id: string;
  post_id: string;
  participant_id: string;
  reason: ReportReason;
  note: string | null;
  created_at: string;
}

export type DiscussionAction = 'hide' | 'restore' | 'auto_hide' | 'pin' | 'unpin' | 'lock' | 'unlock';

export interface DiscussionLogTable {
  id: string;
  space_id: string;
  topic_id: string;
  post_id: string | null;
  action: DiscussionAction;
  actor: string;
  /** JSON object. */
  detail: string;
  at: string;
}

export interface DiscussionTables {
  topics: TopicsTable;
  posts: PostsTable;
  post_reactions: PostReactionsTable;
  post_reports: PostReportsTable;
  discussion_log: DiscussionLogTable;
}

export interface TopicRecord {
  spaceId: string;
  id: string;
  title: string;
  prompt: string | null;
  locked: boolean;
  createdAt: string;
}

export interface PostRecord {
  id: string;
  spaceId: string;
  topicId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  status: 'visible' | 'hidden';
  deleted: boolean;
  pinned: boolean;
  requestId: string | null;
  createdAt: string;
  editedAt: string | null;
  moderatedAt: string | null;
}

/** A post with its author's name in the space, read at the time of asking (a changed name shows everywhere). */
export interface AuthoredPost extends PostRecord {
  authorName: string;
  authorRole: string | null;
  authorVerified: boolean;
}

export type PostChanges = Partial<Pick<PostRecord, 'body' | 'status' | 'deleted' | 'pinned' | 'editedAt' | 'moderatedAt'>>;

export interface LogEntryRecord {
  id: string;
  spaceId: string;
  topicId: string;
  postId: string | null;
  action: DiscussionAction;
  actor: string;
  detail: Record<string, string | number | boolean | null>;
  at: string;
}

export function discussionQueries(db: Kysely<Database>) {
  const authored = () =>
    db
      .selectFrom('posts')
      .leftJoin('profiles', (join) =>
        join.onRef('profiles.space_id', '=', 'posts.space_id').onRef('profiles.participant_id', '=', 'posts.author_id'),
      )
      .selectAll('posts')
      .select(['profiles.display_name', 'profiles.role', 'profiles.verified']);

  return {
    async topic(spaceId: string, topicId: string): Promise<TopicRecord | undefined> {
      const row = await db.selectFrom('topics').selectAll().where('space_id', '=', spaceId).where('id', '=', topicId).executeTakeFirst();
      return row && toTopic(row);
    },

    async topics(spaceId: string): Promise<TopicRecord[]> {
      const rows = await db.selectFrom('topics').selectAll().where('space_id', '=', spaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toTopic);
    },

    /** Creates the topic, or changes it; true when it was created. */
    async putTopic(topic: TopicRecord, at: string): Promise<boolean> {
      const changed = await db
        .updateTable('topics')
        .set({ title: topic.title, prompt: topic.prompt, locked: topic.locked ? 1 : 0, updated_at: at })
        .where('space_id', '=', topic.spaceId)
        .where('id', '=', topic.id)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) > 0) return false;
      await db
        .insertInto('topics')
        .values({
          space_id: topic.spaceId,
          id: topic.id,
          title: topic.title,
          prompt: topic.prompt,
          locked: topic.locked ? 1 : 0,
          created_at: topic.createdAt,
          updated_at: at,
        })
        .execute();
      return true;
    },

    /** Visible, not deleted posts per topic of the space. */
    async postCounts(spaceId: string, topicId?: string): Promise<Map<string, number>> {
      let query = db
        .selectFrom('posts')
        .select((eb) => ['topic_id', eb.fn.countAll<number | string>().as('n')])
        .where('space_id', '=', spaceId)
        .where('status', '=', 'visible')
        .where('deleted', '=', 0);
      if (topicId !== undefined) query = query.where('topic_id', '=', topicId);
      const rows = await query.groupBy('topic_id').execute();
      return new Map(rows.map((r) => [r.topic_id, Number(r.n)]));
    },

    /** Throws UniqueViolation when the author has stored a post with this request id already. */
    async insertPost(post: PostRecord): Promise<void> {
      await db
        .insertInto('posts')
        .values({
          id: post.id,
          space_id: post.spaceId,
          topic_id: post.topicId,
          parent_id: post.parentId,
          author_id: post.authorId,
          body: post.body,
          status: post.status,
          deleted: post.deleted ? 1 : 0,
          pinned: post.pinned ? 1 : 0,
          request_id: post.requestId,
          created_at: post.createdAt,
          edited_at: post.editedAt,
          moderated_at: post.moderatedAt,
        })
        .execute()
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
        });
    },

    async post(spaceId: string, postId: string): Promise<AuthoredPost | undefined> {
      const row = await authored().where('posts.space_id', '=', spaceId).where('posts.id', '=', postId).executeTakeFirst();
      return row && toAuthored(row);
    },

    async postByRequest(spaceId: string, authorId: string, requestId: string): Promise<AuthoredPost | undefined> {
      const row = await authored()
        .where('posts.space_id', '=', spaceId)
        .where('posts.author_id', '=', authorId)
        .where('posts.request_id', '=', requestId)
        .executeTakeFirst();
      return row && toAuthored(row);
    },

    /** The same author's post with this text in the topic since `since`, whatever became of it. */
    async recentSamePost(spaceId: string, topicId: string, authorId: string, body: string, since: string): Promise<boolean> {
      const row = await db
        .selectFrom('posts')
        .select('id')
        .where('space_id', '=', spaceId)
        .where('topic_id', '=', topicId)
        .where('author_id', '=', authorId)
        .where('body', '=', body)
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return row !== undefined;
    },

    async postsByAuthor(spaceId: string, topicId: string, authorId: string): Promise<number> {
      const row = await db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', spaceId)
        .where('topic_id', '=', topicId)
        .where('author_id', '=', authorId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Every post of the topic, hidden and deleted ones too, oldest first. */
    async topicPosts(spaceId: string, topicId: string): Promise<AuthoredPost[]> {
      const rows = await authored()
        .where('posts.space_id', '=', spaceId)
        .where('posts.topic_id', '=', topicId)
        .orderBy('posts.created_at')
        .orderBy('posts.id')
        .execute();
      return rows.map(toAuthored);
    },

    async updatePost(postId: string, changes: PostChanges): Promise<void> {
      const set: Partial<Selectable<PostsTable>> = {};
      if (changes.body !== undefined) set.body = changes.body;
      if (changes.status !== undefined) set.status = changes.status;
      if (changes.deleted !== undefined) set.deleted = changes.deleted ? 1 : 0;
      if (changes.pinned !== undefined) set.pinned = changes.pinned ? 1 : 0;
      if (changes.editedAt !== undefined) set.edited_at = changes.editedAt;
      if (changes.moderatedAt !== undefined) set.moderated_at = changes.moderatedAt;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('posts').set(set).where('id', '=', postId).execute();
    },

    /** True when the reaction is new (or, removing, when there was one). */
    async setReaction(postId: string, participantId: string, reaction: Reaction, on: boolean, at: string): Promise<boolean> {
      if (on) {
        const result = await db
          .insertInto('post_reactions')
          .values({ post_id: postId, participant_id: participantId, reaction, created_at: at })
          .onConflict((oc) => oc.columns(['post_id', 'participant_id', 'reaction']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      }
      const result = await db
        .deleteFrom('post_reactions')
        .where('post_id', '=', postId)
        .where('participant_id', '=', participantId)
        .where('reaction', '=', reaction)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Reaction counts per post. */
    async reactionCounts(postIds: string[]): Promise<Map<string, Partial<Record<Reaction, number>>>> {
      const counts = new Map<string, Partial<Record<Reaction, number>>>();
      if (postIds.length === 0) return counts;
      const rows = await db
        .selectFrom('post_reactions')
        .select((eb) => ['post_id', 'reaction', eb.fn.countAll<number | string>().as('n')])
        .where('post_id', 'in', postIds)
        .groupBy(['post_id', 'reaction'])
        .execute();
      for (const row of rows) {
        const of = counts.get(row.post_id) ?? {};
        of[row.reaction] = Number(row.n);
        counts.set(row.post_id, of);
      }
      return counts;
    },

    /** The reactions one participant gave, per post. */
    async reactionsBy(participantId: string, postIds: string[]): Promise<Map<string, Reaction[]>> {
      const mine = new Map<string, Reaction[]>();
      if (postIds.length === 0) return mine;
      const rows = await db
        .selectFrom('post_reactions')
        .select(['post_id', 'reaction'])
        .where('participant_id', '=', participantId)
        .where('post_id', 'in', postIds)
        .execute();
      for (const row of rows) mine.set(row.post_id, [...(mine.get(row.post_id) ?? []), row.reaction]);
      return mine;
    },

    /** True when the report is new; one participant reports a post once. */
    async addReport(report: { id: string; postId: string; participantId: string; reason: ReportReason; note: string | null; at: string }): Promise<boolean> {
      const result = await db
        .insertInto('post_reports')
        .values({
          id: report.id,
          post_id: report.postId,
          participant_id: report.participantId,
          reason: report.reason,
          note: report.note,
          created_at: report.at,
        })
        .onConflict((oc) => oc.columns(['post_id', 'participant_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Reports of the post made after `since` (all of them when null). */
    async reportsSince(postId: string, since: string | null): Promise<number> {
      let query = db
        .selectFrom('post_reports')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('post_id', '=', postId);
      if (since !== null) query = query.where('created_at', '>', since);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },

    async reportCounts(postIds: string[]): Promise<Map<string, number>> {
      if (postIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('post_reports')
        .select((eb) => ['post_id', eb.fn.countAll<number | string>().as('n')])
        .where('post_id', 'in', postIds)
        .groupBy('post_id')
        .execute();
      return new Map(rows.map((r) => [r.post_id, Number(r.n)]));
    },

    async log(entry: LogEntryRecord): Promise<void> {
      await db
        .insertInto('discussion_log')
        .values({
          id: entry.id,
          space_id: entry.spaceId,
          topic_id: entry.topicId,
          post_id: entry.postId,
          action: entry.action,
          actor: entry.actor,
          detail: JSON.stringify(entry.detail),
          at: entry.at,
        })
        .execute();
    },

    /** The topic's log, newest first. */
    async logOf(spaceId: string, topicId: string): Promise<LogEntryRecord[]> {
      const rows = await db
        .selectFrom('discussion_log')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('topic_id', '=', topicId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        spaceId: r.space_id,
        topicId: r.topic_id,
        postId: r.post_id,
        action: r.action,
        actor: r.actor,
        detail: JSON.parse(r.detail) as LogEntryRecord['detail'],
        at: r.at,
      }));
    },
  };
}

function toTopic(row: Selectable<TopicsTable>): TopicRecord {
  return {
    spaceId: row.space_id,
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    locked: row.locked === 1,
    createdAt: row.created_at,
  };
}

type AuthoredRow = Selectable<PostsTable> & { display_name: string | null; role: string | null; verified: number | null };

function toAuthored(row: AuthoredRow): AuthoredPost {
  return {
    id: row.id,
    spaceId: row.space_id,
    topicId: row.topic_id,
    parentId: row.parent_id,
    authorId: row.author_id,
    body: row.body,
    status: row.status,
    deleted: row.deleted === 1,
    pinned: row.pinned === 1,
    requestId: row.request_id,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    moderatedAt: row.moderated_at,
    // Every author gave a name before posting; the fallback only covers a profile removed by hand.
    authorName: row.display_name ?? '?',
    authorRole: row.role,
    authorVerified: row.verified === 1,
  };
}
