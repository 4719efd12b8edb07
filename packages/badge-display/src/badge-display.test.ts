import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FIXTURE_KEY, FOREIGN_CREDENTIALS, createBadgeFixture, type BadgeFixtureClient, type BadgeFixtureOptions } from '@tori/core/fixtures';
import type { BadgeDisplay } from './badge-display.js';
import './define.js';

const part = <T extends HTMLElement = HTMLElement>(el: BadgeDisplay, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: BadgeDisplay, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const $ = <T extends HTMLElement = HTMLElement>(el: BadgeDisplay, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: BadgeDisplay) => textOf($(el, 'p.visually-hidden[role="status"]'));
const buttonNamed = (root: ParentNode, name: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((button) => textOf(button) === name)!;
const cardNamed = (el: BadgeDisplay, name: string) => parts(el, 'badge').find((card) => textOf(card.querySelector('[part~="name"]')) === name)!;

function forgetCopies(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tori:badges:')) localStorage.removeItem(key);
}

async function shown(el: BadgeDisplay, what: string, check: () => unknown, timeout = 5_000): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout });
  await el.updateComplete;
}

// The earned notice fades in; axe judges the colours it ends with, as a reader sees them.
async function accessible(el: BadgeDisplay): Promise<void> {
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
  await expect(el).to.be.accessible();
}

async function display(
  options: BadgeFixtureOptions = {},
  { lang = 'en', mode = 'participate', src }: { lang?: string; mode?: string; src?: string } = {},
): Promise<{ el: BadgeDisplay; client: BadgeFixtureClient }> {
  const client = createBadgeFixture({ locale: lang === 'fi' || lang === 'sv' ? lang : 'en', ...options });
  const el = await fixture<BadgeDisplay>(html`<badge-display space="demo" lang=${lang} mode=${mode} src=${src ?? ''} .client=${client}></badge-display>`);
  return { el, client };
}

/** Catches the download the element starts: the file's name, type and text. */
async function downloaded(start: () => void): Promise<{ name: string; type: string; text: string }> {
  const original = HTMLAnchorElement.prototype.click;
  let link: HTMLAnchorElement | undefined;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    link = this;
  };
  try {
    start();
  } finally {
    HTMLAnchorElement.prototype.click = original;
  }
  expect(link, 'a download link was clicked').to.exist;
  const blob = await (await fetch(link!.href)).blob();
  return { name: link!.download, type: blob.type, text: await blob.text() };
}

const untilBadges = (el: BadgeDisplay) => shown(el, 'the badges', () => part(el, 'badge') || part(el, 'progress') || part(el, 'message')?.textContent?.includes('no badges'));

