import {
  ADMIN_KEY_HEADER,
  type JournalProgress,
  type JournalReading,
  type MyJournal,
  type NewPostBody,
  type PostCreated,
  type Profile,
  type ProfileBody,
  type Reflection,
  type SaveReflectionBody,
} from '@tori/protocol';
import { spacePath } from './client.js';
import type { FacilitatorAccess, ToriClient } from './contracts.js';

/** The journal's calls to a server. `journalClient(client)` gives the one of a client. */
export interface JournalClient {
  /** The prompts and the participant's own reflections (the server answers no one else's). */
  journal(spaceId: string): Promise<MyJournal>;
  /** Rejects with a 409 ToriError when the reflection was saved from elsewhere since `baseRevision`. */
  save(spaceId: string, promptId: string, body: SaveReflectionBody): Promise<Reflection>;
  /** Posts a copy of (part of) a reflection to a named discussion; 403 `profile_required` before a name is given. */
  share(spaceId: string, topicId: string, body: NewPostBody): Promise<PostCreated>;
  /** Gives the participant's name in the space, which discussion posts carry. */
  saveProfile(spaceId: string, body: ProfileBody): Promise<Profile>;
  /** The facilitator's counts (no text), whatever the journal's privacy. */
  progress(spaceId: string, access: FacilitatorAccess): Promise<JournalProgress>;
  /** The facilitator's reading; 403 when the journal is private. */
  reading(spaceId: string, access: FacilitatorAccess): Promise<JournalReading>;
}

const journals = new WeakMap<ToriClient, JournalClient>();

/** The journal client of a Tori client: its own when it has one (the fixture), else one over its REST calls. */
export function journalClient(client: ToriClient): JournalClient {
  if (client.journal) return client.journal;
  let journal = journals.get(client);
  if (!journal) journals.set(client, (journal = new RestJournal(client)));
  return journal;
}

/** The journal over a client's REST calls, always as the participant (a reflection belongs to a token). */
export class RestJournal implements JournalClient {
  readonly #client: ToriClient;

  constructor(client: ToriClient) {
    this.#client = client;
  }

  journal(spaceId: string): Promise<MyJournal> {
    return this.#client.request<MyJournal>('GET', spacePath(spaceId, '/journal'), { as: 'participant' });
  }

  save(spaceId: string, promptId: string, body: SaveReflectionBody): Promise<Reflection> {
    const path = spacePath(spaceId, `/journal/reflections/${encodeURIComponent(promptId)}`);
    return this.#client.request<Reflection>('PUT', path, { as: 'participant', body });
  }

  share(spaceId: string, topicId: string, body: NewPostBody): Promise<PostCreated> {
    const path = spacePath(spaceId, `/topics/${encodeURIComponent(topicId)}/posts`);
    return this.#client.request<PostCreated>('POST', path, { as: 'participant', body });
  }

  saveProfile(spaceId: string, body: ProfileBody): Promise<Profile> {
    return this.#client.request<Profile>('PUT', spacePath(spaceId, '/profile'), { as: 'participant', body });
  }

  progress(spaceId: string, { key }: FacilitatorAccess): Promise<JournalProgress> {
    return this.#client.request<JournalProgress>('GET', spacePath(spaceId, '/journal/progress'), { headers: { [ADMIN_KEY_HEADER]: key } });
  }

  reading(spaceId: string, { key }: FacilitatorAccess): Promise<JournalReading> {
    return this.#client.request<JournalReading>('GET', spacePath(spaceId, '/journal/reflections'), { headers: { [ADMIN_KEY_HEADER]: key } });
  }
}
