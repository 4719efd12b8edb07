import type { BadgeAward, BadgeRoster } from '@tori/protocol';
import type { ReactiveController } from 'lit';
import { badgeClient } from './badge-client.js';
import type { FacilitatorAccess, ToriErrorShape } from './contracts.js';
import type { BadgeHost } from './badge-controller.js';
import { toToriError } from './errors.js';

/** The facilitator's view of a space's badges: the key form (with why, after a failed try), loading, the roster, or an error. */
export type BadgeFacilitatorState =
  | { kind: 'locked'; problem?: 'wrong_key' | 'network' }
  | { kind: 'loading' }
  | { kind: 'ready'; roster: BadgeRoster }
  | { kind: 'error'; error: ToriErrorShape };

/**
 * The facilitator's side of the badges: who has done what, and awarding or revoking by hand with a reason. The space
 * key is held in memory only, for as long as the element lives; it is never stored.
 */
export class BadgeFacilitatorController implements ReactiveController {
  state: BadgeFacilitatorState = { kind: 'locked' };

  readonly #host: BadgeHost;
  #access: FacilitatorAccess | undefined;
  #generation = 0;

  constructor(host: BadgeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#generation += 1;
  }

  /** (Re)loads with the key held, if any; call from `connectionChanged()`. */
  connect(): void {
    this.#generation += 1;
    if (this.#access) void this.unlock(this.#access.key);
    else this.#set({ kind: 'locked' });
  }

  /** Tries the key: `true` when it opened the roster. A wrong key leaves the view locked, saying so. */
  async unlock(key: string): Promise<boolean> {
    const client = this.#host.toriClient;
    const spaceId = this.#host.spaceId;
    const generation = ++this.#generation;
    if (!client || !spaceId) return false;
    this.#set({ kind: 'loading' });
    try {
      const roster = await badgeClient(client).roster(spaceId, { key });
      if (generation !== this.#generation) return false;
      this.#access = { key };
      this.#set({ kind: 'ready', roster });
      return true;
    } catch (thrown) {
      if (generation !== this.#generation) return false;
      const error = toToriError(thrown);
      if (error.status === 401 || error.status === 403) this.#set({ kind: 'locked', problem: 'wrong_key' });
      else if (error.code === 'network') this.#set({ kind: 'locked', problem: 'network' });
      else this.#set({ kind: 'error', error });
      return false;
    }
  }

  /** Awards a badge by hand; rejects with the server's ToriError (the form shows it), reloads the roster otherwise. */
  async award(participantId: string, badgeId: string, reason: string): Promise<BadgeAward> {
    const { client, spaceId, access } = this.#acting();
    const award = await badgeClient(client).award(spaceId, badgeId, { participantId, reason }, access).catch((thrown) => {
      throw toToriError(thrown);
    });
    await this.#reload();
    return award;
  }

  /** Revokes an issued credential; rejects with the server's ToriError, reloads the roster otherwise. */
  async revoke(credentialId: string, reason: string): Promise<BadgeAward> {
    const { client, spaceId, access } = this.#acting();
    const award = await badgeClient(client).revoke(spaceId, credentialId, { reason }, access).catch((thrown) => {
      throw toToriError(thrown);
    });
    await this.#reload();
    return award;
  }

  refresh(): void {
    if (this.#access) void this.unlock(this.#access.key);
  }

  /** Forgets the key. */
  lock(): void {
    this.#access = undefined;
    this.#generation += 1;
    this.#set({ kind: 'locked' });
  }

  #acting() {
    const client = this.#host.toriClient;
    const spaceId = this.#host.spaceId;
    const access = this.#access;
    if (!client || !spaceId || !access) throw toToriError(new Error('The roster is locked.'));
    return { client, spaceId, access };
  }

  /** The roster after an act, in place (no loading state, so focus and scroll stay where they were). */
  async #reload(): Promise<void> {
    const { client, spaceId, access } = this.#acting();
    const generation = this.#generation;
    try {
      const roster = await badgeClient(client).roster(spaceId, access);
      if (generation === this.#generation) this.#set({ kind: 'ready', roster });
    } catch {
      // The act itself was done; the roster shows its old state until the next refresh.
    }
  }

  #set(state: BadgeFacilitatorState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
