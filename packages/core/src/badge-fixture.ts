/**
 * Badges in the in-memory fixture server (`@tori/core/fixtures`): a space's badges with Finnish, Swedish and English
 * texts, the participant's progress, credentials signed at runtime with a real WebCrypto key (so Verify works with no
 * server), a facilitator's roster, and credentials of other issuers (OB 3.0, OB 2.0 hosted, Data Integrity, one whose
 * issuer cannot be reached) answered from memory. Never part of a page bundle.
 */
import {
  BADGE_REASON_MAX,
  type AwardStatus,
  type Badge,
  type BadgeAward,
  type BadgeRoster,
  type BadgeRuleKind,
  type MyBadges,
} from '@tori/protocol';
import type { BadgeClient } from './badge-client.js';
import { BadgeIssuer, json } from './badge-issuer.js';
import type { FacilitatorAccess } from './contracts.js';
import type { FetchedDocument } from './credential-check-types.js';
import { ToriError } from './errors.js';
import { createFixtureClient, FIXTURE_KEY, type FixtureClient, type FixtureOptions } from './fixtures.js';
import type { Locale } from './i18n.js';

const DAY = 86_400_000;
const ORIGIN = 'https://fixture.tori.invalid';

/** Addresses of other issuers' credentials the fixture serves (for `<badge-display src>`). */
export const FOREIGN_CREDENTIALS = {
  /** An OB 3.0 VC-JWT of another Tori-like issuer: verifies. */
  ob3: 'https://opisto.example.fi/merkit/digiopastaja.jwt',
  /** An OB 2.0 hosted assertion, with its BadgeClass and Issuer. */
  ob2Hosted: 'https://merkit.example.org/assertions/5f1c2a',
  /** An OB 3.0 JSON credential with a Data Integrity proof: its signature cannot be checked in a browser. */
  dataIntegrity: 'https://kumppani.example.com/credentials/7.json',
  /** An OB 3.0 VC-JWT whose issuer's keys cannot be reached. */
  unreachableIssuer: 'https://opisto.example.fi/merkit/vanha-arkisto.jwt',
} as const;

/** One participant in the roster, and what they have done. */
export interface FixtureParticipant {
  participantId: string;
  displayName: string | null;
  activity: Partial<Record<BadgeRuleKind, number>>;
}

/** An award already there when the fixture starts. */
export interface FixtureAward {
  badgeId: string;
  /** The roster's participant; the participant of the page by default. */
  participantId?: string;
  how?: 'earned' | 'awarded';
  reason?: string;
  /** Days before today it was issued; default 3. */
  daysAgo?: number;
  /** Days it stays valid; default the badge's validForDays. */
  validForDays?: number | null;
  revoked?: string;
}

export interface BadgeFixtureOptions extends FixtureOptions {
  /** Language of the sample badges; `fi` by default. */
  locale?: Locale;
  /** The space's badges; `sampleBadges(locale)` by default, `[]` for a space without badges. */
  badges?: Badge[];
  /** What the page's participant has done. */
  activity?: Partial<Record<BadgeRuleKind, number>>;
  awards?: FixtureAward[];
  /** Everyone else in the roster; `sampleRoster(locale)` by default. */
  participants?: FixtureParticipant[];
}

export interface FixtureBadges extends BadgeClient {
  /** The page's participant does something counted: progress moves and, when every rule holds, the badge is issued live. */
  act(kind: BadgeRuleKind, count?: number): Promise<void>;
  /** The issuer of the fixture's space (to sign tampered or other credentials in tests). */
  readonly issuer: BadgeIssuer;
  /** The participant id the page is. */
  readonly you: string;
  /** Compact JWT of an award (the page's or anyone's). */
  jwtOf(credentialId: string): string | undefined;
  /** Resolves once the sample credentials are signed. */
  readonly ready: Promise<void>;
}

export interface BadgeFixtureClient extends FixtureClient {
  readonly badges: FixtureBadges;
}

