/**
 * Open Badges 3.0 documents: the addresses of a space's public badge documents, the issuer Profile, the Achievement,
 * the OpenBadgeCredential and the BitstringStatusListCredential, as JSON ready to sign as VC-JWT (OB 3.0 §8.2: the
 * payload is the credential itself, with the registered claims beside its members).
 */
import { createHash } from 'node:crypto';
import {
  type Achievement,
  OB3_CONTEXT,
  type IssuerProfile,
  type OpenBadgeCredential,
  type StatusListCredential,
} from '@tori/protocol';
import type { AwardRecord, BadgeRecord, IssuerRecord } from './storage/index.js';

/** Where a space's public documents are, under the server's public base URL (no trailing slash). */
export function badgeUrls(base: string, spaceId: string) {
  const space = `${base}/api/spaces/${encodeURIComponent(spaceId)}`;
  return {
    issuer: `${space}/issuer`,
    achievement: (badgeId: string) => `${space}/badges/${encodeURIComponent(badgeId)}/achievement`,
    statusList: `${space}/status-list`,
    credential: (credentialId: string) => `${space}/credentials/${credentialId}`,
    jwks: `${base}/.well-known/jwks.json`,
    key: (kid: string) => `${base}/.well-known/jwks.json#${kid}`,
  };
}

export function issuerProfile(base: string, spaceId: string, issuer: Pick<IssuerRecord, 'name' | 'url' | 'email'>): IssuerProfile {
  return {
    '@context': OB3_CONTEXT,
    id: badgeUrls(base, spaceId).issuer,
    type: ['Profile'],
    name: issuer.name,
    ...(issuer.url ? { url: issuer.url } : {}),
    ...(issuer.email ? { email: issuer.email } : {}),
  };
}

export function achievementOf(base: string, badge: BadgeRecord): Achievement {
  const id = badgeUrls(base, badge.spaceId).achievement(badge.id);
  return {
    id,
    type: ['Achievement'],
    name: badge.name,
    description: badge.description,
    criteria: { narrative: badge.criteria },
    // A data: URL is its own id; a web image is named by its address.
    image: { id: badge.image, type: 'Image', caption: badge.imageAlt },
  };
}

/**
 * The holder as the credential names them: a UUID derived from the space and the participant, so it is the same in
 * every credential of one space and says nothing that links it to the participant's other spaces.
 */
export function holderId(spaceId: string, participantId: string): string {
  const hex = createHash('sha256').update(`tori-holder\u0000${spaceId}\u0000${participantId}`).digest('hex');
  // Version 8 (custom) and the RFC 9562 variant bits.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface CredentialInput {
  base: string;
  badge: BadgeRecord;
  issuer: Pick<IssuerRecord, 'name' | 'url' | 'email'>;
  award: Pick<AwardRecord, 'credentialId' | 'participantId' | 'statusIndex' | 'issuedAt' | 'validUntil' | 'evidence'>;
  /** The holder's name in the space, when they gave one. */
  displayName: string | null;
}

/** The OpenBadgeCredential with its JWT claims, as it is signed. */
export function credentialPayload({ base, badge, issuer, award, displayName }: CredentialInput): OpenBadgeCredential & Record<string, unknown> {
  const urls = badgeUrls(base, badge.spaceId);
  const profile = issuerProfile(base, badge.spaceId, issuer);
  const id = `urn:uuid:${award.credentialId}`;
  const subjectId = holderId(badge.spaceId, award.participantId);
  const credential: OpenBadgeCredential = {
    '@context': OB3_CONTEXT,
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: profile.id, type: ['Profile'], name: profile.name, ...(profile.url ? { url: profile.url } : {}) },
    name: badge.name,
    validFrom: award.issuedAt,
    ...(award.validUntil ? { validUntil: award.validUntil } : {}),
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      ...(displayName ? { identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: displayName }] } : {}),
      achievement: achievementOf(base, badge),
    },
    ...(award.evidence.length > 0
      ? { evidence: award.evidence.map((entry) => ({ type: ['Evidence'] as ['Evidence'], name: entry.kind, narrative: entry.narrative })) }
      : {}),
    credentialStatus: {
      id: `${urls.statusList}#${award.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(award.statusIndex),
      statusListCredential: urls.statusList,
    },
  };
  return {
    ...credential,
    iss: profile.id,
    jti: id,
    sub: subjectId,
    nbf: seconds(award.issuedAt),
    ...(award.validUntil ? { exp: seconds(award.validUntil) } : {}),
  };
}

/** The space's BitstringStatusListCredential with its JWT claims, as it is signed. */
export function statusListPayload(base: string, spaceId: string, encodedList: string, updatedAt: string): StatusListCredential & Record<string, unknown> {
  const urls = badgeUrls(base, spaceId);
  const list: StatusListCredential = {
    '@context': [OB3_CONTEXT[0]],
    id: urls.statusList,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom: updatedAt,
    credentialSubject: { id: `${urls.statusList}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
  return { ...list, iss: urls.issuer, jti: urls.statusList, sub: list.credentialSubject.id, nbf: seconds(updatedAt) };
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
