/**
 * Checks a badge credential in the browser: an Open Badges 3.0 credential as VC-JWT (signature against the issuer's
 * JWKS, with WebCrypto through jose) or as JSON with a Data Integrity proof, and an Open Badges 2.0 assertion, hosted
 * or signed. Each check ends `passed`, `failed` or `not_checked` with a reason code the widget says in words; what
 * could not be fetched (offline, CORS, a server down) is not checked rather than failed. Loaded on demand only.
 */
import { calculateJwkThumbprint, compactVerify, decodeJwt, decodeProtectedHeader, errors, importJWK, importSPKI, type JWK, type ProtectedHeaderParameters } from 'jose';
import type {
  CheckName,
  CheckReason,
  CredentialCheck,
  CredentialDisplay,
  CredentialFormat,
  CredentialReport,
  DocumentFetch,
  FetchedDocument,
} from './credential-check-types.js';

export type * from './credential-check-types.js';

type Json = Record<string, unknown>;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;
const VC_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/2018/credentials/v1'];
const OB3_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/context';
const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
/** Clocks of phones and servers disagree by a little; a credential issued a minute "from now" is not a forgery. */
const CLOCK_SKEW_MS = 5 * 60_000;
const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export interface CheckOptions {
  /** Fetches the issuer's documents (keys, status list, OB 2.0 assertion, badge, issuer); throws when unreachable. */
  fetch: DocumentFetch;
  /** The moment the dates are checked against; now by default. */
  now?: Date;
}

/** The credential as given: what it is, its JSON, and the compact JWS when it came as one. */
export interface ReadCredential {
  format: CredentialFormat;
  credential: Json | null;
  jwt: string | null;
  /** Why the input is not a credential this reads, when it is not. */
  problem?: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);
const idOf = (value: unknown): string | null => text(value) ?? (isObject(value) ? text(value.id) : null);

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** An image address safe to put in `src`: http(s), or a data: URL of an image. */
function imageUrl(value: unknown): string | null {
  const url = idOf(value);
  if (!url) return null;
  if (/^data:image\/(png|svg\+xml|jpeg|gif|webp)[;,]/i.test(url)) return url;
  return originOf(url) ? url : null;
}

function typesOf(value: Json): string[] {
  return asArray(value.type).filter((type): type is string => typeof type === 'string');
}

/** Tells what `input` is: a compact JWS, JSON text, or an object; never fetches. */
export function readCredential(input: unknown): ReadCredential {
  let value = input;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (COMPACT_JWS.test(trimmed)) return readJws(trimmed);
    try {
      value = JSON.parse(trimmed);
    } catch {
      return { format: 'unknown', credential: null, jwt: null, problem: 'neither a JWT nor JSON' };
    }
  }
  if (!isObject(value)) return { format: 'unknown', credential: null, jwt: null, problem: 'not a JSON object' };
  const types = typesOf(value);
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) {
    return { format: 'ob3-json', credential: value, jwt: null };
  }
  if (types.includes('Assertion') || asArray(value['@context']).includes(OB2_CONTEXT)) {
    const kind = isObject(value.verification) ? text(value.verification.type) : null;
    return { format: kind === 'signed' || kind === 'SignedBadge' ? 'ob2-signed' : 'ob2-hosted', credential: value, jwt: null };
  }
  return { format: 'unknown', credential: value, jwt: null, problem: 'not an Open Badges credential or assertion' };
}

function readJws(jwt: string): ReadCredential {
  let payload: Json;
  try {
    payload = decodeJwt(jwt) as Json;
  } catch {
    // The signature may still be checked: a changed byte can break the JSON before it breaks anything else.
    return { format: 'ob3-jwt', credential: null, jwt, problem: 'the payload is not JSON' };
  }
  // VC-JWT of VC Data Model 1.1 wraps the credential in a `vc` claim; VC-JOSE of 2.0 signs the credential itself.
  const credential = isObject(payload.vc) && !payload['@context'] ? payload.vc : payload;
  const isOb2 = typesOf(credential).includes('Assertion') || isObject(credential.recipient);
  return { format: isOb2 ? 'ob2-signed' : 'ob3-jwt', credential, jwt };
}

