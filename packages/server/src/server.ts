import type { AddressInfo } from 'node:net';
import type { SpaceAdmin } from '@tori/protocol';
import type { Kysely } from 'kysely';
import { createBadges } from './badges.js';
import { createBoard } from './board.js';
import { seedCourse, seedDemo } from './demo.js';
import { type DiscussionEvents, createDiscussion } from './discussion.js';
import { createDuel } from './duel.js';
import type { SpaceEvents } from './events.js';
import { buildApp } from './http/app.js';
import { type Limits, resolveLimits } from './http/limits.js';
import { limitLiveEvents } from './http/rate-limits.js';
import { createIdeaViews } from './idea-views.js';
import { createIdeas } from './ideas.js';
import { createJournal } from './journal.js';
import { type Live, type Redis, connectRedis, createLive } from './live.js';
import { defaultBundlesDir, defaultPublicDir } from './locations.js';
import { createModeration } from './moderation.js';
import { createParticipants } from './participants.js';
import { createProfiles } from './profiles.js';
import { createResultsBoard } from './results.js';
import { loadSigningKeys } from './signing-keys.js';
import { type NewSpace, createSpaces } from './spaces.js';
import { type Database, type Durability, openStorage } from './storage/index.js';

export interface ServerOptions {
  /** SQLite file; created with its directories. Default ./data/tori.db (relative to the working directory). */
  dataFile?: string;
  /** postgres://… : PostgreSQL instead of the SQLite file (`dataFile` is then unused). */
  databaseUrl?: string;
  /**
   * What an acknowledged write on the SQLite file survives: `process` (default) the server process dying, `machine`
   * also a power cut, every commit waiting for the disk. PostgreSQL always flushes its WAL.
   */
  durability?: Durability;
  /** redis://… : share live rooms with the other nodes on the same Redis (several processes behind a load balancer). */
  redisUrl?: string;
  /** Participant token signing secret (at least 32 characters). Default: generated on first start and kept in the database. */
  secret?: string;
  /** Directory served at `/` (the demo page). Default: apps/demo/public of this repository. */
  publicDir?: string;
  /** Where tori.js, widgets/*.js and custom-elements.json are. Default: @tori/embed's dist. */
  bundlesDir?: string;
  /** Create the `demo` space on the first start of the data file. Default false (the CLI turns it on). */
  seedDemo?: boolean;
  /** Log requests and errors (pino, JSON lines). Default true. */
  logger?: boolean;
  /** Rate limits per participant and per address, and whether a proxy's X-Forwarded-For is trusted. Default DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
  /**
   * The address people and verifiers reach this server at (e.g. https://osallistu.example.fi), written into every
   * badge credential as the base of its issuer, achievement, status list and key ids. Default: the listen URL.
   */
  publicUrl?: string;
  /** The badges' clock (issue times, validity): tests set it; default the system clock. */
  clock?: () => Date;
}

export interface ListenOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; `0.0.0.0` to be reachable from other machines. */
  host?: string;
}

export interface ToriServer {
  /** Starts accepting connections; resolves with the base URL, e.g. http://127.0.0.1:8787. */
  listen(options?: ListenOptions): Promise<string>;
  /** Stops: sockets disconnected, in-flight requests finished, database closed. Safe to call twice. */
  close(): Promise<void>;
  /** Creates a space; the facilitator key is only ever returned here. */
  createSpace(input: NewSpace): Promise<{ space: SpaceAdmin; adminKey: string }>;
  /** The demo space and its key when this start created it (first start with seedDemo), else null. */
  readonly seededDemo: { space: SpaceAdmin; adminKey: string } | null;
  /** The course space (`kurssi`) and its key when this start created it (first start with seedDemo), else null. */
  readonly seededCourse: { space: SpaceAdmin; adminKey: string } | null;
  /** The Kysely instance, for tests. */
  readonly db: Kysely<Database>;
}

