import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The demo pages run under the policy a careful city sets (examples/city-theme): no inline code, no eval, scripts,
 * styles and connections to this origin only, so they prove the bundles need nothing more.
 */
export const DEMO_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  // A badge's picture travels inside its credential as a data: URL (an image cannot run script).
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The demo page and projector view at `/`, or a page saying they are not there. */
export async function demoPageRoutes(app: FastifyInstance, publicDir: string): Promise<void> {
  if (existsSync(publicDir)) {
    await app.register(fastifyStatic, {
      root: publicDir,
      prefix: '/',
      index: ['index.html'],
      decorateReply: false,
      setHeaders: (reply, path) => {
        if (path.endsWith('.html')) reply.header('content-security-policy', DEMO_PAGE_POLICY);
      },
    });
    return;
  }
  app.get('/', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DEMO_PAGE_POLICY)
      .send(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Tori server</title>' +
          '<h1>Tori server</h1><p>The demo page is not available on this server: its directory (apps/demo/public, ' +
          'or the <code>publicDir</code> option) was not found.</p>' +
          '<p>The API is at <code>/api/</code>, the widget bundle at <code>/tori.js</code>.</p></html>',
      ),
  );
}
