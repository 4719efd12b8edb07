/**
 * Cross-origin access. Pages embedding widgets are never on the server's origin. Every answer may be read by the
 * page that asked (errors included, so a widget can say why); what a space route may be *used* from is decided by
 * the space's allowed origins, before the body is even read.
 */
import { entityIdSchema, spaceIdSchema } from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';
import { checkOrigin } from '../origins.js';
import type { Spaces } from '../spaces.js';
import type { SpaceRecord, Storage } from '../storage/index.js';
import { parseInput } from './requests.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Tori-Key, X-Tori-Moderator';
/** Browsers cap this anyway (Chromium: 2 h); 10 min lets a changed origin list take effect soon. */
const PREFLIGHT_MAX_AGE_S = 600;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A public document (a badge's issuer, achievement, credential, status list, the signing keys): read by verifiers
     * on any origin, without token or key, so the space's allowed origins do not apply to it.
     */
    publicDocument?: boolean;
  }
}

/** The route option that marks a public document. */
export const PUBLIC_DOCUMENT = { config: { publicDocument: true } } as const;

export function registerCors(app: FastifyInstance, deps: { spaces: Spaces; storage: Storage }): void {
  /** The space a route's params point at: `:spaceId` directly, `:appearanceId` through the pair. */
  async function spaceInScope(params: unknown): Promise<SpaceRecord | null> {
    const p = (params ?? {}) as Record<string, unknown>;
    if (p.spaceId !== undefined) return deps.spaces.find(parseInput(spaceIdSchema, p.spaceId, 'space id'));
    if (p.appearanceId !== undefined) {
      const id = parseInput(entityIdSchema, p.appearanceId, 'pair id');
      const appearance = await deps.storage.duel.getAppearance(id);
      if (!appearance) throw notFound(`There is no pair "${id}".`);
      return deps.spaces.find(appearance.spaceId);
    }
    return null;
  }

  app.decorateRequest('space', null);

  // The preflight cannot read a route's options (findRoute hides them), so public documents are told apart by
  // matching the flagged routes' own patterns, collected as they are registered.
  const publicPatterns: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.config?.publicDocument) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET')) return;
    const source = route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    publicPatterns.push(new RegExp(`^${source}$`));
  });
  const isPublicPath = (method: string, path: string) => method.toUpperCase() === 'GET' && publicPatterns.some((pattern) => pattern.test(path));

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return; // answered by the preflight route below
    const origin = request.headers.origin;
    if (request.routeOptions.config?.publicDocument) {
      // Any verifier anywhere may read it; nothing in it depends on who asks.
      reply.header('access-control-allow-origin', '*');
      request.space = await spaceInScope(request.params);
      return;
    }
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    const space = await spaceInScope(request.params);
    if (space) {
      checkOrigin(space, origin, request.headers.host);
      request.space = space;
    }
  });

  app.options('*', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    const method = request.headers['access-control-request-method'];
    if (!origin || !method) return reply.code(204).header('allow', `${ALLOW_METHODS}, OPTIONS`).send();
    const path = request.url.split('?')[0] ?? '/';
    const route = app.findRoute({ method: method.toUpperCase() as 'GET', url: path });
    if (!route) throw notFound(`There is no ${method.toUpperCase()} ${path.slice(0, 200)}.`);
    const space = isPublicPath(method, path) ? null : await spaceInScope(route.params);
    if (space) checkOrigin(space, origin, request.headers.host);
    return reply
      .code(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S))
      .header('vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers')
      .send();
  });
}
