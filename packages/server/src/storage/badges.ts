/** Badges, their issuer, the credentials issued, the status lists, the signing keys, and the counts rules read. */
import type { AwardHow, BadgeRule, BadgeRuleKind } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import { UniqueViolation, isUniqueViolation } from './records.js';
import type { Database } from './schema.js';

export interface BadgesTable {
  space_id: string;
  id: string;
  name: string;
  description: string;
  image: string;
  image_alt: string;
  criteria: string;
  /** JSON array of { kind, count }. */
  rules: string;
  valid_for_days: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface BadgeIssuersTable {
  space_id: string;
  name: string;
  url: string | null;
  email: string | null;
  updated_at: string;
}

export interface BadgeAwardsTable {
  credential_id: string;
  space_id: string;
  badge_id: string;
  participant_id: string;
  /** The participant while the award stands; null once revoked (or set aside for a new award after it expired). */
  holder_id: string | null;
  how: AwardHow;
  reason: string | null;
  status_index: number;
  /** JSON array of EvidenceRecord. */
  evidence: string;
  jwt: string;
  issued_at: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface BadgeStatusListsTable {
  space_id: string;
  encoded_list: string;
  updated_at: string;
}

export interface SigningKeysTable {
  kid: string;
  generation: number;
  algorithm: string;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
}

export interface BadgeTables {
  badges: BadgesTable;
  badge_issuers: BadgeIssuersTable;
  badge_awards: BadgeAwardsTable;
  badge_status_lists: BadgeStatusListsTable;
  signing_keys: SigningKeysTable;
}

export interface BadgeRecord {
  spaceId: string;
  id: string;
  name: string;
  description: string;
  image: string;
  imageAlt: string;
  criteria: string;
  rules: BadgeRule[];
  validForDays: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface IssuerRecord {
  spaceId: string;
  name: string;
  url: string | null;
  email: string | null;
  updatedAt: string;
}

/** One rule's progress at the moment of issue, and the sentence the credential says it with. */
export interface EvidenceRecord {
  kind: BadgeRuleKind | 'awarded';
  count: number;
  done: number;
  /** What `done` is out of, when there is such a number (the journal's modules). */
  total: number | null;
  narrative: string;
}

export interface AwardRecord {
  credentialId: string;
  spaceId: string;
  badgeId: string;
  participantId: string;
  /** False once revoked, or set aside for a new award after it expired. */
  standing: boolean;
  how: AwardHow;
  reason: string | null;
  statusIndex: number;
  evidence: EvidenceRecord[];
  jwt: string;
  issuedAt: string;
  validUntil: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface StatusListRecord {
  spaceId: string;
  encodedList: string;
  updatedAt: string;
}

export interface SigningKeyRecord {
  kid: string;
  generation: number;
  algorithm: string;
  publicJwk: string;
  privateJwk: string;
  createdAt: string;
}

/** What every rule kind counts for one participant; `modulesReflected` needs the journal, so it is counted apart. */
export type ActivityCounts = Record<Exclude<BadgeRuleKind, 'reflected_modules'>, number>;

export const NO_ACTIVITY: ActivityCounts = { discussion_posts: 0, discussion_topics: 0, duel_votes: 0, ideas_posted: 0 };

export function badgeQueries(db: Kysely<Database>) {
  return {
    async list(spaceId: string): Promise<BadgeRecord[]> {
      const rows = await db.selectFrom('badges').selectAll().where('space_id', '=', spaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toBadge);
    },

    async get(spaceId: string, badgeId: string): Promise<BadgeRecord | undefined> {
      const row = await db.selectFrom('badges').selectAll().where('space_id', '=', spaceId).where('id', '=', badgeId).executeTakeFirst();
      return row && toBadge(row);
    },

    async count(spaceId: string): Promise<number> {
      const row = await db
        .selectFrom('badges')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('space_id', '=', spaceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Creates or replaces a badge; its created_at stays the first one. */
    async put(badge: BadgeRecord): Promise<void> {
      const values = {
        name: badge.name,
        description: badge.description,
        image: badge.image,
        image_alt: badge.imageAlt,
        criteria: badge.criteria,
        rules: JSON.stringify(badge.rules),
        valid_for_days: badge.validForDays,
        active: badge.active ? 1 : 0,
        updated_at: badge.updatedAt,
      };
      await db
        .insertInto('badges')
        .values({ space_id: badge.spaceId, id: badge.id, created_at: badge.createdAt, ...values })
        .onConflict((oc) => oc.columns(['space_id', 'id']).doUpdateSet(values))
        .execute();
    },

    async issuer(spaceId: string): Promise<IssuerRecord | undefined> {
      const row = await db.selectFrom('badge_issuers').selectAll().where('space_id', '=', spaceId).executeTakeFirst();
      return row && { spaceId: row.space_id, name: row.name, url: row.url, email: row.email, updatedAt: row.updated_at };
    },

    async putIssuer(issuer: IssuerRecord): Promise<void> {
      const values = { name: issuer.name, url: issuer.url, email: issuer.email, updated_at: issuer.updatedAt };
      await db
        .insertInto('badge_issuers')
        .values({ space_id: issuer.spaceId, ...values })
        .onConflict((oc) => oc.column('space_id').doUpdateSet(values))
        .execute();
    },

    /** A UniqueViolation when the participant already holds a standing award of the badge, or the index is taken. */
    async insertAward(award: AwardRecord): Promise<void> {
      try {
        await db
          .insertInto('badge_awards')
          .values({
            credential_id: award.credentialId,
            space_id: award.spaceId,
            badge_id: award.badgeId,
            participant_id: award.participantId,
            holder_id: award.standing ? award.participantId : null,
            how: award.how,
            reason: award.reason,
            status_index: award.statusIndex,
            evidence: JSON.stringify(award.evidence),
            jwt: award.jwt,
            issued_at: award.issuedAt,
            valid_until: award.validUntil,
            revoked_at: award.revokedAt,
            revoked_reason: award.revokedReason,
          })
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
    },

    async award(spaceId: string, credentialId: string): Promise<AwardRecord | undefined> {
      const row = await db
        .selectFrom('badge_awards')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return row && toAward(row);
    },

    /** Newest first. */
    async awardsOf(spaceId: string, participantId: string): Promise<AwardRecord[]> {
      const rows = await db
        .selectFrom('badge_awards')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .orderBy('issued_at', 'desc')
        .orderBy('credential_id')
        .execute();
      return rows.map(toAward);
    },

    /** Newest first. */
    async awardsInSpace(spaceId: string): Promise<AwardRecord[]> {
      const rows = await db
        .selectFrom('badge_awards')
        .selectAll()
        .where('space_id', '=', spaceId)
        .orderBy('issued_at', 'desc')
        .orderBy('credential_id')
        .execute();
      return rows.map(toAward);
    },

    /** Which badges the participant has ever been issued (standing, expired or revoked). */
    async badgesEverIssued(spaceId: string, participantId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('badge_awards')
        .select('badge_id')
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .execute();
      return new Set(rows.map((row) => row.badge_id));
    },

    async standingAward(spaceId: string, badgeId: string, participantId: string): Promise<AwardRecord | undefined> {
      const row = await db
        .selectFrom('badge_awards')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('badge_id', '=', badgeId)
        .where('holder_id', '=', participantId)
        .executeTakeFirst();
      return row && toAward(row);
    },

    async statusIndexTaken(spaceId: string, index: number): Promise<boolean> {
      const row = await db
        .selectFrom('badge_awards')
        .select('credential_id')
        .where('space_id', '=', spaceId)
        .where('status_index', '=', index)
        .executeTakeFirst();
      return row !== undefined;
    },

    async awardCount(spaceId: string): Promise<number> {
      const row = await db
        .selectFrom('badge_awards')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('space_id', '=', spaceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Records the revocation unless it was revoked already (false then); the award stops standing. */
    async revoke(spaceId: string, credentialId: string, at: string, reason: string): Promise<boolean> {
      const result = await db
        .updateTable('badge_awards')
        .set({ holder_id: null, revoked_at: at, revoked_reason: reason })
        .where('space_id', '=', spaceId)
        .where('credential_id', '=', credentialId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** An expired award steps aside so a new one of the same badge can stand; it stays in the holder's list. */
    async setAside(spaceId: string, credentialId: string): Promise<void> {
      await db
        .updateTable('badge_awards')
        .set({ holder_id: null })
        .where('space_id', '=', spaceId)
        .where('credential_id', '=', credentialId)
        .execute();
    },

    async statusList(spaceId: string): Promise<StatusListRecord | undefined> {
      const row = await db.selectFrom('badge_status_lists').selectAll().where('space_id', '=', spaceId).executeTakeFirst();
      return row && { spaceId: row.space_id, encodedList: row.encoded_list, updatedAt: row.updated_at };
    },

    async putStatusList(list: StatusListRecord): Promise<void> {
      const values = { encoded_list: list.encodedList, updated_at: list.updatedAt };
      await db
        .insertInto('badge_status_lists')
        .values({ space_id: list.spaceId, ...values })
        .onConflict((oc) => oc.column('space_id').doUpdateSet(values))
        .execute();
    },

    /** The key of the newest generation, the one that signs. */
    async signingKey(): Promise<SigningKeyRecord | undefined> {
      const row = await db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').limit(1).executeTakeFirst();
      return row && toKey(row);
    },

    /** Every key, newest first: all of them are published, so credentials signed before a rotation still verify. */
    async signingKeys(): Promise<SigningKeyRecord[]> {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').execute();
      return rows.map(toKey);
    },

    /** Stores the key unless its generation has one already (another node's first start won): false then. */
    async insertSigningKey(key: SigningKeyRecord): Promise<boolean> {
      const result = await db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          generation: key.generation,
          algorithm: key.algorithm,
          public_jwk: key.publicJwk,
          private_jwk: key.privateJwk,
          created_at: key.createdAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** What each participant did in the space (everyone, or one), as the rules count it. */
    async activity(spaceId: string, participantId?: string): Promise<Map<string, ActivityCounts>> {
      const counts = new Map<string, ActivityCounts>();
      const of = (id: string) => {
        let entry = counts.get(id);
        if (!entry) counts.set(id, (entry = { ...NO_ACTIVITY }));
        return entry;
      };
      let posts = db
        .selectFrom('posts')
        .select((eb) => ['author_id', eb.fn.countAll<number>().as('posts'), eb.fn.count<number>('topic_id').distinct().as('topics')])
        .where('space_id', '=', spaceId)
        .where('status', '=', 'visible')
        .where('deleted', '=', 0)
        .groupBy('author_id');
      if (participantId !== undefined) posts = posts.where('author_id', '=', participantId);
      for (const row of await posts.execute()) {
        of(row.author_id).discussion_posts = Number(row.posts);
        of(row.author_id).discussion_topics = Number(row.topics);
      }
      let votes = db.selectFrom('answer_counts').select(['participant_id', 'votes']).where('space_id', '=', spaceId).where('votes', '>', 0);
      if (participantId !== undefined) votes = votes.where('participant_id', '=', participantId);
      for (const row of await votes.execute()) of(row.participant_id).duel_votes = Number(row.votes);
      let ideas = db
        .selectFrom('ideas')
        .select((eb) => ['author_id', eb.fn.countAll<number>().as('n')])
        .where('space_id', '=', spaceId)
        .where('status', '!=', 'hidden')
        .where('author_id', 'is not', null)
        .groupBy('author_id');
      if (participantId !== undefined) ideas = ideas.where('author_id', '=', participantId);
      for (const row of await ideas.execute()) of(row.author_id!).ideas_posted = Number(row.n);
      return counts;
    },

    /** Prompts with a reflection that is not empty, per participant (everyone, or one): ids only, never a body. */
    async promptsWritten(spaceId: string, participantId?: string): Promise<Map<string, Set<string>>> {
      let query = db.selectFrom('reflections').select(['participant_id', 'prompt_id']).where('space_id', '=', spaceId).where('body', '!=', '');
      if (participantId !== undefined) query = query.where('participant_id', '=', participantId);
      const written = new Map<string, Set<string>>();
      for (const row of await query.execute()) {
        let prompts = written.get(row.participant_id);
        if (!prompts) written.set(row.participant_id, (prompts = new Set()));
        prompts.add(row.prompt_id);
      }
      return written;
    },
  };
}

function toBadge(row: Selectable<BadgesTable>): BadgeRecord {
  return {
    spaceId: row.space_id,
    id: row.id,
    name: row.name,
    description: row.description,
    image: row.image,
    imageAlt: row.image_alt,
    criteria: row.criteria,
    rules: parseList<BadgeRule>(row.rules),
    validForDays: row.valid_for_days === null ? null : Number(row.valid_for_days),
    active: Boolean(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAward(row: Selectable<BadgeAwardsTable>): AwardRecord {
  return {
    credentialId: row.credential_id,
    spaceId: row.space_id,
    badgeId: row.badge_id,
    participantId: row.participant_id,
    standing: row.holder_id !== null,
    how: row.how,
    reason: row.reason,
    statusIndex: Number(row.status_index),
    evidence: parseList<EvidenceRecord>(row.evidence),
    jwt: row.jwt,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  };
}

function toKey(row: Selectable<SigningKeysTable>): SigningKeyRecord {
  return {
    kid: row.kid,
    generation: Number(row.generation),
    algorithm: row.algorithm,
    publicJwk: row.public_jwk,
    privateJwk: row.private_jwk,
    createdAt: row.created_at,
  };
}

function parseList<T>(json: string): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return []; // a damaged row shows nothing rather than failing every participant's page
  }
}
