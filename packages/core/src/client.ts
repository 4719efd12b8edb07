import type {
  AnswerAck,
  ClientToServerEvents,
  IdeaCreated,
  NextPair,
  ParticipantIssued,
  Results,
  ServerToClientEvents,
  SkipBody,
  Space,
} from '@tori/protocol';
import { io, type Socket } from 'socket.io-client';
import type { AnswerOutcome, SpaceWatcher, ToriClient } from './contracts.js';
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
  if (!client) {
    client = new ServerClient(origin);
    clients.set(origin, client);
  }
  return client;
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

function encode(id: string): string {
  return encodeURIComponent(id);
}

/** REST through fetch, live updates through one socket.io connection, answers through the outbox. */
export class ServerClient implements ToriClient {
  readonly server: string;
  private readonly participant: Participant;
  private readonly outbox: Outbox;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  private readonly watchers = new Map<string, Set<SpaceWatcher>>();
  private readonly statusListeners = new Set<(online: boolean) => void>();
  /** Set by a failed or lost connection; until then the first connection attempt counts as online. */
  private connectionLost = false;
  private reportedOnline: boolean | undefined;
  private readonly onBrowserStatus = () => this.statusChanged();

  constructor(server: string, store: KeyValueStore = browserStore()) {
    this.server = originOf(server);
    this.participant = new Participant(store, `tori:participant:${this.server}`, () =>
      this.request<ParticipantIssued>('POST', '/api/participants', {}),
    );
    this.outbox = new Outbox({
      store,
      key: `tori:outbox:${this.server}`,
      send: (answer) => this.sendAnswer(answer),
      isOnline: () => this.online,
    });
  }

  get online(): boolean {
    const socket = this.connectSocket();
    return browserOnline() && (socket.connected || !this.connectionLost);
  }

  onStatus(listener: (online: boolean) => void): () => void {
    this.connectSocket();
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  getSpace(spaceId: string): Promise<Space> {
    return this.publicRequest<Space>(`/api/spaces/${encode(spaceId)}`);
  }

  nextPair(spaceId: string): Promise<NextPair> {
    return this.asParticipant<NextPair>('POST', `/api/spaces/${encode(spaceId)}/appearances`, {});
  }

  vote(spaceId: string, appearanceId: string, winnerId: string): Promise<AnswerOutcome> {
    return this.outbox.add({ kind: 'vote', spaceId, appearanceId, body: { winnerId }, queuedAt: new Date().toISOString() });
  }

  skip(spaceId: string, appearanceId: string, body: SkipBody): Promise<AnswerOutcome> {
    return this.outbox.add({ kind: 'skip', spaceId, appearanceId, body, queuedAt: new Date().toISOString() });
  }

  addIdea(spaceId: string, text: string): Promise<IdeaCreated> {
    return this.asParticipant<IdeaCreated>('POST', `/api/spaces/${encode(spaceId)}/ideas`, { text });
  }

  results(spaceId: string): Promise<Results> {
    return this.publicRequest<Results>(`/api/spaces/${encode(spaceId)}/results`);
  }

  watchSpace(spaceId: string, watcher: SpaceWatcher): () => void {
    const socket = this.connectSocket();
    let watching = this.watchers.get(spaceId);
    if (!watching) this.watchers.set(spaceId, (watching = new Set()));
    watching.add(watcher);
    // While disconnected, the `connect` handler joins every watched space.
    if (socket.connected) this.join(spaceId, [watcher]);
    return () => {
      const current = this.watchers.get(spaceId);
      if (!current?.delete(watcher) || current.size > 0) return;
      this.watchers.delete(spaceId);
      if (socket.connected) socket.emit('space:leave', { spaceId }, () => undefined);
    };
  }

  pendingAnswers(spaceId: string): number {
    return this.outbox.pending(spaceId);
  }

  onOutboxChange(listener: () => void): () => void {
    return this.outbox.onChange(listener);
  }

  /** Closes the socket and forgets this client (tests; a page never needs it). */
  dispose(): void {
    this.socket?.close();
    this.socket = undefined;
    this.outbox.dispose();
    globalThis.removeEventListener?.('online', this.onBrowserStatus);
    globalThis.removeEventListener?.('offline', this.onBrowserStatus);
    if (clients.get(this.server) === this) clients.delete(this.server);
  }

  /** Opens the socket on first need, so a page that only reads never keeps a connection. */
  private connectSocket(): Socket<ServerToClientEvents, ClientToServerEvents> {
    if (this.socket) return this.socket;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.server, {
      // WebSocket first; long polling when a proxy blocks it.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: false,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.connectionLost = false;
      for (const [spaceId, watching] of this.watchers) this.join(spaceId, watching);
      this.statusChanged();
      // Also when the status did not change: the first connection may find answers a previous visit left.
      void this.outbox.flush();
    });
    socket.on('disconnect', () => {
      this.connectionLost = true;
      this.statusChanged();
    });
    socket.on('connect_error', () => {
      this.connectionLost = true;
      this.statusChanged();
    });
    socket.on('results', ({ spaceId, results }) => this.tell(spaceId, (watcher) => watcher.results?.(results)));
    socket.on('space', ({ space }) => this.tell(space.id, (watcher) => watcher.space?.(space)));
    socket.on('ideas:changed', ({ spaceId }) => this.tell(spaceId, (watcher) => watcher.ideasChanged?.()));
    globalThis.addEventListener?.('online', this.onBrowserStatus);
    globalThis.addEventListener?.('offline', this.onBrowserStatus);
    this.reportedOnline = browserOnline();
    return socket;
  }

