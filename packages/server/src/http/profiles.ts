import type { HostLoginAnswer, IntegrationSecret, Profile } from '@tori/protocol';
import { hostLoginBodySchema, profileBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.js';
import type { Services } from './app.js';
import { adminKeyOf, emptyBodySchema, parseBody, participantOf, spaceOf } from './requests.js';

export function profileRoutes(app: FastifyInstance, { spaces, profiles, participants }: Services): void {
  app.get('/api/spaces/:spaceId/profile', async (request): Promise<Profile> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const profile = await profiles.get(space, participantId);
    if (!profile) throw notFound(`You have not given a name in space "${space.id}" yet.`);
    return profile;
  });

  app.put('/api/spaces/:spaceId/profile', async (request): Promise<Profile> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const body = parseBody(profileBodySchema, request.body);
    return profiles.put(space, participantId, body);
  });

  /** A new secret each time: the facilitator gives it to the host site's backend; the old one stops working. */
  app.post('/api/spaces/:spaceId/integration-secret', async (request, reply) => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    const secret: IntegrationSecret = await profiles.newIntegrationSecret(space);
    return reply.code(201).send(secret);
  });

  /** No participant token needed: the host's signed token is the proof, and the answer is the participant. */
  app.post('/api/spaces/:spaceId/host-login', async (request): Promise<HostLoginAnswer> => {
    const space = spaceOf(request);
    const { token } = parseBody(hostLoginBodySchema, request.body);
    return profiles.hostLogin(space, token);
  });
}
