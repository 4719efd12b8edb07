/**
 * What a widget may rely on from @tori/core: the client interface (real or fixture) and the duel's view state.
 * Types only, so the element, the real client and the fixture client agree.
 */
import type {
  AnswerAck,
  Appearance,
  Board,
  ExportFormat,
  Idea,
  IdeaCreated,
  IdeaModerationBody,
  ModeratedIdea,
  ModerationView,
  NewIdeaBody,
  NextPair,
  ReportAck,
  ReportBody,
  Results,
  ServerToClientEvents,
  SkipBody,
  Space,
  SpaceAdmin,
  SpaceSettingsBody,
  SupportAck,
} from '@tori/protocol';
import type { BadgeClient } from './badge-client.js';
import type { DiscussionClient } from './discussion-client.js';
import type { JournalClient } from './journal-client.js';

/** The name and payload of an event the server pushes to a space's room. */
export type SpaceEvent = {
  [E in keyof ServerToClientEvents]: { name: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/** Handlers for what the server pushes about one space. */
export interface SpaceWatcher {
  /** Live results. Only while a watcher of the space has this does the page ask the server for them (`space:join`). */
  results?(results: Results): void;
  /** The results of the moment from each join's ack, for a watcher that does not follow them live (nothing more is sent). */
  joined?(results: Results): void;
  space?(space: Space): void;
  ideasChanged?(): void;
  /** Every event of the space's room, by name (the board hears its `idea:*` and `moderation:idea` events here). */
  event?(event: SpaceEvent): void;
  /** The space key: the watcher also hears the facilitator room. Kept in memory only, sent with `space:join`. */
  key?: string;
}

/** How a request identifies itself: as nobody (the default, a participant when the server asks for one). */
export interface RequestOptions {
  body?: unknown;
  /** `participant`: as the participant, issued first if needed; `known`: with the stored token only if there is one. */
  as?: 'participant' | 'known';
  /** Headers of the protocol, e.g. the space key (`x-tori-key`); a request with them never falls back to a participant. */
  headers?: Record<string, string>;
  /** Resolve with the answer's text rather than its parsed JSON (file downloads). */
  text?: boolean;
}

/** Result of an answer (vote or skip): acknowledged by the server, or kept in the outbox until back online. */
export type AnswerOutcome<Ack = AnswerAck> = { status: 'sent'; ack: Ack } | { status: 'queued' };

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
  /**
   * A REST call to this server, `path` starting with `/api/`; rejects with a ToriError. Features whose code is not
   * in every bundle (the board) are built on it, so the duel's bundle does not carry them.
   */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<T>;
  /** A board client of its own (the fixture has one); `boardClient()` of `@tori/core/board` builds one otherwise. */
  readonly board?: BoardClient;
  /** A journal client of its own (the fixture has one); `journalClient()` of `@tori/core/journal` builds one otherwise. */
  readonly journal?: JournalClient;
  /** A discussion client of its own (the fixture has one); `discussionClient()` of `@tori/core/discussion` builds one otherwise. */
  readonly discussion?: DiscussionClient;
  /** A badge client of its own (the fixture has one); `badgeClient()` of `@tori/core/badges` builds one otherwise. */
  readonly badges?: BadgeClient;
}

/** A post as it waits on the device to reach the server; `body.requestId` makes sending it twice harmless. */
export interface QueuedPost {
  spaceId: string;
  body: NewIdeaBody & { requestId: string };
  queuedAt: string;
}

/** Result of a post: stored by the server, or kept on the device until back online; `requestId` names it in both. */
export type PostOutcome =
  | { status: 'sent'; created: IdeaCreated; requestId: string }
  | { status: 'queued'; post: QueuedPost; requestId: string };

/** What a facilitator acts with: the space key (memory only) and, optionally, a name for the moderation log. */
export interface FacilitatorAccess {
  key: string;
  moderator?: string;
}

/** The board's calls to a server. `boardClient(client)` from `@tori/core/board` gives the one of a client. */
export interface BoardClient {
  /** Approved ideas and, with the participant's token, their own pending ones and what they support. */
  board(spaceId: string): Promise<Board>;
  /** Goes through the post outbox: sent at once when online, else kept on the device and sent exactly once later. */
  post(spaceId: string, body: NewIdeaBody): Promise<PostOutcome>;
  /** Posts of this space waiting on the device, oldest first. */
  queuedPosts(spaceId: string): QueuedPost[];
  /** Called when a post is queued, sent or dropped; `sent` is given when one reached the server. */
  onPostsChange(listener: (sent?: { spaceId: string; created: IdeaCreated }) => void): () => void;
  support(spaceId: string, ideaId: string, supported: boolean): Promise<SupportAck>;
  report(spaceId: string, ideaId: string, body: ReportBody): Promise<ReportAck>;
  moderation(spaceId: string, access: FacilitatorAccess): Promise<ModerationView>;
  /** Approves, hides, restores, edits or pins an idea; answers the idea as the facilitator sees it. */
  moderate(spaceId: string, ideaId: string, body: IdeaModerationBody, access: FacilitatorAccess): Promise<unknown>;
  /** Folds `ideaId` into `into`, which survives. */
  merge(spaceId: string, ideaId: string, into: string, access: FacilitatorAccess): Promise<unknown>;
  updateSpace(spaceId: string, body: SpaceSettingsBody, access: FacilitatorAccess): Promise<SpaceAdmin>;
  /** The export file's content (CSV or JSON text). */
  exportFile(spaceId: string, format: ExportFormat, access: FacilitatorAccess): Promise<string>;
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

/** What `<idea-board>` shows besides its list, as computed by `BoardController`. */
export type BoardView =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ToriErrorShape };

export type { Idea, ModeratedIdea };
