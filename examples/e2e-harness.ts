// What every example's browser test needs: the real reference server on a random port with a temp SQLite file,
// a static server for the example's page on another origin, and Debian's Chromium as scripts/chromium.mjs starts it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

export interface Harness {
  /** Origin of the reference server, e.g. http://127.0.0.1:40123 (serves /tori.js and /widgets/*.js too). */
  toriUrl: string;
  /** The example's page: http://localhost:PORT/, another origin than the reference server. */
  pageUrl: string;
  /** A space of its own with three ideas, open to any origin. */
  spaceId: string;
  tori: ToriServer;
  open(path?: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves a built example (its dist/), or any page a handler writes. */
export function staticFiles(dir: string) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    // Browsers ask for a favicon the examples do not have.
    if (path === '/favicon.ico') return response.writeHead(204).end();
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  };
}

export async function startHarness(
  page: (request: IncomingMessage, response: ServerResponse, tori: { toriUrl: string; spaceId: string }) => void,
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'tori-example-'));
  const tori = await createServer({ dataFile: join(dir, 'tori.db'), logger: false });
  const toriUrl = await tori.listen({ port: 0, host: '127.0.0.1' });
  const { space } = await tori.createSpace({
    id: `example-${Math.random().toString(36).slice(2, 8)}`,
    title: 'Example space',
    question: 'Which matters more?',
    ideas: ['Parks and green areas', 'Public transport', 'Libraries'],
    ideasNeedApproval: false,
    allowedOrigins: ['*'],
  });
  const spaceId = space.id;
  const site: Server = createHttpServer((request, response) => page(request, response, { toriUrl, spaceId }));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const address = site.address();
  if (!address || typeof address === 'string') throw new Error('the example page has no port');
  // "localhost" rather than 127.0.0.1: the page is on another origin than the Tori server, as on a real site.
  const pageUrl = `http://localhost:${address.port}/`;
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });

  return {
    toriUrl,
    pageUrl,
    spaceId,
    tori,
    async open(path = '') {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(new URL(path, pageUrl).href);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => site.close(resolve));
      await tori.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds a script-tag bundle to the page and waits until it has run (or failed to load). */
export async function addBundle(page: Page, src: string): Promise<void> {
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.type = 'module';
        script.src = src;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.append(script);
      }),
    src,
  );
}
