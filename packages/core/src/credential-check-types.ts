/**
 * The words of a credential check, shared by the check (loaded on demand) and the elements that show it: types only,
 * so importing them costs a page nothing.
 */

/** What the input is: an OB 3.0 VC-JWT or JSON credential, an OB 2.0 hosted or signed assertion, or none of these. */
export type CredentialFormat = 'ob3-jwt' | 'ob3-json' | 'ob2-hosted' | 'ob2-signed' | 'unknown';

/**
 * - `format`: the structure (VC Data Model + Open Badges types and contexts, or an OB 2.0 assertion's fields);
 * - `signature`: the JWS against the issuer's key;
 * - `issuer`: the key (or a hosted assertion) is on the issuer's own origin;
 * - `hosted`: an OB 2.0 hosted assertion matches the one its issuer serves;
 * - `validFrom`, `validUntil`: the dates against the clock;
 * - `status`: not revoked (Bitstring Status List, OB 2.0 `revoked` or revocation list).
 */
export type CheckName = 'format' | 'signature' | 'issuer' | 'hosted' | 'validFrom' | 'validUntil' | 'status';
export type CheckOutcome = 'passed' | 'failed' | 'not_checked';

export type CheckReason =
  // format
  | 'ob3'
  | 'ob2'
  | 'malformed'
  // signature
  | 'valid'
  | 'invalid'
  | 'malformed_jws'
  | 'no_key'
  | 'key_not_found'
  | 'key_unreachable'
  | 'unsupported_key'
  | 'data_integrity'
  | 'no_proof'
  | 'hosted'
  // issuer
  | 'same_origin'
  | 'foreign_key'
  | 'embedded_key'
  | 'issuer_not_url'
  | 'issuer_unreachable'
  | 'signature_unchecked'
  // hosted
  | 'matches'
  | 'differs'
  | 'unreachable'
  | 'gone'
  // dates
  | 'started'
  | 'not_yet_valid'
  | 'not_expired'
  | 'no_end'
  | 'expired'
  | 'no_date'
  // status
  | 'active'
  | 'revoked'
  | 'suspended'
  | 'none'
  | 'unsupported_status'
  | 'status_unreachable'
  | 'list_bad_signature'
  | 'list_invalid'
  | 'list_unsigned';

export interface CredentialCheck {
  name: CheckName;
  outcome: CheckOutcome;
  reason: CheckReason;
  /** What the sentence names: a date, an origin, an address, what is missing. */
  detail?: string;
}

/** What a person sees of a credential (the displayer conformance's fields, plus criteria and evidence). */
export interface CredentialDisplay {
  id: string | null;
  name: string;
  description: string;
  /** An http(s) or data:image URL, or null. */
  image: string | null;
  imageAlt: string;
  issuerName: string;
  issuerUrl: string | null;
  issuedAt: string | null;
  validUntil: string | null;
  criteria: string | null;
  criteriaUrl: string | null;
  evidence: string[];
  /** The holder's name, when the credential names them in the clear. */
  recipient: string | null;
}

/**
 * The outcome of every check. `verified`: authentic (signature or hosted copy, on the issuer's origin), in its dates
 * and not revoked; `failed`: at least one check failed; `incomplete`: nothing failed, but not everything could be checked.
 */
export interface CredentialReport {
  format: CredentialFormat;
  verdict: 'verified' | 'failed' | 'incomplete';
  ok: boolean;
  checks: CredentialCheck[];
  display: CredentialDisplay | null;
  /** The credential's JSON as given (the JWT's payload for a JWT). */
  credential: Record<string, unknown> | null;
  jwt: string | null;
}

/** A document of an issuer as fetched: status and body text. */
export interface FetchedDocument {
  status: number;
  contentType: string;
  text: string;
}

/** Fetches a public document; rejects when it cannot be reached at all (offline, CORS, DNS). */
export type DocumentFetch = (url: string) => Promise<FetchedDocument>;