  /** Joins a space's room and hands its current state (the join ack) to the given watchers still watching. */
  private join(spaceId: string, targets: Iterable<SpaceWatcher>): void {
    const socket = this.socket;
    if (!socket) return;
    const recipients = [...targets];
    socket.timeout(JOIN_TIMEOUT_MS).emit('space:join', { spaceId }, (error, ack) => {
      // A timeout is left to the next reconnect, which joins again.
      if (error || !ack) return;
      if (!ack.ok) {
        console.warn(`[tori] Could not follow space "${spaceId}" live:`, ack.error.code, ack.error.message);
        return;
      }
      const watching = this.watchers.get(spaceId);
      for (const watcher of recipients) {
        if (!watching?.has(watcher)) continue;
        this.call(() => watcher.space?.(ack.space));
        this.call(() => watcher.results?.(ack.results));
      }
    });
  }

  private tell(spaceId: string, deliver: (watcher: SpaceWatcher) => void): void {
    for (const watcher of [...(this.watchers.get(spaceId) ?? [])]) this.call(() => deliver(watcher));
  }

  /** One faulty watcher must not keep the others from hearing; its error is still reported. */
  private call(deliver: () => void): void {
    try {
      deliver();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  private statusChanged(): void {
    const online = this.online;
    if (online === this.reportedOnline) return;
    this.reportedOnline = online;
    for (const listener of [...this.statusListeners]) this.call(() => listener(online));
    if (online) void this.outbox.flush();
  }

  private sendAnswer(answer: QueuedAnswer): Promise<AnswerAck> {
    return this.asParticipant<AnswerAck>(
      'POST',
      `/api/appearances/${encode(answer.appearanceId)}/${answer.kind}`,
      answer.body,
    );
  }

  /** A call made as the participant: issues one first if needed, and once more if the server forgot the token. */
  private async asParticipant<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await this.participant.token();
    try {
      return await this.request<T>(method, path, body, token);
    } catch (error) {
      if (!(error instanceof ToriError) || error.status !== 401) throw error;
      this.participant.forget(token);
      return this.request<T>(method, path, body, await this.participant.token());
    }
  }

  /** Reads anyone may make go without a token (no CORS preflight); a server that wants one gets one. */
  private async publicRequest<T>(path: string): Promise<T> {
    try {
      return await this.request<T>('GET', path);
    } catch (error) {
      if (error instanceof ToriError && error.status === 401) return this.asParticipant<T>('GET', path);
      throw error;
    }
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    let data: unknown;
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
      const text = await response.text();
      data = text ? parseJson(text) : undefined;
    } catch (error) {
      throw ToriError.network(error);
    }
    if (!response.ok) throw ToriError.fromBody(response.status, data);
    return data as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
