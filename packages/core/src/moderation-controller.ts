import type {
  BoardIdea,
  ExportFormat,
  IdeaModerationBody,
  ModeratedIdea,
  ModerationEntry,
  SpaceAdmin,
} from '@tori/protocol';
import type { ReactiveController } from 'lit';
import { boardClient } from './board-client.js';
import type { BoardHost } from './board-controller.js';
import type { BoardClient, FacilitatorAccess, SpaceEvent, ToriClient, ToriErrorShape } from './contracts.js';
import { ToriError, toToriError } from './errors.js';

/** What the facilitator's view shows: the key form (with why, after a failed try), loading, the queue, or an error. */
export type ModerationState =
  | { kind: 'locked'; problem?: 'wrong_key' | 'network' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'error'; error: ToriErrorShape };

const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

/** An answer that carries a facilitator's idea, as such or as `{ idea }`. */
function ideaIn(answer: unknown): ModeratedIdea | BoardIdea | undefined {
  const candidate = (answer as { idea?: unknown } | null)?.idea ?? answer;
  const idea = candidate as Partial<ModeratedIdea> | null;
  return idea && typeof idea.id === 'string' && typeof idea.status === 'string' ? (idea as ModeratedIdea) : undefined;
}

/**
 * The facilitator's side of a board: the queue of pending ideas, reported ideas, the moderation log, every
 * action on an idea, opening and closing the board, and the export. The space key is held in memory only, for as
 * long as the element lives; it is never stored.
 */
export class ModerationController implements ReactiveController {
  state: ModerationState = { kind: 'locked' };
  space: SpaceAdmin | null = null;
  log: ModerationEntry[] = [];
  online = true;

