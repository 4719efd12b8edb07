import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Badges: a space's badge definitions and issuer, the credentials issued for them, each space's revocation status
 * list, and the server's signing keys. New tables only, so SQLite and PostgreSQL run it alike.
 */
export const badges: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('badges')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('image', 'text', (c) => c.notNull())
      .addColumn('image_alt', 'text', (c) => c.notNull())
      .addColumn('criteria', 'text', (c) => c.notNull())
      // JSON array of { kind, count }: read and written whole, never queried inside.
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('valid_for_days', 'integer')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('badges_pk', ['space_id', 'id'])
      .execute();

    await db.schema
      .createTable('badge_issuers')
      .addColumn('space_id', 'text', (c) => c.primaryKey().references('spaces.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('email', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('badge_awards')
      // The UUID of the credential's urn:uuid: id.
      .addColumn('credential_id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('badge_id', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
      // The participant while the award stands (issued, not revoked): unique per badge, so no two can stand at once.
      .addColumn('holder_id', 'text')
      .addColumn('how', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('status_index', 'integer', (c) => c.notNull())
      // JSON array of { kind, count, done, total, narrative }: the rule progress at the moment of issue.
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('jwt', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .addForeignKeyConstraint('badge_awards_badge_fk', ['space_id', 'badge_id'], 'badges', ['space_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addUniqueConstraint('badge_awards_standing_unique', ['space_id', 'badge_id', 'holder_id'])
      .addUniqueConstraint('badge_awards_status_index_unique', ['space_id', 'status_index'])
      .execute();
    await db.schema.createIndex('badge_awards_by_participant').on('badge_awards').columns(['space_id', 'participant_id']).execute();

    await db.schema
      .createTable('badge_status_lists')
      .addColumn('space_id', 'text', (c) => c.primaryKey().references('spaces.id').onDelete('cascade'))
      // Multibase base64url of the GZIP of the bits, as the signed list carries it.
      .addColumn('encoded_list', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('signing_keys')
      // The RFC 7638 thumbprint of the public key: the `kid` in the JWKS.
      .addColumn('kid', 'text', (c) => c.primaryKey())
      // 1 for the first key, and one more for each rotation: two first starts race for generation 1, one wins.
      .addColumn('generation', 'integer', (c) => c.notNull().unique())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down() {
    throw new Error('migration 0005-badges cannot be undone: restore a backup of the data file instead');
  },
};
