/** The HTTP side: one Fastify instance, JSON only, every failure answered with an ErrorBody. */
import type { Duplex } from 'node:stream';
import { BODY_LIMIT_BYTES, type ErrorBody } from '@tori/protocol';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { BadgeService } from '../badges.js';
import type { BoardService } from '../board.js';
import type { Discussion } from '../discussion.js';
import type { Duel } from '../duel.js';
import { ApiError } from '../errors.js';
import type { Ideas } from '../ideas.js';
import type { JournalService } from '../journal.js';
import type { Moderation } from '../moderation.js';
import type { Participants } from '../participants.js';
import type { Profiles } from '../profiles.js';
import type { ResultsBoard } from '../results.js';
import type { Spaces } from '../spaces.js';
import type { Storage } from '../storage/index.js';
import { badgeRoutes } from './badges.js';
import { boardRoutes } from './board.js';
import { bundleRoutes } from './bundles.js';
import { registerCors } from './cors.js';
import { demoPageRoutes } from './demo-page.js';
import { discussionRoutes } from './discussion.js';
import { duelRoutes } from './duel.js';
import { exportRoutes } from './export.js';
import { ideaRoutes } from './ideas.js';
import { journalRoutes } from './journal.js';
import type { Limits } from './limits.js';
import { participantRoutes } from './participants.js';
import { profileRoutes } from './profiles.js';
import { registerRateLimits } from './rate-limits.js';
import { spaceRoutes } from './spaces.js';

export interface Services {
  storage: Storage;
  spaces: Spaces;
  ideas: Ideas;
  board: BoardService;
  moderation: Moderation;
  duel: Duel;
  results: ResultsBoard;
  participants: Participants;
  profiles: Profiles;
  discussion: Discussion;
  journal: JournalService;
  badges: BadgeService;
}

export interface AppOptions {
  logger: boolean;
  publicDir: string;
  bundlesDir: string;
  limits: Limits;
}

export async function buildApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a proxy the client's address is in X-Forwarded-For; the rate limits count per address.
    trustProxy: options.limits.trustProxy,
    // In-flight requests finish on close; idle keep-alive connections do not hold shutdown up.
    forceCloseConnections: 'idle',
    // Our own hook answers during shutdown, so the 503 has an ErrorBody like every other failure.
    return503OnClosing: false,
    // The HTTP parser's refusals (headers too large, a malformed request line) get an ErrorBody too.
    clientErrorHandler: answerClientError,
    // Errors before routing (a malformed address) get the same ErrorBody as the rest.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const answer = toApiError(error);
      void reply.code(answer.status).type('application/json; charset=utf-8').send(answer.toBody());
    },
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new ApiError(503, 'internal', 'The server is shutting down; try again in a moment.');
  });

  // JSON is the only body the API reads: anything else is a 415 rather than a string a handler would misread.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    // Clients send POSTs that carry nothing with a JSON content type and no body.
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, done);
  });

  app.setErrorHandler((error, request, reply) => {
    // A route may take more than the default (a reflection of 10,000 characters): name its own limit.
    const answer = toApiError(error, request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES);
    if (answer.code === 'internal' && !(error instanceof ApiError)) request.log.error({ err: error }, 'request failed');
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'not_found', message: `There is no ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.` },
    };
    return reply.code(404).type('application/json; charset=utf-8').send(body);
  });

  await registerRateLimits(app, options.limits, services.participants);
  registerCors(app, services);
  participantRoutes(app, services);
  spaceRoutes(app, services);
  ideaRoutes(app, services);
  boardRoutes(app, services);
  exportRoutes(app, services);
  duelRoutes(app, services);
  profileRoutes(app, services);
  discussionRoutes(app, services);
  journalRoutes(app, services);
  badgeRoutes(app, services);
  bundleRoutes(app, options.bundlesDir);
  await demoPageRoutes(app, options.publicDir);
  return app;
}

/** Written straight to the socket: Node refused the request before Fastify saw it. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are larger than the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code: 'bad_request', message } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Fastify's own 4xx (bad JSON, too large, wrong type) keep their status; anything unexpected is a bare 500. */
function toApiError(error: unknown, bodyLimit = BODY_LIMIT_BYTES): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as Partial<FastifyError>;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload_too_large', `The body is larger than ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'bad_request', 'The body is not valid JSON.');
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 400 && error instanceof SyntaxError) return new ApiError(400, 'bad_request', 'The body is not valid JSON.');
  if (status === 413) return new ApiError(413, 'payload_too_large', `The body is larger than ${bodyLimit} bytes.`);
  if (status === 415) return new ApiError(415, 'unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json.');
  if (status >= 400 && status < 500) {
    const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request';
    return new ApiError(status, code, e.message || 'Bad request.');
  }
  return new ApiError(500, 'internal', 'Something went wrong on the server.');
}