/** What a person sees of a credential, read from it alone (an OB 2.0 assertion's badge and issuer may be links). */
export function displayOf(read: ReadCredential): CredentialDisplay | null {
  const credential = read.credential;
  if (!credential) return null;
  if (read.format === 'ob2-hosted' || read.format === 'ob2-signed') return ob2Display(credential, null, null);
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : asArray(credential.credentialSubject).find(isObject) ?? {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const image = achievement.image ?? credential.image;
  const criteria = isObject(achievement.criteria) ? achievement.criteria : {};
  const name = text(achievement.name) ?? text(credential.name) ?? '';
  const identifier = asArray(subject.identifier).find((entry) => isObject(entry) && entry.hashed === false && text(entry.identityHash));
  return {
    id: text(credential.id),
    name,
    description: text(achievement.description) ?? text(credential.description) ?? '',
    image: imageUrl(image),
    imageAlt: (isObject(image) ? text(image.caption) : null) ?? name,
    issuerName: text(issuer.name) ?? idOf(credential.issuer) ?? '',
    issuerUrl: originOf(text(issuer.url)) ? text(issuer.url) : null,
    issuedAt: text(credential.validFrom) ?? text(credential.issuanceDate),
    validUntil: text(credential.validUntil) ?? text(credential.expirationDate),
    criteria: text(criteria.narrative),
    criteriaUrl: originOf(text(criteria.id)) ? text(criteria.id) : null,
    evidence: asArray(credential.evidence)
      .map((entry) => (isObject(entry) ? text(entry.narrative) ?? text(entry.name) ?? text(entry.id) : text(entry)))
      .filter((entry): entry is string => Boolean(entry)),
    recipient: isObject(identifier) ? text(identifier.identityHash) : null,
  };
}

function ob2Display(assertion: Json, badge: Json | null, issuer: Json | null): CredentialDisplay {
  const badgeClass = badge ?? (isObject(assertion.badge) ? assertion.badge : {});
  const profile = issuer ?? (isObject(badgeClass.issuer) ? badgeClass.issuer : {});
  const name = text(badgeClass.name) ?? '';
  const criteria = badgeClass.criteria;
  return {
    id: text(assertion.id),
    name,
    description: text(badgeClass.description) ?? '',
    image: imageUrl(assertion.image) ?? imageUrl(badgeClass.image),
    imageAlt: (isObject(badgeClass.image) ? text(badgeClass.image.caption) : null) ?? name,
    issuerName: text(profile.name) ?? idOf(badgeClass.issuer) ?? '',
    issuerUrl: originOf(text(profile.url)) ? text(profile.url) : null,
    issuedAt: text(assertion.issuedOn),
    validUntil: text(assertion.expires),
    criteria: isObject(criteria) ? text(criteria.narrative) : null,
    criteriaUrl: originOf(idOf(criteria)) ? idOf(criteria) : null,
    evidence: [text(assertion.narrative), ...asArray(assertion.evidence).map((entry) => (isObject(entry) ? text(entry.narrative) ?? text(entry.id) : text(entry)))].filter(
      (entry): entry is string => Boolean(entry),
    ),
    recipient: null,
  };
}

/** Every check of a credential, with what it shows. Never throws: a bad input is a failed `format` check. */
export async function checkCredential(input: unknown, options: CheckOptions): Promise<CredentialReport> {
  const read = readCredential(input);
  const now = (options.now ?? new Date()).getTime();
  const checks: CredentialCheck[] = [];
  const add = (name: CheckName, outcome: CredentialCheck['outcome'], reason: CheckReason, detail?: string) =>
    checks.push(detail === undefined ? { name, outcome, reason } : { name, outcome, reason, detail });
  let display = displayOf(read);

  if (read.format === 'unknown') {
    add('format', 'failed', 'malformed', read.problem);
  } else if (read.format === 'ob2-hosted' || (read.format === 'ob2-signed' && !read.jwt)) {
    display = await checkOb2Hosted(read.credential!, options, add);
  } else if (read.format === 'ob2-signed') {
    display = await checkOb2Signed(read, options, add);
  } else {
    await checkOb3(read, options, add);
  }
  if (read.credential && read.format !== 'unknown') checkDates(display, now, add);
  return report(read, display, checks);
}

type Add = (name: CheckName, outcome: CredentialCheck['outcome'], reason: CheckReason, detail?: string) => void;

function report(read: ReadCredential, display: CredentialDisplay | null, checks: CredentialCheck[]): CredentialReport {
  const order: CheckName[] = ['format', 'signature', 'issuer', 'hosted', 'validFrom', 'validUntil', 'status'];
  checks.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const outcome = (name: CheckName) => checks.find((check) => check.name === name)?.outcome;
  const authentic = (outcome('signature') === 'passed' || outcome('hosted') === 'passed') && outcome('issuer') === 'passed';
  const status = checks.find((check) => check.name === 'status');
  const statusKnown = status?.outcome === 'passed' || status?.reason === 'none';
  const verdict = checks.some((check) => check.outcome === 'failed') ? 'failed' : authentic && statusKnown ? 'verified' : 'incomplete';
  return { format: read.format, verdict, ok: verdict === 'verified', checks, display, credential: read.credential, jwt: read.jwt };
}

/* Open Badges 3.0 */

async function checkOb3(read: ReadCredential, options: CheckOptions, add: Add): Promise<void> {
  const credential = read.credential;
  const problem = credential ? ob3Problem(credential, read.jwt) : read.problem;
  if (problem) add('format', 'failed', 'malformed', problem);
  else add('format', 'passed', 'ob3');
  const issuerId = credential ? idOf(credential.issuer) : null;

  if (read.jwt) {
    const verified = await verifyJws(read.jwt, options);
    add('signature', verified.outcome, verified.reason, verified.detail);
    issuerCheck(verified, issuerId, add);
  } else if (credential) {
    const proof = asArray(credential.proof).find(isObject);
    if (proof) {
      // Data Integrity needs JSON-LD canonicalisation and its cryptosuite; a browser page has neither at hand.
      add('signature', 'not_checked', 'data_integrity', text(proof.cryptosuite) ?? text(proof.type) ?? undefined);
      add('issuer', 'not_checked', 'signature_unchecked');
    } else {
      add('signature', 'failed', 'no_proof');
      add('issuer', 'not_checked', 'signature_unchecked');
    }
  }
  if (credential) await checkStatusList(credential, issuerId, options, add);
}

function ob3Problem(credential: Json, jwt: string | null): string | undefined {
  const contexts = asArray(credential['@context']);
  if (!VC_CONTEXTS.includes(contexts[0] as string)) return 'the first @context is not the VC Data Model';
  if (!contexts.some((context) => typeof context === 'string' && context.startsWith(OB3_CONTEXT_PREFIX))) return 'the Open Badges 3.0 @context is missing';
  const types = typesOf(credential);
  if (!types.includes('VerifiableCredential')) return 'the type VerifiableCredential is missing';
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) return 'the type OpenBadgeCredential is missing';
  if (!idOf(credential.issuer)) return 'the issuer is missing';
  const subject = credential.credentialSubject;
  if (!isObject(subject) || !isObject(subject.achievement)) return 'the credentialSubject has no achievement';
  if (!text(subject.achievement.name)) return 'the achievement has no name';
  const from = text(credential.validFrom) ?? text(credential.issuanceDate);
  if (!from || Number.isNaN(Date.parse(from))) return 'validFrom is missing or not a date';
  const until = text(credential.validUntil) ?? text(credential.expirationDate);
  if (until && Number.isNaN(Date.parse(until))) return 'validUntil is not a date';
  if (jwt) {
    // The registered claims of a VC-JWT must say what the credential says.
    const claims = decodeJwt(jwt);
    if (claims.iss !== undefined && claims.iss !== idOf(credential.issuer)) return 'iss is not the issuer';
    if (claims.jti !== undefined && text(credential.id) && claims.jti !== credential.id) return 'jti is not the credential id';
    if (claims.sub !== undefined && text(subject.id) && claims.sub !== subject.id) return 'sub is not the subject';
  }
  return undefined;
}

