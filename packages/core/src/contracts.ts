/**
 * What a widget may rely on from @tori/core: the client interface (real or fixture) and the duel's view state.
 * Types only, so the element, the real client and the fixture client agree.
 */
import type {
  AnswerAck,
  Appearance,
  Idea,
  IdeaCreated,
  NextPair,
  Results,
  SkipBody,
  Space,
} from '@tori/protocol';

/** Handlers for what the server pushes about one space. */
export interface SpaceWatcher {
  results?(results: Results): void;
  space?(space: Space): void;
  ideasChanged?(): void;
}

/** Result of an answer (vote or skip): acknowledged by the server, or kept in the outbox until back online. */
export type AnswerOutcome = { status: 'sent'; ack: AnswerAck } | { status: 'queued' };

/**
 * Everything a widget asks of a Tori server. `createClient(server)` gives the real one (REST + one shared
 * socket.io connection per server per page); `createFixtureClient()` from `@tori/core/fixtures` serves stories.
 */
export interface ToriClient {
  /** Origin of the server, e.g. "https://osallistu.example.fi". */
  readonly server: string;
  /** True while the socket is connected and the browser is online. */
  readonly online: boolean;
  /** Called whenever `online` changes; returns an unsubscribe function. */
  onStatus(listener: (online: boolean) => void): () => void;
  getSpace(spaceId: string): Promise<Space>;
  nextPair(spaceId: string): Promise<NextPair>;
  /** Goes through the offline outbox: sent at once when online, else kept and sent exactly once on reconnect. */
  vote(spaceId: string, appearanceId: string, winnerId: string): Promise<AnswerOutcome>;
  skip(spaceId: string, appearanceId: string, body: SkipBody): Promise<AnswerOutcome>;
  addIdea(spaceId: string, text: string): Promise<IdeaCreated>;
  results(spaceId: string): Promise<Results>;
  /** Joins the space's live room (rejoins after every reconnect); returns a function that leaves it. */
  watchSpace(spaceId: string, watcher: SpaceWatcher): () => void;
  /** Answers of this space still waiting in the outbox. */
  pendingAnswers(spaceId: string): number;
  /** Called when the outbox size of any space changes. */
  onOutboxChange(listener: () => void): () => void;
}

/** A failure the server answered with an error body, or a network failure (`status` 0). */
export interface ToriErrorShape {
  status: number;
  code: string;
  message: string;
}

/** What `<idea-duel>` shows, as computed by `DuelController`. */
export type DuelView =
  | { kind: 'loading' }
  | { kind: 'pair'; appearance: Appearance }
  | { kind: 'empty' }
  | { kind: 'closed' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ToriErrorShape };

export type { Idea };
