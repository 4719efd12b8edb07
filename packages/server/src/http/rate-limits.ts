/**
 * Rate limits: REST through @fastify/rate-limit, socket.io through rate-limiter-flexible, both in this process's
 * memory and keyed alike: the participant of a verified token, and the address. Over a limit, REST answers 429
 * `rate_limited` with Retry-After, and a socket event gets the same error in its ack; neither reaches a handler.
 */
import type { IncomingHttpHeaders } from 'node:http';
import rateLimit, { type CreateRateLimitOptions, normalizeIP } from '@fastify/rate-limit';
import type { ErrorBody } from '@tori/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import { rateLimited } from '../errors.js';
import type { Participants } from '../participants.js';
import type { Limits } from './limits.js';

/** Counters kept per limit; past this, the least recently seen keys start over (an LRU, not a leak). */
const KEYS_KEPT = 100_000;

type Check = (request: FastifyRequest) => Promise<
  { isAllowed: true; key: string } | { isAllowed: false; key: string; isExceeded: boolean; ttlInSeconds: number; max: number }
>;

/** Registered before the CORS hook, which loads the space: a flood costs no database lookups. */
export async function registerRateLimits(app: FastifyInstance, limits: Limits, participants: Participants): Promise<void> {
  await app.register(rateLimit, { global: false });
  const owners = new WeakMap<FastifyRequest, string>();
  const byAddress: Check = app.createRateLimit(keeping({
    max: limits.addressRequests,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `address:${normalizeIP(request.ip)}`,
  }));
  const byParticipant: Check = app.createRateLimit(keeping({
    max: limits.participantRequests,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `participant:${owners.get(request) ?? ''}`,
  }));
  const issuedByAddress: Check = app.createRateLimit(keeping({
    max: limits.participantsIssued,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `issued:${normalizeIP(request.ip)}`,
  }));

  app.addHook('onRequest', async (request, reply) => {
    await enforce(byAddress, request, reply, 'this address');
    if (request.method === 'OPTIONS') return;
    const participantId = await tokenOwner(request, participants);
    if (participantId !== undefined) {
      owners.set(request, participantId);
      await enforce(byParticipant, request, reply, 'this participant');
    }
    if (request.method === 'POST' && request.routeOptions.url === '/api/participants') {
      await enforce(issuedByAddress, request, reply, 'new participants from this address');
    }
  });
}

/** The size of a limit's own store is read at run time from its options; the plugin's types do not list it. */
function keeping(options: CreateRateLimitOptions): CreateRateLimitOptions {
  return { ...options, cache: KEYS_KEPT } as CreateRateLimitOptions;
}

async function enforce(check: Check, request: FastifyRequest, reply: FastifyReply, who: string): Promise<void> {
  const answer = await check(request);
  if (answer.isAllowed || !answer.isExceeded) return;
  const seconds = Math.max(1, answer.ttlInSeconds);
  // This hook runs before the CORS one: a widget must still be able to read why it was refused, and when to retry.
  const origin = request.headers.origin;
  if (origin) {
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', 'Retry-After');
  }
  reply.header('retry-after', String(seconds));
  throw rateLimited(`Too many requests for ${who} (at most ${answer.max} a window); try again in ${seconds} s.`);
}

/** The participant of a valid bearer token; an invalid one counts only by address (its route answers 401). */
async function tokenOwner(request: FastifyRequest, participants: Participants): Promise<string | undefined> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  try {
    return await participants.verify(match[1]!);
  } catch {
    return undefined;
  }
}

type AnySocket = Socket<Record<string, (...args: unknown[]) => void>, any, any, { participantId?: string }>;

/**
 * socket.io's limits: every connection and event counts for its address, every event of a socket whose handshake
 * carried a valid token for that participant too. A refused connection gets a `connect_error` with the code; a
 * refused event gets `{ ok: false, error }` in its ack and is not handled.
 */
export function limitLiveEvents(io: Server<any, any, any, any>, limits: Limits): void {
  const duration = limits.windowMs / 1000;
  const byAddress = new RateLimiterMemory({ points: limits.addressEvents, duration, keyPrefix: 'address' });
  const byParticipant = new RateLimiterMemory({ points: limits.participantEvents, duration, keyPrefix: 'participant' });
  // Apart from the events' budget, so a client over it still hears why from socket.io rather than a bare 403.
  const handshakes = new RateLimiterMemory({ points: limits.addressEvents, duration, keyPrefix: 'handshake' });

  const addressFrom = (headers: IncomingHttpHeaders, address: string | undefined) => {
    const forwarded = headers['x-forwarded-for'];
    const first = limits.trustProxy && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : '';
    return normalizeIP(first || address || 'unknown');
  };
  // A socket's handshake never changes: its address is worked out once, not at every event.
  const addresses = new WeakMap<AnySocket, string>();
  const addressOf = (socket: AnySocket) => {
    let address = addresses.get(socket);
    if (address === undefined) addresses.set(socket, (address = addressFrom(socket.handshake.headers, socket.handshake.address)));
    return address;
  };

  // Every engine.io handshake opens a session that lives until it times out, joined to a space or not.
  const allowed = io.engine.opts.allowRequest;
  io.engine.opts.allowRequest = (request, callback) => {
    handshakes.consume(addressFrom(request.headers, request.socket.remoteAddress)).then(
      () => (allowed ? allowed(request, callback) : callback(null, true)),
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) return callback(null, true);
        const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        callback(`Too many connections from this address; try again in ${seconds} s.`, false);
      },
    );
  };

  /** Null when allowed, else the error to answer with. */
  async function spend(socket: AnySocket, what: 'connections' | 'events'): Promise<ErrorBody['error'] | null> {
    try {
      await byAddress.consume(addressOf(socket));
      // A participant's budget is for what it asks; connecting (or reconnecting) is counted by address.
      const participantId = what === 'events' ? socket.data?.participantId : undefined;
      if (participantId) await byParticipant.consume(participantId);
      return null;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      const from = what === 'connections' ? 'this address' : "this connection's address or participant";
      return rateLimited(`Too many ${what} from ${from}; try again in ${seconds} s.`).toBody().error;
    }
  }

  io.use((socket: AnySocket, next) => {
    spend(socket, 'connections').then(
      (refused) => {
        if (!refused) return next();
        const error = new Error(refused.message) as Error & { data?: unknown };
        error.data = { code: refused.code };
        next(error);
      },
      () => next(),
    );
  });

  io.on('connection', (socket: AnySocket) => {
    socket.use((packet, next) => {
      const last = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : undefined;
      spend(socket, 'events').then(
        (refused) => {
          if (!refused) return next();
          ack?.({ ok: false, error: refused });
        },
        // A limiter failing must not take live updates down with it.
        () => next(),
      );
    });
  });
}
