/**
 * Anonymous participants. A participant is whoever holds a token this server signed: HS256 JWT, `sub` = the
 * participant id. Tokens do not expire: the browser keeps one for as long as the person takes part (a course
 * spans weeks; an outbox may send days later), and an expired token would silently split one person into two.
 * To revoke every token, change the secret.
 */
import type { ParticipantIssued } from '@tori/protocol';
import { entityIdSchema } from '@tori/protocol/schemas';
import { SignJWT, jwtVerify } from 'jose';
import { unauthorized } from './errors.js';
import { newId, newTokenSecret } from './secrets.js';
import type { Storage } from './storage/index.js';

const AUDIENCE = 'tori:participant';
const SECRET_SETTING = 'token_secret';
const SECRET_MIN_LENGTH = 32;
/**
 * Tokens verified once are remembered (the token string itself is the key: a token altered by one byte is another
 * key, verified anew). Past this many the least recently used is forgotten; only valid tokens are kept, so a flood
 * of forged ones cannot push out the real ones.
 */
export const VERIFIED_TOKENS_KEPT = 50_000;

export interface Participants {
  issue(): Promise<ParticipantIssued>;
  /** A token for a participant who exists already (a host site's user logging in on another device). */
  tokenFor(participantId: string): Promise<string>;
  /** The participant id of a token; 401 when the token was not signed here or was altered. */
  verify(token: string): Promise<string>;
}

export async function createParticipants(storage: Storage, configuredSecret?: string): Promise<Participants> {
  if (configuredSecret !== undefined && configuredSecret.length < SECRET_MIN_LENGTH) {
    throw new Error(`the token secret must be at least ${SECRET_MIN_LENGTH} characters long`);
  }
  const secret = configuredSecret ?? (await storage.settings.setOnce(SECRET_SETTING, newTokenSecret()));
  const key = new TextEncoder().encode(secret);

  const tokenFor = (participantId: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(participantId)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(key);

  // A signature check (HMAC and a key import) is most of a vote's CPU in jose; every vote and pair carries a token.
  const verified = new Map<string, string>();
  const remember = (token: string, participantId: string) => {
    verified.set(token, participantId);
    if (verified.size > VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
  };

  return {
    async issue() {
      const participantId = newId();
      await storage.participants.insert(participantId, new Date().toISOString());
      return { participantId, token: await tokenFor(participantId) };
    },

    tokenFor,

    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) {
        verified.delete(token); // kept as the most recently used
        verified.set(token, known);
        return known;
      }
      let subject: string | undefined;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE });
        subject = payload.sub;
      } catch {
        throw unauthorized(
          'The participant token is not valid (altered, or issued by another server). Get a new one with POST /api/participants.',
        );
      }
      if (!entityIdSchema.safeParse(subject).success) throw unauthorized('The participant token names no valid participant.');
      remember(token, subject!);
      return subject!;
    },
  };
}
