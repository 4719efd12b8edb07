import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Locale } from '@tori/core';
import {
  FIXTURE_KEY,
  createFixtureClient,
  manyIdeas,
  sampleBoard,
  sampleCategories,
  type FixtureClient,
  type FixtureOptions,
} from '@tori/core/fixtures';
import { liveNote, liveServer } from '../../../.storybook/live.js';
import { IdeaBoard } from './idea-board.js';

// Registered here, not by importing './define.js': package.json's "sideEffects" lists only dist/define.js,
// so a bundler would drop a bare import of the source file.
IdeaBoard.define('idea-board');

interface Args {
  mode: 'participate' | 'facilitate' | 'projector';
  readonly: boolean;
  headingLevel: number;
  /** Unset: the toolbar's language, through the page's `lang`. */
  lang?: Locale;
  /** The space key handed over by the host page (facilitate). */
  key?: string;
  /** The in-memory server of the story (no real server runs in Storybook). */
  fixture?: (locale: Locale) => FixtureOptions;
}

const titles: Record<Locale, string> = {
  fi: 'Kaupunkistrategia 2030',
  sv: 'Stadsstrategi 2030',
  en: 'City strategy 2030',
};

const meta: Meta<Args> = {
  title: 'Widgets/idea-board',
  component: 'idea-board',
  args: { mode: 'participate', readonly: false, headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['participate', 'facilitate', 'projector'] },
    readonly: { control: 'boolean' },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'en'] },
    key: { table: { disable: true } },
    fixture: { table: { disable: true } },
  },
  render: ({ mode, readonly, headingLevel, lang, key, fixture }, { globals }) => {
    const locale: Locale = lang ?? globals['locale'] ?? 'fi';
    const options = fixture?.(locale) ?? {};
    const board = sampleBoard(locale);
    const client = createFixtureClient({
      boardIdeas: board.ideas,
      log: board.log,
      ...options,
      space: { title: titles[locale], ...options.space },
    });
    return html`<idea-board
      space="demo"
      mode=${mode}
      heading-level=${headingLevel}
      ?readonly=${readonly}
      lang=${lang ?? nothing}
      .client=${client}
      .key=${key}
    ></idea-board>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

function boardIn(canvasElement: HTMLElement): IdeaBoard {
  return canvasElement.querySelector('idea-board')!;
}

/** Waits until the element shows a part, e.g. `idea` once the list is there. */
async function shownPart(el: IdeaBoard, name: string): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    expect(found).toBeTruthy();
  });
  return found!;
}

/** A board during an event: a pinned idea, supports, descriptions; the form on top. */
export const Default: Story = {};

/** The first load, before the board has arrived. */
export const Loading: Story = {
  args: { fixture: () => ({ latencyMs: 86_400_000 }) },
};

/** No ideas yet: an invitation to post the first. */
export const Empty: Story = {
  args: { fixture: () => ({ boardIdeas: [], log: [] }) },
};

/** The facilitator closed the board to new ideas: the list stays, a notice replaces the form, supports go on. */
export const Closed: Story = {
  args: { fixture: () => ({ space: { boardOpen: false } }) },
};

/** `readonly`: the ideas only, e.g. on an archive page after the event. */
export const ReadOnly: Story = {
  args: { readonly: true },
};

/** The server failed; "Try again" reloads. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    fixture: () => ({ failWith: { status: 500, code: 'internal', message: 'The server had a bad moment.' } }),
  },
};

/** The connection dropped after the board loaded; a post waits on the device and is counted. */
export const OfflineWithWaitingPost: Story = {
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    await shownPart(el, 'idea');
    (el.client as FixtureClient).setOnline(false);
    const form = await shownPart(el, 'form');
    await userEvent.type(form.querySelector('#idea-title')!, 'Free wifi in the parks');
    await userEvent.click(form.querySelector('button[type=submit]')!);
    await waitFor(() => expect(el.client!.board!.queuedPosts('demo')).toHaveLength(1));
  },
};

/** Named posting: the form asks for a name and every idea shows its author. */
export const NamedPosting: Story = {
  args: {
    fixture: (locale) => ({ boardIdeas: sampleBoard(locale, { named: true }).ideas, space: { namedPosting: true } }),
  },
};

/** Categories: the form offers them, the toolbar filters by one. */
export const CategoriesAndFilter: Story = {
  args: { fixture: (locale) => ({ space: { categories: sampleCategories[locale] } }) },
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    await shownPart(el, 'idea');
    await userEvent.selectOptions(el.shadowRoot!.querySelector<HTMLSelectElement>('#filter')!, 'traffic');
    await waitFor(() => expect(el.shadowRoot!.querySelectorAll('[part~="idea"]')).toHaveLength(2));
  },
};

/** The report dialog with its reasons. */
export const ReportDialog: Story = {
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    await userEvent.click(await shownPart(el, 'report'));
    await waitFor(() => expect(el.shadowRoot!.querySelector('dialog')!.open).toBe(true));
  },
};

/** `mode="facilitate"` before the key: a password field (the key is never stored). */
export const FacilitateKey: Story = {
  args: { mode: 'facilitate' },
};

/** `mode="facilitate"` with the key: the queue, reported ideas, the ideas on the board, hidden ones and the log. */
export const Facilitate: Story = {
  args: { mode: 'facilitate', key: FIXTURE_KEY, fixture: (locale) => ({ space: { categories: sampleCategories[locale] } }) },
  play: async ({ canvasElement }) => {
    await shownPart(boardIn(canvasElement), 'moderation-toolbar');
  },
};

/** `mode="projector"`: the newest ideas in large type, arriving live. */
export const Projector: Story = {
  args: { mode: 'projector', fixture: (locale) => ({ space: { categories: sampleCategories[locale] } }) },
  parameters: { layout: 'fullscreen' },
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    await shownPart(el, 'projector-idea');
    (el.client as FixtureClient).pushIdea({ text: 'Sauna on the market square' });
  },
};

/** The projector with `join-url`: a QR code and the short address of the page where people post. */
export const ProjectorWithJoinCode: Story = {
  name: 'Projector with join code',
  args: { mode: 'projector', fixture: (locale) => ({ space: { categories: sampleCategories[locale] } }) },
  parameters: { layout: 'fullscreen' },
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    el.setAttribute('join-url', 'https://www.example.fi/ideat');
    await shownPart(el, 'join-code');
  },
};

/** 10 000 ideas: the list is virtualised, so only the ideas near the screen are in the page. */
export const ManyIdeas: Story = {
  args: { fixture: (locale) => ({ boardIdeas: manyIdeas(10_000, locale), log: [] }) },
};

export const Finnish: Story = { args: { lang: 'fi' } };

export const Swedish: Story = { args: { lang: 'sv' } };

/** The real thing: the `demo` space of a running reference server (`npm start`); posts and supports are live. */
export const Live: Story = {
  tags: ['live'],
  render: ({ mode, headingLevel }) =>
    html`${liveNote('demo')}<idea-board server=${liveServer()} space="demo" mode=${mode} heading-level=${headingLevel}></idea-board>`,
  play: async ({ canvasElement }) => {
    const el = boardIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part~="idea"]')).toBeTruthy(), { timeout: 10_000 });
  },
};
