/**
 * Badges: a space's definitions, the rules that earn them as activity happens, awards and revocations by hand, and
 * the Open Badges 3.0 credentials issued for them. A badge is issued at most once per participant while an award of
 * it stands (a unique constraint, so two nodes cannot both issue it), inside the transaction that also takes its
 * status list index; the rules issue a badge once, and never again after it was revoked or expired: from then on
 * only a facilitator awards it again, by hand.
 */
import { randomUUID } from 'node:crypto';
import {
  type Achievement,
  type AwardBody,
  type AwardStatus,
  type Badge,
  type BadgeAward,
  type BadgeBody,
  type BadgeProgress,
  type BadgeRoster,
  type BadgeRuleKind,
  BADGES_PER_SPACE_MAX,
  type IssuerBody,
  type IssuerProfile,
  type MyBadges,
  type RevokeBody,
  STATUS_LIST_LENGTH,
} from '@tori/protocol';
import { type Activity, activityInSpace, activityOf, awardedEvidence, evidenceOf, progressOf, rulesMet } from './badge-rules.js';
import { achievementOf, badgeUrls, credentialPayload, issuerProfile, statusListPayload } from './credentials.js';
import { ApiError, conflict, notFound } from './errors.js';
import type { CountedActivity } from './events.js';
import type { SigningKeys } from './signing-keys.js';
import { emptyStatusList, randomStatusIndex, withRevoked } from './status-list.js';
import {
  type AwardRecord,
  type BadgeRecord,
  type EvidenceRecord,
  type IssuerRecord,
  type SpaceRecord,
  type Storage,
  UniqueViolation,
} from './storage/index.js';

/** What the badges tell the live layer: each to the participant's own sockets, a changed definition to the space. */
export interface BadgeEvents {
  badgeAwarded(participantId: string, spaceId: string, award: BadgeAward, badge: Badge): void;
  badgeRevoked(participantId: string, spaceId: string, award: BadgeAward): void;
  /** A counted activity moved the participant's progress. */
  progressed(participantId: string, spaceId: string): void;
  /** A badge of the space was created or changed (on this node): the other nodes forget their cached definitions. */
  badgesDefined(spaceId: string): void;
}

export const quietBadgeEvents: BadgeEvents = { badgeAwarded() {}, badgeRevoked() {}, progressed() {}, badgesDefined() {} };

export interface BadgeService {
  mine(space: SpaceRecord, participantId: string): Promise<MyBadges>;
  /** Creates or changes a badge, then evaluates everyone with activity against it; answers once they are. */
  define(space: SpaceRecord, badgeId: string, body: BadgeBody): Promise<{ badge: Badge; created: boolean }>;
  list(space: SpaceRecord): Promise<Badge[]>;
  issuer(space: SpaceRecord): Promise<IssuerProfile>;
  setIssuer(space: SpaceRecord, body: IssuerBody): Promise<IssuerProfile>;
  achievement(space: SpaceRecord, badgeId: string): Promise<Achievement>;
  /** The space's status list, signed (VC-JWT). */
  statusList(space: SpaceRecord): Promise<string>;
  /** One issued credential (VC-JWT) by its UUID; revoked ones too (the status list says so). */
  credential(space: SpaceRecord, credentialId: string): Promise<string>;
  jwks(): ReturnType<SigningKeys['jwks']>;
  roster(space: SpaceRecord): Promise<BadgeRoster>;
  award(space: SpaceRecord, badgeId: string, body: AwardBody): Promise<BadgeAward>;
  revoke(space: SpaceRecord, credentialId: string, body: RevokeBody): Promise<BadgeAward>;
  /**
   * A counted activity of the participant committed. Returns at once: the rules are evaluated afterwards, so the
   * activity's own answer never waits for them or fails because of them.
   */
  counted(spaceId: string, participantId: string, activity: CountedActivity): void;
  /** Another node changed the space's badges: read them again at the next activity. */
  forget(spaceId: string): void;
  /** Resolves when every evaluation started so far has finished. */
  settle(): Promise<void>;
}

