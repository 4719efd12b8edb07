import type { FastifyInstance } from 'fastify';
import type { Services } from './app.js';
import { emptyBodySchema, parseBody } from './requests.js';

export function participantRoutes(app: FastifyInstance, { participants, storage }: Services): void {
  app.get('/api/health', async () => {
    await storage.ping();
    return { status: 'ok' };
  });

  app.post('/api/participants', async (request, reply) => {
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    return reply.code(201).send(await participants.issue());
  });
}
