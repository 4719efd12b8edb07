import type { BoardIdea, NewIdeaBody, ReportAck, ReportReason, Space, SupportAck } from '@tori/protocol';
import type { ReactiveController } from 'lit';
import { boardClient } from './board-client.js';
import type { BoardClient, BoardView, PostOutcome, QueuedPost, SpaceEvent, ToriClient } from './contracts.js';
import type { DuelHost } from './duel-controller.js';
import { ToriError, toToriError } from './errors.js';

/** What the controller needs of its element; every `ConnectedElement` is one. */
export type BoardHost = DuelHost;

export const BOARD_SORTS = ['newest', 'supported', 'score'] as const;
/** Newest first, most supported first, or best duel score first; pinned ideas always lead. */
export type BoardSort = (typeof BOARD_SORTS)[number];

export interface BoardOptions {
  /** Told how many ideas others posted since it was last told, at most once per `announceEveryMs`. */
  onArrivals?(count: number): void;
  /** Default 5 000 ms. */
  announceEveryMs?: number;
}

/** Folds case and diacritics for search: "Ääni", "aani" and "AANI" match. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** An idea with its time parsed once per idea, not twice per comparison: a sort of 10 000 makes ~140 000. */
type Sortable = { idea: BoardIdea; time: number };

const byNewest = (a: Sortable, b: Sortable) =>
  b.time - a.time || (a.idea.id < b.idea.id ? 1 : a.idea.id > b.idea.id ? -1 : 0);

const ORDERS: Record<BoardSort, (a: Sortable, b: Sortable) => number> = {
  newest: byNewest,
  supported: (a, b) => b.idea.supports - a.idea.supports || byNewest(a, b),
  // Never compared goes last; then supports break ties.
  score: (a, b) => (b.idea.score ?? -1) - (a.idea.score ?? -1) || b.idea.supports - a.idea.supports || byNewest(a, b),
};

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server and the space (attributes, or an enclosing <tori-space>).');
}

/**
 * The board of one space: its ideas, kept live, sorted, filtered and searched; posting through the offline
 * outbox; supports and reports. The participant's form is not here: live updates never touch what they type.
 * Ideas in live events say `mine: false` and `supportedByYou: false`; the controller keeps both itself.
 */
export class BoardController implements ReactiveController {
  view: BoardView = { kind: 'loading' };
  space: Space | null = null;
  online = true;
  /** This space's posts waiting on the device for the connection, oldest first. */
  queued: QueuedPost[] = [];
  sort: BoardSort = 'newest';
  /** Category id to show, or '' for all. */
  category = '';
  search = '';

