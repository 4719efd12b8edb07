import type {
  AnswerAck,
  AnswerEvent,
  AnswerEventAck,
  ClientToServerEvents,
  IdeaCreated,
  NextPair,
  ParticipantIssued,
  Results,
  ResultsUpdate,
  ServerToClientEvents,
  SkipBody,
  Space,
} from '@tori/protocol';
import { io, type Socket } from 'socket.io-client';
import type { AnswerOutcome, RequestOptions, SpaceEvent, SpaceWatcher, ToriClient } from './contracts.js';
import { ToriError } from './errors.js';
import { Participant } from './identity.js';
import { Outbox, type QueuedAnswer } from './outbox.js';
import { browserStore, type KeyValueStore } from './storage.js';

/** Longer than any honest answer of the server, short enough that a dead connection does not hang a vote. */
const REQUEST_TIMEOUT_MS = 15_000;
const JOIN_TIMEOUT_MS = 10_000;

const clients = new Map<string, ServerClient>();

/**
 * The client of one Tori server. Every call with the same origin returns the same client, so a page with five
 * widgets opens one socket and keeps one participant per server.
 */
export function createClient(server: string): ToriClient {
  const origin = originOf(server);
  let client = clients.get(origin);
  if (!client) clients.set(origin, (client = new ServerClient(origin)));
  return client;
}

const warnedAbout = new Set<string>();

/** `createClient()` for an element's `server` attribute: a bad address gives no client and one console warning. */
export function clientFor(server: string, tagName: string): ToriClient | undefined {
  try {
    return createClient(server);
  } catch (error) {
    if (!warnedAbout.has(server)) console.warn(`[tori] <${tagName}>:`, (error as Error).message);
    warnedAbout.add(server);
    return undefined;
  }
}

