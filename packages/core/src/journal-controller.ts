import type { Journal, JournalModule, MyJournal, PostCreated, Profile, ProfileBody, Reflection } from '@tori/protocol';
import type { ReactiveController } from 'lit';
import type { ToriClient, ToriErrorShape } from './contracts.js';
import type { DuelHost } from './duel-controller.js';
import { ToriError, toToriError } from './errors.js';
import { journalClient, type JournalClient } from './journal-client.js';
import { browserStore, readJson, type KeyValueStore } from './storage.js';

/** What the controller needs of its element; every `ConnectedElement` is one. */
export type JournalHost = DuelHost;

/**
 * Where one reflection stands: `saved` on the server; `unsaved` typed, about to be saved; `saving` on its way;
 * `offline` kept on this device until the connection returns; `conflict` saved from elsewhere meanwhile (both texts
 * kept until the participant chooses); `error` refused by the server (the text stays on the device).
 */
export type ReflectionStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'conflict' | 'error';

/** Text typed on this device and not yet acknowledged by the server; kept in storage until it is. */
export interface ReflectionDraft {
  body: string;
  /** The server's revision the text was written on (0 before the first save). */
  baseRevision: number;
  /** Whether the page said facilitators can read while this was typed; once "only you", the draft stays so. */
  shown?: boolean;
  editedAt: string;
}

export interface ReflectionEntry {
  promptId: string;
  /** What the participant sees in the field: their draft, else the saved text. */
  text: string;
  /** The server's copy as last known. */
  saved: Reflection | null;
  status: ReflectionStatus;
  /** In a conflict: the newer copy saved elsewhere, shown beside the participant's text. */
  other: Reflection | null;
  error: ToriErrorShape | null;
}

/** What `<reflection-journal>` shows around its prompts. */
export type JournalView =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ToriErrorShape };

/** How a conflict ends: the participant's text, the other copy, or both one after the other. */
export type ConflictChoice = 'mine' | 'theirs' | 'both';

export interface JournalOptions {
  /** localStorage by default. */
  store?: KeyValueStore;
  /** Pause in typing after which the text is saved; default 1 000 ms. */
  saveDelayMs?: number;
  /** Wait before trying again after the server had a bad moment; default 5 000 ms. */
  retryMs?: number;
}

const STATUS_ORDER: ReflectionStatus[] = ['conflict', 'error', 'saving', 'offline', 'unsaved', 'saved'];

function notConfigured(): ToriError {
  return new ToriError(0, 'not_configured', 'Set the server and the space (attributes, or an enclosing <tori-space>).');
}

