/**
 * Badges: a space's badge definitions, the rules over recorded activity that earn them, and the Open Badges 3.0
 * credentials the server issues for them (an OpenBadgeCredential signed as VC-JWT, ES256, revocable through a
 * Bitstring Status List). Types and limits only; the validators are in `badge-schemas.ts`.
 */

export const BADGE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
export const BADGE_NAME_MAX = 120;
export const BADGE_DESCRIPTION_MAX = 2000;
export const BADGE_CRITERIA_MAX = 4000;
/** An image is an https: (or http://localhost) URL, or a data: URL of a PNG or SVG up to this many characters. */
export const BADGE_IMAGE_MAX = 96_000;
export const BADGE_IMAGE_ALT_MAX = 300;
export const BADGE_RULES_MAX = 5;
export const BADGE_RULE_COUNT_MAX = 10_000;
export const BADGES_PER_SPACE_MAX = 20;
export const BADGE_VALID_DAYS_MAX = 3650;
/** The reason a facilitator gives for awarding or revoking by hand. */
export const BADGE_REASON_MAX = 500;
export const ISSUER_NAME_MAX = 120;
/** Entries of one status list: the Bitstring Status List minimum (16 KB of bits), so a list says nothing about who. */
export const STATUS_LIST_LENGTH = 131_072;

/** JSON-LD contexts of an OpenBadgeCredential (VC Data Model 2.0 + Open Badges 3.0). */
export const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

/**
 * What a rule counts, in one space, for one participant:
 * - `reflected_modules`: journal modules whose every prompt has a reflection that is not empty;
 * - `discussion_posts`: visible posts and replies in the space's named discussions;
 * - `discussion_topics`: distinct discussions (topics) posted or replied in;
 * - `duel_votes`: duel votes cast (skips do not count);
 * - `ideas_posted`: ideas posted (on the board or in the duel) that are not hidden.
 */
export const BADGE_RULE_KINDS = [
  'reflected_modules',
  'discussion_posts',
  'discussion_topics',
  'duel_votes',
  'ideas_posted',
] as const;
export type BadgeRuleKind = (typeof BADGE_RULE_KINDS)[number];

/** "At least `count` of `kind`". A badge is earned when every one of its rules holds. */
export interface BadgeRule {
  kind: BadgeRuleKind;
  count: number;
}

/**
 * Body of the facilitator's `PUT /api/spaces/:spaceId/badges/:badgeId` (creates or changes a badge). Changing the
 * rules evaluates every participant again: whoever meets the new rules earns the badge then; nothing already
 * issued is taken back (revoking is a separate act with a reason).
 */
export interface BadgeBody {
  name: string;
  description: string;
  /** https: URL, or data:image/png|svg+xml;base64,… up to BADGE_IMAGE_MAX characters (embedded in the credential). */
  image: string;
  /** Text alternative of the image; defaults to the name. */
  imageAlt?: string;
  /** What a person does to earn it, in words (the credential's criteria narrative). */
  criteria: string;
  /** Empty: awarded by hand only. */
  rules: BadgeRule[];
  /** Days a credential is valid from its issue; null or absent: no end. */
  validForDays?: number | null;
  /** False: no longer earned or awarded; what was issued stays valid. Default true. */
  active?: boolean;
}

/** A badge as participants and facilitators see it. */
export interface Badge {
  id: string;
  spaceId: string;
  name: string;
  description: string;
  image: string;
  imageAlt: string;
  criteria: string;
  rules: BadgeRule[];
  validForDays: number | null;
  active: boolean;
  /** The Achievement's id in issued credentials: `GET` it for the Achievement JSON (public). */
  achievementId: string;
  createdAt: string;
  updatedAt: string;
}

/** Body of the facilitator's `PUT /api/spaces/:spaceId/issuer`: who issues the space's badges. Default: the space's title. */
export interface IssuerBody {
  name: string;
  /** The issuer's home page (https:). */
  url?: string | null;
  email?: string | null;
}

/**
 * Answer of `GET /api/spaces/:spaceId/issuer` (public, any origin): the Open Badges 3.0 issuer Profile. Its `id` is
 * the URL it is served at; the signing keys are at the same origin's `/.well-known/jwks.json`.
 */
export interface IssuerProfile {
  '@context': readonly string[];
  id: string;
  type: ['Profile'];
  name: string;
  url?: string;
  email?: string;
}

/** How far one rule has come for the asking participant; `done` may pass `count`. */
export interface BadgeRuleProgress {
  kind: BadgeRuleKind;
  count: number;
  done: number;
}

export interface BadgeProgress {
  badgeId: string;
  rules: BadgeRuleProgress[];
  /** True when an award of this badge is active (not revoked, not expired). */
  earned: boolean;
}

