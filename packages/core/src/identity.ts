import type { ParticipantIssued } from '@tori/protocol';
import { readJson, type KeyValueStore } from './storage.js';

/**
 * The anonymous participant this browser is to one server: issued on first need, kept in storage (no cookies),
 * forgotten when the server no longer accepts its token.
 */
export class Participant {
  #issuing: Promise<ParticipantIssued> | undefined;

  readonly #store: KeyValueStore;
  readonly #key: string;
  readonly #issue: () => Promise<ParticipantIssued>;

  constructor(store: KeyValueStore, key: string, issue: () => Promise<ParticipantIssued>) {
    this.#store = store;
    this.#key = key;
    this.#issue = issue;
  }

  /** The stored identity, if any, without asking the server. */
  get current(): ParticipantIssued | undefined {
    const stored = readJson<ParticipantIssued>(this.#store, this.#key);
    return stored && typeof stored.token === 'string' && typeof stored.participantId === 'string' ? stored : undefined;
  }

  /** The participant's token; several calls at once share one issuing request. */
  async token(): Promise<string> {
    const stored = this.current;
    if (stored) return stored.token;
    this.#issuing ??= this.#issue()
      .then((issued) => {
        this.#store.setItem(this.#key, JSON.stringify({ participantId: issued.participantId, token: issued.token }));
        return issued;
      })
      .finally(() => {
        this.#issuing = undefined;
      });
    return (await this.#issuing).token;
  }

  /** Drops a token the server refused, unless another call has replaced it meanwhile. */
  forget(token: string): void {
    if (this.current?.token === token) this.#store.removeItem(this.#key);
  }
}
