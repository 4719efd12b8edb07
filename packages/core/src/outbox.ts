import type { AnswerAck, SkipBody, VoteBody } from '@tori/protocol';
import type { AnswerOutcome } from './contracts.js';
import { ToriError, toToriError } from './errors.js';
import { readJson, type KeyValueStore } from './storage.js';

/** A vote or a skip as it waits to reach the server; one per appearance. */
export type QueuedAnswer =
  | { kind: 'vote'; spaceId: string; appearanceId: string; body: VoteBody; queuedAt: string }
  | { kind: 'skip'; spaceId: string; appearanceId: string; body: SkipBody; queuedAt: string };

/** Delivers one answer; rejects with a ToriError (status 0 for the network). */
export type SendAnswer = (answer: QueuedAnswer) => Promise<AnswerAck>;

/** What an outbox keeps: anything of one space that the server can take twice without counting it twice. */
export interface Queued {
  spaceId: string;
}

export interface OutboxOptions<Item extends Queued = QueuedAnswer, Ack = AnswerAck> {
  store: KeyValueStore;
  /** Storage key of the queue, also the name of the Web Lock that keeps tabs from sending at once. */
  key: string;
  send: (item: Item) => Promise<Ack>;
  /** The id the server recognises a repeat by (an appearance, a post's request id); one entry per id. */
  idOf: (item: Item) => string;
  isOnline: () => boolean;
  /** Web Locks of the browser by default; `null` to go without (one tab, tests). */
  locks?: LockManager | null;
  /** First retry delay after a failed send; doubles per failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Answers (and board posts) that must reach the server exactly once even if the connection drops: each is written
 * to storage before it is sent, and removed only when the server has acknowledged it or refused it for good.
 * Exactly once holds because the server answers a replayed id with `duplicate: true` and a flush never overlaps
 * another.
 */
export class Outbox<Item extends Queued = QueuedAnswer, Ack = AnswerAck> {
  readonly #listeners = new Set<() => void>();
  readonly #awaiting = new Set<string>();
  readonly #outcomes = new Map<string, Ack | ToriError>();
  #running: Promise<void> | undefined;
  #rerun: Promise<void> | undefined;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #locks: LockManager | null;
  readonly #options: OutboxOptions<Item, Ack>;
  readonly #onStorage = (event: StorageEvent) => {
    if (event.key === this.#options.key) this.#changed();
  };

  constructor(options: OutboxOptions<Item, Ack>) {
    this.#options = options;
    this.#locks = options.locks === undefined ? (globalThis.navigator?.locks ?? null) : options.locks;
    // Another tab may send (and remove) answers this one queued: keep counts honest.
    globalThis.addEventListener?.('storage', this.#onStorage);
  }

  /** Answers still waiting, of one space or of all. */
  pending(spaceId?: string): number {
    return this.waiting(spaceId).length;
  }

  /** What is still waiting, of one space or of all, oldest first. */
  waiting(spaceId?: string): Item[] {
    const queue = this.#read();
    return spaceId === undefined ? queue : queue.filter((item) => item.spaceId === spaceId);
  }

  /** Called whenever an answer is queued, sent or dropped; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Keeps the answer, then sends it when online. Resolves `sent` with the server's ack, or `queued` when it stays
   * for later; rejects with the ToriError when the server refuses it for good (it is dropped then).
   */
  async add(answer: Item): Promise<AnswerOutcome<Ack>> {
    const queue = this.#read();
    const id = this.#options.idOf(answer);
    // A double click answers the same appearance twice: keep the first.
    if (!queue.some((queued) => this.#options.idOf(queued) === id)) {
      this.#write([...queue, answer]);
      this.#changed();
    }
    if (!this.#options.isOnline()) return { status: 'queued' };
    this.#awaiting.add(id);
    try {
      await this.flush();
    } finally {
      this.#awaiting.delete(id);
    }
    const outcome = this.#outcomes.get(id);
    this.#outcomes.delete(id);
    if (outcome instanceof ToriError) throw outcome;
    return outcome ? { status: 'sent', ack: outcome } : { status: 'queued' };
  }

  /**
   * Sends what is queued, oldest first. Calls during a flush share one follow-up flush, so two never overlap;
   * across tabs the Web Lock serialises them.
   */
  flush(): Promise<void> {
    if (this.#running) {
      this.#rerun ??= this.#running.then(() => {
        this.#rerun = undefined;
        return this.flush();
      });
      return this.#rerun;
    }
    this.#clearRetry();
    this.#running = this.#drainLocked().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops the retry timer and the storage listener. */
  dispose(): void {
    this.#clearRetry();
    globalThis.removeEventListener?.('storage', this.#onStorage);
    this.#listeners.clear();
  }

  async #drainLocked(): Promise<void> {
    if (this.#locks) await this.#locks.request(this.#options.key, () => this.#drain());
    else await this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#options.isOnline()) {
      // Read each time: another tab may have sent some meanwhile.
      const answer = this.#read()[0];
      if (!answer) {
        this.#failures = 0;
        return;
      }
      try {
        const ack = await this.#options.send(answer);
        this.#failures = 0;
        this.#settle(answer, ack);
      } catch (thrown) {
        const error = toToriError(thrown);
        if (error.retryable) {
          this.#failures += 1;
          this.#scheduleRetry();
          return;
        }
        if (!this.#awaiting.has(this.#options.idOf(answer))) {
          console.warn('[tori] The server refused what was kept for later; dropped it.', error.status, error.code, error.message);
        }
        this.#settle(answer, error);
      }
    }
  }

  #settle(answer: Item, outcome: Ack | ToriError): void {
    const id = this.#options.idOf(answer);
    this.#write(this.#read().filter((queued) => this.#options.idOf(queued) !== id));
    if (this.#awaiting.has(id)) this.#outcomes.set(id, outcome);
    this.#changed();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer !== undefined) return;
    const base = this.#options.retryMs ?? 2_000;
    const max = this.#options.maxRetryMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.min(this.#failures - 1, 10));
    // Jitter, so 300 phones coming back from the same dead spot do not all send in the same millisecond.
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.flush();
    }, delay * (0.75 + Math.random() / 2));
  }

  #clearRetry(): void {
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #read(): Item[] {
    const queue = readJson<Item[]>(this.#options.store, this.#options.key);
    return Array.isArray(queue) ? queue : [];
  }

  #write(queue: Item[]): void {
    if (queue.length) this.#options.store.setItem(this.#options.key, JSON.stringify(queue));
    else this.#options.store.removeItem(this.#options.key);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
