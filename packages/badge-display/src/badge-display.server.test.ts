import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createClient } from '@tori/core';
import { journalClient } from '@tori/core/journal';
import type { BadgeAward, BadgeBody, JournalBody, ParticipantIssued } from '@tori/protocol';
import type { BadgeDisplay } from './badge-display.js';
import './define.js';

/** The real reference server: a space of its own per test, the facilitator's key, and the server's address. */
interface Made {
  url: string;
  spaceId: string;
  adminKey: string;
}

const part = <T extends HTMLElement = HTMLElement>(el: BadgeDisplay, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: BadgeDisplay, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: BadgeDisplay) => textOf(el.shadowRoot!.querySelector('p.visually-hidden[role="status"]'));
const cardNamed = (el: BadgeDisplay, name: string) => parts(el, 'badge').find((card) => textOf(card.querySelector('[part~="name"]')) === name);
const progressNamed = (el: BadgeDisplay, name: string) => parts(el, 'progress').find((card) => textOf(card.querySelector('[part~="name"]')) === name);
const checksOf = (card: HTMLElement) => [...card.querySelectorAll<HTMLElement>('[part~="check"]')];
const checkNamed = (card: HTMLElement, label: string) => checksOf(card).find((check) => textOf(check).includes(`${label}:`));

async function shown(el: BadgeDisplay, what: string, check: () => unknown, timeout = 10_000): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout });
  await el.updateComplete;
}

// The earned notice fades in; axe judges the colours it ends with, as a reader sees them.
async function accessible(el: BadgeDisplay): Promise<void> {
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
  await expect(el).to.be.accessible();
}

const IMAGE = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#0b4f8a"/></svg>',
)}`;

const FIRST_REFLECTION: BadgeBody = {
  name: 'First reflection',
  description: 'A first step: one module reflected on in the journal.',
  image: IMAGE,
  imageAlt: 'A dark blue circle',
  criteria: 'Answer every prompt of one module in the journal.',
  rules: [{ kind: 'reflected_modules', count: 1 }],
};

const WHOLE_COURSE: BadgeBody = {
  ...FIRST_REFLECTION,
  name: 'Whole course',
  description: 'Both modules reflected on.',
  criteria: 'Answer every prompt of both modules.',
  rules: [{ kind: 'reflected_modules', count: 2 }],
};

/** Awarded by hand only: no rules. */
const HELPER: BadgeBody = {
  ...FIRST_REFLECTION,
  name: 'Peer helper',
  description: 'Helped other participants along.',
  criteria: 'Awarded by the facilitator.',
  rules: [],
};

const JOURNAL: JournalBody = {
  modules: [
    { id: 'module-1', title: 'Module 1', prompts: [{ id: 'm1-learned', text: 'What did you learn?' }] },
    { id: 'module-2', title: 'Module 2', prompts: [{ id: 'm2-learned', text: 'What surprised you?' }] },
  ],
  facilitatorsCanRead: false,
};

async function send(made: Made, method: string, path: string, body: unknown, expected: number): Promise<unknown> {
  const answer = await fetch(`${made.url}/api/spaces/${made.spaceId}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-tori-key': made.adminKey },
    body: JSON.stringify(body),
  });
  const json = await answer.json();
  expect(answer.status, `${method} ${path}: ${JSON.stringify(json)}`).to.equal(expected);
  return json;
}

/** A course space on the real server: the two-module journal and its badges, set with the facilitator's key. */
async function courseSpace(instance?: string): Promise<Made> {
  const made = await executeServerCommand<Made, { ideas: string[]; instance?: string }>('tori-reference-server', {
    ideas: [],
    ...(instance && { instance }),
  });
  await send(made, 'PUT', '/journal', JOURNAL, 200);
  await send(made, 'PUT', '/badges/first-reflection', FIRST_REFLECTION, 201);
  await send(made, 'PUT', '/badges/whole-course', WHOLE_COURSE, 201);
  await send(made, 'PUT', '/badges/peer-helper', HELPER, 201);
  return made;
}

/** A browser that has never been to this server: no participant, no copy of badges, no client in memory. */
function firstVisit(url: string) {
  const existing = createClient(url) as unknown as { dispose(): void };
  existing.dispose();
  for (const key of Object.keys(localStorage)) if (key.includes(url)) localStorage.removeItem(key);
  const client = createClient(url);
  return { client, socket: () => (client as unknown as { socket?: { connected: boolean } }).socket };
}

/** A participant of its own, awarded a badge by hand through REST: the real signed credential, without any page. */
async function awardedByHand(made: Made, reason = 'Answered everyone’s questions in module 1'): Promise<BadgeAward> {
  const issued = (await (await fetch(`${made.url}/api/participants`, { method: 'POST' })).json()) as ParticipantIssued;
  return (await send(made, 'POST', '/badges/peer-helper/awards', { participantId: issued.participantId, reason }, 201)) as BadgeAward;
}

