/**
 * Names in a space. A participant gives a display name (and a role line) once per space; it is kept with their
 * participant id, so every post shows the name they have now. A host site with its own login passes its user
 * instead: a short-lived HS256 JWT its backend signs with the space's integration secret, exchanged here for a
 * participant token (the same participant for the same host user on every device) and a verified profile.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { HostLoginAnswer, IntegrationSecret, Profile, ProfileBody } from '@tori/protocol';
import { HOST_TOKEN_MAX_AGE_S, HOST_USER_ID_MAX } from '@tori/protocol';
import { profileBodySchema } from '@tori/protocol/schemas';
import { errors as joseErrors, jwtVerify } from 'jose';
import { forbidden, unauthorized } from './errors.js';
import type { Participants } from './participants.js';
import { newId, newTokenSecret } from './secrets.js';
import type { ProfileRecord, SpaceRecord, Storage } from './storage/index.js';

/** Clocks of the host and of this server may differ by this much. */
const CLOCK_TOLERANCE_S = 30;
const SEALING_KEY_SETTING = 'integration_sealing_key';

export interface Profiles {
  /** The participant's profile in the space, or null before they have given a name. */
  get(space: SpaceRecord, participantId: string): Promise<Profile | null>;
  /** Gives or changes the name; 403 for a host site's user, whose name comes from the host. */
  put(space: SpaceRecord, participantId: string, body: ProfileBody): Promise<Profile>;
  /** A new integration secret for the space, shown once; the previous one stops working. */
  newIntegrationSecret(space: SpaceRecord): Promise<IntegrationSecret>;
  /** Checks the host's token and answers the host user's participant; 401 for forged, expired or long-lived tokens. */
  hostLogin(space: SpaceRecord, token: string): Promise<HostLoginAnswer>;
}

export async function createProfiles(storage: Storage, participants: Participants): Promise<Profiles> {
  // The server must know a secret to check signatures made with it, so it is kept sealed rather than hashed. The
  // sealing key is made the first time a space needs one, so a server without host logins writes nothing for it.
  let sealing: Promise<Buffer> | undefined;
  const sealingKey = () =>
    (sealing ??= storage.settings
      .setOnce(SEALING_KEY_SETTING, newTokenSecret())
      .then((root) => Buffer.from(hkdfSync('sha256', root, 'tori', 'integration-secret', 32))));

  const seal = async (spaceId: string, secret: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await sealingKey(), iv);
    cipher.setAAD(Buffer.from(spaceId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
  };
  const unseal = async (spaceId: string, sealed: string) => {
    const [iv, data, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', await sealingKey(), iv!);
    decipher.setAAD(Buffer.from(spaceId, 'utf8'));
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
  };

  return {
    async get(space, participantId) {
      const record = await storage.profiles.get(space.id, participantId);
      return record ? toProfile(record) : null;
    },

    async put(space, participantId, body) {
      const now = new Date().toISOString();
      const record = await storage.transaction(async (tx) => {
        const before = await tx.profiles.get(space.id, participantId);
        if (before?.verified) throw forbidden('Your name comes from the site you logged in to; change it there.');
        await tx.participants.ensure(participantId, now);
        const record: ProfileRecord = {
          spaceId: space.id,
          participantId,
          displayName: body.displayName,
          role: body.role || null,
          verified: false,
        };
        await tx.profiles.put(record, now);
        return record;
      });
      return toProfile(record);
    },

    async newIntegrationSecret(space) {
      const secret = newTokenSecret();
      await storage.profiles.putSealedSecret(space.id, await seal(space.id, secret), new Date().toISOString());
      return { secret };
    },

    async hostLogin(space, token) {
      const sealed = await storage.profiles.sealedSecret(space.id);
      if (!sealed) throw unauthorized(`Space "${space.id}" has no integration secret: its facilitator creates one first.`);
      const claims = await verifyHostToken(token, await unseal(space.id, sealed), space.id);
      const now = new Date().toISOString();
      const participantId = await storage.transaction(async (tx) => {
        let participantId = await tx.profiles.hostParticipant(space.id, claims.userId);
        if (participantId) {
          await tx.profiles.touchHostLogin(space.id, claims.userId, now);
        } else {
          participantId = newId();
          await tx.participants.insert(participantId, now);
          await tx.profiles.linkHostUser(space.id, claims.userId, participantId, now);
        }
        // The host's name wins every time: renamed there, renamed here at the next login.
        await tx.profiles.put({ spaceId: space.id, participantId, displayName: claims.displayName, role: claims.role, verified: true }, now);
        return participantId;
      });
      return {
        participantId,
        token: await participants.tokenFor(participantId),
        profile: { displayName: claims.displayName, role: claims.role, verified: true },
      };
    },
  };
}

function toProfile(record: ProfileRecord): Profile {
  return { displayName: record.displayName, role: record.role, verified: record.verified };
}

interface HostClaims {
  userId: string;
  displayName: string;
  role: string | null;
}

async function verifyHostToken(token: string, secret: string, spaceId: string): Promise<HostClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      audience: spaceId,
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (error) {
    throw unauthorized(hostTokenProblem(error, spaceId));
  }
  const { iat, exp, sub } = payload as { iat: number; exp: number; sub: unknown };
  if (exp - iat > HOST_TOKEN_MAX_AGE_S) {
    throw unauthorized(`The login token lives too long: "exp" may be at most ${HOST_TOKEN_MAX_AGE_S} s after "iat".`);
  }
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) throw unauthorized('The login token was issued in the future ("iat").');
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > HOST_USER_ID_MAX) {
    throw unauthorized(`The login token's "sub" must be the host's user id, 1-${HOST_USER_ID_MAX} characters.`);
  }
  const profile = profileBodySchema.safeParse({
    displayName: payload.name,
    ...(payload.role !== undefined && payload.role !== null ? { role: payload.role } : {}),
  });
  if (!profile.success) {
    throw unauthorized(`The login token's "name" or "role" is not valid: ${profile.error.issues.map((i) => i.message).join('; ')}.`);
  }
  return { userId: sub, displayName: profile.data.displayName, role: profile.data.role || null };
}

function hostTokenProblem(error: unknown, spaceId: string): string {
  if (error instanceof joseErrors.JWTExpired) return 'The login token has expired: the host site signs a new one for each login.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return `The login token is not signed with the integration secret of space "${spaceId}".`;
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `The login token's "aud" must be the space id "${spaceId}".`;
    return `The login token's "${error.claim}" claim is missing or not valid (${error.reason}).`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The login token must be signed with HS256.';
  return 'The login token is not a valid JWT.';
}