  readonly #host: BoardHost;
  readonly #ideas = new Map<string, ModeratedIdea>();
  readonly #busy = new Set<string>();
  /** `ideas`, sorted once per change rather than once per read. */
  #sorted: ModeratedIdea[] | undefined;
  #access: FacilitatorAccess | undefined;
  #client: ToriClient | undefined;
  #board: BoardClient | undefined;
  #spaceId: string | undefined;
  #generation = 0;
  #stops: (() => void)[] = [];
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: BoardHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#release();
  }

  /** Every idea, newest first. */
  get ideas(): ModeratedIdea[] {
    this.#sorted ??= [...this.#ideas.values()].sort(newestFirst);
    return this.#sorted;
  }

  /** Waiting for approval, oldest first (first come, first served). */
  get queue(): ModeratedIdea[] {
    return this.ideas.filter((idea) => idea.status === 'pending').reverse();
  }

  /** Reported and not merged away, most reported first. */
  get reported(): ModeratedIdea[] {
    return this.ideas
      .filter((idea) => idea.reports > 0 && (idea.status === 'approved' || idea.status === 'hidden'))
      .sort((a, b) => b.reports - a.reports);
  }

  get hidden(): ModeratedIdea[] {
    return this.ideas.filter((idea) => idea.status === 'hidden');
  }

  /** On the board: pinned first, then newest. */
  get published(): ModeratedIdea[] {
    return this.ideas.filter((idea) => idea.status === 'approved').sort((a, b) => Number(b.pinned) - Number(a.pinned));
  }

  get unlocked(): boolean {
    return this.#access !== undefined;
  }

  idea(ideaId: string): ModeratedIdea | undefined {
    return this.#ideas.get(ideaId);
  }

  /** True while an action on this idea (or on the board, for `'board'`) is on its way. */
  busy(id: string): boolean {
    return this.#busy.has(id);
  }

  /** (Re)connects for the host's client and space; loads at once when a key was given before. */
  connect(): void {
    this.#release();
    this.#client = this.#host.toriClient;
    this.#spaceId = this.#host.spaceId;
    this.#board = this.#client && boardClient(this.#client);
    this.#ideas.clear();
    this.#sorted = undefined;
    this.log = [];
    this.space = null;
    if (this.#access) void this.unlock(this.#access);
    else this.#update();
  }

  /** Opens the facilitator's view with the space key; resolves false (and says why in `state`) when refused. */
  async unlock(access: FacilitatorAccess): Promise<boolean> {
    this.#release();
    const generation = this.#generation;
    const client = this.#client;
    const board = this.#board;
    const spaceId = this.#spaceId;
    if (!client || !board || !spaceId) {
      this.state = { kind: 'error', error: new ToriError(0, 'not_configured', 'Set the server and the space.') };
      this.#update();
      return false;
    }
    this.state = { kind: 'loading' };
    this.#update();
    try {
      const view = await board.moderation(spaceId, access);
      if (generation !== this.#generation) return false;
      this.#access = access;
      this.#apply(view.space, view.ideas, view.log);
      this.state = { kind: 'ready' };
      this.online = client.online;
      this.#stops.push(
        client.onStatus((online) => {
          this.online = online;
          if (online) this.#refreshSoon(0);
          this.#update();
        }),
        client.watchSpace(spaceId, {
          key: access.key,
          space: (space) => {
            if (this.space) this.space = { ...this.space, ...space };
            this.#update();
          },
          event: (event) => this.#heard(event),
        }),
      );
      return true;
    } catch (thrown) {
      if (generation !== this.#generation) return false;
      const error = toToriError(thrown);
      this.#access = undefined;
      if (error.status === 401 || error.status === 403) this.state = { kind: 'locked', problem: 'wrong_key' };
      else if (error.code === 'network') this.state = { kind: 'locked', problem: 'network' };
      else this.state = { kind: 'error', error };
      return false;
    } finally {
      this.#update();
    }
  }

  /** Forgets the key and shows the key form again. */
  lock(): void {
    this.#access = undefined;
    this.#release();
    this.#ideas.clear();
    this.#sorted = undefined;
    this.log = [];
    this.state = { kind: 'locked' };
    this.#update();
  }

  approve(ideaId: string): Promise<void> {
    return this.moderate(ideaId, { status: 'approved' });
  }

  hide(ideaId: string): Promise<void> {
    return this.moderate(ideaId, { status: 'hidden' });
  }

  /** Brings a hidden idea back to the board. */
  restore(ideaId: string): Promise<void> {
    return this.moderate(ideaId, { status: 'approved' });
  }

  pin(ideaId: string, pinned: boolean): Promise<void> {
    return this.moderate(ideaId, { pinned });
  }

  /** Any change of one idea: status, text, description, category, pin. Rejects with a ToriError. */
  moderate(ideaId: string, body: IdeaModerationBody): Promise<void> {
    return this.#act(ideaId, async (board, spaceId, access) => {
      const known = this.#ideas.get(ideaId);
      const answer = await board.moderate(spaceId, ideaId, body, access);
      this.#put(ideaIn(answer) ?? (known && ({ ...known, ...body } as ModeratedIdea)));
    });
  }

  /** Folds `ideaId` into `into`: its supports join the surviving idea and it leaves the board. */
  merge(ideaId: string, into: string): Promise<void> {
    return this.#act(ideaId, async (board, spaceId, access) => {
      await board.merge(spaceId, ideaId, into, access);
      const merged = this.#ideas.get(ideaId);
      if (merged) this.#put({ ...merged, status: 'merged', mergedInto: into });
    });
  }

  /** Opens or closes the board to new ideas (supports and the duel go on). */
  setBoardOpen(boardOpen: boolean): Promise<void> {
    return this.#act('board', async (board, spaceId, access) => {
      this.space = await board.updateSpace(spaceId, { boardOpen }, access);
    });
  }

  /** The export's content, fetched with the key. */
  async exportFile(format: ExportFormat): Promise<string> {
    const { board, spaceId, access } = this.#ready();
    try {
      return await board.exportFile(spaceId, format, access);
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  #ready(): { board: BoardClient; spaceId: string; access: FacilitatorAccess } {
    const board = this.#board;
    const spaceId = this.#spaceId;
    const access = this.#access;
    if (!board || !spaceId || !access) throw new ToriError(401, 'unauthorized', 'Give the space key first.');
    return { board, spaceId, access };
  }

  async #act(
    id: string,
    action: (board: BoardClient, spaceId: string, access: FacilitatorAccess) => Promise<void>,
  ): Promise<void> {
    const { board, spaceId, access } = this.#ready();
    const generation = this.#generation;
    this.#busy.add(id);
    this.#update();
    try {
      await action(board, spaceId, access);
    } catch (thrown) {
      throw toToriError(thrown);
    } finally {
      this.#busy.delete(id);
      if (generation === this.#generation) {
        // The log entry and every idea the action touched (a merge moves supports) come with the next view.
        this.#refreshSoon();
        this.#update();
      }
    }
  }

  #refreshSoon(delay = 300): void {
    clearTimeout(this.#refreshTimer);
    const generation = this.#generation;
    this.#refreshTimer = setTimeout(() => {
      const board = this.#board;
      const spaceId = this.#spaceId;
      const access = this.#access;
      if (!board || !spaceId || !access) return;
      board.moderation(spaceId, access).then(
        (view) => {
          if (generation !== this.#generation) return;
          this.#apply(view.space, view.ideas, view.log);
          this.#update();
        },
        // Live events keep the view close; the next action or reconnect tries again.
        () => undefined,
      );
    }, delay);
  }

  #apply(space: SpaceAdmin, ideas: ModeratedIdea[], log: ModerationEntry[]): void {
    this.space = space;
    this.log = log;
    this.#ideas.clear();
    this.#sorted = undefined;
    for (const idea of ideas) this.#ideas.set(idea.id, idea);
  }

  #heard(event: SpaceEvent): void {
    if (event.name === 'moderation:idea') {
      this.#put(event.payload.idea);
      const entry = event.payload.entry;
      if (entry && !this.log.some((known) => known.id === entry.id)) this.log = [entry, ...this.log];
    } else if (event.name === 'idea:posted' || event.name === 'idea:updated') {
      this.#put(event.payload.idea);
    } else if (event.name === 'idea:removed') {
      const idea = this.#ideas.get(event.payload.ideaId);
      const { reason, mergedInto } = event.payload;
      if (idea) this.#put({ ...idea, status: reason, mergedInto: mergedInto ?? idea.mergedInto });
    } else {
      return;
    }
    this.#update();
  }

  /** Stores an idea; a participant's view of it (no reports) keeps the reports known. */
  #put(idea: ModeratedIdea | BoardIdea | undefined): void {
    if (!idea) return;
    const known = this.#ideas.get(idea.id);
    this.#sorted = undefined;
    this.#ideas.set(idea.id, {
      reports: 0,
      reportReasons: {},
      mergedInto: null,
      ...known,
      ...idea,
      mine: false,
      supportedByYou: false,
    });
  }

  #release(): void {
    this.#generation += 1;
    clearTimeout(this.#refreshTimer);
    for (const stop of this.#stops.splice(0)) stop();
    this.#busy.clear();
  }

  #update(): void {
    this.#host.requestUpdate();
  }
}