function checkDates(display: CredentialDisplay | null, now: number, add: Add): void {
  const from = display?.issuedAt ? Date.parse(display.issuedAt) : Number.NaN;
  if (Number.isNaN(from)) add('validFrom', 'failed', 'no_date');
  else if (from > now + CLOCK_SKEW_MS) add('validFrom', 'failed', 'not_yet_valid', display!.issuedAt!);
  else add('validFrom', 'passed', 'started', display!.issuedAt!);
  const until = display?.validUntil ? Date.parse(display.validUntil) : null;
  if (until === null) add('validUntil', 'passed', 'no_end');
  else if (Number.isNaN(until)) add('validUntil', 'failed', 'no_date');
  else if (until < now) add('validUntil', 'failed', 'expired', display!.validUntil!);
  else add('validUntil', 'passed', 'not_expired', display!.validUntil!);
}

/* Signatures */

interface Verified {
  outcome: CredentialCheck['outcome'];
  reason: CheckReason;
  detail?: string;
  /** Where the key came from: its document's origin, or `embedded` for a `jwk` in the header. */
  keyOrigin?: string | 'embedded';
  payload?: Uint8Array;
}

function fail(reason: CheckReason, detail?: string): Verified {
  return { outcome: 'failed', reason, ...(detail !== undefined && { detail }) };
}
function unchecked(reason: CheckReason, detail?: string): Verified {
  return { outcome: 'not_checked', reason, ...(detail !== undefined && { detail }) };
}

