import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Locale } from '@tori/core';
import { FIXTURE_KEY, createFixtureClient, sampleDiscussion, sampleTopic, type FixtureClient, type FixtureOptions } from '@tori/core/fixtures';
import { liveNote, liveServer } from '../../../.storybook/live.js';
import { NamedDiscussion } from './named-discussion.js';

// Registered here, not by importing './define.js': package.json's "sideEffects" lists only dist/define.js,
// so a bundler would drop a bare import of the source file.
NamedDiscussion.define('named-discussion');

interface Args {
  mode: 'participate' | 'facilitate';
  readonly: boolean;
  headingLevel: number;
  /** Unset: the toolbar's language, through the page's `lang`. */
  lang?: Locale;
  /** The space key handed over by the host page (facilitate). */
  key?: string;
  /** The in-memory server of the story (no real server runs in Storybook). */
  fixture?: (locale: Locale) => FixtureOptions;
}

const names: Record<Locale, string> = { fi: 'Sanna Osallistuja', sv: 'Sanna Deltagare', en: 'Sam Participant' };

const meta: Meta<Args> = {
  title: 'Widgets/named-discussion',
  component: 'named-discussion',
  args: { mode: 'participate', readonly: false, headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['participate', 'facilitate'] },
    readonly: { control: 'boolean' },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'en'] },
    key: { table: { disable: true } },
    fixture: { table: { disable: true } },
  },
  render: ({ mode, readonly, headingLevel, lang, key, fixture }, { globals }) => {
    const locale: Locale = lang ?? globals['locale'] ?? 'fi';
    const options = fixture?.(locale) ?? {};
    const client = createFixtureClient({
      posts: sampleDiscussion(locale),
      profile: { displayName: names[locale], role: null, verified: false },
      ...options,
      topic: { ...sampleTopic(locale), ...options.topic },
    });
    return html`<named-discussion
      space="kurssi"
      topic="moduuli-1"
      mode=${mode}
      heading-level=${headingLevel}
      ?readonly=${readonly}
      lang=${lang ?? nothing}
      .client=${client}
      .key=${key}
    ></named-discussion>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

function discussionIn(canvasElement: HTMLElement): NamedDiscussion {
  return canvasElement.querySelector('named-discussion')!;
}

async function shownPart(el: NamedDiscussion, name: string): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    expect(found).toBeTruthy();
  });
  return found!;
}

/** A course module's discussion: two threads, a reply, reactions, the participant's own post, who has written. */
export const Default: Story = {};

/** The first load, before the discussion has arrived. */
export const Loading: Story = {
  args: { fixture: () => ({ latencyMs: 86_400_000 }) },
};

/** No messages yet: an invitation to write the first. */
export const Empty: Story = {
  args: { fixture: () => ({ posts: [] }) },
};

/** Before the first post: the name (and an optional role) is asked once for the space. */
export const JoinDialog: Story = {
  args: { fixture: () => ({ profile: null }) },
};

/** Others wrote while the participant was reading (or writing a reply): their posts wait under a button. */
export const NewPostsWaiting: Story = {
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await shownPart(el, 'post');
    const client = el.client as FixtureClient;
    client.discussion.pushPost({ body: 'Hei kaikki! / Hello everyone!', author: { displayName: 'Dana Dahl', role: null, verified: false } });
    client.discussion.pushPost({ body: '+1', parentId: 'post-1', author: { displayName: 'Eero Esimerkki', role: null, verified: false } });
    await shownPart(el, 'new-posts');
  },
};

/** A reply being written: the form stays as it is while posts arrive. */
export const Replying: Story = {
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await shownPart(el, 'post');
    await userEvent.click(el.shadowRoot!.querySelector<HTMLButtonElement>('[data-reply="post-1"]')!);
    const form = await shownPart(el, 'reply-form');
    await userEvent.type(form.querySelector('textarea')!, 'Minulla on sama kokemus');
  },
};

/** The facilitator closed the topic: everything stays readable, nothing can be written. */
export const Locked: Story = {
  args: { fixture: () => ({ topic: { locked: true } }) },
};

/** `readonly`: the messages only, e.g. on an archive page after the course. */
export const ReadOnly: Story = {
  args: { readonly: true },
};

/** The server failed; "Try again" reloads. */
export const ErrorState: Story = {
  name: 'Error',
  args: { fixture: () => ({ failWith: { status: 500, code: 'internal', message: 'The server had a bad moment.' } }) },
};

/** Offline before anything loaded. */
export const Offline: Story = {
  args: { fixture: () => ({ online: false }) },
};

/** The connection dropped after the discussion loaded; a message waits on the device and is counted. */
export const OfflineWithWaitingPost: Story = {
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await shownPart(el, 'post');
    (el.client as FixtureClient).setOnline(false);
    const form = await shownPart(el, 'form');
    await userEvent.type(form.querySelector('textarea')!, 'Kirjoitettu junassa');
    await userEvent.click(form.querySelector('button[type=submit]')!);
    await waitFor(() => expect(el.client!.discussion!.queuedPosts('kurssi', 'moduuli-1')).toHaveLength(1));
  },
};

/** The report dialog with its reasons. */
export const ReportDialog: Story = {
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await userEvent.click(await shownPart(el, 'report'));
    await waitFor(() => expect(el.shadowRoot!.querySelector('dialog')!.open).toBe(true));
  },
};

/** `mode="facilitate"` before the key: a password field (the key is never stored). */
export const FacilitateKey: Story = {
  args: { mode: 'facilitate' },
};

/** `mode="facilitate"` with the key and the summary of the topic: most discussed threads and recurring themes. */
export const FacilitateSummary: Story = {
  args: { mode: 'facilitate', key: FIXTURE_KEY },
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await shownPart(el, 'moderated-post');
    await userEvent.click(el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar .primary')!);
    await shownPart(el, 'summary');
  },
};

export const Finnish: Story = { args: { lang: 'fi' } };

export const Swedish: Story = { args: { lang: 'sv' } };

/** The real thing: module 1's topic in the course space `kurssi` of a running reference server (`npm start`). */
export const Live: Story = {
  tags: ['live'],
  render: ({ mode, headingLevel }) =>
    html`${liveNote('kurssi')}<named-discussion
        server=${liveServer()}
        space="kurssi"
        topic="moduuli-1"
        mode=${mode}
        heading-level=${headingLevel}
      ></named-discussion>`,
  play: async ({ canvasElement }) => {
    const el = discussionIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part~="prompt"]')).toBeTruthy(), { timeout: 10_000 });
  },
};
