import type { Appearance, IdeaCreated, NextPair, Results, SkipReason, Space } from '@tori/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnswerOutcome, DuelView, ToriClient } from './contracts.js';
import { ToriError, toToriError } from './errors.js';

/** What the controller needs of its element; every `ConnectedElement` is one. */
export interface DuelHost extends ReactiveControllerHost {
  readonly toriClient: ToriClient | undefined;
  readonly spaceId: string | undefined;
}

/** A call to the server about the current space. */
type SpaceCall<T> = (client: ToriClient, spaceId: string) => Promise<T>;

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server and the space (attributes, or an enclosing <tori-space>).');
}

/**
 * The duel of one space: which pair to show, answers through the outbox, live space and results. It keeps one
 * pair ready behind the shown one, so after an answer the next pair appears at once, without a loading state.
 * The element calls `connect()` from `connectionChanged()` and renders `view`.
 */
export class DuelController implements ReactiveController {
  view: DuelView = { kind: 'loading' };
  space: Space | null = null;
  /** Latest results: kept live after `watchResults()`, or as loaded by `loadResults()`. */
  results: Results | null = null;
  online = true;
  /** This space's answers waiting in the outbox. */
  queued = 0;
  /** Answers this participant has given in this space (the server's count, plus those still queued). */
  answered = 0;
  lastAnswer: 'vote' | 'skip' | null = null;

  /** Pairs fetched ahead, shown next (not `#`: a test counts them). */
  private upcoming: Appearance[] = [];
  readonly #host: DuelHost;
  #client: ToriClient | undefined;
  #spaceId: string | undefined;
  /** Bumped on every connect and disconnect: answers to requests of an earlier connection are ignored. */
  #generation = 0;
  #pairRequest: Promise<void> | undefined;
  /** Bumped when ideas change, so a pair requested before is not kept. */
  #ideasVersion = 0;
  /** False on a results-only screen, which never asks for pairs. */
  #voting = false;
  #watchingResults = false;
  #latestResults: Results | null = null;
  #stops: (() => void)[] = [];
  /** Stops following live results: only a screen that shows them follows them (a voting phone hears no results). */
  #stopResults: (() => void) | undefined;

  // No `hostConnected()`: the element calls connect() once it knows its client and space.
  constructor(host: DuelHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#release();
  }