/** The addresses this page fetched since `forgetFetched()` (the documents a verification read). */
const fetched = () => performance.getEntriesByType('resource').map((entry) => entry.name);
// The browser keeps 250 entries and drops the rest: the test modules' own loads would crowd the documents out.
const forgetFetched = () => performance.clearResourceTimings();

/** Earns "First reflection" through the journal, as the page's participant, and waits for it to arrive live. */
async function earnOnPage(made: Made) {
  const visit = firstVisit(made.url);
  // The socket connects first, before this browser has a participant: its handshake names nobody.
  void visit.client.online;
  await waitUntil(() => visit.socket()?.connected, 'the socket connected', { timeout: 10_000 });
  expect(localStorage.getItem(`tori:participant:${made.url}`), 'no participant yet').to.equal(null);

  const el = await fixture<BadgeDisplay>(html`<badge-display lang="en" server=${made.url} space=${made.spaceId}></badge-display>`);
  await shown(el, 'the progress', () => progressNamed(el, 'First reflection'));
  expect(textOf(progressNamed(el, 'First reflection'))).to.include('0 of 1 modules reflected');
  expect(textOf(progressNamed(el, 'Whole course'))).to.include('0 of 2 modules reflected');
  expect(localStorage.getItem(`tori:participant:${made.url}`), 'the badges issued the participant').to.not.equal(null);

  const awarded = oneEvent(el, 'tori-badge-awarded');
  await journalClient(visit.client).save(made.spaceId, 'm1-learned', { body: 'Meetings need an agenda sent ahead.', baseRevision: 0 });
  const { detail } = await awarded;
  await shown(el, 'the earned card', () => cardNamed(el, 'First reflection') && part(el, 'earned-now'));
  return { el, award: detail.award as BadgeAward, client: visit.client };
}

