import type { Results, Space, SpaceAdmin } from '@tori/protocol';
import { spaceSettingsBodySchema } from '@tori/protocol/schemas';
import type { FastifyInstance } from 'fastify';
import type { Services } from './app.js';
import { adminKeyOf, moderatorOf, parseBody, spaceOf } from './requests.js';

export function spaceRoutes(app: FastifyInstance, { spaces, results }: Services): void {
  app.get('/api/spaces/:spaceId', async (request): Promise<Space> => spaces.view(spaceOf(request)));

  app.get('/api/spaces/:spaceId/admin', async (request): Promise<SpaceAdmin> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return spaces.adminView(space);
  });

  app.patch('/api/spaces/:spaceId', async (request): Promise<SpaceAdmin> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const actor = moderatorOf(request);
    const changes = parseBody(spaceSettingsBodySchema, request.body);
    return spaces.adminView(await spaces.update(space, changes, actor));
  });

  app.get('/api/spaces/:spaceId/results', async (request): Promise<Results> => results.current(spaceOf(request).id));
}