function originOf(server: string): string {
  try {
    const url = new URL(server, globalThis.location?.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(url.protocol);
    return url.origin;
  } catch {
    throw new ToriError(0, 'bad_server', `"${server}" is not the address of a Tori server.`);
  }
}

function browserOnline(): boolean {
  return globalThis.navigator?.onLine !== false;
}

type Method = Parameters<ToriClient['request']>[0];

/** The REST address of a space, or of something in it. */
export function spacePath(spaceId: string, rest = ''): string {
  return `/api/spaces/${encodeURIComponent(spaceId)}${rest}`;
}

/** The browser's own online and offline events, heard or no longer heard. */
function listenToBrowser(listen: boolean, listener: () => void): void {
  for (const type of ['online', 'offline']) {
    if (listen) globalThis.addEventListener?.(type, listener);
    else globalThis.removeEventListener?.(type, listener);
  }
}

/** REST through fetch, live updates through one socket.io connection, answers through the outbox. */
export class ServerClient implements ToriClient {
  readonly server: string;
  /** Opened on first need, so a page that only reads never keeps a connection (not `#`: a test drops it). */
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  readonly #participant: Participant;
  readonly #outbox: Outbox;
  readonly #watchers = new Map<string, Set<SpaceWatcher>>();
  /** Each watched space's ideas' texts as its last results had them: a `results` message leaves out those it sent. */
  readonly #texts = new Map<string, Map<string, string>>();
  readonly #statusListeners = new Set<(online: boolean) => void>();
  /** Set by a failed or lost connection; until then the first connection attempt counts as online. */
  #connectionLost = false;
  /** The participant the socket speaks for (its handshake's token, or one it was told later): answers go over it only as them. */
  #socketToken: string | undefined;
  /** The `participant:identify` under way, if any (not `#`: a test waits for it). */
  private identifying: Promise<void> | undefined;
  #identifyingAs: string | undefined;
  #reportedOnline: boolean | undefined;
  readonly #onBrowserStatus = () => this.#statusChanged();

  constructor(server: string, store: KeyValueStore = browserStore()) {
    this.server = originOf(server);
    this.#participant = new Participant(store, `tori:participant:${this.server}`, () =>
      this.#request<ParticipantIssued>('POST', '/api/participants', {}),
    );
    this.#outbox = new Outbox({
      store,
      key: `tori:outbox:${this.server}`,
      idOf: (answer) => answer.appearanceId,
      send: (answer) => this.#sendAnswer(answer),
      isOnline: () => this.online,
    });
  }

  get online(): boolean {
    const socket = this.#connectSocket();
    return browserOnline() && (socket.connected || !this.#connectionLost);
  }

  onStatus(listener: (online: boolean) => void): () => void {
    this.#connectSocket();
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  getSpace(spaceId: string): Promise<Space> {
    return this.request<Space>('GET', spacePath(spaceId));
  }

  nextPair(spaceId: string): Promise<NextPair> {
    return this.#asParticipant<NextPair>('POST', spacePath(spaceId, '/appearances'), {});
  }

  vote(spaceId: string, appearanceId: string, winnerId: string): Promise<AnswerOutcome> {
    return this.#outbox.add({ kind: 'vote', spaceId, appearanceId, body: { winnerId }, queuedAt: new Date().toISOString() });
  }

  skip(spaceId: string, appearanceId: string, body: SkipBody): Promise<AnswerOutcome> {
    return this.#outbox.add({ kind: 'skip', spaceId, appearanceId, body, queuedAt: new Date().toISOString() });
  }

  addIdea(spaceId: string, text: string): Promise<IdeaCreated> {
    return this.#asParticipant<IdeaCreated>('POST', spacePath(spaceId, '/ideas'), { text });
  }

  results(spaceId: string): Promise<Results> {
    return this.request<Results>('GET', spacePath(spaceId, '/results'));
  }

  watchSpace(spaceId: string, watcher: SpaceWatcher): () => void {
    const socket = this.#connectSocket();
    let watching = this.#watchers.get(spaceId);
    if (!watching) this.#watchers.set(spaceId, (watching = new Set()));
    watching.add(watcher);
    // While disconnected, the `connect` handler joins every watched space.
    if (socket.connected) this.#join(spaceId, [watcher]);
    return () => {
      const current = this.#watchers.get(spaceId);
      if (!current?.delete(watcher)) return;
      // The last screen of the space that showed results went away: the others join again without them.
      if (current.size > 0) return void (watcher.results && socket.connected && !wantsResults(current) && this.#join(spaceId, []));
      this.#watchers.delete(spaceId);
      this.#texts.delete(spaceId);
      if (socket.connected) socket.emit('space:leave', { spaceId }, () => undefined);
    };
  }

  pendingAnswers(spaceId: string): number {
    return this.#outbox.pending(spaceId);
  }

  onOutboxChange(listener: () => void): () => void {
    return this.#outbox.onChange(listener);
  }

  /** Closes the socket and forgets this client (tests; a page never needs it). */
  dispose(): void {
    this.socket?.close();
    this.socket = undefined;
    this.#outbox.dispose();
    listenToBrowser(false, this.#onBrowserStatus);
    if (clients.get(this.server) === this) clients.delete(this.server);
  }

  #connectSocket(): Socket<ServerToClientEvents, ClientToServerEvents> {
    if (this.socket) return this.socket;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.server, {
      // WebSocket first; long polling when a proxy blocks it.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: false,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
      // Read at every (re)connection: once a participant exists, its answers can go over the socket.
      auth: (send) => {
        this.#socketToken = this.#participant.current?.token;
        send(this.#socketToken ? { token: this.#socketToken } : {});
      },
    });
    this.socket = socket;
    const lost = () => {
      this.#connectionLost = true;
      this.#statusChanged();
    };
    socket.on('connect', () => {
      this.#connectionLost = false;
      for (const [spaceId, watching] of this.#watchers) this.#join(spaceId, watching);
      this.#statusChanged();
      // Also when the status did not change: the first connection may find answers a previous visit left.
      void this.#outbox.flush();
    });
    socket.on('disconnect', lost);
    socket.on('connect_error', lost);
    // One handler for every event of a space's room; the board's events reach the watchers that ask for them.
    socket.onAny((name: SpaceEvent['name'], payload: { spaceId?: string; space?: Space; results?: ResultsUpdate }) => {
      const spaceId = payload.spaceId ?? payload.space!.id;
      const results = name === 'results' ? this.#filledIn(spaceId, payload.results!) : undefined;
      this.#tell(spaceId, (watcher) => {
        if (results) watcher.results?.(results);
        if (name === 'space') watcher.space?.(payload.space!);
        if (name === 'ideas:changed') watcher.ideasChanged?.();
        watcher.event?.({ name, payload } as SpaceEvent);
      });
    });
    listenToBrowser(true, this.#onBrowserStatus);
    this.#reportedOnline = browserOnline();
    return socket;
  }

  /**
   * Joins a space's room and hands its current state (the join ack) to the given watchers still watching; a
   * watcher's key joins the facilitator room too.
   */
  #join(spaceId: string, targets: Iterable<SpaceWatcher>): void {
    const recipients = [...targets];
    const key = recipients.find((watcher) => watcher.key)?.key;
    // Results four times a second only to a page that shows them: a voting phone is spared them (and their data).
    const results = wantsResults(this.#watchers.get(spaceId)) ? undefined : false;
    this.socket?.timeout(JOIN_TIMEOUT_MS).emit('space:join', { spaceId, key, results }, (error, ack) => {
      // A timeout is left to the next reconnect, which joins again.
      if (error || !ack) return;
      if (!ack.ok) {
        console.warn(`[tori] Could not follow space "${spaceId}" live:`, ack.error.code, ack.error.message);
        return;
      }
      const watching = this.#watchers.get(spaceId);
      if (watching) this.#texts.set(spaceId, textsOf(ack.results));
      for (const watcher of recipients) {
        if (!watching?.has(watcher)) continue;
        call(() => watcher.space?.(ack.space));
        call(() => (watcher.results ?? watcher.joined)?.(ack.results));
      }
    });
  }

  /** A `results` message with the texts it left out filled in; undefined when one is unknown, and joining again asks for them. */
  #filledIn(spaceId: string, update: ResultsUpdate): Results | undefined {
    const known = this.#texts.get(spaceId);
    const ideas = update.ideas.map((idea) => ({ ...idea, text: idea.text ?? known?.get(idea.id) }));
    const watching = this.#watchers.get(spaceId);
    if (ideas.some((idea) => idea.text === undefined)) return void (watching && this.#join(spaceId, watching));
    const results = { ...update, ideas } as Results;
    this.#texts.set(spaceId, textsOf(results));
    return results;
  }

  #tell(spaceId: string, deliver: (watcher: SpaceWatcher) => void): void {
    for (const watcher of [...(this.#watchers.get(spaceId) ?? [])]) call(() => deliver(watcher));
  }

  #statusChanged(): void {
    const online = this.online;
    if (online === this.#reportedOnline) return;
    this.#reportedOnline = online;
    for (const listener of [...this.#statusListeners]) call(() => listener(online));
    if (online) void this.#outbox.flush();
  }

  /**
   * An answer over the socket when it is connected as this participant (one message, no HTTP request), else over
   * REST. Either way the appearance id makes a resend harmless, so the outbox's exactly-once holds across both.
   */
  async #sendAnswer(answer: QueuedAnswer): Promise<AnswerAck> {
    const socket = this.socket;
    const token = this.#participant.current?.token;
    if (socket?.connected && token !== undefined && token === this.#socketToken) {
      let ack: AnswerEventAck;
      try {
        const payload: AnswerEvent =
          answer.kind === 'vote'
            ? { appearanceId: answer.appearanceId, kind: 'vote', body: answer.body }
            : { appearanceId: answer.appearanceId, kind: 'skip', body: answer.body };
        ack = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('appearance:answer', payload);
      } catch (error) {
        throw ToriError.network(error);
      }
      if (ack.ok) {
        const { ok: _ok, ...acknowledged } = ack;
        return acknowledged;
      }
      // A token the server no longer takes: REST issues a new participant, as for any other call.
      if (ack.error.code !== 'unauthorized') {
        throw new ToriError(ack.status ?? statusOfCode(ack.error.code), ack.error.code, ack.error.message, ack.error.issues);
      }
    }
    return this.#asParticipant<AnswerAck>(
      'POST',
      `/api/appearances/${encodeURIComponent(answer.appearanceId)}/${answer.kind}`,
      answer.body,
    );
  }

  /** A call made as the participant: issues one first if needed, and once more if the server forgot the token. */
  async #asParticipant<T>(method: Method, path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    const token = await this.#participant.token();
    this.#identify(token);
    try {
      return await this.#request<T>(method, path, body, token, options);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      this.#participant.forget(token);
      const renewed = await this.#participant.token();
      this.#identify(renewed);
      return this.#request<T>(method, path, body, renewed, options);
    }
  }

  /**
   * A socket that connected before the participant existed (a first visit) tells the server who it speaks for, so
   * their own events (an earned badge) reach this page without a reconnection.
   */
  #identify(token: string): void {
    const socket = this.socket;
    if (!socket?.connected || token === this.#socketToken || token === this.#identifyingAs) return;
    this.#socketToken = undefined;
    this.#identifyingAs = token;
    this.identifying = socket
      .timeout(JOIN_TIMEOUT_MS)
      .emitWithAck('participant:identify', { token })
      .then(
        (ack) => {
          if (this.#identifyingAs === token) this.#identifyingAs = undefined;
          // A reconnection meanwhile sent its own handshake: that one counts.
          if (ack.ok && this.socket === socket && socket.connected && this.#participant.current?.token === token) {
            this.#socketToken = token;
          }
        },
        // No answer in time: the next reconnection's handshake carries the token anyway.
        () => {
          if (this.#identifyingAs === token) this.#identifyingAs = undefined;
        },
      );
  }

  /**
   * Reads anyone may make go without a token (no CORS preflight), or with the stored one (`known`); a server that
   * wants one gets one.
   */
  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    if (options.as === 'participant') return this.#asParticipant<T>(method, path, options.body, options);
    const token = options.as && this.#participant.current?.token;
    try {
      return await this.#request<T>(method, path, options.body, token, options);
    } catch (error) {
      if (!isUnauthorized(error) || options.headers) throw error;
      if (token) this.#participant.forget(token);
      return this.#asParticipant<T>(method, path, options.body, options);
    }
  }

  async #request<T>(method: Method, path: string, body?: unknown, token?: string, options?: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options?.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.server + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      throw ToriError.network(error);
    }
    const data = parseJson(text);
    if (!response.ok) throw ToriError.fromBody(response.status, data);
    return (options?.text ? text : data) as T;
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ToriError && error.status === 401;
}

/** One faulty listener must not keep the others from hearing; its error is still reported. */
function call(deliver: () => void): void {
  try {
    deliver();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The status of an error ack that carries none (a rate limit refuses an event before its handler runs). */
function statusOfCode(code: string): number {
  if (code === 'rate_limited') return 429;
  if (code === 'internal') return 500;
  return 400;
}

/** The body of an answer; an empty or non-JSON body is none. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function wantsResults(watchers: Iterable<SpaceWatcher> | undefined): boolean {
  return [...(watchers ?? [])].some((watcher) => watcher.results);
}

function textsOf(results: Results): Map<string, string> {
  return new Map(results.ideas.map((idea) => [idea.id, idea.text]));
}
