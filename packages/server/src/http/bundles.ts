/**
 * The script-tag bundles of @tori/embed. Any page may load them (CORS `*`); a short max-age plus an ETag lets
 * a new release reach pages within minutes while most loads are a 304 or no request at all.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';

const MAX_AGE_S = 300;
const WIDGET_FILE = /^[a-z0-9-]+\.js(\.map)?$/;
/** What a bundle loads on demand: `name.hash.js`, the hash in rollup's base64url alphabet. */
const CHUNK_FILE = /^[a-z0-9-]+\.[A-Za-z0-9_-]+\.js(\.map)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

interface Loaded {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

export function bundleRoutes(app: FastifyInstance, bundlesDir: string): void {
  const loaded = new Map<string, Loaded>();

  async function load(relative: string): Promise<Loaded> {
    const file = join(bundlesDir, relative);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`${relative} is not built: run "npm run build" (the bundles come from @tori/embed).`);
    const known = loaded.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    const fresh = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
    loaded.set(file, fresh);
    return fresh;
  }

  async function send(relative: string, request: FastifyRequest, reply: FastifyReply, cacheControl = `public, max-age=${MAX_AGE_S}`) {
    const bundle = await load(relative);
    reply
      .removeHeader('vary')
      .header('access-control-allow-origin', '*')
      // Pages that isolate themselves (COEP) may still load the script.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', cacheControl)
      .header('etag', bundle.etag);
    if (etagMatches(request.headers['if-none-match'], bundle.etag)) return reply.code(304).send();
    return reply.type(CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream').send(bundle.body);
  }

  for (const file of ['tori.js', 'tori.js.map', 'custom-elements.json']) {
    app.get(`/${file}`, (request, reply) => send(file, request, reply));
  }
  app.get('/widgets/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    if (!WIDGET_FILE.test(file)) throw notFound(`There is no widget bundle "${file}".`);
    return send(`widgets/${file}`, request, reply);
  });
  // A chunk's name changes with its content, so a page may keep it for good.
  app.get('/chunks/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    if (!CHUNK_FILE.test(file)) throw notFound(`There is no bundle chunk "${file}".`);
    return send(`chunks/${file}`, request, reply, IMMUTABLE);
  });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
