/**
 * Live updates over socket.io: screens join a space's room and hear its settings and idea changes, and its results
 * room unless they join with `results: false` (a phone that votes and shows no results needs none of them, four times
 * a second); joining with the facilitator key also joins the space's facilitator room (the queue, reports, the log).
 * Results are coalesced: any number of votes within RESULTS_INTERVAL_MS become one `results` message.
 *
 * Several nodes share rooms through Redis (REDIS_URL): events go to every node's sockets through a Redis stream,
 * and a client whose node restarts gets its rooms and the events it missed back (connection state recovery).
 * Results never cross Redis: a node that records a change tells the others "results of space X changed", and each
 * node computes and sends results to its own screens, at most once per interval, so a screen still gets one
 * coalesced message per interval whichever node took the votes.
 */
import type { Server as HttpServer } from 'node:http';
import type { AnswerEventAck, ErrorBody, IdentifyAck, JoinAck, LeaveAck, RankedIdea, Results, ResultsUpdate, ServerToClientEvents } from '@tori/protocol';
import { BODY_LIMIT_BYTES, RESULTS_INTERVAL_MS } from '@tori/protocol';
import {
  answerEventSchema,
  describeIssues,
  identifyEventSchema,
  joinSpaceEventSchema,
  leaveSpaceEventSchema,
} from '@tori/protocol/schemas';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { ApiError, invalidBody, rateLimited, unauthorized } from './errors.js';
import type { BadgeEvents } from './badges.js';
import type { DiscussionEvents } from './discussion.js';
import type { Duel } from './duel.js';
import type { SpaceEvents } from './events.js';
import { checkOrigin } from './origins.js';
import type { Participants } from './participants.js';
import type { ResultsBoard } from './results.js';
import type { Spaces } from './spaces.js';

/** Spaces one connection may follow at once: a page holds a few widgets, not hundreds of spaces. */
export const ROOMS_PER_SOCKET_MAX = 20;

/** How long a disconnected client's rooms and missed events are kept for it (a node's restart takes seconds). */
export const RECOVERY_WINDOW_MS = 2 * 60_000;
/** Screens sent one results message per turn of the event loop (see `sendResults`). */
export const RESULTS_SCREENS_PER_TURN = 100;
/**
 * Writing results to a room's screens takes this share of the event loop at most: the next send waits for the last
 * one to reach every screen, and twice as long as its writes took if that is longer than RESULTS_INTERVAL_MS, so a
 * server flooded with votes (every write slower) acknowledges them first and sends results less often.
 */
export const RESULTS_SEND_SHARE = 1 / 3;
/** How often, at most, a node tells the others that a space's results changed: well under RESULTS_INTERVAL_MS. */
export const RESULTS_NOTICE_INTERVAL_MS = 100;
/** `badges:changed` reaches one participant at most this often per space, however fast they vote. */
export const BADGE_PROGRESS_INTERVAL_MS = 1_000;

type ClientEvents = Record<string, (...args: unknown[]) => void>;
interface SocketData {
  participantId?: string;
}
/** Between nodes: "the results of this space changed", so each node refreshes them and sends them to its screens. */
interface NodeEvents {
  'results:changed': (spaceId: string) => void;
  /** A space's badges changed on that node: forget them here too. */
  'badges:defined': (spaceId: string) => void;
}
type LiveSocket = Socket<ClientEvents, ServerToClientEvents, NodeEvents, SocketData>;

/** The Redis connection several nodes share rooms through. */
export interface Redis {
  readonly client: ReturnType<typeof createClient>;
  /** Waits for the commands already sent (a closing node's sessions), then disconnects. */
  close(): Promise<void>;
}

