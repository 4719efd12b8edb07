import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Locale } from '@tori/core';
import { FIXTURE_KEY, FOREIGN_CREDENTIALS, createBadgeFixture, type BadgeFixtureOptions } from '@tori/core/fixtures';
import { liveNote, liveServer } from '../../../.storybook/live.js';
import { BadgeDisplay } from './badge-display.js';

// Registered here, not by importing './define.js': package.json's "sideEffects" lists only dist/define.js,
// so a bundler would drop a bare import of the source file.
BadgeDisplay.define('badge-display');

interface Args {
  mode: 'participate' | 'facilitate';
  headingLevel: number;
  /** Unset: the toolbar's language, through the page's `lang`. */
  lang?: Locale;
  /** A credential of another issuer, by address (the fixture serves a few). */
  src?: string;
  /** The space key handed over by the host page (facilitate). */
  key?: string;
  /** The in-memory server of the story (no real server runs in Storybook). */
  fixture?: (locale: Locale) => BadgeFixtureOptions;
}

/** Halfway through the course: one badge earned by the rules, one awarded by hand, one on the way. */
const halfway = (): BadgeFixtureOptions => ({
  activity: { reflected_modules: 3, discussion_posts: 5, discussion_topics: 4 },
  awards: [{ badgeId: 'keskustelija', daysAgo: 6 }, { badgeId: 'vertaistuki', daysAgo: 2, reason: 'Auttoi kolmea kurssilaista alkuun verkkotyökaluissa.' }],
});

/** Each story starts from what the server has: the badges another story left on this device are forgotten. */
function forgetCopies(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tori:badges:https://fixture.tori.invalid:')) localStorage.removeItem(key);
}

