import { REFLECTION_MAX, type Journal, type JournalProgress, type JournalReading, type MyJournal, type Reflection } from '@tori/protocol';
import { journalBodySchema, saveReflectionBodySchema, topicIdSchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { adminKeyOf, parseBody, parseInput, participantOf, spaceOf } from './requests.js';

/**
 * A reflection at its longest in any script: a UTF-16 unit is at most 3 bytes of UTF-8 (or 2 when JSON escapes it),
 * so 10 000 characters of Finnish, Greek or Chinese fit, where the server's 16 KB body limit would refuse them.
 */
const REFLECTION_BODY_LIMIT = 3 * REFLECTION_MAX + 1024;

/** Prompt ids follow the topic ids' pattern (lowercase letters, digits, dashes). */
function promptIdOf(request: FastifyRequest): string {
  return parseInput(topicIdSchema, (request.params as { promptId?: unknown }).promptId, 'prompt id');
}

/**
 * Every participant route takes the participant from the token and from nowhere else: there is no address of
 * another participant's reflection, so no token can reach one.
 */
export function journalRoutes(app: FastifyInstance, { spaces, journal, participants }: Services): void {
  app.get('/api/spaces/:spaceId/journal', async (request): Promise<MyJournal> => {
    const space = spaceOf(request);
    return journal.mine(space, await participantOf(request, participants));
  });

  app.put('/api/spaces/:spaceId/journal', async (request): Promise<Journal> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return journal.define(space, parseBody(journalBodySchema, request.body));
  });

  app.put('/api/spaces/:spaceId/journal/reflections/:promptId', { bodyLimit: REFLECTION_BODY_LIMIT }, async (request): Promise<Reflection> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const promptId = promptIdOf(request);
    return journal.save(space, participantId, promptId, parseBody(saveReflectionBodySchema, request.body));
  });

  app.get('/api/spaces/:spaceId/journal/reflections', async (request): Promise<JournalReading> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return journal.reading(space);
  });

  app.get('/api/spaces/:spaceId/journal/progress', async (request): Promise<JournalProgress> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return journal.progress(space);
  });

  /** The participant's own journal as a Markdown file; no cache keeps a copy. */
  app.get('/api/spaces/:spaceId/journal/export', async (request, reply) => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const { fileName, text } = await journal.markdown(space, participantId, new Date());
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(text);
  });
}
