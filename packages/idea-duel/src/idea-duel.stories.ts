import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Locale } from '@tori/core';
import {
  createFixtureClient,
  sampleIdeas,
  sampleResults,
  type FixtureClient,
  type FixtureOptions,
} from '@tori/core/fixtures';
import { liveNote, liveServer } from '../../../.storybook/live.js';
import { IdeaDuel } from './idea-duel.js';

// Registered here, not by importing './define.js': package.json's "sideEffects" lists only dist/define.js,
// so a bundler would drop a bare import of the source file.
IdeaDuel.define('idea-duel');

interface Args {
  mode: 'vote' | 'results';
  headingLevel: number;
  /** The page where people take part; the projector shows it as a QR code. */
  joinUrl?: string;
  /** Unset: the toolbar's language, through the page's `lang`. */
  lang?: Locale;
  /** The in-memory server of the story (no real server runs in Storybook). */
  fixture?: (locale: Locale) => FixtureOptions;
}

const questions: Record<Locale, string> = {
  fi: 'Kumpi teema on tärkeämpi seuraavalla strategiakaudella?',
  sv: 'Vilket tema är viktigare under nästa strategiperiod?',
  en: 'Which theme matters more for the next strategy period?',
};

const meta: Meta<Args> = {
  title: 'Widgets/idea-duel',
  component: 'idea-duel',
  args: { mode: 'vote', headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['vote', 'results'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    joinUrl: { control: 'text' },
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'en'] },
    fixture: { table: { disable: true } },
  },
  render: ({ mode, headingLevel, joinUrl, lang, fixture }, { globals }) => {
    const locale: Locale = lang ?? globals['locale'] ?? 'fi';
    const options = fixture?.(locale) ?? {};
    const client = createFixtureClient({
      ideas: options.results ? undefined : sampleIdeas[locale],
      ...options,
      space: { question: questions[locale], ...options.space },
    });
    return html`<idea-duel
      space="demo"
      mode=${mode}
      heading-level=${headingLevel}
      join-url=${joinUrl ?? nothing}
      lang=${lang ?? nothing}
      .client=${client}
    ></idea-duel>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

function duelIn(canvasElement: HTMLElement): IdeaDuel {
  return canvasElement.querySelector('idea-duel')!;
}

/** Waits until the element shows a part, e.g. `choice-left` once the first pair is there. */
async function shownPart(el: IdeaDuel, name: string): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    expect(found).toBeTruthy();
  });
  return found!;
}

/** A participant comparing two ideas. */
export const Vote: Story = {};

/** The first load, before the space and a pair have arrived. */
export const Loading: Story = {
  args: { fixture: () => ({ latencyMs: 86_400_000 }) },
};

/** "Can't decide" opens the reasons; Escape closes them. */
export const SkipReasons: Story = {
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await userEvent.click(await shownPart(el, 'skip'));
    await shownPart(el, 'skip-form');
  },
};

/** The form for a new idea, with its character count, after a too short attempt. */
export const AddIdea: Story = {
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await userEvent.click(await shownPart(el, 'add-idea'));
    const form = await shownPart(el, 'idea-form');
    await userEvent.type(form.querySelector('textarea')!, 'Sa');
    await userEvent.click(form.querySelector('button[type=submit]')!);
  },
};

/** The thank-you after a new idea in a space where the facilitator approves ideas first. */
export const IdeaAwaitingApproval: Story = {
  args: { fixture: () => ({ space: { ideasNeedApproval: true } }) },
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await userEvent.click(await shownPart(el, 'add-idea'));
    const form = await shownPart(el, 'idea-form');
    await userEvent.type(form.querySelector('textarea')!, 'Sauna by the harbour');
    // The thanks follows the server's answer, however long a busy machine takes: wait for it, not for a timer.
    const outcome = new Promise<string>((resolve) => {
      el.addEventListener('tori-idea-add', (event) => resolve(event.detail.idea.status), { once: true });
      el.addEventListener('tori-error', (event) => resolve(`error: ${event.detail.message}`), { once: true });
    });
    await userEvent.click(form.querySelector('button[type=submit]')!);
    await expect(await outcome).toBe('pending');
    await el.updateComplete;
    await waitFor(() => expect(el.shadowRoot!.querySelector('.done')?.textContent?.trim()).toBeTruthy());
  },
};

/** The thank-you hint after five choices. */
export const ProgressHint: Story = {
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    for (let i = 0; i < 5; i++) {
      const voted = new Promise((resolve) => el.addEventListener('tori-vote', resolve, { once: true }));
      await userEvent.click(await shownPart(el, i % 2 ? 'choice-right' : 'choice-left'));
      await voted;
    }
    await shownPart(el, 'progress');
  },
};

/** "Show results" swaps the pair for the ranking, within the element. */
export const Results: Story = {
  args: { fixture: (locale) => ({ results: sampleResults(locale) }) },
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await userEvent.click(await shownPart(el, 'show-results'));
    await shownPart(el, 'result');
  },
};

/** `mode="results"`: the facilitator's projector, with the ranking updating live. */
export const Projector: Story = {
  args: { mode: 'results', fixture: (locale) => ({ results: sampleResults(locale) }) },
  parameters: { layout: 'fullscreen' },
};

/** The projector with `join-url`: a QR code and the short address of the page where people take part. */
export const ProjectorWithJoinCode: Story = {
  name: 'Projector with join code',
  args: { mode: 'results', joinUrl: 'https://www.example.fi/strategia', fixture: (locale) => ({ results: sampleResults(locale) }) },
  parameters: { layout: 'fullscreen' },
  play: async ({ canvasElement }) => {
    await shownPart(duelIn(canvasElement), 'join-code');
  },
};

/** Fewer than two ideas: an invitation to add one. */
export const Empty: Story = {
  args: { fixture: (locale) => ({ ideas: sampleIdeas[locale].slice(0, 1) }) },
};

/** The facilitator closed voting; the results stay one click away. */
export const Closed: Story = {
  args: { fixture: () => ({ space: { votingOpen: false } }) },
};

/** The server failed; "Try again" reloads. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    fixture: () => ({ failWith: { status: 500, code: 'internal', message: 'The server had a bad moment.' } }),
  },
};

/** The connection dropped after a pair was shown: voting goes on, answers wait on the device. */
export const Offline: Story = {
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await shownPart(el, 'choice-left');
    // Let the pair fetched ahead arrive before the connection drops.
    await new Promise((resolve) => setTimeout(resolve, 50));
    (el.client as FixtureClient).setOnline(false);
    await userEvent.click(await shownPart(el, 'choice-left'));
    await waitFor(() => expect((el.client as FixtureClient).pendingAnswers('demo')).toBe(1));
  },
};

export const Finnish: Story = { args: { lang: 'fi' } };

export const Swedish: Story = { args: { lang: 'sv' } };

export const English: Story = { args: { lang: 'en' } };

/** A city's own look through the `--tori-*` tokens and `::part()`: its font, colours and nearly square corners. */
export const Themed: Story = {
  render: (args, context) => html`
    <style>
      .city-theme {
        --tori-font-family: Georgia, 'Times New Roman', serif;
        --tori-font-size: 1.0625rem;
        --tori-color-text: #231f20;
        --tori-color-muted: #5b5456;
        --tori-color-surface: #fffdf8;
        --tori-color-surface-raised: #f4efe6;
        --tori-color-border: #6f6a60;
        --tori-color-accent: #00594f;
        --tori-color-accent-contrast: #ffffff;
        --tori-color-danger: #a4161a;
        --tori-color-success: #1e6b2f;
        --tori-radius: 2px;
        --tori-space: 0.625rem;
        --tori-focus-ring: #b3006b;
      }
      .city-theme {
        padding: 1rem;
        background: var(--tori-color-surface);
      }
      .city-theme idea-duel::part(question) {
        color: var(--tori-color-accent);
      }
      .city-theme idea-duel::part(choice) {
        border-width: 1px 1px 4px;
      }
    </style>
    <div class="city-theme">${meta.render!(args, context)}</div>
  `,
};

/** The real thing: the `demo` space of a running reference server (`npm start`), voting and results live. */
export const Live: Story = {
  tags: ['live'],
  render: ({ mode, headingLevel }) =>
    html`${liveNote('demo')}<idea-duel server=${liveServer()} space="demo" mode=${mode} heading-level=${headingLevel}></idea-duel>`,
  play: async ({ canvasElement }) => {
    const el = duelIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part~="choice-left"]')).toBeTruthy(), { timeout: 10_000 });
  },
};