export interface BadgeOptions {
  /** The server's public base URL (no trailing slash), read at each use: it is known only once the server listens. */
  publicUrl: () => string;
  now: () => Date;
  log: { error(detail: object, message: string): void };
}

/** How long a space's badge definitions are trusted from memory: a vote in a space without badges reads nothing. */
const DEFINITIONS_TTL_MS = 5_000;
const DAY_MS = 86_400_000;

/** Which rule kinds an activity can move. */
const KINDS_MOVED: Record<CountedActivity, readonly BadgeRuleKind[]> = {
  reflection_saved: ['reflected_modules'],
  post_created: ['discussion_posts', 'discussion_topics'],
  vote_cast: ['duel_votes'],
  idea_posted: ['ideas_posted'],
};

export function createBadges(storage: Storage, keys: SigningKeys, events: BadgeEvents, options: BadgeOptions): BadgeService {
  const { now, log } = options;
  const base = () => options.publicUrl();

  // ---- definitions, cached per space for the activity path -------------------------------------------------------
  const definitions = new Map<string, { at: number; badges: BadgeRecord[] | null; loading: Promise<BadgeRecord[]> }>();
  function activeBadges(spaceId: string): BadgeRecord[] | Promise<BadgeRecord[]> {
    const cached = definitions.get(spaceId);
    if (cached && Date.now() - cached.at < DEFINITIONS_TTL_MS) return cached.badges ?? cached.loading;
    const entry = { at: Date.now(), badges: null as BadgeRecord[] | null, loading: Promise.resolve([] as BadgeRecord[]) };
    entry.loading = storage.badges.list(spaceId).then(
      (all) => (entry.badges = all.filter((badge) => badge.active && badge.rules.length > 0)),
      (error: unknown) => {
        definitions.delete(spaceId);
        throw error;
      },
    );
    definitions.set(spaceId, entry);
    return entry.loading;
  }

  // ---- evaluation, one at a time per participant and space ---------------------------------------------------------
  const running = new Map<string, { again: boolean; done: Promise<void> }>();
  function evaluate(spaceId: string, participantId: string): Promise<void> {
    const key = `${spaceId}\u0000${participantId}`;
    const current = running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          try {
            await earnWhatIsMet(spaceId, participantId);
          } catch (error) {
            // Nothing is lost: the counts stay, and the next activity evaluates them again.
            log.error({ err: error, spaceId }, 'badge evaluation failed');
          }
        } while (entry.again);
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, entry);
    return entry.done;
  }

  async function earnWhatIsMet(spaceId: string, participantId: string): Promise<void> {
    const badges = await activeBadges(spaceId);
    if (badges.length === 0) return;
    const issued = await storage.badges.badgesEverIssued(spaceId, participantId);
    const open = badges.filter((badge) => !issued.has(badge.id));
    if (open.length > 0) {
      const activity = await activityOf(storage, spaceId, participantId);
      for (const badge of open) {
        const progress = progressOf(badge.rules, activity);
        if (!rulesMet(progress)) continue;
        const earned = await issue(badge, participantId, { how: 'earned', reason: null, evidence: evidenceOf(progress, activity) });
        if (earned) events.badgeAwarded(participantId, spaceId, earned, toBadge(badge));
      }
    }
    events.progressed(participantId, spaceId);
  }

  // ---- issuing ----------------------------------------------------------------------------------------------------
  interface Grant {
    how: 'earned' | 'awarded';
    reason: string | null;
    evidence: EvidenceRecord[];
  }

  /** Issues the credential; null when the rules' badge was issued to them meanwhile (here or on another node). */
  async function issue(badge: BadgeRecord, participantId: string, grant: Grant): Promise<BadgeAward | null> {
    const at = now();
    let record: AwardRecord | null;
    try {
      record = await storage.transaction(async (tx) => {
        if (grant.how === 'earned') {
          if ((await tx.badges.badgesEverIssued(badge.spaceId, participantId)).has(badge.id)) return null;
        } else {
          const standing = await tx.badges.standingAward(badge.spaceId, badge.id, participantId);
          if (standing && statusOf(standing, at) === 'active') {
            throw conflict(`This participant already holds "${badge.name}" (credential urn:uuid:${standing.credentialId}); revoke it first to award it again.`);
          }
          // Expired: it stays in their list, and a new one stands in its place.
          if (standing) await tx.badges.setAside(badge.spaceId, standing.credentialId);
        }
        const statusIndex = await freeStatusIndex(tx, badge.spaceId);
        if (!(await tx.badges.statusList(badge.spaceId))) {
          await tx.badges.putStatusList({ spaceId: badge.spaceId, encodedList: emptyStatusList(), updatedAt: at.toISOString() });
        }
        await tx.participants.ensure(participantId, at.toISOString());
        const issuer = await issuerOf(tx, badge.spaceId);
        const profile = await tx.profiles.get(badge.spaceId, participantId);
        const draft = {
          credentialId: randomUUID(),
          participantId,
          statusIndex,
          issuedAt: at.toISOString(),
          validUntil: badge.validForDays === null ? null : new Date(at.getTime() + badge.validForDays * DAY_MS).toISOString(),
          evidence: grant.evidence,
        };
        const payload = credentialPayload({ base: base(), badge, issuer, award: draft, displayName: profile?.displayName ?? null });
        const award: AwardRecord = {
          ...draft,
          spaceId: badge.spaceId,
          badgeId: badge.id,
          standing: true,
          how: grant.how,
          reason: grant.reason,
          jwt: await keys.sign(payload, badgeUrls(base(), badge.spaceId).key),
          revokedAt: null,
          revokedReason: null,
        };
        await tx.badges.insertAward(award);
        return award;
      });
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      // Another node issued the same badge to them in the same moment: theirs stands.
      if (grant.how === 'earned') return null;
      throw conflict('This participant was awarded this badge a moment ago.');
    }
    return record && toAward(record, at);
  }

  /** A random free place on the space's list, found inside the issuing transaction, so no two credentials share one. */
  async function freeStatusIndex(tx: Storage, spaceId: string): Promise<number> {
    if ((await tx.badges.awardCount(spaceId)) >= STATUS_LIST_LENGTH / 2) {
      throw new ApiError(409, 'conflict', `Space "${spaceId}" has issued as many credentials as its status list holds.`);
    }
    for (;;) {
      const index = randomStatusIndex();
      if (!(await tx.badges.statusIndexTaken(spaceId, index))) return index;
    }
  }

  async function issuerOf(tx: Storage, spaceId: string): Promise<Pick<IssuerRecord, 'name' | 'url' | 'email'>> {
    const stored = await tx.badges.issuer(spaceId);
    if (stored) return stored;
    const space = await tx.spaces.get(spaceId);
    return { name: space?.title ?? spaceId, url: null, email: null };
  }

  // ---- reading ----------------------------------------------------------------------------------------------------
  function statusOf(award: AwardRecord, at: Date): AwardStatus {
    if (award.revokedAt !== null) return 'revoked';
    if (award.validUntil !== null && Date.parse(award.validUntil) <= at.getTime()) return 'expired';
    return 'active';
  }

  function toAward(record: AwardRecord, at: Date): BadgeAward {
    return {
      credentialId: `urn:uuid:${record.credentialId}`,
      badgeId: record.badgeId,
      how: record.how,
      reason: record.reason,
      issuedAt: record.issuedAt,
      validUntil: record.validUntil,
      status: statusOf(record, at),
      revokedAt: record.revokedAt,
      revokedReason: record.revokedReason,
      evidence: record.evidence.map((entry) => entry.narrative),
      jwt: record.jwt,
      credentialUrl: badgeUrls(base(), record.spaceId).credential(record.credentialId),
    };
  }

  function toBadge(record: BadgeRecord): Badge {
    return {
      id: record.id,
      spaceId: record.spaceId,
      name: record.name,
      description: record.description,
      image: record.image,
      imageAlt: record.imageAlt,
      criteria: record.criteria,
      rules: record.rules,
      validForDays: record.validForDays,
      active: record.active,
      achievementId: badgeUrls(base(), record.spaceId).achievement(record.id),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  function progressFor(badges: BadgeRecord[], activity: Activity, awards: AwardRecord[], at: Date): BadgeProgress[] {
    return badges.map((badge) => ({
      badgeId: badge.id,
      rules: progressOf(badge.rules, activity),
      earned: awards.some((award) => award.badgeId === badge.id && statusOf(award, at) === 'active'),
    }));
  }

  async function badgeOf(space: SpaceRecord, badgeId: string): Promise<BadgeRecord> {
    const badge = await storage.badges.get(space.id, badgeId);
    if (!badge) throw notFound(`There is no badge "${badgeId}" in space "${space.id}".`);
    return badge;
  }

  const signedLists = new Map<string, { key: string; jwt: string }>();

  return {
    async mine(space, participantId) {
      const at = now();
      const all = await storage.badges.list(space.id);
      const awards = await storage.badges.awardsOf(space.id, participantId);
      const held = new Set(awards.map((award) => award.badgeId));
      // The active badges, and any other the participant holds a credential of, so every award has its badge beside it.
      const badges = all.filter((badge) => badge.active || held.has(badge.id));
      const activity = await activityOf(storage, space.id, participantId);
      return {
        issuer: await this.issuer(space),
        badges: badges.map(toBadge),
        progress: progressFor(badges, activity, awards, at),
        awards: awards.map((award) => toAward(award, at)),
      };
    },

    async define(space, badgeId, body) {
      const at = now().toISOString();
      const { record, created } = await storage.transaction(async (tx) => {
        const before = await tx.badges.get(space.id, badgeId);
        if (!before && (await tx.badges.count(space.id)) >= BADGES_PER_SPACE_MAX) {
          throw conflict(`A space has at most ${BADGES_PER_SPACE_MAX} badges; change one of them or set it inactive.`);
        }
        const record: BadgeRecord = {
          spaceId: space.id,
          id: badgeId,
          name: body.name,
          description: body.description,
          image: body.image,
          imageAlt: body.imageAlt ?? body.name,
          criteria: body.criteria,
          rules: body.rules.map((rule) => ({ kind: rule.kind, count: rule.count })),
          validForDays: body.validForDays ?? null,
          active: body.active ?? true,
          createdAt: before?.createdAt ?? at,
          updatedAt: at,
        };
        await tx.badges.put(record);
        return { record, created: !before };
      });
      this.forget(space.id);
      events.badgesDefined(space.id);
      if (record.active && record.rules.length > 0) {
        const everyone = await activityInSpace(storage, space.id);
        // One after another: a course of hundreds would otherwise take every connection of the pool at once.
        for (const participantId of everyone.keys()) await evaluate(space.id, participantId);
      }
      return { badge: toBadge(record), created };
    },

    async list(space) {
      return (await storage.badges.list(space.id)).map(toBadge);
    },

    async issuer(space) {
      return issuerProfile(base(), space.id, await issuerOf(storage, space.id));
    },

    async setIssuer(space, body) {
      const record: IssuerRecord = { spaceId: space.id, name: body.name, url: body.url ?? null, email: body.email ?? null, updatedAt: now().toISOString() };
      await storage.badges.putIssuer(record);
      return issuerProfile(base(), space.id, record);
    },

    async achievement(space, badgeId) {
      return achievementOf(base(), await badgeOf(space, badgeId));
    },

    async statusList(space) {
      const stored = await storage.badges.statusList(space.id);
      const encodedList = stored?.encodedList ?? emptyStatusList();
      const updatedAt = stored?.updatedAt ?? space.createdAt;
      // Signed again only when the list (or the public address) changed: a verifier's fetch costs no signature.
      const key = `${base()}|${updatedAt}|${encodedList}`;
      const cached = signedLists.get(space.id);
      if (cached?.key === key) return cached.jwt;
      const jwt = await keys.sign(statusListPayload(base(), space.id, encodedList, updatedAt), badgeUrls(base(), space.id).key);
      signedLists.set(space.id, { key, jwt });
      return jwt;
    },

    async credential(space, credentialId) {
      const award = await storage.badges.award(space.id, credentialId);
      if (!award) throw notFound(`There is no credential "urn:uuid:${credentialId}" in space "${space.id}".`);
      return award.jwt;
    },

    jwks: () => keys.jwks(),

    async roster(space) {
      const at = now();
      const badges = await storage.badges.list(space.id);
      const everyone = await activityInSpace(storage, space.id);
      const awards = await storage.badges.awardsInSpace(space.id);
      const byParticipant = new Map<string, AwardRecord[]>();
      for (const award of awards) {
        let list = byParticipant.get(award.participantId);
        if (!list) byParticipant.set(award.participantId, (list = []));
        list.push(award);
      }
      const ids = [...new Set([...everyone.keys(), ...byParticipant.keys()])];
      const modules = (await storage.journal.get(space.id))?.modules.length ?? 0;
      const participants: BadgeRoster['participants'] = [];
      for (const participantId of ids) {
        const activity = everyone.get(participantId) ?? (await activityOf(storage, space.id, participantId));
        const held = byParticipant.get(participantId) ?? [];
        const profile = await storage.profiles.get(space.id, participantId);
        participants.push({
          participantId,
          displayName: profile?.displayName ?? null,
          progress: progressFor(badges, { ...activity, modules }, held, at),
          awards: held.map((award) => {
            const { jwt: _jwt, ...shown } = toAward(award, at);
            return shown;
          }),
        });
      }
      participants.sort((a, b) => (a.displayName ?? '\uffff').localeCompare(b.displayName ?? '\uffff', 'fi') || a.participantId.localeCompare(b.participantId));
      return { badges: badges.map(toBadge), participants };
    },

    async award(space, badgeId, body) {
      const badge = await badgeOf(space, badgeId);
      if (!badge.active) throw conflict(`The badge "${badge.name}" is inactive: make it active again to award it.`);
      if (!(await storage.participants.exists(body.participantId))) {
        throw notFound(`There is no participant "${body.participantId}".`);
      }
      const award = (await issue(badge, body.participantId, { how: 'awarded', reason: body.reason, evidence: awardedEvidence(body.reason) }))!;
      events.badgeAwarded(body.participantId, space.id, award, toBadge(badge));
      return award;
    },

    async revoke(space, credentialId, body) {
      const at = now();
      const revoked = await storage.transaction(async (tx) => {
        const award = await tx.badges.award(space.id, credentialId);
        if (!award) throw notFound(`There is no credential "urn:uuid:${credentialId}" in space "${space.id}".`);
        if (award.revokedAt !== null) throw conflict(`This credential was revoked already, at ${award.revokedAt}.`);
        await tx.badges.revoke(space.id, credentialId, at.toISOString(), body.reason);
        // The bit flips in the same transaction that records the revocation: no moment where one says so and not the other.
        const list = await tx.badges.statusList(space.id);
        await tx.badges.putStatusList({
          spaceId: space.id,
          encodedList: withRevoked(list?.encodedList ?? emptyStatusList(), award.statusIndex),
          updatedAt: at.toISOString(),
        });
        return { ...award, standing: false, revokedAt: at.toISOString(), revokedReason: body.reason };
      });
      const award = toAward(revoked, at);
      events.badgeRevoked(revoked.participantId, space.id, award);
      return award;
    },

    counted(spaceId, participantId, activity) {
      const moved = KINDS_MOVED[activity];
      const consider = (badges: BadgeRecord[]) => {
        if (badges.some((badge) => badge.rules.some((rule) => moved.includes(rule.kind)))) void evaluate(spaceId, participantId);
      };
      try {
        const badges = activeBadges(spaceId);
        if (Array.isArray(badges)) consider(badges);
        else badges.then(consider, (error: unknown) => log.error({ err: error, spaceId }, 'badge definitions could not be read'));
      } catch (error) {
        log.error({ err: error, spaceId }, 'badge definitions could not be read');
      }
    },

    forget(spaceId) {
      definitions.delete(spaceId);
    },

    async settle() {
      while (running.size > 0) await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