const meta: Meta<Args> = {
  title: 'Widgets/badge-display',
  component: 'badge-display',
  args: { mode: 'participate', headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['participate', 'facilitate'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'en'] },
    src: { control: 'select', options: [undefined, ...Object.values(FOREIGN_CREDENTIALS)] },
    key: { table: { disable: true } },
    fixture: { table: { disable: true } },
  },
  render: ({ mode, headingLevel, lang, src, key, fixture }, { globals }) => {
    forgetCopies();
    const locale: Locale = lang ?? globals['locale'] ?? 'fi';
    const client = createBadgeFixture({ locale, ...halfway(), ...fixture?.(locale) });
    return html`<badge-display
      space="demo"
      mode=${mode}
      .key=${key}
      heading-level=${headingLevel}
      src=${src ?? nothing}
      lang=${lang ?? nothing}
      .client=${client}
    ></badge-display>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

const badgesIn = (canvasElement: HTMLElement): BadgeDisplay => canvasElement.querySelector('badge-display')!;

/** Waits until the element shows a part, e.g. `badge` once the badges are there. */
async function shownPart(el: BadgeDisplay, name: string, timeout = 3_000): Promise<HTMLElement> {
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

/** Earned, awarded by hand, and progress toward the badge not yet earned. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'badge');
  },
};

export const Loading: Story = { args: { fixture: () => ({ latencyMs: 86_400_000 }) } };

export const NoBadges: Story = { args: { fixture: () => ({ badges: [], awards: [] }) } };

export const ProgressOnly: Story = {
  args: { fixture: () => ({ awards: [], activity: { reflected_modules: 3, discussion_posts: 1, discussion_topics: 2 } }) },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'progress');
  },
};

export const Earned: Story = {
  args: { fixture: () => ({ awards: [{ badgeId: 'perusteet', daysAgo: 1 }], activity: { reflected_modules: 6, discussion_posts: 4, discussion_topics: 2 } }) },
  play: async ({ canvasElement }) => {
    const details = await shownPart(badgesIn(canvasElement), 'details');
    await userEvent.click(details.querySelector('summary')!);
  },
};

export const Expired: Story = {
  args: { fixture: () => ({ awards: [{ badgeId: 'perusteet', daysAgo: 420, validForDays: 365 }], activity: { reflected_modules: 6, discussion_posts: 4 } }) },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'status');
  },
};

export const Revoked: Story = {
  args: { fixture: () => ({ awards: [{ badgeId: 'vertaistuki', daysAgo: 9, reason: 'Auttoi muita', revoked: 'Myönnetty väärälle henkilölle.' }] }) },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'status');
  },
};

/** A badge arrives while the page is open: the fourth discussion completes "Active discussant". */
export const JustEarned: Story = {
  args: { fixture: () => ({ awards: [], activity: { reflected_modules: 3, discussion_posts: 2, discussion_topics: 3 } }) },
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    await shownPart(el, 'progress');
    await (el.client as ReturnType<typeof createBadgeFixture>).badges.act('discussion_topics');
    await shownPart(el, 'earned-now');
  },
};

export const VerifyRunning: Story = {
  args: { fixture: () => ({ latencyMs: 400 }) },
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    const verify = await shownPart(el, 'verify', 3_000);
    await userEvent.click(verify);
    await waitFor(() => expect((verify as HTMLButtonElement).disabled).toBe(true));
  },
};

export const VerifyPassed: Story = {
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    await userEvent.click(await shownPart(el, 'verify'));
    const results = await shownPart(el, 'verification', 5_000);
    await expect(results.classList.contains('verified')).toBe(true);
  },
};

/** A credential with one changed byte, pasted inline: the signature check fails. */
export const VerifyFailedTampered: Story = {
  render: (_args, { globals }) => {
    forgetCopies();
    const locale: Locale = globals['locale'] ?? 'fi';
    const client = createBadgeFixture({ locale, awards: [{ badgeId: 'perusteet' }] });
    const el = document.createElement('badge-display') as BadgeDisplay;
    el.client = client;
    void client.badges.mine('demo').then(({ awards }) => {
      const [header, payload, signature] = awards[0]!.jwt.split('.') as [string, string, string];
      const at = Math.floor(payload.length / 3);
      el.credential = `${header}.${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}.${signature}`;
    });
    return el;
  },
  play: async ({ canvasElement }) => {
    const results = await shownPart(badgesIn(canvasElement), 'verification', 5_000);
    await expect(results.classList.contains('failed')).toBe(true);
  },
};

export const ForeignOpenBadges3: Story = {
  args: { src: FOREIGN_CREDENTIALS.ob3 },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'verification', 5_000);
  },
};

export const ForeignOpenBadges2Hosted: Story = {
  args: { src: FOREIGN_CREDENTIALS.ob2Hosted },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'verification', 5_000);
  },
};

/** Signed with a Data Integrity proof: everything but the signature is checked, and the view says so. */
export const CannotVerifyDataIntegrity: Story = {
  args: { src: FOREIGN_CREDENTIALS.dataIntegrity },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'verification', 5_000);
  },
};

export const CannotVerifyUnreachableIssuer: Story = {
  args: { src: FOREIGN_CREDENTIALS.unreachableIssuer },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'verification', 5_000);
  },
};

export const Offline: Story = { args: { fixture: () => ({ online: false }) } };

export const ErrorState: Story = {
  name: 'Error',
  args: { fixture: () => ({ failWith: { status: 500, code: 'internal', message: 'The server had a bad moment.' } }) },
};

export const FacilitateKey: Story = { args: { mode: 'facilitate' } };

export const FacilitateRoster: Story = {
  args: { mode: 'facilitate', key: FIXTURE_KEY },
  play: async ({ canvasElement }) => {
    await shownPart(badgesIn(canvasElement), 'participant');
  },
};

export const FacilitateAward: Story = {
  args: { mode: 'facilitate', key: FIXTURE_KEY },
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    await shownPart(el, 'participant');
    await userEvent.click(el.shadowRoot!.querySelector<HTMLButtonElement>('#act-2-vertaistuki')!);
    await waitFor(() => expect(el.shadowRoot!.querySelector('dialog')!.open).toBe(true));
  },
};

export const FacilitateRevoke: Story = {
  args: { mode: 'facilitate', key: FIXTURE_KEY },
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    await shownPart(el, 'participant');
    // Aino has "Active discussant" (keskustelija): revoking asks for a reason and says it cannot be undone.
    await userEvent.click(el.shadowRoot!.querySelector<HTMLButtonElement>('#act-0-keskustelija')!);
    await waitFor(() => expect(el.shadowRoot!.querySelector('dialog')!.open).toBe(true));
  },
};

export const Swedish: Story = { args: { lang: 'sv' } };

export const English: Story = { args: { lang: 'en' } };

/** The real thing: the badges of the course space `kurssi` of a running reference server (`npm start`). */
export const Live: Story = {
  tags: ['live'],
  render: ({ headingLevel }) => html`${liveNote('kurssi')}<badge-display server=${liveServer()} space="kurssi" heading-level=${headingLevel}></badge-display>`,
  play: async ({ canvasElement }) => {
    const el = badgesIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part~="progress"], [part~="badge"]')).toBeTruthy(), { timeout: 10_000 });
  },
};