describe('<badge-display>', () => {
  beforeEach(forgetCopies);

  describe('the participant’s badges', () => {
    it('shows loading, then each earned badge with what a displayer must show, and is accessible', async () => {
      const { el } = await display({ latencyMs: 150, awards: [{ badgeId: 'perusteet', daysAgo: 10 }], activity: { reflected_modules: 6, discussion_posts: 4, discussion_topics: 1 } });
      expect(textOf(part(el, 'message'))).to.equal('Loading…');
      await untilBadges(el);
      const card = cardNamed(el, 'Basics of association work');
      const image = card.querySelector<HTMLImageElement>('[part~="image"]')!;
      expect(image.alt).to.equal('A blue shield with three hands holding each other');
      expect(image.src).to.match(/^data:image\/svg\+xml;base64,/);
      expect(textOf(card)).to.include('Knows the basics of running an association');
      expect(textOf(card)).to.include('Issued by Villages Together');
      expect(textOf(card)).to.match(/Issued \w+ \d+, \d{4}/);
      expect(textOf(card)).to.match(/Valid until \w+ \d+, \d{4}/);
      expect(textOf(card.querySelector('[part~="status"]'))).to.equal('Active');
      const details = card.querySelector<HTMLDetailsElement>('[part~="details"]')!;
      expect(textOf(details)).to.include('Reflect on five of the six modules');
      expect(textOf(details)).to.include('Reflected on 6 modules in the journal');
      await accessible(el);
    });

    it('says when the space has no badges', async () => {
      const { el } = await display({ badges: [] });
      await shown(el, 'the empty message', () => textOf(part(el, 'message')).includes('no badges'));
      expect(textOf(part(el, 'message'))).to.equal('There are no badges in this space yet.');
      await accessible(el);
    });

    it('shows progress toward badges not yet earned, as text and a real progress bar', async () => {
      const { el } = await display({ activity: { reflected_modules: 3, discussion_posts: 1, discussion_topics: 2 } });
      await untilBadges(el);
      expect(parts(el, 'badge')).to.have.length(0);
      expect(textOf($(el, 'section'))).to.include('You have no badges yet.');
      const cards = parts(el, 'progress');
      // The hand-awarded badge has no rules, so no progress to show.
      expect(cards.map((card) => textOf(card.querySelector('[part~="name"]')))).to.deep.equal(['Basics of association work', 'Active discussant']);
      const rules = [...cards[0]!.querySelectorAll('li')];
      expect(rules.map((rule) => textOf(rule))).to.deep.equal(['3 of 5 modules reflected', '1 of 3 discussion posts']);
      const bar = rules[0]!.querySelector('progress')!;
      expect([bar.max, bar.value]).to.deep.equal([5, 3]);
      expect(bar.getAttribute('aria-labelledby')).to.equal(rules[0]!.querySelector('span')!.id);
      await accessible(el);
    });

    it('shows an expired and a revoked badge as such, with the reason', async () => {
      const { el } = await display({
        awards: [
          { badgeId: 'perusteet', daysAgo: 400, validForDays: 365 },
          { badgeId: 'vertaistuki', daysAgo: 5, reason: 'Helped three others with the forms', revoked: 'Awarded to the wrong person' },
        ],
      });
      await untilBadges(el);
      const expired = cardNamed(el, 'Basics of association work');
      expect(expired.classList.contains('expired')).to.equal(true);
      expect(textOf(expired.querySelector('[part~="status"]'))).to.equal('Expired');
      const revoked = cardNamed(el, 'Peer supporter');
      expect(textOf(revoked.querySelector('[part~="status"]'))).to.match(/^Revoked Revoked \w+ \d+, \d{4}: Awarded to the wrong person$/);
      await accessible(el);
    });

    it('announces a badge the moment it is earned through activity, and hands focus to it when dismissed', async () => {
      const { el, client } = await display({ activity: { discussion_topics: 3 } });
      await untilBadges(el);
      expect(part(el, 'earned-now')).to.equal(null);
      const awarded = oneEvent(el, 'tori-badge-awarded');
      await client.badges.act('discussion_topics');
      const { detail } = await awarded;
      expect(detail.award.badgeId).to.equal('keskustelija');
      await shown(el, 'the notice', () => part(el, 'earned-now'));
      expect(textOf(part(el, 'earned-now'))).to.include('You earned the badge “Active discussant”!');
      expect(spoken(el)).to.equal('You earned the badge “Active discussant”!');
      await shown(el, 'the new badge', () => cardNamed(el, 'Active discussant'));
      await accessible(el);
      buttonNamed(part(el, 'earned-now')!, 'Close').click();
      await shown(el, 'the notice gone', () => !part(el, 'earned-now'));
      expect(el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Active discussant');
      // Progress moved on the server too: the badge is no longer "on the way".
      expect(parts(el, 'progress').map((card) => textOf(card.querySelector('[part~="name"]')))).not.to.include('Active discussant');
    });

    it('verifies a credential in the browser: running, then every check passed, announced and emitted', async () => {
      const { el } = await display({ awards: [{ badgeId: 'perusteet' }], latencyMs: 60 });
      await untilBadges(el);
      const card = cardNamed(el, 'Basics of association work');
      const verify = card.querySelector<HTMLButtonElement>('[part~="verify"]')!;
      const verified = oneEvent(el, 'tori-badge-verified');
      verify.click();
      await el.updateComplete;
      expect(textOf(verify)).to.equal('Verifying…');
      expect(verify.disabled).to.equal(true);
      expect(card.getAttribute('aria-busy')).to.equal('true');
      const { detail } = await verified;
      await el.updateComplete;
      expect(detail.ok).to.equal(true);
      expect(detail.credentialId).to.match(/^urn:uuid:/);
      const results = card.querySelector('[part~="verification"]')!;
      expect(textOf(results.querySelector('.verdict'))).to.equal('Verified: the credential is authentic, valid and not revoked.');
      const checks = [...results.querySelectorAll('[part~="check"]')];
      expect(checks.map((check) => check.getAttribute('part'))).to.deep.equal(Array(6).fill('check check-passed'));
      expect(textOf(checks[1])).to.include('Signature: Passed. The signature matches the issuer’s public key');
      expect(spoken(el)).to.equal('Verification done. Verified: the credential is authentic, valid and not revoked.');
      expect(textOf(verify)).to.equal('Verify again');
      await accessible(el);
    });

    it('shows a badge revoked while the page is open as revoked, and verify says the status list has it', async () => {
      const { el, client } = await display({ awards: [{ badgeId: 'perusteet' }] });
      await untilBadges(el);
      const credentialId = (await client.badges.mine('demo')).awards[0]!.credentialId;
      await client.badges.revoke('demo', credentialId, { reason: 'Counted twice by mistake' }, { key: FIXTURE_KEY });
      const card = () => cardNamed(el, 'Basics of association work');
      await shown(el, 'the revoked status', () => textOf(card().querySelector('[part~="status"]')).startsWith('Revoked'));
      card().querySelector<HTMLButtonElement>('[part~="verify"]')!.click();
      const { detail } = await oneEvent(el, 'tori-badge-verified');
      expect(detail.ok).to.equal(false);
      expect(detail.checks.find((check: { name: string }) => check.name === 'status')).to.include({ outcome: 'failed', reason: 'revoked' });
      await el.updateComplete;
      expect(textOf(card().querySelector('[part~="check-failed"]'))).to.equal('✗ Revocation: Failed. Revoked by the issuer.');
    });

    it('downloads the credential as JSON and as the signed JWT, named after the badge', async () => {
      const { el, client } = await display({ awards: [{ badgeId: 'perusteet' }] });
      await untilBadges(el);
      const card = cardNamed(el, 'Basics of association work');
      const jwt = (await client.badges.mine('demo')).awards[0]!.jwt;
      const asJson = await downloaded(() => buttonNamed(card, 'Download JSON').click());
      expect(asJson.name).to.equal('basics-of-association-work.json');
      expect(asJson.type).to.equal('application/json');
      const credential = JSON.parse(asJson.text);
      expect(credential.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
      expect(credential.credentialSubject.achievement.name).to.equal('Basics of association work');
      const asJwt = await downloaded(() => buttonNamed(card, 'Download JWT').click());
      expect(asJwt).to.deep.equal({ name: 'basics-of-association-work.jwt', type: 'application/vc+jwt', text: jwt });
      await el.updateComplete;
      expect(spoken(el)).to.equal('Downloaded basics-of-association-work.jwt.');
    });

    it('reaches Verify and the downloads by keyboard, in reading order', async () => {
      const { el } = await display({ awards: [{ badgeId: 'perusteet' }] });
      await untilBadges(el);
      const card = cardNamed(el, 'Basics of association work');
      card.querySelector('summary')!.focus();
      await sendKeys({ press: 'Enter' });
      expect(card.querySelector('details')!.open).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(textOf(el.shadowRoot!.activeElement)).to.equal('Verify');
      await sendKeys({ press: 'Tab' });
      expect(textOf(el.shadowRoot!.activeElement)).to.equal('Download JSON');
      await sendKeys({ press: 'Tab' });
      expect(textOf(el.shadowRoot!.activeElement)).to.equal('Download JWT');
    });

    it('says it is offline when the badges were never loaded here, and shows the last copy when they were', async () => {
      const first = await display({ awards: [{ badgeId: 'keskustelija' }], online: false });
      await shown(first.el, 'the offline message', () => textOf(part(first.el, 'message')).includes('offline'));
      expect(textOf(part(first.el, 'message'))).to.equal('You are offline. Your badges appear when the connection returns.');
      await expect(first.el).to.be.accessible();
      first.client.setOnline(true);
      await untilBadges(first.el);
      expect(cardNamed(first.el, 'Active discussant')).to.exist;
      first.el.remove();
      const again = await display({ awards: [{ badgeId: 'keskustelija' }], online: false });
      await shown(again.el, 'the copy', () => part(again.el, 'badge'));
      expect(textOf(part(again.el, 'message'))).to.equal('You are offline. These are your badges as last seen on this device.');
    });

    it('shows an error with "Try again"', async () => {
      const { el } = await display({ failWith: { status: 500, code: 'internal', message: 'Boom' } });
      await shown(el, 'the error', () => part(el, 'message')?.querySelector('[role="alert"]'));
      expect(textOf(part(el, 'message'))).to.equal('Something went wrong. Try again');
      await accessible(el);
    });

    it('speaks Finnish and Swedish', async () => {
      const fi = await display({ activity: { reflected_modules: 3 } }, { lang: 'fi' });
      await untilBadges(fi.el);
      expect(textOf(part(fi.el, 'heading'))).to.equal('Osaamismerkkini');
      expect(textOf(part(fi.el, 'progress')!.querySelector('li'))).to.equal('3/5 moduulia pohdittu');
      forgetCopies();
      const sv = await display({ awards: [{ badgeId: 'keskustelija' }] }, { lang: 'sv' });
      await shown(sv.el, 'the badge', () => part(sv.el, 'verify'));
      expect(textOf(part(sv.el, 'verify'))).to.equal('Kontrollera äktheten');
      expect(textOf(part(sv.el, 'status'))).to.equal('Giltigt');
    });
  });

  describe('credentials of other issuers', () => {
    const checkOf = (el: BadgeDisplay, name: string) => textOf(parts(el, 'check').find((check) => textOf(check).includes(`${name}:`)));

    it('shows and verifies an Open Badges 3.0 credential given by address', async () => {
      const verified = new Promise<CustomEvent>((resolve) => document.addEventListener('tori-badge-verified', resolve as EventListener, { once: true }));
      const { el } = await display({}, { src: FOREIGN_CREDENTIALS.ob3 });
      const { detail } = await verified;
      expect(detail.ok).to.equal(true);
      await shown(el, 'the credential', () => part(el, 'verification'));
      const card = part(el, 'badge')!;
      expect(textOf(card.querySelector('[part~="name"]'))).to.equal('Digital guide');
      expect(textOf(card)).to.include('Issued by Kansalaisopisto Kaari');
      expect(textOf(card)).to.include('Awarded to Aino Virtanen');
      expect(textOf(part(el, 'verification')!.querySelector('.verdict'))).to.equal('Verified: the credential is authentic, valid and not revoked.');
      await accessible(el);
    });

    it('shows an Open Badges 2.0 hosted assertion with its badge and issuer, and says it has no signature', async () => {
      const { el } = await display({}, { src: FOREIGN_CREDENTIALS.ob2Hosted });
      await shown(el, 'the credential', () => part(el, 'verification'));
      expect(textOf(part(el, 'name'))).to.equal('Sustainable everyday life');
      expect(textOf(part(el, 'badge'))).to.include('Issued by Merkkiverkosto');
      expect(checkOf(el, 'Signature')).to.include('Not checked. A hosted Open Badges 2.0 assertion carries no signature');
      expect(checkOf(el, 'Issuer’s copy')).to.include('Passed.');
      await accessible(el);
    });

    it('says what cannot be verified: a Data Integrity proof, an issuer that cannot be reached', async () => {
      const { el } = await display({}, { src: FOREIGN_CREDENTIALS.dataIntegrity });
      await shown(el, 'the credential', () => part(el, 'verification'));
      expect(textOf(part(el, 'verification')!.querySelector('.verdict'))).to.equal('Not everything could be checked: see below what was and what was not.');
      expect(checkOf(el, 'Signature')).to.include('Data Integrity proof (eddsa-rdfc-2022), which this page cannot check');
      expect(checkOf(el, 'Valid until')).to.include('Passed.');
      await accessible(el);
      el.src = FOREIGN_CREDENTIALS.unreachableIssuer;
      await shown(el, 'the other credential', () => textOf(part(el, 'name')) === 'Club leader' && part(el, 'verification'));
      expect(checkOf(el, 'Signature')).to.include('Not checked. The issuer’s keys could not be fetched');
    });

    it('fails a credential with one changed byte, given inline as a child script', async () => {
      const client = createBadgeFixture({ locale: 'en', awards: [{ badgeId: 'perusteet' }] });
      const jwt = (await client.badges.mine('demo')).awards[0]!.jwt;
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      // One character in the middle of the payload: the JSON still reads, the signature no longer matches.
      const at = Math.floor(payload.length / 2);
      const tampered = `${header}.${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}.${signature}`;
      const el = await fixture<BadgeDisplay>(html`<badge-display lang="en" .client=${client}><script type="application/vc+jwt">${tampered}</script></badge-display>`);
      await shown(el, 'the verification', () => part(el, 'verification'));
      expect(textOf(part(el, 'verification')!.querySelector('.verdict'))).to.equal('Verification failed: see what did not pass below.');
      const failedSignature = parts(el, 'check-failed').find((check) => textOf(check).includes('Signature:'));
      expect(textOf(failedSignature)).to.include('Signature: Failed. The signature does not match');
      await accessible(el);
    });

    it('says plainly when the address of a credential cannot be reached', async () => {
      const { el } = await display({}, { src: 'https://nowhere.example.invalid/badge.jwt' });
      await shown(el, 'the error', () => part(el, 'message')?.querySelector('[role="alert"]'));
      expect(textOf(part(el, 'message'))).to.include('The credential could not be fetched from https://nowhere.example.invalid/badge.jwt.');
      await accessible(el);
    });
  });

  describe('facilitating', () => {
    it('asks for the key, says when it is wrong, then shows everyone’s progress and badges', async () => {
      const { el } = await display({}, { mode: 'facilitate' });
      const input = $<HTMLInputElement>(el, '#space-key')!;
      input.value = 'wrong';
      buttonNamed(part(el, 'key-form')!, 'Open').click();
      await shown(el, 'the wrong key', () => textOf($(el, '#key-problem')) !== '');
      expect(textOf($(el, '#key-problem'))).to.equal('That is not the key of this space.');
      await accessible(el);
      $<HTMLInputElement>(el, '#space-key')!.value = FIXTURE_KEY;
      buttonNamed(part(el, 'key-form')!, 'Open').click();
      await shown(el, 'the roster', () => parts(el, 'participant').length > 0);
      const people = parts(el, 'participant');
      expect(people.map((person) => textOf(person.querySelector('.badge-name')))).to.deep.equal(['Aino Virtanen', 'Matti Korhonen', 'Leena Nieminen', 'Juha Mäkinen', 'Sanna Heikkinen']);
      // Matti met both rules-based badges; Leena is on her way.
      expect(textOf(people[1])).to.match(/Basics of association work Has it since/);
      expect(textOf(people[2])).to.include('2 of 5 modules reflected, 1 of 3 discussion posts');
      await accessible(el);
    });

    it('awards by hand with a reason (required), and revokes with a reason after confirming', async () => {
      const { el, client } = await display({}, { mode: 'facilitate' });
      el.key = FIXTURE_KEY;
      await shown(el, 'the roster', () => parts(el, 'participant').length > 0);
      const leena = () => parts(el, 'participant')[2]!;
      const award = leena().querySelector<HTMLButtonElement>('#act-2-vertaistuki')!;
      award.click();
      await shown(el, 'the dialog', () => $<HTMLDialogElement>(el, 'dialog')!.open);
      expect(textOf($(el, '#act-heading'))).to.equal('Award “Peer supporter” to Leena Nieminen');
      expect(el.shadowRoot!.activeElement?.id).to.equal('act-reason');
      await accessible(el);
      buttonNamed($(el, 'dialog')!, 'Award the badge').click();
      await shown(el, 'the missing reason', () => textOf($(el, '#act-problem')) !== '');
      expect(textOf($(el, '#act-problem'))).to.equal('Write the reason.');
      await sendKeys({ type: 'Helped two others get started' });
      const awarded = oneEvent(el, 'tori-badge-awarded');
      buttonNamed($(el, 'dialog')!, 'Award the badge').click();
      const { detail } = await awarded;
      expect(detail.award).to.include({ badgeId: 'vertaistuki', how: 'awarded', reason: 'Helped two others get started' });
      await shown(el, 'the dialog closed', () => !$<HTMLDialogElement>(el, 'dialog')!.open);
      await shown(el, 'the roster updated', () => textOf(leena()).includes('Peer supporter Has it since'));
      expect(spoken(el)).to.equal('“Peer supporter” was awarded to Leena Nieminen.');
      // The button that opened the form is now "Revoke…", in the same place, and has the focus back.
      await shown(el, 'focus back', () => el.shadowRoot!.activeElement?.id === 'act-2-vertaistuki');
      expect(textOf(el.shadowRoot!.activeElement)).to.equal('Revoke…');

      (el.shadowRoot!.activeElement as HTMLButtonElement).click();
      await shown(el, 'the revoke dialog', () => $<HTMLDialogElement>(el, 'dialog')!.open);
      expect(textOf($(el, '#act-heading'))).to.equal('Revoke “Peer supporter” from Leena Nieminen');
      expect(textOf($(el, '#act-note'))).to.include('Revoking cannot be undone');
      await sendKeys({ type: 'Meant for someone else' });
      buttonNamed($(el, 'dialog')!, 'Revoke the badge').click();
      await shown(el, 'the revocation', () => textOf(leena()).includes('Peer supporter Revoked'));
      const roster = await client.badges.roster('demo', { key: FIXTURE_KEY });
      expect(roster.participants[2]!.awards[0]).to.include({ status: 'revoked', revokedReason: 'Meant for someone else' });
    });

    it('shows the server’s refusal in the form and keeps the reason', async () => {
      const { el } = await display({ awards: [{ badgeId: 'vertaistuki', participantId: 'p-leena', reason: 'Earlier' }] }, { mode: 'facilitate' });
      el.key = FIXTURE_KEY;
      await shown(el, 'the roster', () => parts(el, 'participant').length > 0);
      const revoke = parts(el, 'participant')[2]!.querySelector<HTMLButtonElement>('#act-2-vertaistuki')!;
      expect(textOf(revoke)).to.equal('Revoke…');
      revoke.click();
      await shown(el, 'the dialog', () => $<HTMLDialogElement>(el, 'dialog')!.open);
      await sendKeys({ type: 'x'.repeat(10) });
      // The fixture refuses an over-long reason as the server does; typing past the limit is stopped by maxlength.
      expect($<HTMLTextAreaElement>(el, '#act-reason')!.maxLength).to.equal(500);
      const errors: string[] = [];
      el.addEventListener('tori-error', (event) => errors.push(event.detail.code));
      const client = el.client as BadgeFixtureClient;
      client.setOnline(false);
      buttonNamed($(el, 'dialog')!, 'Revoke the badge').click();
      await shown(el, 'the refusal', () => textOf($(el, '#act-problem')) !== '');
      expect(textOf($(el, '#act-problem'))).to.equal('You are offline: try again when the connection returns.');
      expect($<HTMLTextAreaElement>(el, '#act-reason')!.value).to.equal('x'.repeat(10));
      expect(errors).to.deep.equal(['network']);
    });
  });
});