describe('<badge-display> against the reference server', function () {
  this.timeout(40_000);

  it('shows a badge earned through the journal live, on a first visit, and announces it', async () => {
    const made = await courseSpace();
    const { el, award } = await earnOnPage(made);
    expect(award.badgeId).to.equal('first-reflection');
    expect(award.how).to.equal('earned');
    expect(textOf(part(el, 'earned-now'))).to.include('You earned the badge “First reflection”!');
    expect(spoken(el)).to.equal('You earned the badge “First reflection”!');
    const card = cardNamed(el, 'First reflection')!;
    expect(textOf(card.querySelector('[part~="status"]'))).to.equal('Active');
    expect(textOf(card)).to.include('Issued by Test space');
    expect(card.querySelector<HTMLImageElement>('[part~="image"]')!.alt).to.equal('A dark blue circle');
    expect(textOf(card.querySelector('[part~="details"]'))).to.include('Answer every prompt of one module in the journal.');
    // The other badge's progress moved too (badges:changed), without a reload.
    await shown(el, 'the progress moved', () => textOf(progressNamed(el, 'Whole course')).includes('1 of 2 modules reflected'));
    expect(progressNamed(el, 'First reflection')).to.equal(undefined);
    await accessible(el);
  });

  it('verifies the real credential against the served keys and status list, and fails it once the facilitator revokes it', async () => {
    const made = await courseSpace();
    const { el, award } = await earnOnPage(made);
    const card = () => cardNamed(el, 'First reflection')!;

    const verified = oneEvent(el, 'tori-badge-verified');
    forgetFetched();
    card().querySelector<HTMLButtonElement>('[part~="verify"]')!.click();
    const { detail } = await verified;
    await el.updateComplete;
    expect(detail.credentialId).to.equal(award.credentialId);
    expect(detail.verdict).to.equal('verified');
    expect(detail.checks.map((check: { name: string; outcome: string }) => `${check.name} ${check.outcome}`)).to.deep.equal([
      'format passed',
      'signature passed',
      'issuer passed',
      'validFrom passed',
      'validUntil passed',
      'status passed',
    ]);
    expect(checkNamed(card(), 'Signature')).to.exist;
    expect(textOf(checkNamed(card(), 'Signature'))).to.include('The signature matches the issuer’s public key');
    expect(textOf(checkNamed(card(), 'Issuer’s key'))).to.include(`The key is published at the issuer’s own address (${made.url})`);
    expect(textOf(checkNamed(card(), 'Revocation'))).to.include('Not revoked');
    expect(textOf(card().querySelector('.verdict'))).to.equal('Verified: the credential is authentic, valid and not revoked.');
    // What was checked came from this server: its key set and its status list.
    expect(fetched()).to.include(`${made.url}/.well-known/jwks.json`);
    expect(fetched()).to.include(`${made.url}/api/spaces/${made.spaceId}/status-list`);
    await accessible(el);

    await send(made, 'POST', `/awards/${encodeURIComponent(award.credentialId)}/revoke`, { reason: 'Counted twice by mistake' }, 200);
    await shown(el, 'the revoked status', () => textOf(card().querySelector('[part~="status"]')).startsWith('Revoked'));
    expect(textOf(card().querySelector('[part~="status"]'))).to.match(/^Revoked Revoked \w+ \d+, \d{4}: Counted twice by mistake$/);
    // The verification from before the revocation no longer shows.
    expect(card().querySelector('[part~="verification"]')).to.equal(null);
    expect(part(el, 'earned-now')).to.equal(null);
    await accessible(el);

    const again = oneEvent(el, 'tori-badge-verified');
    card().querySelector<HTMLButtonElement>('[part~="verify"]')!.click();
    const { detail: revoked } = await again;
    await el.updateComplete;
    expect(revoked.ok).to.equal(false);
    expect(revoked.checks.find((check: { name: string }) => check.name === 'status')).to.include({ outcome: 'failed', reason: 'revoked' });
    expect(revoked.checks.find((check: { name: string }) => check.name === 'signature')).to.include({ outcome: 'passed' });
    expect(textOf(card().querySelector('[part~="check-failed"]'))).to.include('Revocation: Failed. Revoked by the issuer');
    expect(textOf(card().querySelector('.verdict'))).to.equal('Verification failed: see what did not pass below.');
    await accessible(el);
  });

  it('fails a copy of the real credential with one changed byte in its signature, and says so', async () => {
    const made = await courseSpace();
    const { jwt } = await awardedByHand(made);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const at = Math.floor(signature.length / 2);
    const tampered = `${header}.${payload}.${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;

    // The untouched credential, shown the same way, passes: the failure below is the changed byte's.
    const genuine = await fixture<BadgeDisplay>(html`<badge-display lang="en" .credential=${jwt}></badge-display>`);
    await shown(genuine, 'the genuine verification', () => part(genuine, 'verification'));
    expect(textOf(part(genuine, 'verification')!.querySelector('.verdict'))).to.equal('Verified: the credential is authentic, valid and not revoked.');

    const el = await fixture<BadgeDisplay>(html`<badge-display lang="en" .credential=${tampered}></badge-display>`);
    await shown(el, 'the verification', () => part(el, 'verification'));
    expect(textOf(part(el, 'name'))).to.equal('Peer helper');
    expect(textOf(part(el, 'verification')!.querySelector('.verdict'))).to.equal('Verification failed: see what did not pass below.');
    const card = part(el, 'badge')!;
    expect(checkNamed(card, 'Signature')!.getAttribute('part')).to.equal('check check-failed');
    expect(textOf(checkNamed(card, 'Signature'))).to.include('Signature: Failed. The signature does not match');
    expect(spoken(el)).to.equal('Verification done. Verification failed: see what did not pass below.');
    await accessible(el);
  });

  it('shows a credential of a second server by its address and verifies it against that server’s keys', async () => {
    const home = await courseSpace();
    const other = await courseSpace('second-issuer');
    expect(other.url).to.not.equal(home.url);
    await send(other, 'PUT', '/issuer', { name: 'Kansalaisopisto Kaari', url: 'https://kaari.example.fi' }, 200);
    const award = await awardedByHand(other, 'Led the module 2 workshop');
    const keys = async (url: string) => ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid?: string; x: string }[] }).keys;
    // Two servers, two signing keys: the credential can only pass against the second one's.
    expect((await keys(home.url)).map((key) => key.x)).to.not.include.members((await keys(other.url)).map((key) => key.x));

    const verified = oneEvent(document, 'tori-badge-verified');
    forgetFetched();
    const el = await fixture<BadgeDisplay>(html`<badge-display lang="en" src=${award.credentialUrl}></badge-display>`);
    const { detail } = await verified;
    await shown(el, 'the verification', () => part(el, 'verification'));
    expect(detail.ok, JSON.stringify(detail.checks)).to.equal(true);
    const card = part(el, 'badge')!;
    expect(textOf(part(el, 'name'))).to.equal('Peer helper');
    expect(textOf(card)).to.include('Issued by Kansalaisopisto Kaari');
    expect(textOf(card.querySelector('[part~="status"]'))).to.equal('Active');
    expect(textOf(checkNamed(card, 'Issuer’s key'))).to.include(`(${other.url})`);
    expect(fetched()).to.include(award.credentialUrl);
    expect(fetched()).to.include(`${other.url}/.well-known/jwks.json`);
    await accessible(el);
  });
});
