import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Named discussions: a participant's name in a space (profiles), host-site logins, the space's integration
 * secret, topics, posts with one level of replies, reactions, reports and the discussions' moderation log.
 * Only new tables, so the same statements run on SQLite and PostgreSQL; booleans are 0/1 integers as elsewhere.
 */
export const discussion: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('profiles')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id').onDelete('cascade'))
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text')
      .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('profiles_pk', ['space_id', 'participant_id'])
      .execute();

    // One participant per host user and space, so the same person is the same participant on every device.
    await db.schema
      .createTable('host_logins')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('host_user_id', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_login_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_logins_pk', ['space_id', 'host_user_id'])
      .execute();
    await db.schema.createIndex('host_logins_by_participant').on('host_logins').columns(['space_id', 'participant_id']).execute();

    await db.schema
      .createTable('integration_secrets')
      .addColumn('space_id', 'text', (c) => c.primaryKey().references('spaces.id').onDelete('cascade'))
      // AES-256-GCM of the secret: the server must know the secret itself to check a signature, so no hash.
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('topics')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('prompt', 'text')
      .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('topics_pk', ['space_id', 'id'])
      .execute();

    await db.schema
      .createTable('posts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('topic_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('visible'))
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('request_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('edited_at', 'text')
      .addColumn('moderated_at', 'text')
      .addForeignKeyConstraint('posts_topic_fk', ['space_id', 'topic_id'], 'topics', ['space_id', 'id'], (fk) =>
        fk.onDelete('cascade'),
      )
      .addCheckConstraint('posts_status_known', sql<boolean>`status in ('visible', 'hidden')`)
      .execute();
    await db.schema.createIndex('posts_by_topic').on('posts').columns(['space_id', 'topic_id', 'created_at']).execute();
    await db.schema.createIndex('posts_by_parent').on('posts').columns(['parent_id']).execute();
    // A post sent again (lost answer, offline outbox) is stored once, even when two sends race.
    await db.schema
      .createIndex('posts_request_unique')
      .on('posts')
      .columns(['space_id', 'author_id', 'request_id'])
      .unique()
      .where(sql.ref('request_id'), 'is not', null)
      .execute();
    await db.schema.createIndex('posts_by_author').on('posts').columns(['space_id', 'author_id', 'created_at']).execute();

    await db.schema
      .createTable('post_reactions')
      .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('reaction', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_reactions_pk', ['post_id', 'participant_id', 'reaction'])
      .execute();

    await db.schema
      .createTable('post_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('post_reports_once', ['post_id', 'participant_id'])
      .execute();

    await db.schema
      .createTable('discussion_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('topic_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('discussion_log_by_topic').on('discussion_log').columns(['space_id', 'topic_id', 'at']).execute();
  },

  async down(db: Kysely<any>) {
    for (const table of [
      'discussion_log',
      'post_reports',
      'post_reactions',
      'posts',
      'topics',
      'integration_secrets',
      'host_logins',
      'profiles',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
