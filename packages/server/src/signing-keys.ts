/**
 * The server's own signing key for badge credentials and status lists: an ES256 key pair made on the first start and
 * kept in the database, so every node on the same PostgreSQL signs with the same key. Only its public half is ever
 * served (the JWKS); the private half leaves the database only to sign inside this process.
 */
import { type CryptoKey, type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { SigningKeyRecord, Storage } from './storage/index.js';

export const SIGNING_ALGORITHM = 'ES256';

/** A public key as the JWKS lists it. */
export interface PublicJwk extends JWK {
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  use: 'sig';
}

export interface SigningKeys {
  /** The RFC 7638 thumbprint of the key that signs now. */
  readonly kid: string;
  /** Signs `payload` as a compact JWS with `{ alg: ES256, typ: JWT, kid: keyUrl }`. */
  sign(payload: Record<string, unknown>, keyUrl: (kid: string) => string): Promise<string>;
  /** Every key's public half, newest first. */
  jwks(): Promise<{ keys: PublicJwk[] }>;
}

export async function loadSigningKeys(storage: Storage, now: () => Date = () => new Date()): Promise<SigningKeys> {
  const record = (await storage.badges.signingKey()) ?? (await createFirstKey(storage, now));
  const privateKey = (await importJWK(JSON.parse(record.privateJwk) as JWK, SIGNING_ALGORITHM)) as CryptoKey;
  return {
    kid: record.kid,
    sign(payload, keyUrl) {
      return new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: keyUrl(record.kid) }).sign(privateKey);
    },
    async jwks() {
      const keys = await storage.badges.signingKeys();
      return { keys: keys.map(publicHalf) };
    },
  };
}

/** Two first starts at once each make a key; the database keeps one (generation 1 is unique) and both use it. */
async function createFirstKey(storage: Storage, now: () => Date): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  await storage.badges.insertSigningKey({
    kid,
    generation: 1,
    algorithm: SIGNING_ALGORITHM,
    publicJwk: JSON.stringify(publicJwk),
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
    createdAt: now().toISOString(),
  });
  const stored = await storage.badges.signingKey();
  if (!stored) throw new Error('the signing key could not be stored');
  return stored;
}

/** Only the members a public EC key has: whatever else a stored JWK holds (its `d`) is never copied out. */
function publicHalf(record: SigningKeyRecord): PublicJwk {
  const jwk = JSON.parse(record.publicJwk) as JWK;
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: record.kid, alg: SIGNING_ALGORITHM, use: 'sig' };
}
