import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Locale } from '@tori/core';
import {
  FIXTURE_KEY,
  createFixtureClient,
  sampleCourseTitle,
  sampleJournal,
  sampleReading,
  sampleReflections,
  type FixtureClient,
  type FixtureOptions,
} from '@tori/core/fixtures';
import { liveNote, liveServer } from '../../../.storybook/live.js';
import { ReflectionJournal } from './reflection-journal.js';

// Registered here, not by importing './define.js': package.json's "sideEffects" lists only dist/define.js,
// so a bundler would drop a bare import of the source file.
ReflectionJournal.define('reflection-journal');

interface Args {
  mode: 'participate' | 'facilitate';
  readonly: boolean;
  /** The space key handed over by the host page (facilitate). */
  key?: string;
  headingLevel: number;
  /** Unset: the toolbar's language, through the page's `lang`. */
  lang?: Locale;
  /** The in-memory server of the story (no real server runs in Storybook). */
  fixture?: (locale: Locale) => FixtureOptions;
}

/** Each story starts from what the server has: drafts another story left on this device are cleared. */
function forgetDrafts(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tori:journal:https://fixture.tori.invalid:')) localStorage.removeItem(key);
}

const meta: Meta<Args> = {
  title: 'Widgets/reflection-journal',
  component: 'reflection-journal',
  args: { mode: 'participate', readonly: false, headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['participate', 'facilitate'] },
    key: { table: { disable: true } },
    readonly: { control: 'boolean' },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'en'] },
    fixture: { table: { disable: true } },
  },
  render: ({ mode, readonly, headingLevel, lang, key, fixture }, { globals }) => {
    forgetDrafts();
    const locale: Locale = lang ?? globals['locale'] ?? 'fi';
    const client = createFixtureClient({
      journal: sampleJournal(locale),
      reflections: sampleReflections(locale),
      ...fixture?.(locale),
    });
    return html`<reflection-journal
      space="demo"
      mode=${mode}
      .key=${key}
      heading=${sampleCourseTitle(locale)}
      heading-level=${headingLevel}
      ?readonly=${readonly}
      lang=${lang ?? nothing}
      .client=${client}
    ></reflection-journal>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

function journalIn(canvasElement: HTMLElement): ReflectionJournal {
  return canvasElement.querySelector('reflection-journal')!;
}

/** Waits until the element shows a part, e.g. `prompt` once the journal is there. */
async function shownPart(el: ReflectionJournal, name: string, timeout = 1_000): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(
    () => {
      found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
      expect(found).toBeTruthy();
    },
    { timeout },
  );
  return found!;
}

const fieldOf = (el: ReflectionJournal, promptId: string) => el.shadowRoot!.querySelector<HTMLTextAreaElement>(`#reflection-${promptId}`)!;

/** Halfway through the course, everything saved: three of six modules reflected, the privacy notice on top. */
export const Default: Story = {};

/** The first load, before the journal has arrived. */
export const Loading: Story = {
  args: { fixture: () => ({ latencyMs: 86_400_000 }) },
};

/** The space has no prompts yet. */
export const Empty: Story = {
  args: { fixture: () => ({ journal: undefined, reflections: [] }) },
};

/** A reflection on its way to the server (this story's server never answers the save). */
export const Saving: Story = {
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await shownPart(el, 'prompt');
    (el.client as FixtureClient).journal.save = () => new Promise(() => {});
    await userEvent.type(fieldOf(el, 'w4-1'), 'Everyone in the village');
    await waitFor(() => expect(el.shadowRoot!.querySelector('#reflection-w4-1-status.saving')).toBeTruthy(), { timeout: 5_000 });
  },
};

/** Typed, paused, saved: the field says "Saved" and a screen reader hears it. */
export const Saved: Story = {
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await shownPart(el, 'prompt');
    await userEvent.type(fieldOf(el, 'w4-1'), 'Everyone in the village');
    await waitFor(() => expect(el.shadowRoot!.querySelector('#reflection-w4-1-status.saved')?.textContent?.trim()).toBeTruthy(), {
      timeout: 5_000,
    });
  },
};

