import type { Badge, BadgeAward, BadgeProgress, MyBadges } from '@tori/protocol';
import type { ReactiveController } from 'lit';
import { badgeClient, type BadgeClient } from './badge-client.js';
import type { SpaceEvent, ToriClient, ToriErrorShape } from './contracts.js';
import type { CredentialReport } from './credential-check-types.js';
import type { DuelHost } from './duel-controller.js';
import { ToriError, toToriError } from './errors.js';
import { browserStore, readJson, type KeyValueStore } from './storage.js';

/** What the controller needs of its element; every `ConnectedElement` is one. */
export type BadgeHost = DuelHost;

/** What `<badge-display>` shows around the badges. */
export type BadgeView =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ToriErrorShape };

/** A press of Verify: under way, or what every check said. */
export type Verification = { state: 'running' } | { state: 'done'; report: CredentialReport };

/** A badge the participant has not (or no longer) got, with how far each rule has come. */
export interface BadgeInProgress {
  badge: Badge;
  progress: BadgeProgress;
}

/** A badge that just arrived live: earned by the rules or awarded by hand this moment. */
export interface EarnedNow {
  award: BadgeAward;
  badge: Badge;
}

export interface BadgeOptions {
  /** localStorage by default: the badges last seen show offline too. */
  store?: KeyValueStore;
  /** Called when a badge arrives live (not for those already there on load). */
  onAwarded?(earned: EarnedNow): void;
}

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server and the space (attributes, or an enclosing <tori-space>).');
}

/** Checks a credential with the issuer's documents; the check's code (jose included) is loaded on first use. */
export async function verifyCredential(input: unknown, fetchDocument: BadgeClient['fetchDocument']): Promise<CredentialReport> {
  const { checkCredential } = await import('./credential-check.js');
  return checkCredential(input, { fetch: fetchDocument });
}

/**
 * The participant's badges in one space: what they have (active, expired, revoked), how far they are towards the
 * rest, and the verification of each credential on request. It follows the server live: a badge issued this moment
 * arrives as `badge:awarded`, a revocation as `badge:revoked`, and any counted activity as `badges:changed`, after
 * which the badges are fetched again. The badges last seen are kept on the device for offline visits.
 */
export class BadgeController implements ReactiveController {
  view: BadgeView = { kind: 'loading' };
  mine: MyBadges | null = null;
  online = true;
  /** The badge that arrived live most recently, until the participant dismisses it. */
  earnedNow: EarnedNow | null = null;

  readonly #host: BadgeHost;
  readonly #store: KeyValueStore;
  readonly #onAwarded: BadgeOptions['onAwarded'];
  readonly #verifications = new Map<string, Verification>();
  #client: ToriClient | undefined;
  #badges: BadgeClient | undefined;
  #spaceId: string | undefined;
  #key = '';
  #generation = 0;
  #loading = false;
  #again = false;
  #stops: (() => void)[] = [];

  constructor(host: BadgeHost, options: BadgeOptions = {}) {
    this.#host = host;
    this.#store = options.store ?? browserStore();
    this.#onAwarded = options.onAwarded;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#release();
  }

