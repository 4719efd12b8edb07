import {
  ADMIN_KEY_HEADER,
  type AwardBody,
  type BadgeAward,
  type BadgeRoster,
  type MyBadges,
  type RevokeBody,
} from '@tori/protocol';
import { spacePath } from './client.js';
import type { FacilitatorAccess, ToriClient } from './contracts.js';
import type { DocumentFetch, FetchedDocument } from './credential-check-types.js';
import { ToriError } from './errors.js';

/** Longer than any issuer should take to answer, short enough that a dead one does not hang a verification. */
const DOCUMENT_TIMEOUT_MS = 10_000;
/** A credential, key set or status list is small; anything larger is not one. */
const DOCUMENT_MAX_CHARS = 2_000_000;

/** The badges' calls to a server. `badgeClient(client)` gives the one of a client. */
export interface BadgeClient {
  /** The space's badges, the participant's progress and their awards (with the signed credentials). */
  mine(spaceId: string): Promise<MyBadges>;
  /** The facilitator's roster: everyone with activity, their progress and awards. */
  roster(spaceId: string, access: FacilitatorAccess): Promise<BadgeRoster>;
  /** Awards a badge by hand, with a reason. */
  award(spaceId: string, badgeId: string, body: AwardBody, access: FacilitatorAccess): Promise<BadgeAward>;
  /** Revokes an issued credential, with a reason. */
  revoke(spaceId: string, credentialId: string, body: RevokeBody, access: FacilitatorAccess): Promise<BadgeAward>;
  /**
   * A public document of any issuer (a credential, a key set, a status list, an OB 2.0 assertion), fetched without
   * credentials; rejects when it cannot be reached at all.
   */
  fetchDocument: DocumentFetch;
}

const clients = new WeakMap<ToriClient, BadgeClient>();

/** The badge client of a Tori client: its own when it has one (the fixture), else one over its REST calls. */
export function badgeClient(client: ToriClient | undefined): BadgeClient {
  if (!client) return standalone;
  if (client.badges) return client.badges;
  let badges = clients.get(client);
  if (!badges) clients.set(client, (badges = new RestBadges(client)));
  return badges;
}

/** Anyone's public document, as a browser may read it from another origin: no cookies, no referrer. */
export async function fetchPublicDocument(url: string): Promise<FetchedDocument> {
  const parsed = new URL(url, globalThis.location?.href);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ToriError(0, 'bad_url', `${url} is not a web address.`);
  const response = await fetch(parsed.href, {
    headers: { accept: 'application/vc+jwt, application/ld+json, application/json;q=0.9, */*;q=0.1' },
    mode: 'cors',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
    signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
  });
  const text = await response.text();
  if (text.length > DOCUMENT_MAX_CHARS) throw new ToriError(0, 'too_large', `${url} is too large to be a credential.`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
}

/** Without a server (a page showing a credential from elsewhere): only public documents can be asked for. */
const standalone: BadgeClient = {
  mine: () => Promise.reject(notConfigured()),
  roster: () => Promise.reject(notConfigured()),
  award: () => Promise.reject(notConfigured()),
  revoke: () => Promise.reject(notConfigured()),
  fetchDocument: fetchPublicDocument,
};

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server and the space (attributes, or an enclosing <tori-space>).');
}

/** The badges over a client's REST calls: the participant's own as the participant, the roster with the space key. */
export class RestBadges implements BadgeClient {
  readonly #client: ToriClient;

  constructor(client: ToriClient) {
    this.#client = client;
  }

  mine(spaceId: string): Promise<MyBadges> {
    return this.#client.request<MyBadges>('GET', spacePath(spaceId, '/badges'), { as: 'participant' });
  }

  roster(spaceId: string, { key }: FacilitatorAccess): Promise<BadgeRoster> {
    return this.#client.request<BadgeRoster>('GET', spacePath(spaceId, '/badges/roster'), { headers: { [ADMIN_KEY_HEADER]: key } });
  }

  award(spaceId: string, badgeId: string, body: AwardBody, { key }: FacilitatorAccess): Promise<BadgeAward> {
    const path = spacePath(spaceId, `/badges/${encodeURIComponent(badgeId)}/awards`);
    return this.#client.request<BadgeAward>('POST', path, { body, headers: { [ADMIN_KEY_HEADER]: key } });
  }

  revoke(spaceId: string, credentialId: string, body: RevokeBody, { key }: FacilitatorAccess): Promise<BadgeAward> {
    const path = spacePath(spaceId, `/awards/${encodeURIComponent(credentialId)}/revoke`);
    return this.#client.request<BadgeAward>('POST', path, { body, headers: { [ADMIN_KEY_HEADER]: key } });
  }

  fetchDocument(url: string): Promise<FetchedDocument> {
    return fetchPublicDocument(url);
  }
}
