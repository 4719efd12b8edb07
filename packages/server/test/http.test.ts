import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer, tempDir } from './helpers.js';

let running: Running;
let bundlesDir: string;
let publicDir: string;

beforeAll(async () => {
  const dir = tempDir();
  bundlesDir = join(dir, 'bundles');
  publicDir = join(dir, 'public');
  mkdirSync(join(bundlesDir, 'widgets'), { recursive: true });
  mkdirSync(publicDir);
  writeFileSync(join(bundlesDir, 'tori.js'), 'export const tori = 1;\n');
  writeFileSync(join(bundlesDir, 'widgets', 'idea-duel.js'), 'export const duel = 1;\n');
  mkdirSync(join(bundlesDir, 'chunks'));
  writeFileSync(join(bundlesDir, 'chunks', 'join-code-figure.Ab_9-x.js'), 'export const qr = 1;\n');
  writeFileSync(join(bundlesDir, 'custom-elements.json'), '{"schemaVersion":"1.0.0","modules":[]}');
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>Demo</title>');
  writeFileSync(join(publicDir, 'projector.html'), '<!doctype html><title>Projector</title>');
  running = await startServer({ bundlesDir, publicDir });
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

describe('origins', () => {
  it('refuses a page whose origin the space does not allow, before anything else', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.example.fi'] });
    const refused = await call(running.url, `/api/spaces/${space.id}`, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
    expect(refused.body.error.message).toContain('https://evil.example');
    // The widget can read why: the error is readable cross-origin.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.example');

    const { token } = await newParticipant(running.url);
    const post = await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'x' }, token, origin: 'https://evil.example' });
    expect(post.status).toBe(403);

    const allowed = await call(running.url, `/api/spaces/${space.id}`, { origin: 'https://www.example.fi' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.example.fi');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
  });

  it('allows any page for "*", no page for an empty list, and always the server’s own pages', async () => {
    const open = await makeSpace(running.server, { allowedOrigins: ['*'] });
    expect((await call(running.url, `/api/spaces/${open.space.id}`, { origin: 'https://anywhere.example' })).status).toBe(200);
    const closed = await makeSpace(running.server, { allowedOrigins: [] });
    expect((await call(running.url, `/api/spaces/${closed.space.id}`, { origin: 'https://anywhere.example' })).status).toBe(403);
    expect((await call(running.url, `/api/spaces/${closed.space.id}`, { origin: 'null' })).status).toBe(403);
    expect((await call(running.url, `/api/spaces/${closed.space.id}`, { origin: running.url })).status).toBe(200);
    expect((await call(running.url, `/api/spaces/${closed.space.id}`)).status).toBe(200);
  });

  it('checks pair routes against the pair’s space', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.example.fi'] });
    const { token } = await newParticipant(running.url);
    const { appearance } = (await nextPair(running.url, space.id, token)).body;
    const vote = (origin: string) =>
      call(running.url, `/api/appearances/${appearance.id}/vote`, { body: { winnerId: appearance.left.id }, token, origin });
    expect((await vote('https://evil.example')).status).toBe(403);
    expect((await vote('https://www.example.fi')).status).toBe(201);
  });

  it('answers preflights for allowed origins only', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.example.fi'] });
    const preflight = (path: string, origin: string, method = 'POST') =>
      call(running.url, path, {
        method: 'OPTIONS',
        origin,
        headers: { 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type, x-tori-key' },
      });
    const ok = await preflight(`/api/spaces/${space.id}/ideas`, 'https://www.example.fi');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.fi');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, PATCH, DELETE');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization, content-type, x-tori-key, x-tori-moderator');
    expect(Number(ok.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect((await preflight(`/api/spaces/${space.id}`, 'https://www.example.fi', 'PATCH')).status).toBe(204);

    const refused = await preflight(`/api/spaces/${space.id}/ideas`, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
    expect((await preflight('/api/nowhere', 'https://www.example.fi')).status).toBe(404);
    expect((await preflight('/api/participants', 'https://evil.example')).status).toBe(204);
  });

  it('lets any page get a participant token and the health', async () => {
    const issued = await call(running.url, '/api/participants', { method: 'POST', body: {}, origin: 'https://anywhere.example' });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect((await call(running.url, '/api/health', { origin: 'https://anywhere.example' })).status).toBe(200);
  });
});

describe('errors', () => {
  it('answers unknown routes with a 404 error body', async () => {
    const answer = await call(running.url, '/api/nope');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 'not_found', message: 'There is no GET /api/nope.' } });
    expect((await call(running.url, '/api/spaces', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers a malformed address with 400', async () => {
    const answer = await call(running.url, '/api/spaces/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('bad_request');
  });

  it('answers an unexpected failure with a bare 500', async () => {
    const broken = await startServer();
    const { space } = await makeSpace(broken.server);
    await broken.server.db.destroy(); // the database goes away under the server
    const answer = await call(broken.url, `/api/spaces/${space.id}`);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: { code: 'internal', message: 'Something went wrong on the server.' } });
    await broken.close().catch(() => {});
  });
});

describe('bundles', () => {
  it('serves the script-tag bundles to any page, cacheable and revalidated by ETag', async () => {
    const answer = await call(running.url, '/tori.js', { origin: 'https://www.example.fi' });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('export const tori = 1;\n');
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = answer.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await call(running.url, '/tori.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    writeFileSync(join(bundlesDir, 'tori.js'), 'export const tori = 2;\n');
    utimesSync(join(bundlesDir, 'tori.js'), new Date(), new Date(Date.now() + 5_000));
    const changed = await call(running.url, '/tori.js', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('serves widget bundles and the manifest, and 404s the rest', async () => {
    const widget = await call(running.url, '/widgets/idea-duel.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const manifest = await call(running.url, '/custom-elements.json');
    expect(manifest.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await call(running.url, '/widgets/idea-board.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/not built/);
    expect((await call(running.url, '/widgets/..%2Fsecret.js')).status).toBe(404);
  });

  it('serves on-demand chunks for good (their names change with their content)', async () => {
    const chunk = await call(running.url, '/chunks/join-code-figure.Ab_9-x.js', { origin: 'https://www.example.fi' });
    expect(chunk.status).toBe(200);
    expect(chunk.body).toBe('export const qr = 1;\n');
    expect(chunk.headers.get('access-control-allow-origin')).toBe('*');
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await call(running.url, '/chunks/missing.Ab_9-x.js')).status).toBe(404);
    expect((await call(running.url, '/chunks/..%2Ftori.js')).status).toBe(404);
  });
});

describe('demo page', () => {
  it('serves the demo directory at /', async () => {
    const index = await call(running.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.body).toContain('<title>Demo</title>');
    expect((await call(running.url, '/projector.html')).body).toContain('Projector');
    const missing = await call(running.url, '/no-such-page.html');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('says so at / when there is no demo directory', async () => {
    const bare = await startServer({ publicDir: join(tempDir(), 'missing') });
    const answer = await call(bare.url, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/demo page is not available/);
    await bare.close();
  });
});
