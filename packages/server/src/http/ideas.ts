import type { Idea, IdeaCreated } from '@tori/protocol';
import { entityIdSchema, ideaListQuerySchema, ideaModerationBodySchema, newIdeaBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors.js';
import type { Services } from './app.js';
import { adminKeyOf, optionalParticipantOf, parseBody, parseInput, participantOf, spaceOf } from './requests.js';

export function ideaRoutes(app: FastifyInstance, { spaces, ideas, participants }: Services): void {
  /** Everyone sees approved ideas; pending and hidden ones only with the facilitator key. */
  app.get('/api/spaces/:spaceId/ideas', async (request): Promise<{ ideas: Idea[] }> => {
    const space = spaceOf(request);
    const { status = 'approved' } = parseInput(ideaListQuerySchema, request.query, 'query');
    const key = adminKeyOf(request);
    if (key !== undefined || status !== 'approved') {
      if (key === undefined) throw forbidden(`Only the facilitator sees ideas with status "${status}": send the x-tori-key header.`);
      spaces.checkKey(space, key);
    }
    const viewerId = await optionalParticipantOf(request, participants);
    return { ideas: await ideas.list(space, status, viewerId) };
  });

  /** A participant adds an idea; with the facilitator key it is approved at once. */
  app.post('/api/spaces/:spaceId/ideas', async (request, reply) => {
    const space = spaceOf(request);
    const key = adminKeyOf(request);
    if (key !== undefined) spaces.checkKey(space, key);
    const participantId =
      key === undefined ? await participantOf(request, participants) : await optionalParticipantOf(request, participants);
    const { text } = parseBody(newIdeaBodySchema, request.body);
    const idea = await ideas.add(space, text, { participantId, facilitator: key !== undefined });
    const created: IdeaCreated = { idea };
    return reply.code(201).send(created);
  });

  app.patch('/api/spaces/:spaceId/ideas/:ideaId', async (request): Promise<Idea> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const { ideaId } = request.params as { ideaId: string };
    const id = parseInput(entityIdSchema, ideaId, 'idea id');
    const { status } = parseBody(ideaModerationBodySchema, request.body);
    return ideas.moderate(space, id, status);
  });
}
