// Runs in Chromium, bundled by board.mjs: <idea-board> over the fixture client, and a plain Lit list as the baseline.
import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { createFixtureClient, manyIdeas } from '@tori/core/fixtures';
import '../dist/define.js';

/** The baseline: the same ideas as one non-virtualised Lit list, every idea in the page. */
class PlainIdeaList extends LitElement {
  static properties = { ideas: { attribute: false } };

  constructor() {
    super();
    this.ideas = [];
  }

  render() {
    return html`<ul>
      ${repeat(
        this.ideas,
        (idea) => idea.id,
        (idea) => html`<li part="idea">
          <div role="heading" aria-level="4" class="title">${idea.text}</div>
          ${idea.description ? html`<p>${idea.description}</p>` : ''}
          <button aria-pressed=${idea.supportedByYou ? 'true' : 'false'}>Support ${idea.supports}</button>
          <button>Report</button>
        </li>`,
      )}
    </ul>`;
  }
}
customElements.define('plain-idea-list', PlainIdeaList);

const stage = document.getElementById('stage');
const boards = new Map();
/** The watchers the element gave the client: a live event is handed to them as the socket would. */
let watchers = [];
let current;
let inserted = 0;

const ideasOf = (count) => {
  if (!boards.has(count)) boards.set(count, manyIdeas(count));
  return boards.get(count);
};

/** An idea as it arrives live: someone else's, newest of all, so it goes to the top of the list. */
function liveIdea() {
  inserted += 1;
  const { reports: _r, reportReasons: _rr, mergedInto: _m, ...idea } = manyIdeas(1)[0];
  return {
    ...idea,
    id: `live-${inserted}`,
    text: `Just posted in the hall (${inserted})`,
    supports: 0,
    createdAt: new Date(Date.now() + inserted).toISOString(),
  };
}

/** Resolves when `done()` holds after a change in `root` (checked at once too), with layout done. */
function until(root, done) {
  return new Promise((resolve) => {
    const check = () => {
      if (!done()) return false;
      observer.disconnect();
      // Style and layout of what was rendered are part of the time.
      document.body.getBoundingClientRect();
      resolve(performance.now());
      return true;
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    check();
  });
}

/** The first screen is there: the ideas rendered reach the bottom of the window, or every idea is rendered. */
function screenFilled(root, count) {
  const ideas = root.querySelectorAll('[part~="idea"]');
  if (count === 0 || ideas.length === 0) return count === 0;
  return ideas.length >= count || ideas[ideas.length - 1].getBoundingClientRect().bottom >= window.innerHeight;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/** Time from putting the element in the page to its first screen of ideas shown and laid out, in ms. */
async function firstRender(kind, count) {
  stage.replaceChildren();
  watchers = [];
  await nextFrame();
  // The last run's 10 000 ideas are garbage now: collected before this run's clock, not during it.
  globalThis.gc?.();
  const ideas = ideasOf(count);
  if (kind === 'plain') {
    const el = document.createElement('plain-idea-list');
    const visible = ideas.map(({ reports: _r, reportReasons: _rr, mergedInto: _m, ...idea }) => idea);
    const start = performance.now();
    el.ideas = visible;
    stage.append(el);
    const end = await until(el.shadowRoot, () => screenFilled(el.shadowRoot, count));
    current = el;
    return end - start;
  }
  const client = createFixtureClient({ boardIdeas: ideas });
  // The board's answer is ready before the clock starts, as if it had just arrived: the element is timed, not the fixture.
  const answer = await client.board.board('demo');
  client.board.board = async () => answer;
  const watchSpace = client.watchSpace;
  client.watchSpace = (spaceId, watcher) => {
    watchers.push(watcher);
    return watchSpace.call(client, spaceId, watcher);
  };
  const el = document.createElement('idea-board');
  el.lang = 'en';
  el.space = 'demo';
  el.client = client;
  const start = performance.now();
  stage.append(el);
  const root = el.shadowRoot;
  const end = await until(root, () => root.querySelector('[part~="form"]') && screenFilled(root, count));
  current = el;
  return end - start;
}

/** Times of `times` live inserts into the element rendered last, each from the event to the idea shown, in ms. */
async function inserts(kind, times) {
  const el = current;
  const root = el.shadowRoot;
  const shown = (text) => () => [...root.querySelectorAll('[part~="idea"] .title')].some((title) => title.textContent.trim() === text);
  const durations = [];
  globalThis.gc?.();
  for (let i = 0; i < times; i += 1) {
    await nextFrame();
    const idea = liveIdea();
    const start = performance.now();
    if (kind === 'plain') el.ideas = [idea, ...el.ideas];
    else for (const watcher of watchers) watcher.event?.({ name: 'idea:posted', payload: { spaceId: 'demo', idea } });
    durations.push((await until(root, shown(idea.text))) - start);
  }
  return durations;
}

/** How many ideas are in the page (the virtualised list renders those near the screen only). */
const inPage = () => current.shadowRoot.querySelectorAll('[part~="idea"]').length;

/** What the element says it shows, e.g. "10042 ideas": proof that the whole board was there. */
const countText = () => current.shadowRoot.querySelector('[part~="count"]')?.textContent.trim() ?? '';

window.boardBench = { firstRender, inserts, inPage, countText };
