/**
 * Live updates over socket.io: screens join a space's room and hear its settings, idea changes and results;
 * joining with the facilitator key also joins the space's facilitator room (the queue, reports, the log).
 * Results are coalesced: any number of votes within RESULTS_INTERVAL_MS become one `results` message.
 */
import type { Server as HttpServer } from 'node:http';
import type { ErrorBody, JoinAck, LeaveAck, ServerToClientEvents } from '@tori/protocol';
import { BODY_LIMIT_BYTES, RESULTS_INTERVAL_MS } from '@tori/protocol';
import { describeIssues, joinSpaceEventSchema, leaveSpaceEventSchema } from '@tori/protocol/schemas';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { ApiError, invalidBody, rateLimited } from './errors.js';
import type { DiscussionEvents } from './discussion.js';
import type { SpaceEvents } from './events.js';
import { checkOrigin } from './origins.js';
import type { Participants } from './participants.js';
import type { ResultsBoard } from './results.js';
import type { Spaces } from './spaces.js';

/** Spaces one connection may follow at once: a page holds a few widgets, not hundreds of spaces. */
export const ROOMS_PER_SOCKET_MAX = 20;

type ClientEvents = Record<string, (...args: unknown[]) => void>;
interface SocketData {
  participantId?: string;
}
type LiveSocket = Socket<ClientEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Live extends SpaceEvents, DiscussionEvents {
  readonly io: Server<ClientEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  /** Disconnects every socket and stops the results timers; the HTTP server is closed by its owner. */
  close(): Promise<void>;
}

export interface LiveDeps {
  spaces: Spaces;
  results: ResultsBoard;
  participants: Participants;
  log: FastifyBaseLogger;
}

const roomOf = (spaceId: string) => `space:${spaceId}`;
const facilitatorRoomOf = (spaceId: string) => `facilitators:${spaceId}`;

export function createLive(httpServer: HttpServer, deps: LiveDeps): Live {
  const io = new Server<ClientEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    // Any page may connect; which spaces it may follow is checked on `space:join` against each space's origins.
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: BODY_LIMIT_BYTES,
    serveClient: false,
  });

  // A token is optional for watching; a valid one is remembered, an invalid one ignored, never refused.
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') return next();
    deps.participants.verify(token).then(
      (participantId) => {
        socket.data.participantId = participantId;
        next();
      },
      () => next(),
    );
  });

  io.on('connection', (socket) => {
    socket.on('space:join', answering(socket, join));
    socket.on('space:leave', answering(socket, leave));
  });

  async function join(socket: LiveSocket, payload: unknown): Promise<JoinAck> {
    const { spaceId, key } = parsePayload(joinSpaceEventSchema, payload);
    const space = await deps.spaces.find(spaceId);
    checkOrigin(space, socket.handshake.headers.origin, socket.handshake.headers.host);
    if (key !== undefined) deps.spaces.checkKey(space, key);
    const room = roomOf(spaceId);
    const followed = [...socket.rooms].filter((r) => r.startsWith('space:')).length;
    if (!socket.rooms.has(room) && followed >= ROOMS_PER_SOCKET_MAX) {
      throw rateLimited(`One connection may follow at most ${ROOMS_PER_SOCKET_MAX} spaces.`);
    }
    // Join before reading results, so nothing that happens in between is missed.
    await socket.join(key === undefined ? room : [room, facilitatorRoomOf(spaceId)]);
    return { ok: true, space: await deps.spaces.view(space), results: await deps.results.current(spaceId) };
  }

  async function leave(socket: LiveSocket, payload: unknown): Promise<LeaveAck> {
    const { spaceId } = parsePayload(leaveSpaceEventSchema, payload);
    await socket.leave(roomOf(spaceId));
    await socket.leave(facilitatorRoomOf(spaceId));
    return { ok: true };
  }

  /** Wraps a handler so garbage (no payload, no ack, a throw) never reaches socket.io or the process. */
  function answering<A>(socket: LiveSocket, run: (socket: LiveSocket, payload: unknown) => Promise<A>) {
    return (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (answer: A | { ok: false; error: ErrorBody['error'] }) => void) : undefined;
      const payload = ack && args.length === 1 ? undefined : args[0];
      run(socket, payload).then(
        (answer) => ack?.(answer),
        (error: unknown) => {
          if (!(error instanceof ApiError)) deps.log.error({ err: error }, 'socket event failed');
          const failure = error instanceof ApiError ? error : new ApiError(500, 'internal', 'Something went wrong on the server.');
          ack?.({ ok: false, error: failure.toBody().error });
        },
      );
    };
  }

  const dirty = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastSent = new Map<string, number>();
  let closed = false;

  function schedule(spaceId: string): void {
    if (closed || timers.has(spaceId)) return;
    const wait = Math.max(0, (lastSent.get(spaceId) ?? 0) + RESULTS_INTERVAL_MS - Date.now());
    const timer = setTimeout(() => void flush(spaceId), wait);
    timer.unref();
    timers.set(spaceId, timer);
  }

  /** Recomputes (which also refreshes pair selection's standings) and tells the room, if anyone is in it. */
  async function flush(spaceId: string): Promise<void> {
    timers.delete(spaceId);
    if (closed || !dirty.delete(spaceId)) return;
    lastSent.set(spaceId, Date.now());
    try {
      const results = await deps.results.current(spaceId);
      const room = roomOf(spaceId);
      if (!closed && (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) io.to(room).emit('results', { spaceId, results });
    } catch (error) {
      deps.log.error({ err: error, spaceId }, 'live results failed');
    }
  }

  return {
    io,
    spaceChanged(space) {
      io.to(roomOf(space.id)).emit('space', { space });
    },
    ideasChanged(spaceId) {
      io.to(roomOf(spaceId)).emit('ideas:changed', { spaceId });
    },
    resultsChanged(spaceId) {
      deps.results.markChanged(spaceId);
      dirty.add(spaceId);
      schedule(spaceId);
    },
    ideaPosted(spaceId, idea) {
      io.to(roomOf(spaceId)).emit('idea:posted', { spaceId, idea });
    },
    ideaUpdated(spaceId, idea) {
      io.to(roomOf(spaceId)).emit('idea:updated', { spaceId, idea });
    },
    ideaRemoved(spaceId, ideaId, reason, mergedInto) {
      io.to(roomOf(spaceId)).emit('idea:removed', { spaceId, ideaId, reason, ...(mergedInto ? { mergedInto } : {}) });
    },
    ideaModerated(spaceId, idea, entry) {
      io.to(facilitatorRoomOf(spaceId)).emit('moderation:idea', { spaceId, idea, ...(entry ? { entry } : {}) });
    },
    postCreated(spaceId, topicId, post) {
      io.to(roomOf(spaceId)).emit('post:created', { spaceId, topicId, post });
    },
    postUpdated(spaceId, topicId, post) {
      io.to(roomOf(spaceId)).emit('post:updated', { spaceId, topicId, post });
    },
    postRemoved(spaceId, topicId, postId) {
      io.to(roomOf(spaceId)).emit('post:removed', { spaceId, topicId, postId });
    },
    topicUpdated(spaceId, topic) {
      io.to(roomOf(spaceId)).emit('topic:updated', { spaceId, topic });
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw invalidBody('The payload must be { spaceId: "<space id>" }, with the facilitator key as "key" to moderate.', describeIssues(parsed.error));
  }
  return parsed.data;
}