/** The connection dropped: what is typed stays on the device and is saved when it returns. */
export const Offline: Story = {
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await shownPart(el, 'prompt');
    (el.client as FixtureClient).setOnline(false);
    await userEvent.type(fieldOf(el, 'w5-1'), 'A shared calendar with the library');
    await waitFor(() => expect(el.shadowRoot!.querySelector('.summary.offline')).toBeTruthy(), { timeout: 5_000 });
  },
};

/** The same participant saved on another device meanwhile: both texts are kept until they choose. */
export const Conflict: Story = {
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await shownPart(el, 'prompt');
    (el.client as FixtureClient).journal.saveElsewhere('w2-1', 'Written on the laptop yesterday.');
    await userEvent.type(fieldOf(el, 'w2-1'), ' Phone.');
    // After the pause in typing, the save meets the newer copy.
    await shownPart(el, 'conflict', 5_000);
  },
};

/** The server failed; "Try again" loads again. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    fixture: () => ({ failWith: { status: 500, code: 'internal', message: 'The server had a bad moment.' } }),
  },
};

/** The facilitator closed the journal: the reflections stay readable and downloadable. */
export const Closed: Story = {
  args: { fixture: (locale) => ({ journal: { ...sampleJournal(locale), open: false } }) },
};

/** `readonly`: the reflections to read only, e.g. on a course's summary page. */
export const ReadOnly: Story = {
  args: { readonly: true },
};

/** The space lets facilitators read: the notice says so before anything is written. */
export const FacilitatorsCanRead: Story = {
  args: { fixture: (locale) => ({ journal: sampleJournal(locale, true) }) },
};

/** "Share to the discussion": the participant edits what a copy says before posting it. */
export const ShareDialog: Story = {
  args: { fixture: () => ({ profile: { displayName: 'Maija Meikäläinen', role: null, verified: false } }) },
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await userEvent.click(await shownPart(el, 'share'));
    await waitFor(() => expect(el.shadowRoot!.querySelector('dialog')!.open).toBe(true));
  },
};

/** `mode="facilitate"` before the key: a password field (the key is never stored). */
export const FacilitateKey: Story = {
  args: { mode: 'facilitate' },
};

/** `mode="facilitate"` on a private journal: how many reflected each module, never a word they wrote. */
export const Facilitate: Story = {
  args: {
    mode: 'facilitate',
    key: FIXTURE_KEY,
    fixture: (locale) => ({
      journalProgress: {
        participants: 212,
        completed: 71,
        modules: sampleJournal(locale).modules.map((module, i) => ({ moduleId: module.id, title: module.title, reflected: [198, 170, 141, 117, 96, 71][i]! })),
      },
    }),
  },
  play: async ({ canvasElement }) => {
    await shownPart(journalIn(canvasElement), 'progress-table');
  },
};

/** `mode="facilitate"` on a journal whose participants were told the facilitators read: their reflections by name. */
export const FacilitateReadable: Story = {
  args: {
    mode: 'facilitate',
    key: FIXTURE_KEY,
    fixture: (locale) => ({ journal: sampleJournal(locale, true), journalReading: sampleReading(locale) }),
  },
  play: async ({ canvasElement }) => {
    await shownPart(journalIn(canvasElement), 'participant');
  },
};

export const Finnish: Story = { args: { lang: 'fi' } };

export const Swedish: Story = { args: { lang: 'sv' } };

/** The real thing: the six modules of the course space `kurssi` of a running reference server (`npm start`). */
export const Live: Story = {
  tags: ['live'],
  render: ({ mode, headingLevel }) =>
    html`${liveNote('kurssi')}<reflection-journal
        server=${liveServer()}
        space="kurssi"
        mode=${mode}
        heading-level=${headingLevel}
      ></reflection-journal>`,
  play: async ({ canvasElement }) => {
    const el = journalIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part~="field"]')).toBeTruthy(), { timeout: 10_000 });
  },
};
