import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The foundation: spaces, participants, ideas, the duel (appearances, votes, skips) and moderation history. */
export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('spaces')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('voting_open', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('ideas_need_approval', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('admin_key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('server_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('participants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('ideas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('text_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.references('participants.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('moderated_at', 'text')
      .addCheckConstraint('ideas_status_known', sql`status in ('approved', 'pending', 'hidden')`)
      .execute();
    await db.schema.createIndex('ideas_by_space_status').on('ideas').columns(['space_id', 'status']).execute();
    // Two live ideas of a space never share a text, even when two participants send it at the same moment.
    await db.schema
      .createIndex('ideas_live_text_unique')
      .on('ideas')
      .columns(['space_id', 'text_key'])
      .unique()
      .where(sql.ref('status'), '<>', 'hidden')
      .execute();

    await db.schema
      .createTable('appearances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('left_idea_id', 'text', (c) => c.notNull().references('ideas.id'))
      .addColumn('right_idea_id', 'text', (c) => c.notNull().references('ideas.id'))
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .execute();
    await db.schema
      .createIndex('appearances_by_participant')
      .on('appearances')
      .columns(['space_id', 'participant_id', 'answered_at'])
      .execute();

    await db.schema
      .createTable('votes')
      .addColumn('appearance_id', 'text', (c) => c.primaryKey().references('appearances.id').onDelete('cascade'))
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('winner_id', 'text', (c) => c.notNull().references('ideas.id'))
      .addColumn('loser_id', 'text', (c) => c.notNull().references('ideas.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('votes_by_pair').on('votes').columns(['space_id', 'winner_id', 'loser_id']).execute();
    await db.schema.createIndex('votes_by_participant').on('votes').columns(['space_id', 'participant_id']).execute();

    await db.schema
      .createTable('skips')
      .addColumn('appearance_id', 'text', (c) => c.primaryKey().references('appearances.id').onDelete('cascade'))
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('skips_by_participant').on('skips').columns(['space_id', 'participant_id']).execute();

    await db.schema
      .createTable('moderation_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('previous_status', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('moderation_log_by_space').on('moderation_log').columns(['space_id', 'at']).execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['moderation_log', 'skips', 'votes', 'appearances', 'ideas', 'participants', 'server_settings', 'spaces']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