/** `earned`: the rules were met. `awarded`: a facilitator awarded it by hand, with a reason. */
export type AwardHow = 'earned' | 'awarded';
export type AwardStatus = 'active' | 'expired' | 'revoked';

/** One issued credential, as its holder (and the facilitator) sees it. */
export interface BadgeAward {
  /** The credential's id, `urn:uuid:…`. */
  credentialId: string;
  badgeId: string;
  how: AwardHow;
  /** The facilitator's reason for an award by hand; null when earned. */
  reason: string | null;
  /** The credential's validFrom. */
  issuedAt: string;
  validUntil: string | null;
  status: AwardStatus;
  revokedAt: string | null;
  revokedReason: string | null;
  /** What the participant did, as it stands in the credential's evidence, e.g. "Reflected on 5 of 6 modules". */
  evidence: string[];
  /** The signed credential (compact VC-JWT), to download and to verify. */
  jwt: string;
  /** Where anyone holding the link fetches the credential (`application/vc+jwt`, public, any origin). */
  credentialUrl: string;
}

/** Answer of `GET /api/spaces/:spaceId/badges` (participant token): the active badges, my progress and my awards. */
export interface MyBadges {
  issuer: IssuerProfile;
  /** The active badges, and any inactive one the participant holds a credential of (so every award has its badge). */
  badges: Badge[];
  progress: BadgeProgress[];
  /** Newest first, revoked and expired ones included. */
  awards: BadgeAward[];
}

/** Body of the facilitator's `POST /api/spaces/:spaceId/badges/:badgeId/awards`: an award by hand. */
export interface AwardBody {
  participantId: string;
  reason: string;
}

/** Body of the facilitator's `POST /api/spaces/:spaceId/awards/:credentialId/revoke`. */
export interface RevokeBody {
  reason: string;
}

/**
 * Answer of `GET /api/spaces/:spaceId/badges/roster` (facilitator key): everyone with recorded activity in the space,
 * with their progress and awards (without the JWTs), to award or revoke by hand.
 */
export interface BadgeRoster {
  badges: Badge[];
  participants: {
    participantId: string;
    /** Their name in the space, null before they gave one. */
    displayName: string | null;
    progress: BadgeProgress[];
    awards: Omit<BadgeAward, 'jwt'>[];
  }[];
}

/** The Achievement inside a credential (and at `Badge.achievementId`). */
export interface Achievement {
  id: string;
  type: ['Achievement'];
  name: string;
  description: string;
  criteria: { narrative: string };
  image: { id: string; type: 'Image'; caption?: string };
}

/**
 * The payload of a Tori VC-JWT: the OpenBadgeCredential itself with the registered claims `iss` (issuer.id), `jti`
 * (id), `sub` (credentialSubject.id), `nbf` (validFrom) and `exp` (validUntil, when there is one). Header:
 * `{ alg: 'ES256', typ: 'JWT', kid }`, where `kid` is `<origin>/.well-known/jwks.json#<JWK thumbprint>`.
 */
export interface OpenBadgeCredential {
  '@context': readonly string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string; url?: string };
  name: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    /** The holder's name in the space when they gave one (identityType `name`, not hashed: the course shows names). */
    identifier?: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: Achievement;
  };
  evidence?: { id?: string; type: ['Evidence']; name?: string; narrative: string }[];
  credentialStatus: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: 'revocation';
    statusListIndex: string;
    statusListCredential: string;
  };
  credentialSchema?: { id: string; type: '1EdTechJsonSchemaValidator2019' }[];
}

/**
 * The status list a credential points to (`GET /api/spaces/:spaceId/status-list`, public, any origin, answered as
 * `application/vc+jwt`: the compact JWS whose payload is this): a BitstringStatusListCredential signed as VC-JWT by the same key; `encodedList` is multibase base64url ("u" +
 * base64url, no padding) of the GZIP of STATUS_LIST_LENGTH bits, bit i (most significant first) set when revoked.
 */
export interface StatusListCredential {
  '@context': readonly string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
}

/** What the server pushes to one participant's own sockets (a socket that connected with their token). */
export interface BadgeServerEvents {
  /** Issued this moment: earned by the rules or awarded by hand. */
  'badge:awarded': (payload: { spaceId: string; award: BadgeAward; badge: Badge }) => void;
  /** Revoked by a facilitator. */
  'badge:revoked': (payload: { spaceId: string; award: BadgeAward }) => void;
  /**
   * Progress moved (a counted activity; to the participant's own sockets, at most about once a second) or a badge
   * was created or changed (to everyone following the space): fetch `GET /badges` again.
   */
  'badges:changed': (payload: { spaceId: string }) => void;
}
