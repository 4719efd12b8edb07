/**
 * An Open Badges 3.0 issuer in memory, for the fixture, stories and tests: a real ES256 key made with WebCrypto,
 * credentials signed as VC-JWT exactly as the reference server signs them, a Bitstring Status List it can revoke in,
 * and its public documents (JWKS, issuer profile, signed status list) answered from memory. Never part of a page bundle.
 */
import { OB3_CONTEXT, STATUS_LIST_LENGTH, type Achievement, type OpenBadgeCredential, type StatusListCredential } from '@tori/protocol';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { FetchedDocument } from './credential-check-types.js';

export interface IssuerOptions {
  /** The issuer's origin, e.g. `https://fixture.tori.invalid`. */
  origin: string;
  name: string;
  /** The space whose issuer this is: its profile and status list live under `/api/spaces/<space>/`. */
  spaceId?: string;
  url?: string;
}

export interface IssueInput {
  achievement: Pick<Achievement, 'name' | 'description'> & { id?: string; criteria: string; image: string; imageAlt?: string };
  /** The holder: `urn:uuid:…` or a DID; a fresh urn by default. */
  subjectId?: string;
  holderName?: string | null;
  validFrom?: Date;
  validUntil?: Date | null;
  evidence?: string[];
  /** Claims or fields to put in or take out, to make a credential that is wrong in one way (tests). */
  patch?: (credential: Record<string, unknown>) => void;
}

export interface Issued {
  jwt: string;
  credential: OpenBadgeCredential;
  statusIndex: number;
}

const uuid = () => `urn:uuid:${globalThis.crypto.randomUUID()}`;
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** GZIP of the list's bits, most significant bit first, as multibase base64url ("u" + no padding). */
export async function encodeStatusList(revoked: Iterable<number>, length = STATUS_LIST_LENGTH): Promise<string> {
  const bits = new Uint8Array(length / 8);
  for (const index of revoked) bits[index >> 3]! |= 0x80 >> (index & 7);
  const stream = new Blob([bits]).stream().pipeThrough(new CompressionStream('gzip'));
  return `u${base64url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
}

export class BadgeIssuer {
  readonly origin: string;
  readonly name: string;
  readonly url: string | undefined;
  readonly issuerId: string;
  readonly statusListUrl: string;
  readonly jwksUrl: string;
  readonly #key: Promise<{ privateKey: CryptoKey; publicJwk: JWK; kid: string }>;
  readonly #revoked = new Set<number>();
  #nextIndex = 0;

  constructor({ origin, name, spaceId = 'demo', url }: IssuerOptions) {
    this.origin = new URL(origin).origin;
    this.name = name;
    this.url = url;
    const space = `${this.origin}/api/spaces/${encodeURIComponent(spaceId)}`;
    this.issuerId = `${space}/issuer`;
    this.statusListUrl = `${space}/status-list`;
    const jwksUrl = (this.jwksUrl = `${this.origin}/.well-known/jwks.json`);
    this.#key = (async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const thumbprint = await calculateJwkThumbprint(publicJwk);
      return { privateKey, publicJwk: { ...publicJwk, kid: thumbprint, alg: 'ES256', use: 'sig' }, kid: `${jwksUrl}#${thumbprint}` };
    })();
  }

  /** The `kid` of this issuer's key: `<origin>/.well-known/jwks.json#<thumbprint>`. */
  async kid(): Promise<string> {
    return (await this.#key).kid;
  }

  /** Signs any JSON payload with this issuer's key, under its own `kid` unless the header says otherwise. */
  async sign(payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
    const { privateKey, kid } = await this.#key;
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid, ...header })
      .sign(privateKey);
  }

  /** A signed OpenBadgeCredential with its own entry in the status list. */
  async issue(input: IssueInput): Promise<Issued> {
    const statusIndex = this.#nextIndex++;
    const validFrom = input.validFrom ?? new Date();
    const id = uuid();
    const subjectId = input.subjectId ?? uuid();
    const { achievement } = input;
    const credential: OpenBadgeCredential = {
      '@context': OB3_CONTEXT,
      id,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: this.issuerId, type: ['Profile'], name: this.name, ...(this.url && { url: this.url }) },
      name: achievement.name,
      validFrom: validFrom.toISOString(),
      ...(input.validUntil && { validUntil: input.validUntil.toISOString() }),
      credentialSubject: {
        id: subjectId,
        type: ['AchievementSubject'],
        ...(input.holderName && {
          identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.holderName }],
        }),
        achievement: {
          id: achievement.id ?? `${this.origin}/achievements/${encodeURIComponent(achievement.name)}`,
          type: ['Achievement'],
          name: achievement.name,
          description: achievement.description,
          criteria: { narrative: achievement.criteria },
          image: { id: achievement.image, type: 'Image', caption: achievement.imageAlt ?? achievement.name },
        },
      },
      ...(input.evidence?.length && { evidence: input.evidence.map((narrative) => ({ type: ['Evidence'] as ['Evidence'], narrative })) }),
      credentialStatus: {
        id: `${this.statusListUrl}#${statusIndex}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(statusIndex),
        statusListCredential: this.statusListUrl,
      },
    };
    const payload: Record<string, unknown> = {
      ...credential,
      iss: this.issuerId,
      jti: id,
      sub: subjectId,
      nbf: seconds(validFrom),
      ...(input.validUntil && { exp: seconds(input.validUntil) }),
    };
    input.patch?.(payload);
    return { jwt: await this.sign(payload), credential, statusIndex };
  }

  revoke(statusIndex: number): void {
    this.#revoked.add(statusIndex);
  }

  /** The status list as this issuer serves it: a BitstringStatusListCredential signed as VC-JWT. */
  async statusList(sign: (payload: unknown) => Promise<string> = (payload) => this.sign(payload)): Promise<string> {
    const validFrom = new Date();
    const list: StatusListCredential = {
      '@context': [OB3_CONTEXT[0]],
      id: this.statusListUrl,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: this.issuerId,
      validFrom: validFrom.toISOString(),
      credentialSubject: { id: `${this.statusListUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: await encodeStatusList(this.#revoked) },
    };
    return sign({ ...list, iss: this.issuerId, jti: list.id, nbf: seconds(validFrom) });
  }

  /** This issuer's public documents: JWKS, profile and status list; undefined for an address it does not serve. */
  async answer(url: string): Promise<FetchedDocument | undefined> {
    const address = url.split('#')[0];
    if (address === this.jwksUrl) return json({ keys: [(await this.#key).publicJwk] });
    if (address === this.issuerId) {
      return json({ '@context': OB3_CONTEXT, id: this.issuerId, type: ['Profile'], name: this.name, ...(this.url && { url: this.url }) });
    }
    if (address === this.statusListUrl) return { status: 200, contentType: 'application/vc+jwt', text: await this.statusList() };
    return undefined;
  }
}

export function json(value: unknown, status = 200): FetchedDocument {
  return { status, contentType: 'application/json', text: JSON.stringify(value) };
}