export async function createServer(options: ServerOptions = {}): Promise<ToriServer> {
  const limits = resolveLimits(options.limits);
  const configuredPublicUrl = options.publicUrl === undefined ? undefined : publicBaseUrl(options.publicUrl);
  const storage = await openStorage({
    dataFile: options.dataFile ?? 'data/tori.db',
    databaseUrl: options.databaseUrl,
    ...(options.durability ? { durability: options.durability } : {}),
  });
  let redis: Redis | undefined;
  try {
    const participants = await createParticipants(storage, options.secret);
    const results = createResultsBoard(storage);
    // The live layer needs the domain and the domain tells the live layer: this relay ties the knot.
    let live: Live | undefined;
    let listenUrl: string | undefined;
    const clock = options.clock ?? (() => new Date());
    const events: SpaceEvents = {
      spaceChanged: (space) => live?.spaceChanged(space),
      ideasChanged: (spaceId) => live?.ideasChanged(spaceId),
      resultsChanged: (spaceId) => (live ? live.resultsChanged(spaceId) : results.markChanged(spaceId)),
      ideaPosted: (spaceId, idea) => live?.ideaPosted(spaceId, idea),
      ideaUpdated: (spaceId, idea) => live?.ideaUpdated(spaceId, idea),
      ideaRemoved: (spaceId, ideaId, reason, mergedInto) => live?.ideaRemoved(spaceId, ideaId, reason, mergedInto),
      ideaModerated: (spaceId, idea, entry) => live?.ideaModerated(spaceId, idea, entry),
      activityCounted: (spaceId, participantId, activity) => badges.counted(spaceId, participantId, activity),
    };
    const discussionEvents: DiscussionEvents = {
      postCreated: (spaceId, topicId, post) => live?.postCreated(spaceId, topicId, post),
      postUpdated: (spaceId, topicId, post) => live?.postUpdated(spaceId, topicId, post),
      postRemoved: (spaceId, topicId, postId) => live?.postRemoved(spaceId, topicId, postId),
      topicUpdated: (spaceId, topic) => live?.topicUpdated(spaceId, topic),
    };
    // Badges log through the app's logger, which exists only once the routes (which need the badges) are built.
    let appLog: { error(detail: object, message: string): void } | undefined;
    const log = { error: (detail: object, message: string) => appLog?.error(detail, message) };
    const badges = createBadges(
      storage,
      await loadSigningKeys(storage, clock),
      {
        badgeAwarded: (participantId, spaceId, award, badge) => live?.badgeAwarded(participantId, spaceId, award, badge),
        badgeRevoked: (participantId, spaceId, award) => live?.badgeRevoked(participantId, spaceId, award),
        progressed: (participantId, spaceId) => live?.progressed(participantId, spaceId),
        badgesDefined: (spaceId) => live?.badgesDefined(spaceId),
      },
      {
        publicUrl: () => configuredPublicUrl ?? listenUrl ?? 'http://localhost:8787',
        now: clock,
        log,
      },
    );
    const views = createIdeaViews(storage, results);
    const spaces = createSpaces(storage, events);
    const ideas = createIdeas(storage, views, events);
    const board = createBoard(storage, spaces, views, events);
    const moderation = createModeration(storage, spaces, views, events);
    const duel = createDuel(storage, results, events);
    const profiles = await createProfiles(storage, participants);
    const discussion = createDiscussion(storage, discussionEvents, events.activityCounted);
    const journal = createJournal(storage, events.activityCounted);
    const app = await buildApp(
      { storage, spaces, ideas, board, moderation, duel, results, participants, profiles, discussion, journal, badges },
      {
        logger: options.logger ?? true,
        publicDir: options.publicDir ?? defaultPublicDir(),
        bundlesDir: options.bundlesDir ?? defaultBundlesDir(),
        limits,
      },
    );
    appLog = app.log;
    redis = options.redisUrl ? await connectRedis(options.redisUrl, app.log) : undefined;
    live = createLive(app.server, { spaces, results, participants, duel, log: app.log, redis, badges });
    limitLiveEvents(live.io, limits);
    const seededDemo = options.seedDemo ? await seedDemo(storage, spaces) : null;
    const seededCourse = options.seedDemo ? await seedCourse(storage, spaces, discussion, badges) : null;

    let closing: Promise<void> | undefined;
    return {
      db: storage.db,
      seededDemo,
      seededCourse,
      async listen({ port = 8787, host = '127.0.0.1' } = {}) {
        await app.listen({ port, host });
        const address = app.server.address() as AddressInfo;
        listenUrl = `http://${urlHost(host)}:${address.port}`;
        return listenUrl;
      },
      close() {
        closing ??= (async () => {
          await live?.close();
          await app.close();
          // Badges being earned from the last activities are issued (or fail and are logged) before the database closes.
          await badges.settle();
          // Answers already handed to a shared commit are committed (or refused) before the database closes.
          await duel.drain();
          await storage.close();
        })();
        return closing;
      },
      createSpace: (input) => spaces.create(input),
    };
  } catch (error) {
    await redis?.close();
    await storage.close();
    throw error;
  }
}

/** The public URL as credentials carry it: http(s), no query or fragment, no trailing slash. */
export function publicBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the public URL (publicUrl, --public-url, PUBLIC_URL) is not an address: ${value}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new Error(`the public URL must be an http(s) address without query, fragment or credentials, e.g. https://osallistu.example.fi (got ${value})`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A wildcard address is not one to visit: name the machine itself instead. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
