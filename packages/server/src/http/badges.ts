import {
  type Achievement,
  BADGE_CRITERIA_MAX,
  BADGE_DESCRIPTION_MAX,
  BADGE_IMAGE_ALT_MAX,
  BADGE_IMAGE_MAX,
  BADGE_NAME_MAX,
  type BadgeAward,
  type BadgeRoster,
  type IssuerProfile,
  type MyBadges,
} from '@tori/protocol';
import { awardBodySchema, badgeBodySchema, badgeIdSchema, credentialIdSchema, issuerBodySchema, revokeBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { PUBLIC_DOCUMENT } from './cors.js';
import { adminKeyOf, parseBody, parseInput, participantOf, spaceOf } from './requests.js';

/** A badge at its largest: the image as a data: URL, and its texts in any script (3 bytes of UTF-8 a character). */
const BADGE_BODY_LIMIT = BADGE_IMAGE_MAX + 3 * (BADGE_NAME_MAX + BADGE_DESCRIPTION_MAX + BADGE_CRITERIA_MAX + BADGE_IMAGE_ALT_MAX) + 2048;

/** How long a verifier may keep a public document: keys, profiles and issued credentials change rarely or never. */
const DOCUMENT_MAX_AGE_S = 300;
/** A revocation should reach verifiers within a minute. */
const STATUS_LIST_MAX_AGE_S = 60;

const badgeIdOf = (request: FastifyRequest) => parseInput(badgeIdSchema, (request.params as { badgeId?: unknown }).badgeId, 'badge id');
const credentialIdOf = (request: FastifyRequest) =>
  parseInput(credentialIdSchema, (request.params as { credentialId?: unknown }).credentialId, 'credential id');

function publicDocument(reply: FastifyReply, type: string, maxAge: number) {
  return reply.type(type).header('cache-control', `public, max-age=${maxAge}`);
}

/**
 * The participant's badges come from the token only; the facilitator's acts need the space's key; the Open Badges
 * documents a credential points to are public (PUBLIC_DOCUMENT), readable from any origin without token or key.
 */
export function badgeRoutes(app: FastifyInstance, { spaces, badges, participants }: Services): void {
  app.get('/.well-known/jwks.json', PUBLIC_DOCUMENT, async (_request, reply) =>
    publicDocument(reply, 'application/jwk-set+json; charset=utf-8', DOCUMENT_MAX_AGE_S).send(await badges.jwks()),
  );

  app.get('/api/spaces/:spaceId/issuer', PUBLIC_DOCUMENT, async (request, reply) => {
    const profile: IssuerProfile = await badges.issuer(spaceOf(request));
    return publicDocument(reply, 'application/json; charset=utf-8', DOCUMENT_MAX_AGE_S).send(profile);
  });

  app.get('/api/spaces/:spaceId/badges/:badgeId/achievement', PUBLIC_DOCUMENT, async (request, reply) => {
    const achievement: Achievement = await badges.achievement(spaceOf(request), badgeIdOf(request));
    return publicDocument(reply, 'application/json; charset=utf-8', DOCUMENT_MAX_AGE_S).send(achievement);
  });

  app.get('/api/spaces/:spaceId/status-list', PUBLIC_DOCUMENT, async (request, reply) => {
    const jwt = await badges.statusList(spaceOf(request));
    return publicDocument(reply, 'application/vc+jwt', STATUS_LIST_MAX_AGE_S).send(jwt);
  });

  app.get('/api/spaces/:spaceId/credentials/:credentialId', PUBLIC_DOCUMENT, async (request, reply) => {
    const space = spaceOf(request);
    const jwt = await badges.credential(space, credentialIdOf(request));
    return publicDocument(reply, 'application/vc+jwt', DOCUMENT_MAX_AGE_S).send(jwt);
  });

  app.get('/api/spaces/:spaceId/badges', async (request, reply) => {
    const space = spaceOf(request);
    const mine: MyBadges = await badges.mine(space, await participantOf(request, participants));
    // It holds the participant's signed credentials: no shared cache keeps a copy.
    return reply.header('cache-control', 'no-store').send(mine);
  });

  app.get('/api/spaces/:spaceId/badges/roster', async (request): Promise<BadgeRoster> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return badges.roster(space);
  });

  /** Creates a badge (201) or changes it (200); whoever meets its rules by then has earned it when this answers. */
  app.put('/api/spaces/:spaceId/badges/:badgeId', { bodyLimit: BADGE_BODY_LIMIT }, async (request, reply) => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const badgeId = badgeIdOf(request);
    const { badge, created } = await badges.define(space, badgeId, parseBody(badgeBodySchema, request.body));
    return reply.code(created ? 201 : 200).send(badge);
  });

  app.put('/api/spaces/:spaceId/issuer', async (request): Promise<IssuerProfile> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return badges.setIssuer(space, parseBody(issuerBodySchema, request.body));
  });

  app.post('/api/spaces/:spaceId/badges/:badgeId/awards', async (request, reply) => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const badgeId = badgeIdOf(request);
    const award: BadgeAward = await badges.award(space, badgeId, parseBody(awardBodySchema, request.body));
    return reply.code(201).send(award);
  });

  app.post('/api/spaces/:spaceId/awards/:credentialId/revoke', async (request): Promise<BadgeAward> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const credentialId = credentialIdOf(request);
    return badges.revoke(space, credentialId, parseBody(revokeBodySchema, request.body));
  });
}
