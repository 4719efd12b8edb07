import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The reflection journal: a space's modules of prompts (one row per space, set with the facilitator key) and the
 * participants' reflections, one per participant per prompt. New tables only, so SQLite and PostgreSQL run it alike.
 */
export const journal: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('journals')
      .addColumn('space_id', 'text', (c) => c.primaryKey().references('spaces.id').onDelete('cascade'))
      // JSON array of { id, title, topicId, prompts: [{ id, text }] }: read and written whole, never queried inside.
      .addColumn('modules', 'text', (c) => c.notNull())
      .addColumn('facilitators_can_read', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('reflections')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      // Not a reference: a prompt the facilitator removes keeps its reflections, which return if the prompt does.
      .addColumn('prompt_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      // What the journal told the participant when they saved: facilitators read only what was saved as readable.
      .addColumn('readable', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('reflections_pk', ['space_id', 'participant_id', 'prompt_id'])
      .execute();
    await db.schema.createIndex('reflections_by_prompt').on('reflections').columns(['space_id', 'prompt_id']).execute();
  },

  async down() {
    throw new Error('migration 0004-journal cannot be undone: restore a backup of the data file instead');
  },
};