/** Verifies a compact JWS with the key its header names: a JWKS (or JWK) at the `kid` URL, else an embedded `jwk`. */
async function verifyJws(jws: string, options: CheckOptions, keyUrlOf?: (header: ProtectedHeaderParameters) => string | null): Promise<Verified> {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return fail('malformed_jws');
  }
  if (!header.alg || !ALGORITHMS.includes(header.alg)) return unchecked('unsupported_key', header.alg ?? 'none');
  let key: CryptoKey | Uint8Array;
  let keyOrigin: string;
  const keyUrl = keyUrlOf ? keyUrlOf(header) : header.kid ?? null;
  try {
    if (keyUrl) {
      if (keyUrl.startsWith('did:')) return unchecked('unsupported_key', keyUrl);
      const origin = originOf(keyUrl);
      if (!origin) return fail('no_key', keyUrl);
      const found = await keyAt(keyUrl, header, options);
      if ('outcome' in found) return found;
      key = found.key;
      keyOrigin = origin;
    } else if (isObject(header.jwk)) {
      key = (await importJWK(header.jwk as JWK, header.alg)) as CryptoKey;
      keyOrigin = 'embedded';
    } else {
      return fail('no_key');
    }
  } catch (error) {
    return unchecked('unsupported_key', (error as Error).message);
  }
  try {
    const { payload } = await compactVerify(jws, key, { algorithms: ALGORITHMS });
    return { outcome: 'passed', reason: 'valid', keyOrigin, payload };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWSInvalid) return { ...fail('invalid'), keyOrigin };
    return unchecked('unsupported_key', (error as Error).message);
  }
}

/** The key at a URL: a JWKS (chosen by `kid` or the fragment's thumbprint), a JWK, or an OB 2.0 CryptographicKey. */
async function keyAt(url: string, header: ProtectedHeaderParameters, options: CheckOptions): Promise<{ key: CryptoKey | Uint8Array } | Verified> {
  const fetched = await fetchJson(url.split('#')[0]!, options);
  if ('outcome' in fetched) return { ...fetched, reason: 'key_unreachable' };
  const document = fetched.json;
  const fragment = url.includes('#') ? url.slice(url.indexOf('#') + 1) : null;
  if (Array.isArray(document.keys)) {
    const keys = document.keys.filter(isObject) as JWK[];
    let chosen: JWK | undefined = keys.find((jwk) => jwk.kid === header.kid || (fragment !== null && jwk.kid === fragment));
    if (!chosen && fragment) {
      for (const jwk of keys) if ((await calculateJwkThumbprint(jwk).catch(() => '')) === fragment) chosen = jwk;
    }
    if (!chosen && !fragment && keys.length === 1) chosen = keys[0];
    if (!chosen) return fail('key_not_found', url);
    return { key: await importJWK(chosen, header.alg) };
  }
  if (typeof document.kty === 'string') return { key: await importJWK(document as JWK, header.alg) };
  if (typeof document.publicKeyPem === 'string') return { key: await importSPKI(document.publicKeyPem, header.alg!) };
  return fail('key_not_found', url);
}

/** The issuer check after a signature: the key must come from the issuer's own origin to speak for the issuer. */
function issuerCheck(verified: Verified, issuerId: string | null, add: Add): void {
  if (!verified.keyOrigin) return add('issuer', 'not_checked', 'signature_unchecked');
  if (verified.keyOrigin === 'embedded') return add('issuer', 'not_checked', 'embedded_key');
  const issuerOrigin = originOf(issuerId);
  if (!issuerOrigin) return add('issuer', 'not_checked', 'issuer_not_url', issuerId ?? undefined);
  if (issuerOrigin !== verified.keyOrigin) return add('issuer', 'failed', 'foreign_key', verified.keyOrigin);
  add('issuer', verified.outcome === 'passed' ? 'passed' : 'not_checked', verified.outcome === 'passed' ? 'same_origin' : 'signature_unchecked', issuerOrigin);
}