  /** (Re)loads for the host's current client and space; call from `connectionChanged()`. */
  connect(): void {
    this.#release();
    const generation = this.#generation;
    const client = (this.#client = this.#host.toriClient);
    const spaceId = (this.#spaceId = this.#host.spaceId);
    this.view = { kind: 'loading' };
    this.space = this.results = this.#latestResults = this.lastAnswer = null;
    this.answered = 0;
    this.#voting = false;
    if (!client || !spaceId) {
      this.view = { kind: 'error', error: notConfigured() };
      this.#update();
      return;
    }
    this.online = client.online;
    this.queued = client.pendingAnswers(spaceId);
    this.#stops.push(
      client.onStatus((online) => this.#statusChanged(online)),
      client.onOutboxChange(() => {
        this.queued = client.pendingAnswers(spaceId);
        this.#update();
      }),
      client.watchSpace(spaceId, {
        space: (space) => this.#spaceChanged(space),
        ideasChanged: () => this.#ideasChanged(),
        // What the results panel shows at once, offline too, until its own join brings the live ones.
        joined: (results) => (this.#latestResults = results),
        event: (event) => {
          if (event.name === 'idea:removed') this.#ideaRemoved(event.payload.ideaId);
        },
      }),
    );
    this.#followResults();
    this.#update();
    void this.#load(generation);
  }

  /** Votes for one side. The next pair is shown before this resolves; `undefined` when nothing was answered. */
  choose(side: 'left' | 'right'): Promise<AnswerOutcome | undefined> {
    return this.#answer('vote', (client, spaceId, appearance) => client.vote(spaceId, appearance.id, appearance[side].id));
  }

  /** Skips the shown pair with a reason; same flow as `choose()`. */
  skip(reason: SkipReason, note?: string): Promise<AnswerOutcome | undefined> {
    const body = note ? { reason, note } : { reason };
    return this.#answer('skip', (client, spaceId, appearance) => client.skip(spaceId, appearance.id, body));
  }

  /** Adds an idea; rejects with a ToriError (too short, duplicate, offline…) for the element to show. */
  async addIdea(text: string): Promise<IdeaCreated> {
    const generation = this.#generation;
    const created = await this.#ask((client, spaceId) => client.addIdea(spaceId, text));
    // The idea that makes two: the duel can start without waiting for the live event.
    if (generation === this.#generation && created.idea.status === 'approved' && this.view.kind === 'empty') {
      this.#pullPair(generation);
    }
    return created;
  }

  /** Tries again after an error or being offline. */
  retry(): void {
    if (!this.#client || !this.#spaceId) return;
    this.view = { kind: 'loading' };
    this.#update();
    void this.#load(this.#generation);
  }

  /** Results mode: `results` follows the live ranking (the first from joining the space). */
  watchResults(): void {
    this.#watchingResults = true;
    this.#followResults();
    if (this.#latestResults && this.results !== this.#latestResults) {
      this.results = this.#latestResults;
      this.#update();
    }
  }

  unwatchResults(): void {
    this.#watchingResults = false;
    this.#stopResults?.();
    this.#stopResults = undefined;
    // A screen that started with results only and now votes.
    if (!this.#voting && this.space?.votingOpen) {
      this.#voting = true;
      this.#pullPair(this.#generation);
    }
  }

  /** Loads the results once (the results view of a voting participant). */
  async loadResults(): Promise<Results> {
    const generation = this.#generation;
    const results = await this.#ask((client, spaceId) => client.results(spaceId));
    if (generation === this.#generation) {
      this.results = results;
      this.#update();
    }
    return results;
  }

  /** Asks the server about the current space; rejects with a ToriError. */
  async #ask<T>(call: SpaceCall<T>): Promise<T> {
    const client = this.#client;
    const spaceId = this.#spaceId;
    if (!client || !spaceId) throw notConfigured();
    try {
      return await call(client, spaceId);
    } catch (error) {
      throw toToriError(error);
    }
  }

  async #load(generation: number): Promise<void> {
    const client = this.#client;
    const spaceId = this.#spaceId;
    if (!client || !spaceId) return;
    let space: Space;
    try {
      space = await client.getSpace(spaceId);
    } catch (error) {
      if (generation === this.#generation) this.#failed(error);
      return;
    }
    if (generation !== this.#generation) return;
    this.space = space;
    if (!this.#watchingResults) this.#voting = true;
    if (!space.votingOpen) this.#close();
    else if (this.view.kind !== 'pair') this.#pullPair(generation);
    this.#update();
  }

  /** Asks for a pair: shown at once when none is shown, else kept as the next one. One request at a time. */
  #pullPair(generation: number): void {
    const client = this.#client;
    const spaceId = this.#spaceId;
    const ideasVersion = this.#ideasVersion;
    if (this.#pairRequest || !this.#voting || generation !== this.#generation || !client || !spaceId) return;
    const request = (async (): Promise<boolean> => {
      let next: NextPair;
      try {
        next = await client.nextPair(spaceId);
      } catch (error) {
        // A failed fetch ahead is tried again after the next answer; with nothing shown it is the view.
        if (generation === this.#generation && this.view.kind !== 'pair') this.#failed(error);
        return false;
      }
      if (generation !== this.#generation) return false;
      if (!next.appearance) {
        this.#noPair(next.reason);
        return false;
      }
      if (ideasVersion !== this.#ideasVersion) return true;
      if (this.view.kind === 'pair') this.upcoming.push(next.appearance);
      else if (this.space?.votingOpen !== false) this.view = { kind: 'pair', appearance: next.appearance };
      else return false;
      return true;
    })();
    this.#pairRequest = request.then((gotOne) => {
      if (generation !== this.#generation) return;
      this.#pairRequest = undefined;
      this.#update();
      if (gotOne && this.upcoming.length === 0) this.#pullPair(generation);
    });
  }

  /** Answers the shown pair: shows the next one at once, then sends the answer. */
  async #answer(
    kind: 'vote' | 'skip',
    send: (client: ToriClient, spaceId: string, appearance: Appearance) => Promise<AnswerOutcome>,
  ): Promise<AnswerOutcome | undefined> {
    const client = this.#client;
    const spaceId = this.#spaceId;
    const generation = this.#generation;
    if (this.view.kind !== 'pair' || !client || !spaceId) return undefined;
    const appearance = this.view.appearance;
    this.lastAnswer = kind;
    this.#showNext(generation);
    let outcome: AnswerOutcome;
    try {
      outcome = await send(client, spaceId, appearance);
    } catch (thrown) {
      const error = toToriError(thrown);
      if (generation === this.#generation && error.code === 'voting_closed') this.#close();
      else console.warn(`[tori] The server did not take the ${kind}:`, error.status, error.code, error.message);
      this.#update();
      return undefined;
    }
    if (generation !== this.#generation) return outcome;
    // Acks come in order (the outbox sends one at a time), so the latest count is the truest.
    if (outcome.status === 'sent') this.answered = outcome.ack.answeredByYou;
    else this.answered += 1;
    this.queued = client.pendingAnswers(spaceId);
    this.#update();
    return outcome;
  }

  /** Shows the pair fetched ahead, synchronously; without one, waits for it (offline: says so). */
  #showNext(generation: number): void {
    const next = this.upcoming.shift();
    this.view = next ? { kind: 'pair', appearance: next } : { kind: this.online ? 'loading' : 'offline' };
    this.#pullPair(generation);
    this.#update();
  }

  #noPair(reason: NextPair['reason']): void {
    if (reason === 'voting_closed') this.#close();
    // Too few ideas: a pair already shown can still be answered.
    else if (this.view.kind !== 'pair') this.view = { kind: 'empty' };
  }

  #close(): void {
    this.upcoming = [];
    this.view = { kind: 'closed' };
  }

  #failed(thrown: unknown): void {
    const error = toToriError(thrown);
    if (error.code === 'voting_closed') this.#close();
    else if (error.code === 'network' || !this.online) this.view = { kind: 'offline' };
    else this.view = { kind: 'error', error };
    this.#update();
  }

  #statusChanged(online: boolean): void {
    this.online = online;
    if (online && this.view.kind === 'offline') this.retry();
    this.#update();
  }

  #spaceChanged(space: Space): void {
    this.space = space;
    if (!space.votingOpen) this.#close();
    // Reopened, or enough ideas now: the closed or empty view turns into a pair as soon as one arrives.
    else if (this.view.kind === 'closed' || this.view.kind === 'empty') this.#pullPair(this.#generation);
    this.#update();
  }

  #ideasChanged(): void {
    // A pair fetched ahead may hold an idea the facilitator just hid.
    this.#ideasVersion += 1;
    this.upcoming = [];
    if (this.view.kind === 'pair' || this.view.kind === 'empty') this.#pullPair(this.#generation);
  }

  /** Joins the results' room, once connected and while results are shown. */
  #followResults(): void {
    if (this.#stopResults || !this.#watchingResults || !this.#client || !this.#spaceId) return;
    this.#stopResults = this.#client.watchSpace(this.#spaceId, { results: (results) => this.#resultsArrived(results) });
  }

  /** A hidden or merged idea leaves the pairs that hold it: the shown one is replaced at once. */
  #ideaRemoved(ideaId: string): void {
    const holds = (appearance: Appearance) => appearance.left.id === ideaId || appearance.right.id === ideaId;
    this.upcoming = this.upcoming.filter((appearance) => !holds(appearance));
    if (this.view.kind === 'pair' && holds(this.view.appearance)) this.#showNext(this.#generation);
  }

  #resultsArrived(results: Results): void {
    this.#latestResults = results;
    if (this.#watchingResults) {
      this.results = results;
      this.#update();
    }
  }

  /** Leaves the space's room and stops listening; pending answers stay in the outbox. */
  #release(): void {
    this.#generation += 1;
    for (const stop of this.#stops.splice(0)) stop();
    this.#stopResults?.();
    this.#stopResults = undefined;
    this.#pairRequest = undefined;
    this.upcoming = [];
  }

  #update(): void {
    this.#host.requestUpdate();
  }
}