/** Connects to Redis, failing at once (not retrying for ever) when it cannot be reached at start. */
export async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url)) throw new Error('REDIS_URL (redisUrl) must start with redis:// or rediss://.');
  let connected = false;
  const client = createClient({
    url,
    socket: {
      // After the first connection a lost one is retried (Redis restarting); before it, a wrong address is an error.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * retries, 2_000) : cause),
    },
  });
  client.on('error', (error: unknown) => {
    if (connected) log.error({ err: error }, 'redis connection failed');
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach Redis at ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  connected = true;
  return {
    client,
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

export interface Live extends Omit<SpaceEvents, 'activityCounted'>, DiscussionEvents, BadgeEvents {
  readonly io: Server<ClientEvents, ServerToClientEvents, NodeEvents, SocketData>;
  /** Disconnects every socket and stops the results timers; the HTTP server is closed by its owner. */
  close(): Promise<void>;
}

export interface LiveDeps {
  spaces: Spaces;
  results: ResultsBoard;
  participants: Participants;
  /** Answers over the socket (`appearance:answer`) go through the same duel as REST. */
  duel: Duel;
  log: FastifyBaseLogger;
  /** Shares rooms with the other nodes through Redis; without it this process is the only node. */
  redis?: Redis;
  /** Told when another node changed a space's badges. */
  badges?: { forget(spaceId: string): void };
}

const roomOf = (spaceId: string) => `space:${spaceId}`;
/** The screens that show a space's live results: joined with the space's room, unless asked not to. */
const resultsRoomOf = (spaceId: string) => `results:${spaceId}`;
const withoutText = ({ text: _text, ...numbers }: RankedIdea) => numbers;
const facilitatorRoomOf = (spaceId: string) => `facilitators:${spaceId}`;
/** Every socket that connected with the participant's token, on every node: their badges are told there only. */
const participantRoomOf = (participantId: string) => `participant:${participantId}`;

export function createLive(httpServer: HttpServer, deps: LiveDeps): Live {
  const redis = deps.redis;
  const io = new Server<ClientEvents, ServerToClientEvents, NodeEvents, SocketData>(httpServer, {
    // Any page may connect; which spaces it may follow is checked on `space:join` against each space's origins.
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: BODY_LIMIT_BYTES,
    serveClient: false,
    ...(redis && {
      // The streams adapter, not the pub/sub one: it keeps sessions and missed events in Redis, so recovery works
      // across nodes. A short block keeps a closing node from waiting seconds for its stream reader.
      adapter: createAdapter(redis.client, {
        streamName: 'tori:live',
        channelPrefix: 'tori:live',
        sessionKeyPrefix: 'tori:live:session:',
        blockTimeInMs: 1_000,
      }),
      // The middleware's participant is part of the session: a recovered socket keeps it.
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
    }),
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
    // A recovered socket is in its rooms already; `space:leave` never leaves this one.
    if (socket.data.participantId && !socket.recovered) void socket.join(participantRoomOf(socket.data.participantId));
    socket.on('space:join', answering(socket, join));
    socket.on('space:leave', answering(socket, leave));
    socket.on('participant:identify', answering(socket, identify));
    socket.on('appearance:answer', answering(socket, answer));
    // Results are sent by each node to its own screens, so no stream holds the ones missed: send them now.
    if (socket.recovered) void resendResults(socket);
  });

  async function join(socket: LiveSocket, payload: unknown): Promise<JoinAck> {
    const { spaceId, key, results = true } = parsePayload(joinSpaceEventSchema, payload, JOIN_PAYLOAD);
    const space = await deps.spaces.find(spaceId);
    checkOrigin(space, socket.handshake.headers.origin, socket.handshake.headers.host);
    if (key !== undefined) deps.spaces.checkKey(space, key);
    const room = roomOf(spaceId);
    const followed = [...socket.rooms].filter((r) => r.startsWith('space:')).length;
    if (!socket.rooms.has(room) && followed >= ROOMS_PER_SOCKET_MAX) {
      throw rateLimited(`One connection may follow at most ${ROOMS_PER_SOCKET_MAX} spaces.`);
    }
    // Joined again with `results: false` (its results screen went away), the socket stops hearing them.
    if (!results) await socket.leave(resultsRoomOf(spaceId));
    // Join before reading results, so nothing that happens in between is missed.
    await socket.join([room, ...(results ? [resultsRoomOf(spaceId)] : []), ...(key === undefined ? [] : [facilitatorRoomOf(spaceId)])]);
    return { ok: true, space: await deps.spaces.view(space), results: await deps.results.current(spaceId) };
  }

  async function resendResults(socket: LiveSocket): Promise<void> {
    for (const room of socket.rooms) {
      if (!room.startsWith('results:')) continue;
      const spaceId = room.slice('results:'.length);
      try {
        socket.emit('results', { spaceId, results: await deps.results.current(spaceId) });
      } catch (error) {
        deps.log.error({ err: error, spaceId }, 'results after recovery failed');
      }
    }
  }

  /** A vote or a skip, as `POST /api/appearances/:id/vote|skip` takes it: acked once committed. */
  async function answer(socket: LiveSocket, payload: unknown): Promise<AnswerEventAck> {
    const given = parsePayload(answerEventSchema, payload, ANSWER_PAYLOAD);
    const participantId = socket.data.participantId;
    if (!participantId) throw unauthorized('Connect with your participant token (auth: { token }) to answer over the socket.');
    // The origin is judged against the pair's space inside the answer's own read, not by a lookup of its own.
    const { origin, host } = socket.handshake.headers;
    const ack = await deps.duel.answer(given.appearanceId, participantId, given, (space) => checkOrigin(space, origin, host));
    // Written out rather than spread: thousands a second at a peak.
    return { ok: true, appearanceId: ack.appearanceId, kind: ack.kind, duplicate: ack.duplicate, answeredByYou: ack.answeredByYou };
  }

  /** A socket that connected before its participant existed learns who it is: their own events reach it now. */
  async function identify(socket: LiveSocket, payload: unknown): Promise<IdentifyAck> {
    const { token } = parsePayload(identifyEventSchema, payload, 'The payload must be { token: "<participant token>" }.');
    const participantId = await deps.participants.verify(token);
    const previous = socket.data.participantId;
    if (previous === participantId) return { ok: true };
    if (previous) await socket.leave(participantRoomOf(previous));
    socket.data.participantId = participantId;
    await socket.join(participantRoomOf(participantId));
    return { ok: true };
  }

  async function leave(socket: LiveSocket, payload: unknown): Promise<LeaveAck> {
    const { spaceId } = parsePayload(leaveSpaceEventSchema, payload, 'The payload must be { spaceId: "<space id>" }.');
    await socket.leave(roomOf(spaceId));
    await socket.leave(resultsRoomOf(spaceId));
    await socket.leave(facilitatorRoomOf(spaceId));
    return { ok: true };
  }

  /** Wraps a handler so garbage (no payload, no ack, a throw) never reaches socket.io or the process. */
  function answering<A>(socket: LiveSocket, run: (socket: LiveSocket, payload: unknown) => Promise<A>) {
    return (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (answer: A | { ok: false; status: number; error: ErrorBody['error'] }) => void) : undefined;
      const payload = ack && args.length === 1 ? undefined : args[0];
      run(socket, payload).then(
        (answer) => ack?.(answer),
        (error: unknown) => {
          if (!(error instanceof ApiError)) deps.log.error({ err: error }, 'socket event failed');
          const failure = error instanceof ApiError ? error : new ApiError(500, 'internal', 'Something went wrong on the server.');
          ack?.({ ok: false, status: failure.status, error: failure.toBody().error });
        },
      );
    };
  }

  const dirty = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastSent = new Map<string, number>();
  /** How long the writes of the last send to a room took, its turns added up (absent when one turn did it). */
  const sendTook = new Map<string, number>();
  let closed = false;

  /** Results of the space changed (here or on another node): refresh them and tell this node's screens. */
  function changed(spaceId: string): void {
    deps.results.markChanged(spaceId);
    dirty.add(spaceId);
    schedule(spaceId);
  }

  const noticeTimers = new Map<string, NodeJS.Timeout>();
  const noticePending = new Set<string>();
  /** Tells the other nodes at once, then at most every RESULTS_NOTICE_INTERVAL_MS per space however many votes come. */
  function tellOtherNodes(spaceId: string): void {
    if (!redis || closed) return;
    if (noticeTimers.has(spaceId)) {
      noticePending.add(spaceId);
      return;
    }
    io.serverSideEmit('results:changed', spaceId);
    const timer = setTimeout(() => {
      noticeTimers.delete(spaceId);
      if (noticePending.delete(spaceId)) tellOtherNodes(spaceId);
    }, RESULTS_NOTICE_INTERVAL_MS);
    timer.unref();
    noticeTimers.set(spaceId, timer);
  }
  if (redis) {
    io.on('results:changed', (spaceId: unknown) => {
      if (typeof spaceId === 'string' && !closed) changed(spaceId);
    });
    io.on('badges:defined', (spaceId: unknown) => {
      if (typeof spaceId === 'string') deps.badges?.forget(spaceId);
    });
  }

  const progressTimers = new Map<string, NodeJS.Timeout>();
  const progressPending = new Set<string>();
  /** Tells at once, then at most once per BADGE_PROGRESS_INTERVAL_MS for the same participant and space. */
  function tellProgress(participantId: string, spaceId: string): void {
    if (closed) return;
    const key = `${participantId}\u0000${spaceId}`;
    if (progressTimers.has(key)) {
      progressPending.add(key);
      return;
    }
    io.to(participantRoomOf(participantId)).emit('badges:changed', { spaceId });
    const timer = setTimeout(() => {
      progressTimers.delete(key);
      if (progressPending.delete(key)) tellProgress(participantId, spaceId);
    }, BADGE_PROGRESS_INTERVAL_MS);
    timer.unref();
    progressTimers.set(key, timer);
  }

  function schedule(spaceId: string): void {
    if (closed || timers.has(spaceId)) return;
    const spacing = Math.max(RESULTS_INTERVAL_MS, (sendTook.get(spaceId) ?? 0) * (1 / RESULTS_SEND_SHARE - 1));
    const wait = Math.max(0, (lastSent.get(spaceId) ?? 0) + spacing - Date.now());
    const timer = setTimeout(() => void flush(spaceId), wait);
    timer.unref();
    timers.set(spaceId, timer);
  }

  /** Recomputes (which also refreshes pair selection's standings) and tells the room, if anyone is in it. */
  async function flush(spaceId: string): Promise<void> {
    timers.delete(spaceId);
    // A send still under way schedules the next when it is done.
    if (closed || sending.has(spaceId) || !dirty.delete(spaceId)) return;
    lastSent.set(spaceId, Date.now());
    try {
      const results = await deps.results.current(spaceId);
      if (!closed) sendResults(spaceId, results);
    } catch (error) {
      deps.log.error({ err: error, spaceId }, 'live results failed');
    }
  }

  /** Each room's ideas' texts as its last results message carried them. */
  const textsSent = new Map<string, Map<string, string>>();
  /** The results with the texts the room was last sent left out: its screens have them (see `ResultsUpdate`). */
  function withoutTextsSent(spaceId: string, results: Results): ResultsUpdate {
    const sent = textsSent.get(spaceId);
    textsSent.set(spaceId, new Map(results.ideas.map((idea) => [idea.id, idea.text])));
    return sent ? { ...results, ideas: results.ideas.map((idea) => (sent.get(idea.id) === idea.text ? withoutText(idea) : idea)) } : results;
  }

  /** Rooms whose results are being sent, with the time their writes took so far. */
  const sending = new Map<string, number>();
  /**
   * To this node's screens only (every node sends to its own, see the top of this file), RESULTS_SCREENS_PER_TURN
   * at a time: writing to 2,000 sockets in one go holds the event loop for tens of milliseconds, during which no
   * vote is read, committed or acknowledged. One send at a time per room, so every screen gets each one.
   */
  function sendResults(spaceId: string, results: Results): void {
    const room = resultsRoomOf(spaceId);
    const screens = io.sockets.adapter.rooms.get(room);
    sendTook.delete(spaceId);
    if (!screens || screens.size === 0) return;
    const payload = { spaceId, results: withoutTextsSent(spaceId, results) };
    if (screens.size <= RESULTS_SCREENS_PER_TURN) {
      io.local.to(room).emit('results', payload);
      return;
    }
    sending.set(spaceId, 0);
    const ids = [...screens];
    const sendFrom = (start: number) => {
      if (closed) return;
      const began = performance.now();
      const still = io.sockets.adapter.rooms.get(room);
      // A screen that left the space meanwhile is not sent its results.
      const batch = ids.slice(start, start + RESULTS_SCREENS_PER_TURN).filter((id) => still?.has(id));
      if (batch.length > 0) io.local.to(batch).emit('results', payload);
      const took = sending.get(spaceId)! + performance.now() - began;
      if (start + RESULTS_SCREENS_PER_TURN < ids.length) {
        sending.set(spaceId, took);
        setImmediate(sendFrom, start + RESULTS_SCREENS_PER_TURN);
        return;
      }
      sendTook.set(spaceId, took);
      sending.delete(spaceId);
      if (dirty.has(spaceId)) schedule(spaceId);
    };
    sendFrom(0);
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
      changed(spaceId);
      tellOtherNodes(spaceId);
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
    badgeAwarded(participantId, spaceId, award, badge) {
      io.to(participantRoomOf(participantId)).emit('badge:awarded', { spaceId, award, badge });
    },
    badgeRevoked(participantId, spaceId, award) {
      io.to(participantRoomOf(participantId)).emit('badge:revoked', { spaceId, award });
    },
    progressed(participantId, spaceId) {
      tellProgress(participantId, spaceId);
    },
    badgesDefined(spaceId) {
      // Everyone following the space reads its badges again; the other nodes forget the definitions they cached.
      io.to(roomOf(spaceId)).emit('badges:changed', { spaceId });
      if (redis && !closed) io.serverSideEmit('badges:defined', spaceId);
    },
    async close() {
      closed = true;
      for (const timer of [...timers.values(), ...noticeTimers.values(), ...progressTimers.values()]) clearTimeout(timer);
      timers.clear();
      noticeTimers.clear();
      progressTimers.clear();
      if (!redis) {
        io.disconnectSockets(true);
        io.engine.close();
        return;
      }
      // Closing the transports (rather than disconnecting, which also reaches other nodes' sockets through the
      // adapter) keeps each socket's session in Redis: its client reconnects to any node and recovers.
      io.engine.close();
      await io.of('/').adapter.close();
      await redis.close();
    },
  };
}

const ANSWER_PAYLOAD =
  'The payload must be { appearanceId, kind: "vote", body: { winnerId } } or { appearanceId, kind: "skip", body: { reason } }.';
const JOIN_PAYLOAD =
  'The payload must be { spaceId: "<space id>" }, with the facilitator key as "key" to moderate, and "results": false for a screen that shows no live results.';

function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, expected: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw invalidBody(expected, describeIssues(parsed.error));
  return parsed.data;
}
