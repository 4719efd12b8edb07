import type { AnswerAck, NextPair } from '@tori/protocol';
import { skipBodySchema, voteBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Answer } from '../duel.js';
import type { Services } from './app.js';
import { emptyBodySchema, parseBody, participantOf, spaceOf } from './requests.js';

export function duelRoutes(app: FastifyInstance, { duel, participants }: Services): void {
  /** Always 200: the answer may be a new pair, one handed out before, or no pair with a reason. */
  app.post('/api/spaces/:spaceId/appearances', async (request): Promise<NextPair> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    return duel.nextPair(space, participantId);
  });

  const answer = (kind: Answer['kind']) => async (request: FastifyRequest, reply: FastifyReply) => {
    // The cors hook has validated the id and found the pair's space (and checked the origin against it).
    const { appearanceId } = request.params as { appearanceId: string };
    const participantId = await participantOf(request, participants);
    const given: Answer =
      kind === 'vote'
        ? { kind, body: parseBody(voteBodySchema, request.body) }
        : { kind, body: parseBody(skipBodySchema, request.body) };
    const ack: AnswerAck = await duel.answer(appearanceId, participantId, given);
    // A repeated send (the offline outbox retrying) is acknowledged again, without creating anything.
    return reply.code(ack.duplicate ? 200 : 201).send(ack);
  };
  app.post('/api/appearances/:appearanceId/vote', answer('vote'));
  app.post('/api/appearances/:appearanceId/skip', answer('skip'));
}