const TEXTS: Record<Locale, { issuer: string; you: string; badges: [string, string, string, string][]; names: string[] }> = {
  fi: {
    issuer: 'Kylät yhdessä ry',
    you: 'Aino Virtanen',
    badges: [
      ['Yhdistystoiminnan perusteet', 'Tuntee yhdistyksen toiminnan perusteet: säännöt, kokoukset, talouden ja vapaaehtoiset.', 'Pohdi oppimispäiväkirjassa viittä kuudesta moduulista ja kirjoita kurssin keskusteluun vähintään kolme viestiä.', 'Sininen kilpi, jossa kolme toisiinsa tarttuvaa kättä'],
      ['Aktiivinen keskustelija', 'Osallistuu kurssin keskusteluihin ja tukee muita oppijoita.', 'Kirjoita neljään kurssin keskusteluun.', 'Vihreä puhekupla, jossa tähti'],
      ['Vertaistukija', 'Auttoi muita kurssilaisia tavalla, jonka kouluttaja halusi huomata.', 'Kouluttajan myöntämä.', 'Oranssi sydän kahden ihmishahmon välissä'],
    ],
    names: ['Matti Korhonen', 'Leena Nieminen', 'Juha Mäkinen', 'Sanna Heikkinen'],
  },
  sv: {
    issuer: 'Byarna tillsammans rf',
    you: 'Aino Virtanen',
    badges: [
      ['Grunderna i föreningsverksamhet', 'Känner till grunderna i en förenings verksamhet: stadgar, möten, ekonomi och frivilliga.', 'Reflektera i lärdagboken över fem av sex moduler och skriv minst tre inlägg i kursens diskussion.', 'En blå sköld med tre händer som håller i varandra'],
      ['Aktiv diskussionsdeltagare', 'Deltar i kursens diskussioner och stöder andra deltagare.', 'Skriv i fyra av kursens diskussioner.', 'En grön pratbubbla med en stjärna'],
      ['Kamratstödjare', 'Hjälpte andra deltagare på ett sätt som kursledaren ville uppmärksamma.', 'Beviljas av kursledaren.', 'Ett orange hjärta mellan två människofigurer'],
    ],
    names: ['Matti Korhonen', 'Leena Nieminen', 'Juha Mäkinen', 'Sanna Heikkinen'],
  },
  en: {
    issuer: 'Villages Together',
    you: 'Aino Virtanen',
    badges: [
      ['Basics of association work', 'Knows the basics of running an association: rules, meetings, finances and volunteers.', 'Reflect on five of the six modules in the journal and write at least three posts in the course discussion.', 'A blue shield with three hands holding each other'],
      ['Active discussant', 'Takes part in the course discussions and supports other learners.', 'Write in four of the course discussions.', 'A green speech bubble with a star'],
      ['Peer supporter', 'Helped other participants in a way the facilitator wanted to recognise.', 'Awarded by the facilitator.', 'An orange heart between two figures'],
    ],
    names: ['Matti Korhonen', 'Leena Nieminen', 'Juha Mäkinen', 'Sanna Heikkinen'],
  },
};

