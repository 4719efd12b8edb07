import { type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The board: space settings (open, names, auto-hide, categories), the board's parts of an idea, supports, reports,
 * the `merged` status and a moderation log that names who did what.
 *
 * SQLite cannot change a check constraint or a column's NOT NULL, so there `ideas` and `moderation_log` are
 * rebuilt (new table, copy, drop, rename; SQLite's own recipe). The migrator runs this in one transaction with
 * foreign keys off (see sqlite.ts), and the rebuild ends with a foreign key check, so it is all or nothing.
 */
export const board: Migration = {
  async up(db: Kysely<any>) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

    // One column per statement: SQLite adds one at a time.
    const spaceColumns: [string, 'integer' | 'text', number | string][] = [
      ['board_open', 'integer', 1],
      ['named_posting', 'integer', 0],
      ['hide_after_reports', 'integer', 3],
      ['categories', 'text', '[]'],
    ];
    for (const [name, type, value] of spaceColumns) {
      await db.schema
        .alterTable('spaces')
        .addColumn(name, type, (c) => c.notNull().defaultTo(value))
        .execute();
    }

    if (sqlite) {
      await rebuildIdeas(db);
      await rebuildModerationLog(db);
    } else {
      await alterIdeas(db);
      await alterModerationLog(db);
    }

    // Live = shown or waiting: a hidden or merged idea's text may be posted again.
    await db.schema
      .createIndex('ideas_live_text_unique')
      .on('ideas')
      .columns(['space_id', 'text_key'])
      .unique()
      .where(sql<boolean>`status in ('approved', 'pending')`)
      .execute();
    // A post sent again (lost answer, offline outbox) is found, and never stored twice even by concurrent sends.
    await db.schema
      .createIndex('ideas_request_unique')
      .on('ideas')
      .columns(['space_id', 'author_id', 'request_id'])
      .unique()
      .where(sql.ref('request_id'), 'is not', null)
      .execute();
    await db.schema.createIndex('ideas_by_author').on('ideas').columns(['space_id', 'author_id', 'text_key']).execute();

    await db.schema
      .createTable('supports')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('supports_pk', ['idea_id', 'participant_id'])
      .execute();
    await db.schema.createIndex('supports_by_space').on('supports').columns(['space_id', 'participant_id']).execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('reports_once', ['idea_id', 'participant_id'])
      .execute();
    await db.schema.createIndex('reports_by_space').on('reports').columns(['space_id', 'idea_id']).execute();

    if (sqlite) {
      const broken = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) {
        throw new Error(`rebuilding tables broke ${broken.rows.length} foreign key reference(s): ${JSON.stringify(broken.rows[0])}`);
      }
    }
  },

  async down() {
    throw new Error('migration 0002-board cannot be undone: restore a backup of the data file instead');
  },
};

const STATUS_CHECK = sql<boolean>`status in ('approved', 'pending', 'hidden', 'merged')`;

/** 0001 logged the status set; 0002 logs actions. */
const ACTION_OF_OLD_ENTRY: RawBuilder<string> = sql`case when action = 'hidden' then 'hide' when previous_status = 'hidden' then 'restore' else 'approve' end`;
const DETAIL_OF_OLD_ENTRY: RawBuilder<string> = sql`'{"previousStatus":"' || previous_status || '"}'`;

const OLD_IDEA_COLUMNS = ['id', 'space_id', 'text', 'text_key', 'status', 'author_id', 'created_at', 'moderated_at'] as const;

async function rebuildIdeas(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ideas_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('participants.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('moderated_at', 'text')
    .addColumn('description', 'text')
    .addColumn('category', 'text')
    .addColumn('author_name', 'text')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'text')
    // Named "ideas": after the rename below it points at the table itself.
    .addColumn('merged_into', 'text', (c) => c.references('ideas.id'))
    .addColumn('request_id', 'text')
    .addCheckConstraint('ideas_status_known', STATUS_CHECK)
    .execute();
  await db
    .insertInto('ideas_next')
    .columns([...OLD_IDEA_COLUMNS])
    .expression(db.selectFrom('ideas').select([...OLD_IDEA_COLUMNS]))
    .execute();
  await db.schema.dropTable('ideas').execute();
  await db.schema.alterTable('ideas_next').renameTo('ideas').execute();
  await db.schema.createIndex('ideas_by_space_status').on('ideas').columns(['space_id', 'status']).execute();
}

async function alterIdeas(db: Kysely<any>): Promise<void> {
  for (const name of ['description', 'category', 'author_name', 'edited_at', 'request_id']) {
    await db.schema.alterTable('ideas').addColumn(name, 'text').execute();
  }
  await db.schema
    .alterTable('ideas')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('ideas')
    .addColumn('merged_into', 'text', (c) => c.references('ideas.id'))
    .execute();
  await db.schema.alterTable('ideas').dropConstraint('ideas_status_known').execute();
  await db.schema.alterTable('ideas').addCheckConstraint('ideas_status_known', STATUS_CHECK).execute();
  await db.schema.dropIndex('ideas_live_text_unique').execute();
}

async function rebuildModerationLog(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_log_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('idea_id', 'text', (c) => c.references('ideas.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull().defaultTo('facilitator'))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('moderation_log_next')
    .columns(['id', 'space_id', 'idea_id', 'action', 'actor', 'detail', 'at'])
    .expression(
      db
        .selectFrom('moderation_log')
        .select([
          'id',
          'space_id',
          'idea_id',
          ACTION_OF_OLD_ENTRY.as('action'),
          sql<string>`'facilitator'`.as('actor'),
          DETAIL_OF_OLD_ENTRY.as('detail'),
          'at',
        ]),
    )
    .execute();
  await db.schema.dropTable('moderation_log').execute();
  await db.schema.alterTable('moderation_log_next').renameTo('moderation_log').execute();
  await db.schema.createIndex('moderation_log_by_space').on('moderation_log').columns(['space_id', 'at']).execute();
}

async function alterModerationLog(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('moderation_log')
    .addColumn('actor', 'text', (c) => c.notNull().defaultTo('facilitator'))
    .execute();
  await db.schema
    .alterTable('moderation_log')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('moderation_log')
    .alterColumn('idea_id', (c) => c.dropNotNull())
    .execute();
  await db.updateTable('moderation_log').set({ action: ACTION_OF_OLD_ENTRY, detail: DETAIL_OF_OLD_ENTRY }).execute();
  await db.schema.alterTable('moderation_log').dropColumn('previous_status').execute();
}
