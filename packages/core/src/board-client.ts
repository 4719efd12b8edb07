import {
  ADMIN_KEY_HEADER,
  MODERATOR_HEADER,
  type Board,
  type IdeaCreated,
  type IdeaModerationBody,
  type ModerationView,
  type NewIdeaBody,
  type ReportAck,
  type ReportBody,
  type SpaceAdmin,
  type SupportAck,
} from '@tori/protocol';
import { spacePath } from './client.js';
import type { BoardClient, FacilitatorAccess, PostOutcome, QueuedPost, RequestOptions, ToriClient } from './contracts.js';
import { Outbox } from './outbox.js';
import { browserStore, type KeyValueStore } from './storage.js';

const boards = new WeakMap<ToriClient, BoardClient>();

/** The board client of a Tori client: its own when it has one (the fixture), else one over its REST calls. */
export function boardClient(client: ToriClient): BoardClient {
  if (client.board) return client.board;
  let board = boards.get(client);
  if (!board) boards.set(client, (board = new RestBoard(client)));
  return board;
}

/** A post's request id: a UUID where the browser makes one (any secure page), else random enough for one device. */
export function newRequestId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/** A moderator's name goes in an HTTP header, which carries Latin-1 only: other characters are left out. */
function headerSafe(name: string | undefined): string | undefined {
  const safe = name?.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim();
  return safe || undefined;
}

function asFacilitator({ key, moderator }: FacilitatorAccess, body?: unknown): RequestOptions {
  const name = headerSafe(moderator);
  return { headers: { [ADMIN_KEY_HEADER]: key, ...(name && { [MODERATOR_HEADER]: name }) }, body };
}

const ideaPath = (spaceId: string, ideaId: string, rest = '') =>
  spacePath(spaceId, `/ideas/${encodeURIComponent(ideaId)}${rest}`);

/**
 * The board over a client's REST calls, with an outbox of its own for posts: a post made offline is kept in
 * storage and sent once the connection returns, with a request id that makes a repeat harmless at the server.
 */
export class RestBoard implements BoardClient {
  readonly #client: ToriClient;
  readonly #posts: Outbox<QueuedPost, IdeaCreated>;
  readonly #listeners = new Set<(sent?: { spaceId: string; created: IdeaCreated }) => void>();
  readonly #stopListening: () => void;

  constructor(client: ToriClient, store: KeyValueStore = browserStore(), locks?: LockManager | null) {
    this.#client = client;
    this.#posts = new Outbox<QueuedPost, IdeaCreated>({
      store,
      key: `tori:posts:${client.server}`,
      idOf: (post) => post.body.requestId,
      send: async (post) => {
        const created = await client.request<IdeaCreated>('POST', spacePath(post.spaceId, '/ideas'), {
          as: 'participant',
          body: post.body,
        });
        this.#tell({ spaceId: post.spaceId, created });
        return created;
      },
      isOnline: () => client.online,
      ...(locks !== undefined && { locks }),
    });
    this.#posts.onChange(() => this.#tell());
    // Back online, or a post a previous visit left behind: send what waits.
    this.#stopListening = client.onStatus((online) => online && void this.#posts.flush());
    if (this.#posts.pending() > 0) void this.#posts.flush();
  }

  board(spaceId: string): Promise<Board> {
    return this.#client.request<Board>('GET', spacePath(spaceId, '/board'), { as: 'known' });
  }

  async post(spaceId: string, body: NewIdeaBody): Promise<PostOutcome> {
    const requestId = body.requestId ?? newRequestId();
    const post: QueuedPost = { spaceId, body: { ...body, requestId }, queuedAt: new Date().toISOString() };
    const outcome = await this.#posts.add(post);
    return outcome.status === 'sent' ? { status: 'sent', created: outcome.ack, requestId } : { status: 'queued', post, requestId };
  }

  queuedPosts(spaceId: string): QueuedPost[] {
    return this.#posts.waiting(spaceId);
  }

  onPostsChange(listener: (sent?: { spaceId: string; created: IdeaCreated }) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  support(spaceId: string, ideaId: string, supported: boolean): Promise<SupportAck> {
    return this.#client.request<SupportAck>(supported ? 'PUT' : 'DELETE', ideaPath(spaceId, ideaId, '/support'), {
      as: 'participant',
    });
  }

  report(spaceId: string, ideaId: string, body: ReportBody): Promise<ReportAck> {
    return this.#client.request<ReportAck>('POST', ideaPath(spaceId, ideaId, '/reports'), { as: 'participant', body });
  }

  moderation(spaceId: string, access: FacilitatorAccess): Promise<ModerationView> {
    return this.#client.request<ModerationView>('GET', spacePath(spaceId, '/board/moderation'), asFacilitator(access));
  }

  moderate(spaceId: string, ideaId: string, body: IdeaModerationBody, access: FacilitatorAccess): Promise<unknown> {
    return this.#client.request('PATCH', ideaPath(spaceId, ideaId), asFacilitator(access, body));
  }

  merge(spaceId: string, ideaId: string, into: string, access: FacilitatorAccess): Promise<unknown> {
    return this.#client.request('POST', ideaPath(spaceId, ideaId, '/merge'), asFacilitator(access, { into }));
  }

  updateSpace(spaceId: string, body: Parameters<BoardClient['updateSpace']>[1], access: FacilitatorAccess): Promise<SpaceAdmin> {
    return this.#client.request<SpaceAdmin>('PATCH', spacePath(spaceId), asFacilitator(access, body));
  }

  exportFile(spaceId: string, format: 'csv' | 'json', access: FacilitatorAccess): Promise<string> {
    return this.#client.request<string>('GET', spacePath(spaceId, `/export?format=${format}`), {
      ...asFacilitator(access),
      text: true,
    });
  }

  /** Stops the retry timer (tests; a page keeps one board client per server). */
  dispose(): void {
    this.#stopListening();
    this.#posts.dispose();
    this.#listeners.clear();
  }

  #tell(sent?: { spaceId: string; created: IdeaCreated }): void {
    for (const listener of [...this.#listeners]) listener(sent);
  }
}

