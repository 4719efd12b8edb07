/** Reading a request: validated params, query and body, the participant token and the facilitator key. */
import { ADMIN_KEY_HEADER, MODERATOR_HEADER } from '@tori/protocol';
import { describeIssues, moderatorNameSchema } from '@tori/protocol/schemas';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest, invalidBody, unauthorized } from '../errors.js';
import { DEFAULT_ACTOR, SYSTEM_ACTOR } from '../moderation.js';
import type { Participants } from '../participants.js';
import type { SpaceRecord } from '../storage/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The space a space route (or an appearance route) is about, loaded and origin-checked by the cors hook. */
    space: SpaceRecord | null;
  }
}

/** Body of a POST that carries nothing (clients send `{}` or no body at all). */
export const emptyBodySchema = z.strictObject({});

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined) throw invalidBody('Send a JSON object as the body, with Content-Type: application/json.');
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  throw invalidBody(summary(issues), issues);
}

/** Params and query strings are part of the address: a bad one is a bad request, not a bad body. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  throw badRequest(`The ${what} is not valid: ${summary(issues)}`, issues);
}

function summary(issues: { path: string; message: string }[]): string {
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export function spaceOf(request: FastifyRequest): SpaceRecord {
  if (!request.space) throw new Error(`route ${request.routeOptions.url} has no space`);
  return request.space;
}

export function adminKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers[ADMIN_KEY_HEADER];
  const key = Array.isArray(value) ? value[0] : value;
  return key ? key.trim() : undefined;
}

/** The facilitator's name for the moderation log (x-tori-moderator), "facilitator" without one. */
export function moderatorOf(request: FastifyRequest): string {
  const value = request.headers[MODERATOR_HEADER];
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return DEFAULT_ACTOR;
  const name = parseInput(moderatorNameSchema, fromHeader(raw), `${MODERATOR_HEADER} header`);
  if (name.toLowerCase() === SYSTEM_ACTOR) {
    throw badRequest(`The ${MODERATOR_HEADER} header may not be "${SYSTEM_ACTOR}": that name marks the server's own actions.`);
  }
  return name;
}

/**
 * Header values arrive as Latin-1 characters, one per byte. Browsers send Latin-1 ("Mäkelä" fits); curl and
 * servers often send UTF-8 bytes, which read as Latin-1 look like "MÃ¤kelÃ¤": those are decoded as UTF-8.
 */
function fromHeader(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <participant token>".');
  return match[1];
}

/** The participant making the request; 401 without a valid token. */
export async function participantOf(request: FastifyRequest, participants: Participants): Promise<string> {
  const token = bearerOf(request);
  if (!token) throw unauthorized('This needs a participant token: get one with POST /api/participants and send it as "Authorization: Bearer <token>".');
  return participants.verify(token);
}

/** The participant when a token is sent (a sent token must be valid), else undefined. */
export async function optionalParticipantOf(request: FastifyRequest, participants: Participants): Promise<string | undefined> {
  const token = bearerOf(request);
  return token === undefined ? undefined : participants.verify(token);
}