/* Bitstring Status List */

async function checkStatusList(credential: Json, issuerId: string | null, options: CheckOptions, add: Add): Promise<void> {
  const entries = asArray(credential.credentialStatus).filter(isObject);
  const entry = entries.find((candidate) => ['revocation', 'suspension'].includes(String(candidate.statusPurpose)));
  if (!entry) return add('status', 'not_checked', entries.length ? 'unsupported_status' : 'none');
  const type = String(entry.type);
  const listUrl = text(entry.statusListCredential);
  const index = Number(entry.statusListIndex);
  if (!['BitstringStatusListEntry', 'StatusList2021Entry'].includes(type) || !listUrl || !Number.isInteger(index) || index < 0) {
    return add('status', 'not_checked', 'unsupported_status', type);
  }
  let fetched: FetchedDocument;
  try {
    fetched = await options.fetch(listUrl);
  } catch {
    return add('status', 'not_checked', 'status_unreachable', listUrl);
  }
  if (fetched.status !== 200) return add('status', 'not_checked', 'status_unreachable', `${listUrl} (${fetched.status})`);
  const body = fetched.text.trim();
  let list: Json;
  let signed = false;
  if (COMPACT_JWS.test(body)) {
    const verified = await verifyJws(body, options);
    if (verified.outcome === 'failed') return add('status', 'failed', 'list_bad_signature', listUrl);
    if (verified.outcome === 'passed') {
      // A list signed by someone else's key says nothing about this issuer's credentials.
      if (verified.keyOrigin === 'embedded' || verified.keyOrigin !== originOf(issuerId)) return add('status', 'failed', 'list_bad_signature', listUrl);
      signed = true;
    }
    try {
      const payload = decodeJwt(body) as Json;
      list = isObject(payload.vc) && !payload['@context'] ? payload.vc : payload;
    } catch {
      return add('status', 'failed', 'list_invalid', listUrl);
    }
  } else {
    try {
      list = JSON.parse(body) as Json;
    } catch {
      return add('status', 'failed', 'list_invalid', listUrl);
    }
  }
  const listIssuer = idOf(list.issuer);
  if (issuerId && listIssuer && listIssuer !== issuerId) return add('status', 'failed', 'list_invalid', listUrl);
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  const encoded = text(subject.encodedList);
  if (!encoded) return add('status', 'failed', 'list_invalid', listUrl);
  let bits: Uint8Array;
  try {
    bits = await gunzip(encoded.startsWith('u') ? encoded.slice(1) : encoded);
  } catch {
    return add('status', 'failed', 'list_invalid', listUrl);
  }
  if (index >= bits.length * 8) return add('status', 'failed', 'list_invalid', listUrl);
  const set = ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
  const purpose = String(entry.statusPurpose);
  if (set) return add('status', 'failed', purpose === 'suspension' ? 'suspended' : 'revoked');
  if (!signed) return add('status', 'not_checked', 'list_unsigned', listUrl);
  add('status', 'passed', 'active');
}

