import type { Journal, JournalProgress, JournalReading } from '@tori/protocol';
import type { ReactiveController } from 'lit';
import type { FacilitatorAccess, ToriErrorShape } from './contracts.js';
import { toToriError } from './errors.js';
import { journalClient } from './journal-client.js';
import type { JournalHost } from './journal-controller.js';

/**
 * What the facilitator's view of a journal shows: the key form (with why, after a failed try), loading, the counts
 * and, when the journal allows it, the reflections; or an error.
 */
export type JournalFacilitatorState =
  | { kind: 'locked'; problem?: 'wrong_key' | 'network' }
  | { kind: 'loading' }
  | { kind: 'ready'; journal: Journal; progress: JournalProgress; reading: JournalReading | null }
  | { kind: 'error'; error: ToriErrorShape };

/**
 * The facilitator's side of a journal: progress counts always, reflections only where the server lets them be read.
 * The space key is held in memory only, for as long as the element lives; it is never stored.
 */
export class JournalFacilitatorController implements ReactiveController {
  state: JournalFacilitatorState = { kind: 'locked' };

  readonly #host: JournalHost;
  #access: FacilitatorAccess | undefined;
  #generation = 0;

  constructor(host: JournalHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#generation += 1;
  }

  /** (Re)loads for the host's current client and space with the key held, if any; call from `connectionChanged()`. */
  connect(): void {
    this.#generation += 1;
    if (this.#access) void this.unlock(this.#access.key);
    else this.#set({ kind: 'locked' });
  }

  /** Tries the key: `true` when it opened the view. A wrong key leaves the view locked, saying so. */
  async unlock(key: string): Promise<boolean> {
    const client = this.#host.toriClient;
    const spaceId = this.#host.spaceId;
    const generation = ++this.#generation;
    if (!client || !spaceId) return false;
    const journal = journalClient(client);
    const access = { key };
    this.#set({ kind: 'loading' });
    try {
      const [progress, mine] = await Promise.all([journal.progress(spaceId, access), journal.journal(spaceId)]);
      // A private journal answers the reading with 403: the view says it is private rather than failing.
      const reading = mine.journal.facilitatorsCanRead
        ? await journal.reading(spaceId, access).catch((thrown) => {
            if (toToriError(thrown).status === 403) return null;
            throw thrown;
          })
        : null;
      if (generation !== this.#generation) return false;
      this.#access = access;
      this.#set({ kind: 'ready', journal: mine.journal, progress, reading });
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

  /** Loads the counts and reflections again with the key held. */
  refresh(): void {
    if (this.#access) void this.unlock(this.#access.key);
  }

  /** Forgets the key. */
  lock(): void {
    this.#access = undefined;
    this.#generation += 1;
    this.#set({ kind: 'locked' });
  }

  #set(state: JournalFacilitatorState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