  readonly #host: BoardHost;
  readonly #options: BoardOptions;
  readonly #ideas = new Map<string, BoardIdea>();
  readonly #mine = new Set<string>();
  readonly #supported = new Set<string>();
  readonly #supporting = new Set<string>();
  /** Folded texts of posts on their way, so their own live echo is not announced as someone else's. */
  readonly #posting = new Set<string>();
  readonly #folded = new WeakMap<BoardIdea, string>();
  readonly #times = new WeakMap<BoardIdea, number>();
  #visible: BoardIdea[] | undefined;
  #early: SpaceEvent[] = [];
  #client: ToriClient | undefined;
  #board: BoardClient | undefined;
  #spaceId: string | undefined;
  #generation = 0;
  #stops: (() => void)[] = [];
  #arrivals = 0;
  #announcedAt = -Infinity;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: BoardHost, options: BoardOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#release();
  }

  /** The ideas to show: filtered by category and search, sorted, pinned first. */
  get ideas(): BoardIdea[] {
    if (!this.#visible) {
      const words = foldText(this.search).split(/\s+/).filter(Boolean);
      const shown = [...this.#ideas.values()].filter(
        (idea) =>
          (!this.category || idea.category === this.category) &&
          words.every((word) => this.#foldedOf(idea).includes(word)),
      );
      const order = ORDERS[this.sort] ?? byNewest;
      this.#visible = shown
        .map((idea) => ({ idea, time: this.#timeOf(idea) }))
        .sort((a, b) => Number(b.idea.pinned) - Number(a.idea.pinned) || order(a, b))
        .map(({ idea }) => idea);
    }
    return this.#visible;
  }

  /** Every idea on the board, before filters. */
  get total(): number {
    return this.#ideas.size;
  }

  /** True while a support of this idea is on its way. */
  supporting(ideaId: string): boolean {
    return this.#supporting.has(ideaId);
  }

  idea(ideaId: string): BoardIdea | undefined {
    return this.#ideas.get(ideaId);
  }

  /** (Re)loads for the host's current client and space; call from `connectionChanged()`. */
  connect(): void {
    this.#release();
    const client = (this.#client = this.#host.toriClient);
    const spaceId = (this.#spaceId = this.#host.spaceId);
    this.view = { kind: 'loading' };
    this.space = null;
    this.#ideas.clear();
    this.#mine.clear();
    this.#supported.clear();
    this.#changed();
    if (!client || !spaceId) {
      this.view = { kind: 'error', error: notConfigured() };
      return;
    }
    const board = (this.#board = boardClient(client));
    this.online = client.online;
    this.queued = board.queuedPosts(spaceId);
    this.#stops.push(
      client.onStatus((online) => {
        this.online = online;
        // Back online: catch up with what happened meanwhile (the form is not touched).
        if (online) this.#load();
        this.#update();
      }),
      board.onPostsChange((sent) => {
        this.queued = board.queuedPosts(spaceId);
        if (sent?.spaceId === spaceId) this.#own(sent.created.idea);
        this.#update();
      }),
      client.watchSpace(spaceId, {
        space: (space) => this.#spaceChanged(space),
        event: (event) => this.#heard(event),
      }),
    );
    this.#load();
  }

  retry(): void {
    if (!this.#board) return;
    this.view = { kind: 'loading' };
    this.#update();
    this.#load();
  }

  setSort(sort: BoardSort): void {
    this.sort = sort;
    this.#changed();
  }

  setCategory(category: string): void {
    this.category = category;
    this.#changed();
  }

  setSearch(search: string): void {
    this.search = search;
    this.#changed();
  }

  /**
   * Posts an idea: `sent` with the stored idea, or `queued` when it waits on the device for the connection.
   * Rejects with a ToriError (409 the same text again, 403 `board_closed`, 422 too long…) for the element to show.
   */
  async post(body: NewIdeaBody): Promise<PostOutcome> {
    const { board, spaceId, generation } = this.#current();
    const folded = foldText(body.text.trim());
    this.#posting.add(folded);
    let outcome: PostOutcome;
    try {
      outcome = await board.post(spaceId, body);
    } catch (thrown) {
      const error = toToriError(thrown);
      if (error.code === 'board_closed' && this.space && generation === this.#generation) {
        this.#spaceChanged({ ...this.space, boardOpen: false });
      }
      throw error;
    } finally {
      this.#posting.delete(folded);
    }
    if (generation === this.#generation) {
      if (outcome.status === 'sent') this.#own(outcome.created.idea);
      this.queued = board.queuedPosts(spaceId);
      this.#update();
    }
    return outcome;
  }

  /** Supports the idea, or withdraws the support: shown at once, undone if the server refuses. */
  async toggleSupport(ideaId: string): Promise<SupportAck | undefined> {
    const { board, spaceId, generation } = this.#current();
    const idea = this.#ideas.get(ideaId);
    if (!idea || this.#supporting.has(ideaId)) return undefined;
    const supported = !this.#supported.has(ideaId);
    const settle = (yes: boolean, supports: number) => {
      if (generation !== this.#generation) return;
      if (yes) this.#supported.add(ideaId);
      else this.#supported.delete(ideaId);
      const current = this.#ideas.get(ideaId);
      if (current) this.#put({ ...current, supports });
      this.#changed();
    };
    this.#supporting.add(ideaId);
    settle(supported, Math.max(0, idea.supports + (supported ? 1 : -1)));
    try {
      const ack = await board.support(spaceId, ideaId, supported);
      settle(ack.supportedByYou, ack.supports);
      return ack;
    } catch (thrown) {
      settle(!supported, idea.supports);
      throw toToriError(thrown);
    } finally {
      this.#supporting.delete(ideaId);
      this.#update();
    }
  }

  /** Reports an idea to the facilitator; never one's own. */
  async report(ideaId: string, reason: ReportReason, note?: string): Promise<ReportAck> {
    const { board, spaceId } = this.#current();
    if (this.#mine.has(ideaId)) throw new ToriError(403, 'forbidden', 'You cannot report your own idea.');
    try {
      return await board.report(spaceId, ideaId, note ? { reason, note } : { reason });
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  #current(): { board: BoardClient; spaceId: string; generation: number } {
    const board = this.#board;
    const spaceId = this.#spaceId;
    if (!board || !spaceId) throw notConfigured();
    return { board, spaceId, generation: this.#generation };
  }

  #load(): void {
    const board = this.#board;
    const spaceId = this.#spaceId;
    const generation = this.#generation;
    if (!board || !spaceId) return;
    board.board(spaceId).then(
      ({ space, ideas }) => {
        if (generation !== this.#generation) return;
        this.space = space;
        this.#ideas.clear();
        // The server knows this participant's supports (another tab may have changed them); their ideas stay theirs.
        this.#supported.clear();
        for (const idea of ideas) {
          if (idea.mine) this.#mine.add(idea.id);
          if (idea.supportedByYou) this.#supported.add(idea.id);
          this.#put(idea);
        }
        this.view = { kind: 'ready' };
        for (const event of this.#early.splice(0)) this.#heard(event);
        this.#changed();
      },
      (thrown) => {
        if (generation !== this.#generation) return;
        const error = toToriError(thrown);
        // With ideas shown already, a failed catch-up leaves them; the next reconnect tries again.
        if (this.view.kind === 'ready') return;
        this.view = error.code === 'network' || !this.online ? { kind: 'offline' } : { kind: 'error', error };
        this.#update();
      },
    );
  }

  #heard(event: SpaceEvent): void {
    // Heard while the board loads: applied once it is there, so nothing posted meanwhile is missed.
    if (this.view.kind !== 'ready') {
      if (this.view.kind === 'loading') this.#early.push(event);
      return;
    }
    if (event.name === 'idea:posted' || event.name === 'idea:updated') {
      const { idea } = event.payload;
      const fresh = !this.#ideas.has(idea.id);
      this.#put(idea);
      if (fresh && event.name === 'idea:posted' && !this.#mine.has(idea.id) && !this.#posting.has(foldText(idea.text))) {
        this.#countArrival();
      }
    } else if (event.name === 'idea:removed') {
      this.#ideas.delete(event.payload.ideaId);
    } else {
      return;
    }
    this.#changed();
  }

  /** An idea this participant posted: theirs from now on, whatever live events say. */
  #own(idea: BoardIdea): void {
    this.#mine.add(idea.id);
    if (idea.status === 'approved' || idea.status === 'pending') this.#put(idea);
    this.#changed();
  }

  /** Stores an idea with what this participant knows of it (theirs, supported). */
  #put(idea: BoardIdea): void {
    this.#ideas.set(idea.id, { ...idea, mine: this.#mine.has(idea.id), supportedByYou: this.#supported.has(idea.id) });
  }

  #foldedOf(idea: BoardIdea): string {
    let folded = this.#folded.get(idea);
    if (folded === undefined) {
      folded = foldText(`${idea.text} ${idea.description ?? ''} ${idea.authorName ?? ''}`);
      this.#folded.set(idea, folded);
    }
    return folded;
  }

  #timeOf(idea: BoardIdea): number {
    let time = this.#times.get(idea);
    if (time === undefined) {
      time = Date.parse(idea.createdAt) || 0;
      this.#times.set(idea, time);
    }
    return time;
  }

  #spaceChanged(space: Space): void {
    this.space = space;
    this.#update();
  }

  #countArrival(): void {
    this.#arrivals += 1;
    if (this.#announceTimer !== undefined || !this.#options.onArrivals) return;
    const every = this.#options.announceEveryMs ?? 5_000;
    // Arrivals in the same moment are told together; later ones wait for the quiet period to end.
    this.#announceTimer = setTimeout(
      () => {
        this.#announceTimer = undefined;
        this.#announcedAt = Date.now();
        const count = this.#arrivals;
        this.#arrivals = 0;
        if (count) this.#options.onArrivals?.(count);
      },
      Math.max(0, this.#announcedAt + every - Date.now()),
    );
  }

  #release(): void {
    this.#generation += 1;
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    this.#arrivals = 0;
    this.#supporting.clear();
    this.#early = [];
  }

  /** The list changed: sort and filter again on the next read. */
  #changed(): void {
    this.#visible = undefined;
    this.#update();
  }

  #update(): void {
    this.#host.requestUpdate();
  }
}
