import type { Board, ModeratedIdea, ModerationView, ReportAck, SupportAck } from '@tori/protocol';
import { mergeBodySchema, reportBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { ideaIdOf } from './ideas.js';
import { adminKeyOf, emptyBodySchema, moderatorOf, optionalParticipantOf, parseBody, participantOf, spaceOf } from './requests.js';

export function boardRoutes(app: FastifyInstance, { spaces, board, moderation, participants }: Services): void {
  /** Anyone may look; with a participant token the answer marks their ideas and supports, and adds their pending ones. */
  app.get('/api/spaces/:spaceId/board', async (request): Promise<Board> => {
    const space = spaceOf(request);
    return board.view(space, await optionalParticipantOf(request, participants));
  });

  const support = (supported: boolean) => async (request: FastifyRequest): Promise<SupportAck> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const ideaId = ideaIdOf(request);
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    return board.support(space, ideaId, participantId, supported);
  };
  app.put('/api/spaces/:spaceId/ideas/:ideaId/support', support(true));
  app.delete('/api/spaces/:spaceId/ideas/:ideaId/support', support(false));

  app.post('/api/spaces/:spaceId/ideas/:ideaId/reports', async (request, reply) => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const ideaId = ideaIdOf(request);
    const body = parseBody(reportBodySchema, request.body);
    const ack: ReportAck = await board.report(space, ideaId, participantId, body);
    return reply.code(ack.duplicate ? 200 : 201).send(ack);
  });

  app.post('/api/spaces/:spaceId/ideas/:ideaId/merge', async (request): Promise<ModeratedIdea> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const ideaId = ideaIdOf(request);
    const actor = moderatorOf(request);
    const { into } = parseBody(mergeBodySchema, request.body);
    return moderation.merge(space, ideaId, into, actor);
  });

  app.get('/api/spaces/:spaceId/board/moderation', async (request): Promise<ModerationView> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return moderation.view(space);
  });
}