/** A post's request id, so a share sent twice is posted once. */
function newRequestId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `j${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/** A module is reflected when every one of its prompts has text (the server counts the same way). */
export function moduleReflected(module: JournalModule, textOf: (promptId: string) => string): boolean {
  return module.prompts.every((prompt) => textOf(prompt.id).trim() !== '');
}

/**
 * The participant's journal in one space: prompts, their reflections, and saving as they type. Every keystroke is
 * written to storage first, so a reload, a crash or a lost connection loses nothing; the text is then saved after a
 * pause in typing, on the revision it was written on, and a newer copy from another device is kept beside it
 * rather than overwritten. The last journal seen is kept too, so the page works offline after a reload.
 */
export class JournalController implements ReactiveController {
  view: JournalView = { kind: 'loading' };
  journal: Journal | null = null;
  online = true;

  readonly #host: JournalHost;
  readonly #store: KeyValueStore;
  readonly #saveDelayMs: number;
  readonly #retryMs: number;
  readonly #entries = new Map<string, ReflectionEntry>();
  #drafts: Record<string, ReflectionDraft> = {};
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #saving = new Set<string>();
  /** Prompts whose draft this tab has changed: another tab's drafts of other prompts are left as they are in storage. */
  readonly #touched = new Set<string>();
  readonly #again = new Set<string>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #client: ToriClient | undefined;
  #journalClient: JournalClient | undefined;
  #spaceId: string | undefined;
  #key = '';
  #generation = 0;
  /** When the server's journal last arrived (0: not yet in this connection). */
  #loadedAt = 0;
  /** Between connect() and release: a released controller never asks its element to update (which would reconnect it). */
  #active = false;
  #stops: (() => void)[] = [];

  constructor(host: JournalHost, options: JournalOptions = {}) {
    this.#host = host;
    this.#store = options.store ?? browserStore();
    this.#saveDelayMs = options.saveDelayMs ?? 1_000;
    this.#retryMs = options.retryMs ?? 5_000;
    host.addController(this);
  }

  hostDisconnected(): void {
    // Leaving the page (or being moved): what waits for a pause in typing goes now; it is in storage anyway.
    const waiting = [...this.#timers.keys()];
    this.#release();
    for (const promptId of waiting) void this.#send(promptId);
  }

  /** The state of one prompt's reflection. */
  entry(promptId: string): ReflectionEntry {
    return this.#entries.get(promptId) ?? this.#blank(promptId);
  }

  /** Modules with every prompt reflected, of all modules: "3 of 6 modules reflected". */
  get progress(): { reflected: number; modules: number } {
    const modules = this.journal?.modules ?? [];
    return { reflected: modules.filter((module) => this.isReflected(module)).length, modules: modules.length };
  }

  isReflected(module: JournalModule): boolean {
    return moduleReflected(module, (promptId) => this.entry(promptId).text);
  }

  /** The state of the whole journal: the one that most needs the participant's attention. */
  get status(): ReflectionStatus {
    const statuses = new Set([...this.#entries.values()].map((entry) => entry.status));
    return STATUS_ORDER.find((status) => statuses.has(status)) ?? 'saved';
  }

  /** Reflections still only on this device. */
  get unsent(): number {
    return Object.keys(this.#drafts).length;
  }

  /** (Re)loads for the host's current client and space; call from `connectionChanged()`. */
  connect(): void {
    this.#release();
    this.#active = true;
    const client = (this.#client = this.#host.toriClient);
    const spaceId = (this.#spaceId = this.#host.spaceId);
    this.view = { kind: 'loading' };
    this.journal = null;
    this.#entries.clear();
    if (!client || !spaceId) {
      this.view = { kind: 'error', error: notConfigured() };
      this.#update();
      return;
    }
    this.#journalClient = journalClient(client);
    this.#key = `tori:journal:${client.server}:${spaceId}`;
    this.#drafts = this.#readDrafts();
    this.online = client.online;
    this.#stops.push(
      client.onStatus((online) => {
        this.online = online;
        // Back online: catch up with other devices, then send what waited here.
        if (online) this.#load();
        else for (const entry of this.#entries.values()) if (entry.status === 'unsaved' || entry.status === 'saving') entry.status = 'offline';
        this.#update();
      }),
    );
    // The journal as last seen shows at once, and is all there is while offline.
    const copy = readJson<MyJournal>(this.#store, `${this.#key}:copy`);
    if (copy?.journal && Array.isArray(copy.reflections)) this.#apply(copy, false);
    this.#load();
  }

  /**
   * Loads again when the journal on screen is older than `maxAgeMs`: the element calls it when the participant starts
   * writing, so the notice of who can read (and the prompts) are the facilitator's current ones.
   */
  refresh(maxAgeMs = 30_000): void {
    if (this.view.kind !== 'ready' || !this.online || Date.now() - this.#loadedAt < maxAgeMs) return;
    this.#load();
  }

  retry(): void {
    if (!this.#journalClient) return;
    if (this.view.kind !== 'ready') this.view = { kind: 'loading' };
    this.#update();
    this.#load();
  }

  /** The participant typed: kept on the device at once, saved after a pause in typing. */
  edit(promptId: string, text: string): void {
    const entry = this.entry(promptId);
    this.#entries.set(promptId, entry);
    entry.text = text;
    const earlier = this.#drafts[promptId];
    if (!earlier && entry.saved?.body === text) return;
    const shown = Boolean(this.journal?.facilitatorsCanRead);
    this.#drafts[promptId] = {
      body: text,
      baseRevision: earlier?.baseRevision ?? entry.saved?.revision ?? 0,
      shown: (earlier?.shown ?? shown) && shown,
      editedAt: new Date().toISOString(),
    };
    this.#touched.add(promptId);
    this.#writeDrafts();
    if (entry.status !== 'conflict') {
      entry.status = this.online ? 'unsaved' : 'offline';
      entry.error = null;
      this.#schedule(promptId, this.#saveDelayMs);
    }
    this.#update();
  }

  /** Saves now rather than after the pause (the field lost focus). */
  saveNow(promptId: string): void {
    if (this.#drafts[promptId] && this.entry(promptId).status !== 'conflict') void this.#send(promptId);
  }

  /** Ends a conflict the way the participant chose; nothing is dropped that they did not choose to drop. */
  resolve(promptId: string, choice: ConflictChoice): void {
    const entry = this.#entries.get(promptId);
    const other = entry?.other;
    const draft = this.#drafts[promptId];
    if (!entry || !other || entry.status !== 'conflict') return;
    entry.saved = other;
    entry.other = null;
    this.#touched.add(promptId);
    if (choice === 'theirs' || !draft) {
      delete this.#drafts[promptId];
      entry.text = other.body;
      entry.status = 'saved';
    } else {
      const body = choice === 'both' ? `${other.body.trimEnd()}\n\n${draft.body.trimStart()}` : draft.body;
      this.#drafts[promptId] = { ...draft, body, baseRevision: other.revision, editedAt: new Date().toISOString() };
      entry.text = body;
      entry.status = this.online ? 'unsaved' : 'offline';
      void this.#send(promptId);
    }
    this.#writeDrafts();
    this.#update();
  }

  /** Posts a copy of what the participant chose to a named discussion topic. */
  async share(topicId: string, body: string): Promise<PostCreated> {
    const { journal, spaceId } = this.#current();
    try {
      return await journal.share(spaceId, topicId, { body, requestId: newRequestId() });
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  /** Gives the participant's name in the space (a discussion asks for one before the first post). */
  async saveProfile(body: ProfileBody): Promise<Profile> {
    const { journal, spaceId } = this.#current();
    try {
      return await journal.saveProfile(spaceId, body);
    } catch (thrown) {
      throw toToriError(thrown);
    }
  }

  #current(): { journal: JournalClient; spaceId: string } {
    if (!this.#journalClient || !this.#spaceId) throw notConfigured();
    return { journal: this.#journalClient, spaceId: this.#spaceId };
  }

  #blank(promptId: string): ReflectionEntry {
    const draft = this.#drafts[promptId];
    return {
      promptId,
      text: draft?.body ?? '',
      saved: null,
      status: draft ? (this.online ? 'unsaved' : 'offline') : 'saved',
      other: null,
      error: null,
    };
  }

  #load(): void {
    const journal = this.#journalClient;
    const spaceId = this.#spaceId;
    const generation = this.#generation;
    if (!journal || !spaceId) return;
    journal.journal(spaceId).then(
      (mine) => {
        if (generation !== this.#generation) return;
        this.#loadedAt = Date.now();
        this.#store.setItem(`${this.#key}:copy`, JSON.stringify(mine));
        this.#apply(mine, true);
      },
      (thrown) => {
        if (generation !== this.#generation) return;
        const error = toToriError(thrown);
        // With the journal shown (from the device's copy), a failed catch-up leaves it; the next reconnect tries again.
        if (this.view.kind === 'ready') {
          if (error.code === 'network') this.online = false;
          this.#markOffline();
          if (error.retryable) this.#retrySoon();
        } else {
          this.view = error.code === 'network' || !this.online ? { kind: 'offline' } : { kind: 'error', error };
        }
        this.#update();
      },
    );
  }

  /** Puts the server's journal beside what waits on the device; `fresh` when it came from the server just now. */
  #apply(mine: MyJournal, fresh: boolean): void {
    this.journal = mine.journal;
    const byPrompt = new Map(mine.reflections.map((reflection) => [reflection.promptId, reflection]));
    for (const module of mine.journal.modules) {
      for (const prompt of module.prompts) this.#reconcile(prompt.id, byPrompt.get(prompt.id) ?? null, fresh);
    }
    this.view = { kind: 'ready' };
    this.#writeDrafts();
    this.#update();
  }

  #reconcile(promptId: string, saved: Reflection | null, fresh: boolean): void {
    const entry = this.entry(promptId);
    this.#entries.set(promptId, entry);
    // A save on its way answers for itself.
    if (this.#saving.has(promptId)) return;
    entry.saved = saved;
    const draft = this.#drafts[promptId];
    if (!draft) {
      entry.text = saved?.body ?? '';
      entry.status = 'saved';
      entry.other = null;
      return;
    }
    entry.text = draft.body;
    this.#touched.add(promptId);
    if (saved && draft.body === saved.body) {
      delete this.#drafts[promptId];
      entry.status = 'saved';
      entry.other = null;
    } else if (draft.baseRevision === (saved?.revision ?? 0) || (!saved && fresh)) {
      // Written on what the server has (or on a copy the server no longer holds): it is simply still to be saved.
      if (!saved) draft.baseRevision = 0;
      if (entry.status === 'conflict') entry.other = null;
      entry.status = this.online ? 'unsaved' : 'offline';
      if (fresh) this.#schedule(promptId, 0);
    } else if (saved && fresh) {
      entry.status = 'conflict';
      entry.other = saved;
    } else {
      entry.status = this.online ? 'unsaved' : 'offline';
    }
  }

  #schedule(promptId: string, delay: number): void {
    if (!this.#active) return;
    clearTimeout(this.#timers.get(promptId));
    this.#timers.set(
      promptId,
      setTimeout(() => {
        this.#timers.delete(promptId);
        void this.#send(promptId);
      }, delay),
    );
  }

  async #send(promptId: string): Promise<void> {
    clearTimeout(this.#timers.get(promptId));
    this.#timers.delete(promptId);
    const journal = this.#journalClient;
    const spaceId = this.#spaceId;
    const draft = this.#drafts[promptId];
    const entry = this.#entries.get(promptId);
    if (!journal || !spaceId || !draft || entry?.status === 'conflict') return;
    if (this.#saving.has(promptId)) {
      this.#again.add(promptId);
      return;
    }
    if (!this.online) {
      if (entry) entry.status = 'offline';
      this.#update();
      return;
    }
    const generation = this.#generation;
    const key = this.#key;
    // What the page said when this was typed goes along: the server keeps a text written under "only you" private.
    const sent = { body: draft.body, baseRevision: draft.baseRevision, facilitatorsCanRead: draft.shown ?? false };
    this.#saving.add(promptId);
    if (entry) entry.status = 'saving';
    this.#update();
    try {
      const ack = await journal.save(spaceId, promptId, sent);
      this.#acknowledged(key, promptId, sent.body, ack, generation);
    } catch (thrown) {
      const error = toToriError(thrown);
      if (generation !== this.#generation || !entry) return;
      if (error.status === 409) {
        this.#saving.delete(promptId);
        this.#load();
      } else if (error.retryable) {
        if (error.code === 'network') this.online = false;
        entry.status = this.online ? 'unsaved' : 'offline';
        this.#retrySoon();
      } else {
        entry.status = 'error';
        entry.error = error;
      }
      this.#update();
    } finally {
      if (generation === this.#generation) {
        this.#saving.delete(promptId);
        if (this.#again.delete(promptId)) void this.#send(promptId);
      }
    }
  }

  /** The server has the text: the draft goes unless more was typed meanwhile, which now builds on the new revision. */
  #acknowledged(key: string, promptId: string, body: string, ack: Reflection, generation: number): void {
    const current = generation === this.#generation;
    // Even after the element left, the device's copy learns of the save, so nothing is sent twice.
    const drafts = current ? this.#drafts : (readJson<Record<string, ReflectionDraft>>(this.#store, `${key}:drafts`) ?? {});
    const draft = drafts[promptId];
    if (draft?.body === body) delete drafts[promptId];
    else if (draft) draft.baseRevision = ack.revision;
    if (current) {
      this.#touched.add(promptId);
      this.#writeDrafts();
    } else {
      this.#write(`${key}:drafts`, drafts);
    }
    const copy = readJson<MyJournal>(this.#store, `${key}:copy`);
    if (copy?.reflections) {
      copy.reflections = [...copy.reflections.filter((r) => r.promptId !== promptId), ack];
      this.#store.setItem(`${key}:copy`, JSON.stringify(copy));
    }
    if (!current) return;
    const entry = this.entry(promptId);
    this.#entries.set(promptId, entry);
    entry.saved = ack;
    entry.error = null;
    if (this.#drafts[promptId]) {
      entry.status = 'unsaved';
      this.#schedule(promptId, this.#saveDelayMs);
    } else {
      entry.status = 'saved';
    }
    this.#update();
  }

  #markOffline(): void {
    for (const [promptId, entry] of this.#entries) {
      if (this.#drafts[promptId] && entry.status !== 'conflict' && entry.status !== 'error') entry.status = 'offline';
    }
  }

  #retrySoon(): void {
    if (this.#retryTimer !== undefined || !this.#active) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      // A failed request said offline; the client knows better whether the connection is back.
      this.online = this.#client?.online ?? false;
      for (const promptId of Object.keys(this.#drafts)) this.saveNow(promptId);
      this.#update();
    }, this.#retryMs);
  }

  #readDrafts(): Record<string, ReflectionDraft> {
    const drafts = readJson<Record<string, ReflectionDraft>>(this.#store, `${this.#key}:drafts`);
    if (!drafts || typeof drafts !== 'object') return {};
    const valid: Record<string, ReflectionDraft> = {};
    for (const [promptId, draft] of Object.entries(drafts)) {
      if (typeof draft?.body === 'string' && Number.isInteger(draft.baseRevision)) valid[promptId] = draft;
    }
    return valid;
  }

  /** Writes this tab's drafts over what storage holds, prompt by prompt, so two tabs keep each other's. */
  #writeDrafts(): void {
    if (!this.#key) return;
    const stored = readJson<Record<string, ReflectionDraft>>(this.#store, `${this.#key}:drafts`) ?? {};
    for (const promptId of this.#touched) {
      const draft = this.#drafts[promptId];
      if (draft) stored[promptId] = draft;
      else delete stored[promptId];
    }
    this.#touched.clear();
    this.#write(`${this.#key}:drafts`, stored);
  }

  #write(key: string, drafts: Record<string, ReflectionDraft>): void {
    if (Object.keys(drafts).length) this.#store.setItem(key, JSON.stringify(drafts));
    else this.#store.removeItem(key);
  }

  #release(): void {
    this.#active = false;
    this.#loadedAt = 0;
    this.#generation += 1;
    for (const stop of this.#stops.splice(0)) stop();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#saving.clear();
    this.#again.clear();
  }

  #update(): void {
    if (this.#active) this.#host.requestUpdate();
  }
}
