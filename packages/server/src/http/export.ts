import { exportQuerySchema } from '@tori/protocol/schemas';
import type { FastifyInstance } from 'fastify';
import { buildExport, exportBody, exportFileName } from '../export.js';
import type { Services } from './app.js';
import { adminKeyOf, parseInput, spaceOf } from './requests.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

export function exportRoutes(app: FastifyInstance, { spaces, storage, results }: Services): void {
  /** A file to download: the browser saves it under the name given, and no cache keeps a copy. */
  app.get('/api/spaces/:spaceId/export', async (request, reply) => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const { format } = parseInput(exportQuerySchema, request.query, 'query');
    const now = new Date();
    const data = await buildExport(storage, results, space, now);
    return reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${exportFileName(space.id, format, now)}"`)
      .header('cache-control', 'no-store')
      .send(exportBody(data, format));
  });
}