/** A badge image as a data: URL (a coloured medal with a symbol), so stories need no image server. */
export function badgeImage(color: string, symbol: 'hands' | 'bubble' | 'heart' | 'leaf'): string {
  const shapes = {
    hands: '<path d="M34 60c8-10 20-10 28 0M38 52c6-7 14-7 20 0" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/><circle cx="48" cy="40" r="7" fill="#fff"/>',
    bubble: '<path d="M28 34h40v24H46l-10 9v-9h-8z" fill="#fff"/><path d="M48 38l3 6 6 1-4 4 1 6-6-3-6 3 1-6-4-4 6-1z" fill="' + color + '"/>',
    heart: '<path d="M48 66 30 48a10 10 0 0 1 18-12 10 10 0 0 1 18 12z" fill="#fff"/>',
    leaf: '<path d="M30 64c0-22 14-34 36-34 0 22-12 34-36 34zM30 64l20-20" stroke="#fff" stroke-width="4" fill="#fff"/>',
  };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="44" fill="${color}"/><circle cx="48" cy="48" r="36" fill="none" stroke="#fff" stroke-width="3"/>${shapes[symbol]}</svg>`;
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** The course's badges: two earned by activity, one awarded by hand only. */
export function sampleBadges(locale: Locale = 'fi', spaceId = 'demo'): Badge[] {
  const [basics, discussant, peer] = TEXTS[locale].badges;
  const at = '2026-01-12T09:00:00.000Z';
  const badge = (id: string, [name, description, criteria, imageAlt]: [string, string, string, string], image: string, rules: Badge['rules'], validForDays: number | null): Badge => ({
    id,
    spaceId,
    name,
    description,
    criteria,
    image,
    imageAlt,
    rules,
    validForDays,
    active: true,
    achievementId: `${ORIGIN}/api/spaces/${spaceId}/badges/${id}/achievement`,
    createdAt: at,
    updatedAt: at,
  });
  return [
    badge('perusteet', basics!, badgeImage('#0b57d0', 'hands'), [{ kind: 'reflected_modules', count: 5 }, { kind: 'discussion_posts', count: 3 }], 1095),
    badge('keskustelija', discussant!, badgeImage('#1a7f37', 'bubble'), [{ kind: 'discussion_topics', count: 4 }], null),
    badge('vertaistuki', peer!, badgeImage('#b54708', 'heart'), [], null),
  ];
}

/** Others in the course, halfway through it. */
export function sampleRoster(locale: Locale = 'fi'): FixtureParticipant[] {
  const [a, b, c, d] = TEXTS[locale].names;
  return [
    { participantId: 'p-matti', displayName: a!, activity: { reflected_modules: 6, discussion_posts: 7, discussion_topics: 5 } },
    { participantId: 'p-leena', displayName: b!, activity: { reflected_modules: 2, discussion_posts: 1, discussion_topics: 1 } },
    { participantId: 'p-juha', displayName: c!, activity: { reflected_modules: 4, discussion_posts: 3, discussion_topics: 2 } },
    { participantId: 'p-sanna', displayName: d ?? null, activity: {} },
  ];
}

interface StoredAward extends BadgeAward {
  participantId: string;
  statusIndex: number;
}

const evidenceText: Record<Locale, Record<BadgeRuleKind, (n: number) => string>> = {
  fi: {
    reflected_modules: (n) => `Pohti ${n} moduulia oppimispäiväkirjassa`,
    discussion_posts: (n) => `Kirjoitti ${n} viestiä kurssin keskusteluihin`,
    discussion_topics: (n) => `Osallistui ${n} keskusteluun`,
    duel_votes: (n) => `Äänesti ${n} kertaa`,
    ideas_posted: (n) => `Jätti ${n} ideaa`,
  },
  sv: {
    reflected_modules: (n) => `Reflekterade över ${n} moduler i lärdagboken`,
    discussion_posts: (n) => `Skrev ${n} inlägg i kursens diskussioner`,
    discussion_topics: (n) => `Deltog i ${n} diskussioner`,
    duel_votes: (n) => `Röstade ${n} gånger`,
    ideas_posted: (n) => `Lämnade ${n} idéer`,
  },
  en: {
    reflected_modules: (n) => `Reflected on ${n} modules in the journal`,
    discussion_posts: (n) => `Wrote ${n} posts in the course discussions`,
    discussion_topics: (n) => `Took part in ${n} discussions`,
    duel_votes: (n) => `Voted ${n} times`,
    ideas_posted: (n) => `Posted ${n} ideas`,
  },
};

/** A fixture client with badges: `createFixtureClient()`'s server plus the badges' calls. */
export function createBadgeFixture(options: BadgeFixtureOptions = {}): BadgeFixtureClient {
  const client = createFixtureClient(options);
  const locale = options.locale ?? 'fi';
  const texts = TEXTS[locale];
  const spaceKey = options.boardKey ?? FIXTURE_KEY;
  const issuer = new BadgeIssuer({ origin: ORIGIN, name: texts.issuer, spaceId: 'demo', url: 'https://kylat.example.fi' });
  const badges = options.badges ?? sampleBadges(locale);
  const you = 'p-aino';
  const people = new Map<string, FixtureParticipant>(
    [{ participantId: you, displayName: texts.you, activity: { ...options.activity } }, ...(options.participants ?? sampleRoster(locale))].map((person) => [person.participantId, person]),
  );
  const awards: StoredAward[] = [];
  const jwts = new Map<string, string>();
  const foreign = new Map<string, FetchedDocument>();

  const calls = (client as unknown as { calls: { method: string; args: unknown[] }[] }).calls;
  const latency = () => (options.latencyMs ? new Promise<void>((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve());
  async function served<T>(method: string, args: unknown[], answer: () => T | Promise<T>): Promise<T> {
    calls?.push({ method, args });
    await ready;
    await latency();
    if (options.failWith) throw ToriError.from(options.failWith);
    if (!client.online) throw ToriError.network();
    return answer();
  }
  const checkKey = (access: FacilitatorAccess | undefined) => {
    if (!access?.key) throw new ToriError(401, 'unauthorized', 'The space key is needed.');
    if (access.key !== spaceKey) throw new ToriError(403, 'forbidden', 'That is not the key of this space.');
  };
  const badgeById = (badgeId: string) => {
    const badge = badges.find((candidate) => candidate.id === badgeId);
    if (!badge) throw new ToriError(404, 'not_found', `There is no badge "${badgeId}".`);
    return badge;
  };
  const statusOf = (award: StoredAward): AwardStatus =>
    award.revokedAt ? 'revoked' : award.validUntil && Date.parse(award.validUntil) < Date.now() ? 'expired' : 'active';
  const progressOf = (person: FixtureParticipant) =>
    badges.map((badge) => ({
      badgeId: badge.id,
      rules: badge.rules.map((rule) => ({ ...rule, done: person.activity[rule.kind] ?? 0 })),
      earned: awards.some((award) => award.participantId === person.participantId && award.badgeId === badge.id && statusOf(award) === 'active'),
    }));
  const view = (award: StoredAward): BadgeAward => {
    const { participantId: _participant, statusIndex: _index, ...rest } = award;
    return { ...rest, status: statusOf(award) };
  };

  async function issue(person: FixtureParticipant, badge: Badge, how: 'earned' | 'awarded', reason: string | null, validFrom = new Date(), validForDays = badge.validForDays): Promise<StoredAward> {
    const evidence = how === 'earned' ? badge.rules.map((rule) => evidenceText[locale][rule.kind](person.activity[rule.kind] ?? 0)) : [reason ?? ''];
    const validUntil = validForDays ? new Date(validFrom.getTime() + validForDays * DAY) : null;
    const { jwt, credential, statusIndex } = await issuer.issue({
      achievement: { id: badge.achievementId, name: badge.name, description: badge.description, criteria: badge.criteria, image: badge.image, imageAlt: badge.imageAlt },
      subjectId: `urn:uuid:${person.participantId}`,
      holderName: person.displayName,
      validFrom,
      validUntil,
      evidence,
    });
    const award: StoredAward = {
      credentialId: credential.id,
      badgeId: badge.id,
      how,
      reason: how === 'awarded' ? reason : null,
      issuedAt: credential.validFrom,
      validUntil: credential.validUntil ?? null,
      status: 'active',
      revokedAt: null,
      revokedReason: null,
      evidence,
      jwt,
      credentialUrl: `${ORIGIN}/api/credentials/${encodeURIComponent(credential.id)}`,
      participantId: person.participantId,
      statusIndex,
    };
    awards.unshift(award);
    jwts.set(award.credentialId, jwt);
    return award;
  }

  const pushEvent = (event: Parameters<FixtureClient['pushEvent']>[0]) => setTimeout(() => client.pushEvent(event));

  /** Issues every badge whose rules now hold for the person; live to the page when it is the page's participant. */
  async function evaluate(person: FixtureParticipant): Promise<void> {
    for (const badge of badges) {
      if (!badge.active || !badge.rules.length) continue;
      if (!badge.rules.every((rule) => (person.activity[rule.kind] ?? 0) >= rule.count)) continue;
      if (awards.some((award) => award.participantId === person.participantId && award.badgeId === badge.id && statusOf(award) === 'active')) continue;
      const award = await issue(person, badge, 'earned', null);
      if (person.participantId === you) pushEvent({ name: 'badge:awarded', payload: { spaceId: 'demo', award: view(award), badge } });
    }
  }

  const ready = (async () => {
    for (const given of options.awards ?? []) {
      const person = people.get(given.participantId ?? you)!;
      const badge = badgeById(given.badgeId);
      const validFrom = new Date(Date.now() - (given.daysAgo ?? 3) * DAY);
      const award = await issue(person, badge, given.how ?? (badge.rules.length ? 'earned' : 'awarded'), given.reason ?? null, validFrom, given.validForDays === undefined ? badge.validForDays : given.validForDays);
      if (given.revoked) {
        award.revokedAt = new Date(validFrom.getTime() + DAY).toISOString();
        award.revokedReason = given.revoked;
        issuer.revoke(award.statusIndex);
      }
    }
    for (const person of people.values()) if (person.participantId !== you) await evaluate(person);
    await foreignSamples(foreign, locale);
  })();

  const fixtureBadges: FixtureBadges = {
    issuer,
    you,
    ready: ready.then(() => undefined),
    jwtOf: (credentialId) => jwts.get(credentialId),
    mine(spaceId) {
      return served('badges.mine', [spaceId], (): MyBadges => ({
        issuer: { '@context': ['https://www.w3.org/ns/credentials/v2'], id: issuer.issuerId, type: ['Profile'], name: issuer.name, url: 'https://kylat.example.fi' },
        badges: badges.filter((badge) => badge.active).map((badge) => ({ ...badge, spaceId })),
        progress: progressOf(people.get(you)!),
        awards: awards.filter((award) => award.participantId === you).map(view),
      }));
    },
    roster(spaceId, access) {
      return served('badges.roster', [spaceId], (): BadgeRoster => {
        checkKey(access);
        return {
          badges: badges.map((badge) => ({ ...badge, spaceId })),
          participants: [...people.values()].map((person) => ({
            participantId: person.participantId,
            displayName: person.displayName,
            progress: progressOf(person),
            awards: awards
              .filter((award) => award.participantId === person.participantId)
              .map((award) => {
                const { jwt: _jwt, ...rest } = view(award);
                return rest;
              }),
          })),
        };
      });
    },
    award(spaceId, badgeId, body, access) {
      return served('badges.award', [spaceId, badgeId, body], async () => {
        checkKey(access);
        const badge = badgeById(badgeId);
        const reason = body.reason?.trim() ?? '';
        if (!reason || reason.length > BADGE_REASON_MAX) {
          const message = `reason must be 1 to ${BADGE_REASON_MAX} characters`;
          throw new ToriError(422, 'invalid_body', message, [{ path: 'reason', message }]);
        }
        const person = people.get(body.participantId);
        if (!person) throw new ToriError(404, 'not_found', `There is no participant "${body.participantId}" in this space.`);
        if (awards.some((award) => award.participantId === person.participantId && award.badgeId === badgeId && statusOf(award) === 'active')) {
          throw new ToriError(409, 'conflict', 'This participant already has this badge.');
        }
        const award = await issue(person, badge, 'awarded', reason);
        if (person.participantId === you) pushEvent({ name: 'badge:awarded', payload: { spaceId, award: view(award), badge } });
        return view(award);
      });
    },
    revoke(spaceId, credentialId, body, access) {
      return served('badges.revoke', [spaceId, credentialId, body], () => {
        checkKey(access);
        const award = awards.find((candidate) => candidate.credentialId === credentialId);
        if (!award) throw new ToriError(404, 'not_found', 'There is no such credential in this space.');
        const reason = body.reason?.trim() ?? '';
        if (!reason || reason.length > BADGE_REASON_MAX) {
          const message = `reason must be 1 to ${BADGE_REASON_MAX} characters`;
          throw new ToriError(422, 'invalid_body', message, [{ path: 'reason', message }]);
        }
        if (award.revokedAt) throw new ToriError(409, 'conflict', 'This credential is already revoked.');
        award.revokedAt = new Date().toISOString();
        award.revokedReason = reason;
        issuer.revoke(award.statusIndex);
        if (award.participantId === you) pushEvent({ name: 'badge:revoked', payload: { spaceId, award: view(award) } });
        return view(award);
      });
    },
    async fetchDocument(url) {
      calls?.push({ method: 'badges.fetchDocument', args: [url] });
      await ready;
      await latency();
      if (!client.online) throw new TypeError('Failed to fetch');
      const address = url.split('#')[0]!;
      const own = await issuer.answer(address);
      if (own) return own;
      const credential = [...awards].find((award) => award.credentialUrl === address);
      if (credential) return { status: 200, contentType: 'application/vc+jwt', text: credential.jwt };
      const known = foreign.get(address) ?? (await foreignIssuers.ob3.answer(address));
      if (known) return known;
      // Anything else is an issuer this fixture cannot reach, as a page meets one offline or behind CORS.
      throw new TypeError('Failed to fetch');
    },
    async act(kind, count = 1) {
      await ready;
      const person = people.get(you)!;
      person.activity[kind] = (person.activity[kind] ?? 0) + count;
      pushEvent({ name: 'badges:changed', payload: { spaceId: 'demo' } });
      await evaluate(person);
    },
  };
  return Object.assign(client, { badges: fixtureBadges });
}

/** Other issuers, made once: their keys and credentials are the same for every fixture of a page. */
const foreignIssuers = {
  ob3: new BadgeIssuer({ origin: 'https://opisto.example.fi', name: 'Kansalaisopisto Kaari', url: 'https://opisto.example.fi' }),
  gone: new BadgeIssuer({ origin: 'https://poissa.example.net', name: 'Poistunut opisto' }),
};

async function foreignSamples(documents: Map<string, FetchedDocument>, locale: Locale): Promise<void> {
  const fi = locale === 'fi';
  const sv = locale === 'sv';
  const digiguide = await foreignIssuers.ob3.issue({
    achievement: {
      name: fi ? 'Digiopastaja' : sv ? 'Digihandledare' : 'Digital guide',
      description: fi ? 'Osaa opastaa toisia verkkopalvelujen käytössä.' : sv ? 'Kan handleda andra i att använda webbtjänster.' : 'Can guide others in using online services.',
      criteria: fi ? 'Opastanut kymmentä ihmistä kirjaston digitunneilla.' : sv ? 'Har handlett tio personer under bibliotekets digitimmar.' : 'Guided ten people in the library’s digital hours.',
      image: badgeImage('#6e40c9', 'leaf'),
    },
    holderName: 'Aino Virtanen',
    validFrom: new Date(Date.now() - 200 * DAY),
    evidence: [fi ? '10 opastuskertaa syksyllä 2025' : sv ? '10 handledningar hösten 2025' : '10 guidance sessions in autumn 2025'],
  });
  documents.set(FOREIGN_CREDENTIALS.ob3, { status: 200, contentType: 'application/vc+jwt', text: digiguide.jwt });

  const archived = await foreignIssuers.gone.issue({
    achievement: { name: fi ? 'Kerhonohjaaja' : sv ? 'Klubbledare' : 'Club leader', description: fi ? 'Ohjasi nuorten kerhoa.' : sv ? 'Ledde en ungdomsklubb.' : 'Led a youth club.', criteria: '—', image: badgeImage('#59636e', 'hands') },
    validFrom: new Date(Date.now() - 900 * DAY),
  });
  documents.set(FOREIGN_CREDENTIALS.unreachableIssuer, { status: 200, contentType: 'application/vc+jwt', text: archived.jwt });

  const base = 'https://merkit.example.org';
  const assertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: FOREIGN_CREDENTIALS.ob2Hosted,
    recipient: { type: 'email', hashed: true, salt: 'kaari', identity: 'sha256$7a1c4b1f0d1e8f5b2a3c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a' },
    badge: `${base}/badges/kestava-arki`,
    verification: { type: 'hosted' },
    issuedOn: '2025-05-20T12:00:00Z',
    evidence: `${base}/evidence/5f1c2a`,
    narrative: fi ? 'Suunnitteli taloyhtiön kierrätyspisteen.' : sv ? 'Planerade husbolagets återvinningsstation.' : 'Planned the housing company’s recycling point.',
  };
  documents.set(assertion.id, json(assertion));
  documents.set(`${base}/badges/kestava-arki`, json({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'BadgeClass',
    id: `${base}/badges/kestava-arki`,
    name: fi ? 'Kestävä arki' : sv ? 'Hållbar vardag' : 'Sustainable everyday life',
    description: fi ? 'Tuntee kestävän arjen keinot ja vie niitä käytäntöön.' : sv ? 'Känner till sätt att leva hållbart och tar dem i bruk.' : 'Knows ways of living sustainably and puts them into practice.',
    image: badgeImage('#1a7f37', 'leaf'),
    criteria: { narrative: fi ? 'Suorita verkkokurssi ja tee oma kestävyysteko.' : sv ? 'Gå webbkursen och gör en egen hållbarhetsinsats.' : 'Complete the online course and carry out a sustainability act of your own.' },
    issuer: `${base}/issuer`,
  }));
  documents.set(`${base}/issuer`, json({ '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: `${base}/issuer`, name: 'Merkkiverkosto', url: base }));

  const partner = 'https://kumppani.example.com';
  documents.set(FOREIGN_CREDENTIALS.dataIntegrity, json({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${partner}/credentials/7`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: `${partner}/issuer`, type: ['Profile'], name: fi ? 'Kumppanijärjestö' : sv ? 'Partnerorganisationen' : 'Partner organisation' },
    name: fi ? 'Ensiapu 1' : sv ? 'Första hjälpen 1' : 'First aid 1',
    validFrom: '2025-09-01T08:00:00Z',
    validUntil: '2028-09-01T08:00:00Z',
    credentialSubject: {
      id: 'did:example:aino',
      type: ['AchievementSubject'],
      achievement: {
        id: `${partner}/achievements/ea1`,
        type: ['Achievement'],
        name: fi ? 'Ensiapu 1' : sv ? 'Första hjälpen 1' : 'First aid 1',
        description: fi ? 'Hallitsee ensiavun perustaidot.' : sv ? 'Behärskar grunderna i första hjälpen.' : 'Masters the basics of first aid.',
        criteria: { narrative: fi ? '16 tunnin kurssi ja käytännön koe.' : sv ? 'En kurs på 16 timmar och ett praktiskt prov.' : 'A 16-hour course and a practical test.' },
        image: { id: badgeImage('#b42318', 'heart'), type: 'Image' },
      },
    },
    proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2025-09-01T08:00:00Z', verificationMethod: `${partner}/issuer#key-1`, proofPurpose: 'assertionMethod', proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKEMovXEX8HHpdedGQ' },
  }));
}