/** Bits of a status list: base64url (or base64) of GZIP, decompressed by the browser. */
async function gunzip(encoded: string): Promise<Uint8Array> {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/* Open Badges 2.0 */

async function fetchJson(url: string, options: CheckOptions): Promise<{ json: Json; status: number } | Verified> {
  let fetched: FetchedDocument;
  try {
    fetched = await options.fetch(url);
  } catch {
    return unchecked('unreachable', url);
  }
  if (fetched.status === 410) return { ...unchecked('gone', url) };
  if (fetched.status !== 200) return unchecked('unreachable', `${url} (${fetched.status})`);
  try {
    const json = JSON.parse(fetched.text) as unknown;
    return isObject(json) ? { json, status: fetched.status } : unchecked('unreachable', url);
  } catch {
    return unchecked('unreachable', url);
  }
}

/** The BadgeClass and Issuer of an assertion: embedded, or fetched from their ids for display. */
async function ob2Parts(assertion: Json, options: CheckOptions): Promise<{ badge: Json | null; issuer: Json | null }> {
  let badge = isObject(assertion.badge) ? assertion.badge : null;
  if (!badge && text(assertion.badge)) {
    const fetched = await fetchJson(text(assertion.badge)!, options);
    badge = 'json' in fetched ? fetched.json : null;
  }
  let issuer = badge && isObject(badge.issuer) ? badge.issuer : null;
  if (badge && !issuer && text(badge.issuer)) {
    const fetched = await fetchJson(text(badge.issuer)!, options);
    issuer = 'json' in fetched ? fetched.json : null;
  }
  return { badge, issuer };
}

function ob2Format(assertion: Json, add: Add): void {
  const missing = ['recipient', 'badge', 'verification', 'issuedOn'].find((field) => assertion[field] === undefined);
  if (missing) add('format', 'failed', 'malformed', `the assertion has no ${missing}`);
  else add('format', 'passed', 'ob2');
}

/** The assertion's own origin must be the issuer's (or one it allows) for the issuer to stand behind it. */
function ob2Origin(url: string | null, assertion: Json, issuer: Json | null, add: Add): void {
  const issuerOrigin = originOf(idOf(issuer));
  if (!issuerOrigin) return add('issuer', 'not_checked', 'issuer_unreachable');
  const allowed = isObject(assertion.verification) ? asArray(assertion.verification.allowedOrigins).map(String) : [];
  const origin = originOf(url);
  if (origin === issuerOrigin || (origin && allowed.some((host) => origin === `https://${host}` || origin === host))) {
    return add('issuer', 'passed', 'same_origin', issuerOrigin);
  }
  add('issuer', 'failed', 'foreign_key', origin ?? url ?? '');
}

async function checkOb2Hosted(assertion: Json, options: CheckOptions, add: Add): Promise<CredentialDisplay> {
  ob2Format(assertion, add);
  add('signature', 'not_checked', 'hosted');
  const id = text(assertion.id);
  const fetched = id ? await fetchJson(id, options) : unchecked('unreachable');
  let current = assertion;
  if ('json' in fetched) {
    current = fetched.json;
    const same = canonical(fetched.json) === canonical(assertion);
    add('hosted', same ? 'passed' : 'failed', same ? 'matches' : 'differs', id!);
  } else if (fetched.reason === 'gone') {
    add('hosted', 'passed', 'matches', id!);
    add('status', 'failed', 'revoked');
  } else {
    add('hosted', 'not_checked', 'unreachable', fetched.detail);
  }
  const { badge, issuer } = await ob2Parts(current, options);
  ob2Origin(id, current, issuer, add);
  if ('json' in fetched) {
    if (current.revoked === true) add('status', 'failed', 'revoked', text(current.revocationReason) ?? undefined);
    else add('status', 'passed', 'active');
  } else if (fetched.reason !== 'gone') {
    add('status', 'not_checked', 'status_unreachable', fetched.detail);
  }
  return ob2Display(current, badge, issuer);
}

async function checkOb2Signed(read: ReadCredential, options: CheckOptions, add: Add): Promise<CredentialDisplay | null> {
  const assertion = read.credential;
  if (!assertion) {
    add('format', 'failed', 'malformed', read.problem);
    const verified = await verifyJws(read.jwt!, options, () => null);
    add('signature', verified.outcome, verified.reason, verified.detail);
    return null;
  }
  ob2Format(assertion, add);
  const creator = isObject(assertion.verification) ? text(assertion.verification.creator) : null;
  const verified = await verifyJws(read.jwt!, options, (header) => creator ?? header.kid ?? null);
  add('signature', verified.outcome, verified.reason, verified.detail);
  const { badge, issuer } = await ob2Parts(assertion, options);
  if (verified.outcome === 'passed' && verified.keyOrigin !== 'embedded') ob2Origin(creator, assertion, issuer, add);
  else add('issuer', 'not_checked', verified.keyOrigin === 'embedded' ? 'embedded_key' : 'signature_unchecked');
  // A signed assertion is revoked through its issuer's revocation list.
  const listUrl = issuer ? text(issuer.revocationList) : null;
  if (!listUrl) {
    add('status', 'not_checked', 'none');
  } else {
    const list = await fetchJson(listUrl, options);
    if (!('json' in list)) add('status', 'not_checked', 'status_unreachable', listUrl);
    else {
      const revoked = asArray(list.json.revokedAssertions).find((entry) => (isObject(entry) ? entry.id : entry) === assertion.id);
      if (revoked) add('status', 'failed', 'revoked', isObject(revoked) ? text(revoked.revocationReason) ?? undefined : undefined);
      else add('status', 'passed', 'active');
    }
  }
  return ob2Display(assertion, badge, issuer);
}

/** JSON with keys in order, so a fetched copy and the given one compare whatever their formatting. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
