import type { Idea, IdeaCreated, ModeratedIdea } from '@tori/protocol';
import { entityIdSchema, ideaListQuerySchema, ideaModerationBodySchema, newIdeaBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../errors.js';
import type { Services } from './app.js';
import { adminKeyOf, moderatorOf, optionalParticipantOf, parseBody, parseInput, participantOf, spaceOf } from './requests.js';

/** The `:ideaId` of an idea route. */
export function ideaIdOf(request: FastifyRequest): string {
  return parseInput(entityIdSchema, (request.params as { ideaId?: unknown }).ideaId, 'idea id');
}

export function ideaRoutes(app: FastifyInstance, { spaces, ideas, moderation, participants }: Services): void {
  /** Everyone sees approved ideas; the others only with the facilitator key. */
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

  /**
   * A participant adds an idea; with the facilitator key it is approved at once, even on a closed board.
   * 201 for a new idea, 200 with `duplicate: true` for a request id sent before.
   */
  app.post('/api/spaces/:spaceId/ideas', async (request, reply) => {
    const space = spaceOf(request);
    const key = adminKeyOf(request);
    if (key !== undefined) spaces.checkKey(space, key);
    const participantId =
      key === undefined ? await participantOf(request, participants) : await optionalParticipantOf(request, participants);
    const body = parseBody(newIdeaBodySchema, request.body);
    const created: IdeaCreated = await ideas.add(space, body, { participantId, facilitator: key !== undefined });
    return reply.code(created.duplicate ? 200 : 201).send(created);
  });

  /** The facilitator approves, hides, restores, corrects or pins; each change is logged with the moderator's name. */
  app.patch('/api/spaces/:spaceId/ideas/:ideaId', async (request): Promise<ModeratedIdea> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const ideaId = ideaIdOf(request);
    const actor = moderatorOf(request);
    const body = parseBody(ideaModerationBodySchema, request.body);
    return moderation.moderate(space, ideaId, body, actor);
  });
}
