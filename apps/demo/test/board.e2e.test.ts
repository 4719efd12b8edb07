// The board on the demo pages as people use it: the reference server, the script-tag bundle and Chromium tabs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { wcagViolations } from './wcag.js';

/** What "live" means on the board: another tab shows a change within this many milliseconds. */
const LIVE_MS = 1_000;

let dir: string;
let tori: ToriServer;
let url: string;
let adminKey: string;
let browser: Browser;

type Tab = { page: Page; errors: string[] };

async function openFresh(path: string): Promise<Tab> {
  // A tall window: the virtualised list renders the ideas near the screen, and all the seeded ones fit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}${path}`);
  return { page, errors };
}

/** A participant page with the board's ideas shown. */
async function openParticipant(): Promise<Tab> {
  const tab = await openFresh('/');
  await tab.page.locator('idea-board [part~="idea"]').first().waitFor({ timeout: 10_000 });
  return tab;
}

/** The facilitator's page, unlocked with the demo space's key the way a facilitator types it. */
async function openFacilitator(): Promise<Tab> {
  const tab = await openFresh('/facilitate.html');
  await tab.page.locator('idea-board #space-key').fill(adminKey);
  await tab.page.locator('idea-board #moderator-name').fill('Päivi');
  await tab.page.locator('idea-board [part~="key-form"] button[type="submit"]').click();
  await tab.page.locator('idea-board [part~="moderation-toolbar"]').waitFor({ timeout: 10_000 });
  return tab;
}

async function close(...tabs: Tab[]): Promise<void> {
  for (const tab of tabs) await tab.page.context().close();
}

