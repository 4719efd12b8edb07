// Behind a proxy that blocks WebSockets the bundle falls back to long polling (through fetch): votes and live
// results still work.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

let dir: string;
let tori: ToriServer;
let url: string;
let browser: Browser;
let proxy: HttpServer;
const transports: string[] = [];

async function openTab(address: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(address);
  return { page, errors };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-polling-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  const toriUrl = await tori.listen({ port: 0, host: '127.0.0.1' });
  // A proxy that passes plain HTTP and refuses every WebSocket upgrade, counting which transports were asked for.
  proxy = createHttpServer((req, res) => {
    const transport = new URL(req.url ?? '/', 'http://proxy').searchParams.get('transport');
    if (transport) transports.push(transport);
    const upstream = request(`${toriUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (req, socket) => {
    transports.push('websocket refused');
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('without WebSocket', () => {
  it('votes and receives live results over long polling', async () => {
    const participant = await openTab(`${url}/`);
    const projector = await openTab(`${url}/projector.html`);
    const left = participant.page.locator('idea-duel [part~="choice-left"]');
    await left.waitFor({ state: 'visible', timeout: 10_000 });
    const votesShown = async () =>
      Number((await projector.page.locator('idea-duel [part~="totals"]').textContent())?.match(/\d+/)?.[0] ?? NaN);
    await expect.poll(votesShown, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    const before = await votesShown();

    await left.click();
    await expect.poll(votesShown, { timeout: 5_000, interval: 50 }).toBe(before + 1);
    // Live results came through engine.io's polling requests, never a WebSocket.
    expect(transports).toContain('websocket refused');
    expect(transports).toContain('polling');
    expect(transports).not.toContain('websocket');
    expect(participant.errors).toEqual([]);
    expect(projector.errors).toEqual([]);
  });
});