  /** (Re)loads for the host's current client and space; call from `connectionChanged()`. */
  connect(): void {
    this.#release();
    const client = (this.#client = this.#host.toriClient);
    const spaceId = (this.#spaceId = this.#host.spaceId);
    this.view = { kind: 'loading' };
    this.mine = null;
    this.earnedNow = null;
    this.#verifications.clear();
    if (!client || !spaceId) {
      this.view = { kind: 'error', error: notConfigured() };
      this.#host.requestUpdate();
      return;
    }
    this.#badges = badgeClient(client);
    this.#key = `tori:badges:${client.server}:${spaceId}`;
    this.online = client.online;
    const generation = this.#generation;
    this.#stops.push(
      client.onStatus((online) => {
        this.online = online;
        if (online) void this.#load(generation);
        this.#host.requestUpdate();
      }),
      client.watchSpace(spaceId, { event: (event) => this.#heard(event, generation) }),
    );
    const copy = readJson<MyBadges>(this.#store, this.#key);
    if (copy && Array.isArray(copy.badges) && Array.isArray(copy.awards)) {
      this.mine = copy;
      this.view = { kind: 'ready' };
    }
    this.#host.requestUpdate();
    void this.#load(generation);
  }

  retry(): void {
    if (!this.#badges) return;
    if (this.view.kind !== 'ready') this.view = { kind: 'loading' };
    this.#host.requestUpdate();
    void this.#load(this.#generation);
  }

  badge(badgeId: string): Badge | undefined {
    return this.mine?.badges.find((badge) => badge.id === badgeId);
  }

  /** The participant's awards with their badge, newest first (revoked and expired ones too). */
  get awards(): { award: BadgeAward; badge: Badge | undefined }[] {
    return (this.mine?.awards ?? []).map((award) => ({ award, badge: this.badge(award.badgeId) }));
  }

  /** Badges earned by rules that the participant has no active award of: "3 of 5 modules reflected". */
  get inProgress(): BadgeInProgress[] {
    const mine = this.mine;
    if (!mine) return [];
    const active = new Set(mine.awards.filter((award) => award.status === 'active').map((award) => award.badgeId));
    return mine.badges.flatMap((badge) => {
      const progress = mine.progress.find((entry) => entry.badgeId === badge.id);
      if (!badge.active || !badge.rules.length || active.has(badge.id) || !progress || progress.earned) return [];
      return [{ badge, progress }];
    });
  }

  verification(credentialId: string): Verification | undefined {
    return this.#verifications.get(credentialId);
  }

  /** Checks one of the participant's credentials: signature, issuer key, dates and the status list, in this browser. */
  async verify(credentialId: string): Promise<CredentialReport | undefined> {
    const award = this.mine?.awards.find((candidate) => candidate.credentialId === credentialId);
    const badges = this.#badges;
    if (!award || !badges || this.#verifications.get(credentialId)?.state === 'running') return undefined;
    const generation = this.#generation;
    this.#verifications.set(credentialId, { state: 'running' });
    this.#host.requestUpdate();
    const report = await verifyCredential(award.jwt, (url) => badges.fetchDocument(url));
    if (generation !== this.#generation) return undefined;
    this.#verifications.set(credentialId, { state: 'done', report });
    this.#host.requestUpdate();
    return report;
  }

  /** The participant has seen the "You earned …" notice. */
  dismissEarned(): void {
    this.earnedNow = null;
    this.#host.requestUpdate();
  }

  #heard(event: SpaceEvent, generation: number): void {
    if (generation !== this.#generation || !event.name.startsWith('badge') || (event.payload as { spaceId?: string }).spaceId !== this.#spaceId) return;
    if (event.name === 'badge:awarded') {
      const { award, badge } = event.payload;
      if (this.mine) {
        this.mine = {
          ...this.mine,
          badges: this.mine.badges.some((known) => known.id === badge.id) ? this.mine.badges : [...this.mine.badges, badge],
          awards: [award, ...this.mine.awards.filter((known) => known.credentialId !== award.credentialId)],
        };
      }
      this.earnedNow = { award, badge };
      this.#onAwarded?.({ award, badge });
    } else if (event.name === 'badge:revoked') {
      const { award } = event.payload;
      if (this.mine) this.mine = { ...this.mine, awards: this.mine.awards.map((known) => (known.credentialId === award.credentialId ? award : known)) };
      // What was verified before the revocation no longer holds.
      this.#verifications.delete(award.credentialId);
      if (this.earnedNow?.award.credentialId === award.credentialId) this.earnedNow = null;
    } else if (event.name !== 'badges:changed') {
      return;
    }
    this.#host.requestUpdate();
    void this.#load(generation);
  }

  /** Fetches the badges; one fetch at a time, and one more after it when something changed meanwhile. */
  async #load(generation: number): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return;
    }
    const badges = this.#badges;
    const spaceId = this.#spaceId;
    if (!badges || !spaceId) return;
    this.#loading = true;
    try {
      const mine = await badges.mine(spaceId);
      if (generation !== this.#generation) return;
      this.mine = mine;
      this.view = { kind: 'ready' };
      this.#store.setItem(this.#key, JSON.stringify(mine));
    } catch (thrown) {
      if (generation !== this.#generation) return;
      const error = toToriError(thrown);
      if (error.code === 'network') this.online = false;
      // What was on screen (or on the device) stays; without it the widget says why nothing shows.
      if (!this.mine) this.view = error.code === 'network' ? { kind: 'offline' } : { kind: 'error', error };
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#host.requestUpdate();
        if (this.#again) {
          this.#again = false;
          void this.#load(generation);
        }
      }
    }
  }

  #release(): void {
    this.#generation += 1;
    this.#loading = false;
    this.#again = false;
    for (const stop of this.#stops.splice(0)) stop();
  }
}

/** Where a credential from elsewhere comes from: an address to fetch, or the credential itself (text or JSON). */
export type CredentialSource = { url: string } | { value: unknown };

/** A credential shown by `src` or given inline: fetched, then read and checked as soon as it is there. */
export type ForeignState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'checking'; report?: CredentialReport }
  | { kind: 'ready'; report: CredentialReport }
  /** `unreachable`: the address did not answer (offline, CORS); `not_found`: it answered with an error status. */
  | { kind: 'error'; problem: 'unreachable' | 'not_found'; detail: string };

/**
 * A credential of any issuer, shown and verified with what its issuer publishes. Fetches go through the page's
 * client when there is one (the fixture answers from memory), else straight to the issuer without credentials.
 */
export class ForeignCredentialController implements ReactiveController {
  state: ForeignState = { kind: 'idle' };

  readonly #host: BadgeHost;
  #source: CredentialSource | undefined;
  #generation = 0;

  constructor(host: BadgeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#generation += 1;
  }

  /** Shows (and checks) this credential; the same source twice is checked again. */
  async show(source: CredentialSource): Promise<CredentialReport | undefined> {
    this.#source = source;
    const generation = ++this.#generation;
    const badges = badgeClient(this.#host.toriClient);
    const fetchDocument = (url: string) => badges.fetchDocument(url);
    let value: unknown;
    if ('url' in source) {
      this.#set({ kind: 'loading' });
      try {
        const fetched = await fetchDocument(source.url);
        if (generation !== this.#generation) return undefined;
        if (fetched.status !== 200) {
          this.#set({ kind: 'error', problem: 'not_found', detail: `${source.url} (${fetched.status})` });
          return undefined;
        }
        value = fetched.text;
      } catch {
        if (generation === this.#generation) this.#set({ kind: 'error', problem: 'unreachable', detail: source.url });
        return undefined;
      }
    } else {
      value = source.value;
    }
    const previous = this.state.kind === 'ready' ? this.state.report : undefined;
    this.#set({ kind: 'checking', ...(previous && { report: previous }) });
    const report = await verifyCredential(value, fetchDocument);
    if (generation !== this.#generation) return undefined;
    this.#set({ kind: 'ready', report });
    return report;
  }

  /** Checks the shown credential again (fetching it again when it came by address). */
  again(): Promise<CredentialReport | undefined> {
    return this.#source ? this.show(this.#source) : Promise.resolve(undefined);
  }

  clear(): void {
    this.#source = undefined;
    this.#generation += 1;
    this.#set({ kind: 'idle' });
  }

  #set(state: ForeignState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