/** Runs in a tab: resolves with Date.now() once the board shows (or, with `gone`, no longer shows) the idea. */
function untilTitle([text, gone]: [string, boolean]): Promise<number> {
  return new Promise((resolve) => {
    const root = document.querySelector('idea-board')!.shadowRoot!;
    const check = () => {
      const titles = [...root.querySelectorAll('[part~="idea"] .title')].map((title) => title.textContent?.trim());
      if (titles.includes(text) !== gone) {
        observer.disconnect();
        resolve(Date.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    check();
  });
}

/** Runs in a tab: resolves with Date.now() once the idea's support count on the board is `count`. */
function untilSupports([text, count]: [string, number]): Promise<number> {
  return new Promise((resolve) => {
    const root = document.querySelector('idea-board')!.shadowRoot!;
    const check = () => {
      const idea = [...root.querySelectorAll('[part~="idea"]')].find(
        (candidate) => candidate.querySelector('.title')?.textContent?.trim() === text,
      );
      const shown = idea?.querySelector('[part~="support"] [aria-hidden="true"]')?.textContent?.trim();
      if (shown === String(count)) {
        observer.disconnect();
        resolve(Date.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    check();
  });
}

/** Runs in a tab: posts through the board's own form and resolves with Date.now() when the post is acknowledged. */
function postThroughForm(): Promise<{ at: number; status: string | undefined; queued: boolean }> {
  return new Promise((resolve) => {
    const board = document.querySelector('idea-board')!;
    board.addEventListener(
      'tori-idea-posted',
      (event) => {
        const { idea, queued } = (event as CustomEvent<{ idea: { status: string } | null; queued: boolean }>).detail;
        resolve({ at: Date.now(), status: idea?.status, queued });
      },
      { once: true },
    );
    board.shadowRoot!.querySelector<HTMLButtonElement>('[part~="post"]')!.click();
  });
}

async function post(tab: Tab, text: string, category?: string): Promise<ReturnType<typeof postThroughForm>> {
  await tab.page.locator('idea-board #idea-title').fill(text);
  if (category) await tab.page.locator('idea-board #idea-category').selectOption(category);
  return tab.page.evaluate(postThroughForm);
}

async function setSpace(body: object): Promise<void> {
  const res = await fetch(`${url}/api/spaces/demo`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'x-tori-key': adminKey },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const ideaIn = (page: Page, text: string) => page.locator('idea-board [part~="idea"]').filter({ hasText: text });

const moderated = (page: Page, section: string, text: string) =>
  page.locator(`idea-board section[aria-labelledby="${section}-heading"] [part~="moderated-idea"]`).filter({ hasText: text });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-board-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  adminKey = tori.seededDemo!.adminKey;
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the board on the demo page', () => {
  it('shows the seeded themes and the city’s categories, in Finnish', async () => {
    const tab = await openParticipant();
    const board = tab.page.locator('idea-board');
    await expect.poll(() => board.locator('[part~="idea"]').count()).toBe(8);
    expect(await board.locator('[part~="count"]').textContent()).toContain('8 ideaa');
    expect(await board.locator('#idea-category option').allTextContents()).toEqual([
      'Ei aihetta',
      'Liikkuminen',
      'Ympäristö ja ilmasto',
      'Hyvinvointi ja palvelut',
      'Elinvoima ja työ',
      'Kulttuuri ja vapaa-aika',
      'Osallisuus ja päätöksenteko',
    ]);
    expect(await board.locator('[part~="post"]').textContent()).toContain('Lähetä idea');
    expect(tab.errors).toEqual([]);
    await close(tab);
  });

  it('a post in one tab shows up in a second tab within a second, with its category', async () => {
    const [author, other] = [await openParticipant(), await openParticipant()];
    const text = 'Kaupunkipyörät myös lähiöihin';
    const arrived = other.page.evaluate(untilTitle, [text, false] as [string, boolean]);
    const posted = await post(author, text, 'liikkuminen');
    expect(posted).toMatchObject({ status: 'approved', queued: false });
    expect((await arrived) - posted.at).toBeLessThan(LIVE_MS);
    expect(await ideaIn(other.page, text).locator('.meta').textContent()).toContain('Liikkuminen');
    // The author sees it marked as theirs, the other participant does not.
    expect(await ideaIn(author.page, text).locator('[part~="mine"]').count()).toBe(1);
    expect(await ideaIn(other.page, text).locator('[part~="mine"]').count()).toBe(0);
    // The other participant's typing is not touched by the live arrival.
    await other.page.locator('idea-board #idea-title').fill('Puolikas ajatus');
    const next = 'Uimaranta Keskuspuistoon';
    const arrivedNext = other.page.evaluate(untilTitle, [next, false] as [string, boolean]);
    await post(author, next);
    await arrivedNext;
    expect(await other.page.locator('idea-board #idea-title').inputValue()).toBe('Puolikas ajatus');
    expect([...author.errors, ...other.errors]).toEqual([]);
    await close(author, other);
  });

  it('a support in one tab reaches the other within a second, and withdrawing it too', async () => {
    const [supporter, other] = [await openParticipant(), await openParticipant()];
    const text = 'Lähiluonto, puistot ja viheralueet';
    const before = Number(await ideaIn(other.page, text).locator('[part~="support"] [aria-hidden="true"]').textContent());
    const support = ideaIn(supporter.page, text).locator('[part~="support"]');

    const shown = other.page.evaluate(untilSupports, [text, before + 1] as [string, number]);
    const clicked = Date.now();
    await support.click();
    expect((await shown) - clicked).toBeLessThan(LIVE_MS);
    await expect.poll(() => support.getAttribute('aria-pressed')).toBe('true');

    const withdrawn = other.page.evaluate(untilSupports, [text, before] as [string, number]);
    const clickedAgain = Date.now();
    await support.click();
    expect((await withdrawn) - clickedAgain).toBeLessThan(LIVE_MS);
    await expect.poll(() => support.getAttribute('aria-pressed')).toBe('false');
    expect([...supporter.errors, ...other.errors]).toEqual([]);
    await close(supporter, other);
  });

  it('the facilitator hides an idea: it leaves the participants’ boards within a second, and a restore brings it back', async () => {
    const [participant, facilitator] = [await openParticipant(), await openFacilitator()];
    const text = 'Ikääntyneiden kotona asumisen tukeminen';
    const gone = participant.page.evaluate(untilTitle, [text, true] as [string, boolean]);
    const clicked = Date.now();
    await moderated(facilitator.page, 'published', text).getByRole('button', { name: 'Piilota' }).click();
    expect((await gone) - clicked).toBeLessThan(LIVE_MS);
    // Hidden is never deleted: the facilitator finds it among the hidden ones, and the log says who hid it.
    await moderated(facilitator.page, 'hidden', text).waitFor();
    await expect
      .poll(() => facilitator.page.locator('idea-board [part~="log"] li').first().textContent())
      .toContain(`Päivi piilotti: ”${text}”`);

    const back = participant.page.evaluate(untilTitle, [text, false] as [string, boolean]);
    await moderated(facilitator.page, 'hidden', text).getByRole('button', { name: 'Palauta' }).click();
    await back;
    expect([...participant.errors, ...facilitator.errors]).toEqual([]);
    await close(participant, facilitator);
  });

  it('with approval on, a post waits for the facilitator; once approved it reaches the other tab and the duel', async () => {
    await setSpace({ ideasNeedApproval: true });
    try {
      const [author, other, facilitator] = [await openParticipant(), await openParticipant(), await openFacilitator()];
      // The duel's results on the author's page: the same pool of ideas as the board.
      await author.page.locator('idea-duel [part~="show-results"]').click();
      const results = author.page.locator('idea-duel [part~="result"]');
      await expect.poll(() => results.count()).toBeGreaterThanOrEqual(8);

      const text = 'Koulujen pihat iltaisin kaikkien käyttöön';
      const posted = await post(author, text, 'hyvinvointi');
      expect(posted).toMatchObject({ status: 'pending', queued: false });
      // The author sees it waiting; nobody else sees it, and the duel does not offer it.
      await expect.poll(() => ideaIn(author.page, text).textContent()).toContain('Odottaa hyväksyntää');
      await moderated(facilitator.page, 'queue', text).waitFor({ timeout: 5_000 });
      expect(await ideaIn(other.page, text).count()).toBe(0);
      expect(await results.allTextContents()).not.toContainEqual(expect.stringContaining(text));

      const arrived = other.page.evaluate(untilTitle, [text, false] as [string, boolean]);
      const clicked = Date.now();
      await moderated(facilitator.page, 'queue', text).getByRole('button', { name: 'Hyväksy' }).click();
      expect((await arrived) - clicked).toBeLessThan(LIVE_MS);
      await expect.poll(() => ideaIn(author.page, text).textContent()).not.toContain('Odottaa hyväksyntää');
      await expect.poll(async () => (await results.allTextContents()).some((line) => line.includes(text)), { timeout: 5_000 }).toBe(true);
      // A duel opened afterwards offers it too: the server's pool holds it.
      const duelIdeas = (await (await fetch(`${url}/api/spaces/demo/results`)).json()).ideas.map((idea: { text: string }) => idea.text);
      expect(duelIdeas).toContain(text);
      expect([...author.errors, ...other.errors, ...facilitator.errors]).toEqual([]);
      await close(author, other, facilitator);
    } finally {
      await setSpace({ ideasNeedApproval: false });
    }
  });

  it('renders stored HTML and script as text, on the board, the projector and in the duel', async () => {
    const { token } = await (await fetch(`${url}/api/participants`, { method: 'POST' })).json();
    const text = '<img src=x onerror="window.__toriInjected=1"><script>window.__toriInjected=2</script><b>lihava</b>';
    const description = '<a href="javascript:window.__toriInjected=3">linkki</a><style>*{display:none}</style>';
    const res = await fetch(`${url}/api/spaces/demo/ideas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text, description }),
    });
    expect(res.status).toBe(201);

    const board = await openParticipant();
    const idea = ideaIn(board.page, 'onerror');
    await idea.waitFor();
    expect((await idea.locator('.title').textContent())?.trim()).toBe(text);
    expect((await idea.locator('.description').textContent())?.trim()).toBe(description);
    expect(await idea.locator('img, script, b, a, style').count()).toBe(0);

    const projector = await openFresh('/projector-board.html');
    const onProjector = projector.page.locator('idea-board [part~="projector-idea"]').filter({ hasText: 'onerror' });
    await onProjector.waitFor({ timeout: 10_000 });
    expect(await onProjector.locator('img, script, b').count()).toBe(0);

    await board.page.locator('idea-duel [part~="show-results"]').click();
    const result = board.page.locator('idea-duel [part~="result"]').filter({ hasText: 'onerror' });
    await result.waitFor({ timeout: 10_000 });
    expect(await result.locator('img, script, b').count()).toBe(0);

    for (const tab of [board, projector]) {
      expect(await tab.page.evaluate(() => (window as unknown as { __toriInjected?: number }).__toriInjected)).toBeUndefined();
      expect(tab.errors).toEqual([]);
    }
    await close(board, projector);
  });

  it('the board’s projector page shows a new idea at the top within a second', async () => {
    const [author, projector] = [await openParticipant(), await openFresh('/projector-board.html')];
    const items = projector.page.locator('idea-board [part~="projector-idea"]');
    await items.first().waitFor({ timeout: 10_000 });
    const text = 'Ruokahävikki kiertoon kouluissa';
    const arrived = projector.page.evaluate(
      (wanted) =>
        new Promise<number>((resolve) => {
          const root = document.querySelector('idea-board')!.shadowRoot!;
          const check = () => {
            if (root.querySelector('[part~="projector-idea"]')?.textContent?.includes(wanted)) {
              observer.disconnect();
              resolve(Date.now());
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(root, { subtree: true, childList: true, characterData: true });
          check();
        }),
      text,
    );
    const posted = await post(author, text);
    expect((await arrived) - posted.at).toBeLessThan(LIVE_MS);
    expect(await items.count()).toBeLessThanOrEqual(8);
    // The hall is told where to take part: this site's participant page, as a QR code and in short.
    const join = projector.page.locator('idea-board [part~="join"]');
    await join.waitFor({ timeout: 10_000 });
    expect(await join.textContent()).toContain(new URL(url).host);
    expect([...author.errors, ...projector.errors]).toEqual([]);
    await close(author, projector);
  });

  it('meets WCAG 2.1 AA with the board on the participant page, its projector and the facilitator page (axe)', async () => {
    const audit = ({ page }: Tab) => wcagViolations(page);

    const participant = await openParticipant();
    await participant.page.locator('idea-duel [part~="question"]').waitFor({ timeout: 10_000 });
    expect(await audit(participant), '/').toEqual([]);
    // The report dialog open, as a participant using it sees the page.
    await participant.page.locator('idea-board [part~="report"]').first().click();
    await participant.page.locator('idea-board dialog[open]').waitFor();
    expect(await audit(participant), '/ with the report dialog').toEqual([]);

    const projector = await openFresh('/projector-board.html');
    await projector.page.locator('idea-board [part~="projector-idea"]').first().waitFor({ timeout: 10_000 });
    await projector.page.locator('idea-board [part~="join-code"]').waitFor({ timeout: 10_000 });
    expect(await audit(projector), '/projector-board.html').toEqual([]);

    const locked = await openFresh('/facilitate.html');
    await locked.page.locator('idea-board #space-key').waitFor({ timeout: 10_000 });
    expect(await audit(locked), '/facilitate.html, locked').toEqual([]);
    // The key never appears in the page's HTML: it is typed, held by the element and sent in a header.
    expect(await locked.page.content()).not.toContain(adminKey);

    const facilitator = await openFacilitator();
    await moderated(facilitator.page, 'published', 'Hiilineutraali').waitFor();
    expect(await audit(facilitator), '/facilitate.html, unlocked').toEqual([]);
    expect(await facilitator.page.content()).not.toContain(adminKey);

    for (const tab of [participant, projector, locked, facilitator]) expect(tab.errors).toEqual([]);
    await close(participant, projector, locked, facilitator);
  });
});
