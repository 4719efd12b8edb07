/**
 * An in-memory Tori server for stories and element tests: pairs in rotation, votes counted, results recomputed,
 * a board with supports, reports and moderation, online and offline at will. Import from `@tori/core/fixtures`;
 * never part of a page bundle.
 */
import {
  AUTHOR_NAME_MAX,
  IDEA_DESCRIPTION_MAX,
  IDEA_TEXT_MAX,
  IDEA_TEXT_MIN,
  type AnswerAck,
  type Appearance,
  type BoardIdea,
  type ExportedIdea,
  type IdeaCreated,
  type IdeaModerationBody,
  type ModeratedIdea,
  type ModerationAction,
  type ModerationEntry,
  type NewIdeaBody,
  type NextPair,
  type RankedIdea,
  type Results,
  type SkipBody,
  type Space,
  type SpaceAdmin,
} from '@tori/protocol';
import type {
  AnswerOutcome,
  BoardClient,
  FacilitatorAccess,
  QueuedPost,
  SpaceEvent,
  SpaceWatcher,
  ToriClient,
  ToriErrorShape,
} from './contracts.js';
import { ToriError } from './errors.js';
import type { Locale } from './i18n.js';
import { createFixtureDiscussion, type DiscussionFixtureOptions, type FixtureDiscussion } from './discussion-fixture.js';
import { createFixtureJournal, type FixtureJournal, type JournalFixtureOptions } from './journal-fixture.js';

export { manyIdeas, sampleBoard, sampleCategories } from './board-samples.js';
export { sampleDiscussion, sampleTopic, type FixtureDiscussion } from './discussion-fixture.js';
export {
  FOREIGN_CREDENTIALS,
  badgeImage,
  createBadgeFixture,
  sampleBadges,
  sampleRoster,
  type BadgeFixtureClient,
  type BadgeFixtureOptions,
  type FixtureAward,
  type FixtureBadges,
  type FixtureParticipant,
} from './badge-fixture.js';
export { BadgeIssuer, encodeStatusList } from './badge-issuer.js';
export { sampleCourseTitle, sampleJournal, sampleReading, sampleReflections, type FixtureJournal } from './journal-fixture.js';

/** The space key the fixture's facilitator view accepts unless `boardKey` says otherwise. */
export const FIXTURE_KEY = 'fixture-key';

export interface FixtureOptions extends JournalFixtureOptions, DiscussionFixtureOptions {
  space?: Partial<Space>;
  /** Texts of the approved ideas; `sampleIdeas.en` by default, or the ideas of `results` when given. */
  ideas?: string[];
  /** The board's ideas in full (any status, with supports and reports); wins over `ideas`. */
  boardIdeas?: ModeratedIdea[];
  /** The moderation log, newest first. */
  log?: ModerationEntry[];
  /** The space key of the facilitator view; `FIXTURE_KEY` by default. */
  boardKey?: string;
  /** Starting results; their win and loss counts seed the tally. */
  results?: Results;
  online?: boolean;
  /** Every call rejects with this error. */
  failWith?: ToriErrorShape;
  /** Delay of every answer, to show loading states. */
  latencyMs?: number;
  /** Posts waiting on the device from an earlier visit (offline stories). */
  queuedPosts?: QueuedPost[];
}

export interface FixtureClient extends ToriClient {
  readonly board: BoardClient;
  readonly journal: FixtureJournal;
  readonly discussion: FixtureDiscussion;
  setOnline(online: boolean): void;
  /** Sends results to the watchers, as the server does after votes. */
  pushResults(results: Results): void;
  /** Changes the space and tells the watchers, e.g. `{ votingOpen: false }`. */
  pushSpace(patch: Partial<Space>): void;
  /** Someone else posts an idea: stored and sent live, as the server would. */
  pushIdea(idea: Partial<ModeratedIdea> & { text: string }): ModeratedIdea;
  /** Sends an event to the watchers as it is. */
  pushEvent(event: SpaceEvent): void;
  /** Every ToriClient and BoardClient call, in order, for assertions. */
  readonly calls: { method: string; args: unknown[] }[];
}

/** Eight themes of a city strategy per language, for stories and demos. */
export const sampleIdeas: Record<Locale, string[]> = {
  fi: [
    'Lisää viheralueita ja kaupunkimetsiä',
    'Kohtuuhintaisia asuntoja kaikille',
    'Tiheämmät joukkoliikennevuorot',
    'Turvalliset pyörä- ja kävelyreitit',
    'Kirjastot kaupunkilaisten olohuoneiksi',
    'Tukea paikallisille yrityksille',
    'Harrastusmahdollisuuksia nuorille',
    'Hiilineutraali kaupunki vuoteen 2035 mennessä',
  ],
  sv: [
    'Fler grönområden och stadsskogar',
    'Bostäder till rimligt pris för alla',
    'Tätare turer i kollektivtrafiken',
    'Trygga cykel- och gångvägar',
    'Biblioteken som stadsbornas vardagsrum',
    'Stöd till lokala företag',
    'Fritidsaktiviteter för unga',
    'Koldioxidneutral stad senast 2035',
  ],
  en: [
    'More green areas and urban forests',
    'Affordable homes for everyone',
    'More frequent public transport',
    'Safe cycling and walking routes',
    'Libraries as the living rooms of the city',
    'Support for local businesses',
    'Hobbies and activities for young people',
    'A carbon-neutral city by 2035',
  ],
};

/** Plausible results of an evening's event over `sampleIdeas[locale]`. */
export function sampleResults(locale: Locale = 'en'): Results {
  const tallies: [wins: number, losses: number][] = [
    [212, 61], [187, 90], [160, 118], [141, 133], [120, 149], [98, 171], [84, 190], [62, 152],
  ];
  const ideas = sampleIdeas[locale].map((text, i) => {
    const [wins, losses] = tallies[i]!;
    return { id: `idea-${i + 1}`, text, wins, losses };
  });
  return {
    spaceId: 'demo',
    votes: tallies.reduce((sum, [wins]) => sum + wins, 0),
    skips: 143,
    participants: 287,
    ideas: rank(ideas),
    computedAt: '2026-05-14T18:30:00.000Z',
  };
}

interface Tally {
  id: string;
  text: string;
  wins: number;
  losses: number;
}

/** A simple win-rate score, enough for stories to move when someone votes. */
function rank(tallies: Tally[]): RankedIdea[] {
  const scored = tallies.map((idea) => {
    const comparisons = idea.wins + idea.losses;
    const score = comparisons ? Math.round((1000 * idea.wins) / comparisons) / 10 : 50;
    return { ...idea, comparisons, score, rank: 0 };
  });
  scored.sort((a, b) => b.score - a.score || b.comparisons - a.comparisons);
  scored.forEach((idea, i) => {
    const previous = scored[i - 1];
    idea.rank = previous && previous.score === idea.score ? previous.rank : i + 1;
  });
  return scored;
}

/** Every pair of n ideas, ordered so that consecutive pairs differ: (0,1) (1,2) … then (0,2) (1,3) … */
function pairOrder(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let distance = 1; distance <= Math.floor(n / 2); distance++) {
    for (let first = 0; first < n; first++) {
      const second = (first + distance) % n;
      // With an even n the widest distance would list each pair twice.
      if (distance * 2 === n && first >= distance) continue;
      pairs.push([first, second]);
    }
  }
  return pairs;
}

type QueuedAnswer = { spaceId: string; appearanceId: string; kind: 'vote' | 'skip'; winnerId?: string };

/** An idea as the fixture keeps it: the facilitator's view plus the duel's tally. */
type StoredIdea = ModeratedIdea & { wins: number; losses: number };

const fold = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** The duel score of a tally, as the fixture's ranking computes it; null before any comparison. */
const scoreOf = (idea: StoredIdea) =>
  idea.wins + idea.losses ? Math.round((1000 * idea.wins) / (idea.wins + idea.losses)) / 10 : idea.score;

/** A new approved idea with nothing on it yet. */
const blankIdea = (id: string, text: string, createdAt = new Date().toISOString()): StoredIdea => ({
  id,
  text,
  description: null,
  category: null,
  authorName: null,
  status: 'approved',
  pinned: false,
  supports: 0,
  supportedByYou: false,
  score: null,
  comparisons: 0,
  editedAt: null,
  createdAt,
  mine: false,
  reports: 0,
  reportReasons: {},
  mergedInto: null,
  wins: 0,
  losses: 0,
});

function invalid(path: string, message: string): ToriError {
  return new ToriError(422, 'invalid_body', message, [{ path, message }]);
}

export function createFixtureClient(options: FixtureOptions = {}): FixtureClient {
  const ideaTexts = options.ideas ?? options.results?.ideas.map((idea) => idea.text) ?? sampleIdeas.en;
  const seeded = new Map(options.results?.ideas.map((idea) => [idea.text, idea]));
  const ideas: StoredIdea[] = options.boardIdeas
    ? options.boardIdeas.map((idea) => ({ wins: 0, losses: 0, ...idea }))
    : ideaTexts.map((text, i) => ({
        ...blankIdea(seeded.get(text)?.id ?? `idea-${i + 1}`, text, '2026-05-14T17:00:00.000Z'),
        wins: seeded.get(text)?.wins ?? 0,
        losses: seeded.get(text)?.losses ?? 0,
      }));
  const approved = () => ideas.filter((idea) => idea.status === 'approved');
  let space: Space = {
    id: 'demo',
    title: 'Strategy 2030',
    question: 'Which theme matters more for the next strategy period?',
    votingOpen: true,
    ideasNeedApproval: false,
    ideaCount: approved().length,
    boardOpen: true,
    namedPosting: false,
    hideAfterReports: 3,
    categories: [],
    ...options.space,
  };
  const boardKey = options.boardKey ?? FIXTURE_KEY;
  const log: ModerationEntry[] = [...(options.log ?? [])];
  let online = options.online ?? true;
  let votes = options.results?.votes ?? 0;
  let skips = options.results?.skips ?? 0;
  let answeredByYou = 0;
  let pairIndex = 0;
  let appearanceCount = 0;
  let ideaCount = ideas.length;
  let postCount = 0;
  let lastResults: Results | undefined = options.results;
  const appearances = new Map<string, Appearance>();
  const answers = new Map<string, QueuedAnswer>();
  const queue: QueuedAnswer[] = [];
  const postQueue: QueuedPost[] = [...(options.queuedPosts ?? [])];
  /** What this participant did: their ideas, supports, reports and the request ids of their posts. */
  const mine = new Set<string>();
  const supported = new Set<string>();
  const reportedByYou = new Set<string>();
  const posted = new Map<string, string>();
  /** Watchers and the space id each asked for: the fixture serves its one space under any id a story uses. */
  const watchers = new Map<SpaceWatcher, string>();
  const statusListeners = new Set<(online: boolean) => void>();
  const outboxListeners = new Set<() => void>();
  const postListeners = new Set<Parameters<BoardClient['onPostsChange']>[0]>();
  const calls: { method: string; args: unknown[] }[] = [];

  const wait = () =>
    options.latencyMs ? new Promise<void>((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve();

  /** Records the call, waits the latency, fails as asked (or as offline does), then answers. */
  async function served<T>(method: string, args: unknown[], answer: () => T, needsNetwork = true): Promise<T> {
    calls.push({ method, args });
    await wait();
    if (options.failWith) throw ToriError.from(options.failWith);
    if (needsNetwork && !online) throw ToriError.network();
    return answer();
  }

  const computeResults = (): Results => {
    lastResults = {
      spaceId: space.id,
      votes,
      skips,
      participants: (options.results?.participants ?? 0) + (answeredByYou > 0 ? 1 : 0),
      ideas: rank(approved()),
      computedAt: new Date().toISOString(),
    };
    return lastResults;
  };
  const currentResults = () => lastResults ?? computeResults();

  const tell = (deliver: (watcher: SpaceWatcher, spaceId: string) => void) => {
    for (const [watcher, spaceId] of [...watchers]) deliver(watcher, spaceId);
  };
  const outboxChanged = () => outboxListeners.forEach((listener) => listener());

  /** A board event to every watcher, a moment later as from the server; the facilitator room's only with the key. */
  const emit = (event: SpaceEvent) =>
    setTimeout(() =>
      tell((watcher, spaceId) => {
        if (event.name === 'moderation:idea' && watcher.key !== boardKey) return;
        watcher.event?.({ ...event, payload: { ...event.payload, spaceId } } as SpaceEvent);
      }),
    );

  const spaceChanged = () => {
    space = { ...space, ideaCount: approved().length };
    setTimeout(() => {
      tell((watcher, spaceId) => watcher.space?.({ ...space, id: spaceId }));
      tell((watcher) => watcher.ideasChanged?.());
    });
  };

  /** An idea as the given participant would see it. */
  const facilitatorView = ({ wins: _wins, losses: _losses, ...idea }: StoredIdea): ModeratedIdea => ({
    ...idea,
    score: scoreOf({ ...idea, wins: _wins, losses: _losses }),
    comparisons: _wins + _losses || idea.comparisons,
  });
  const participantView = (idea: StoredIdea, asking = true): BoardIdea => {
    const { reports: _r, reportReasons: _rr, mergedInto: _m, ...shown } = facilitatorView(idea);
    return { ...shown, mine: asking && mine.has(idea.id), supportedByYou: asking && supported.has(idea.id) };
  };

  const find = (ideaId: string) => {
    const idea = ideas.find((candidate) => candidate.id === ideaId);
    if (!idea) throw new ToriError(404, 'not_found', `There is no idea "${ideaId}".`);
    return idea;
  };

  const logged = (ideaId: string | null, action: ModerationAction, actor: string, detail: ModerationEntry['detail'] = {}) => {
    const entry: ModerationEntry = { id: `log-${log.length + 1}-${Date.now()}`, ideaId, action, actor, at: new Date().toISOString(), detail };
    log.unshift(entry);
    return entry;
  };

  const checkKey = (access: FacilitatorAccess | undefined) => {
    if (!access?.key) throw new ToriError(401, 'unauthorized', 'The space key is needed.');
    if (access.key !== boardKey) throw new ToriError(403, 'forbidden', 'That is not the key of this space.');
    return access.moderator || 'facilitator';
  };

  const adminSpace = (): SpaceAdmin => ({ ...space, allowedOrigins: ['*'], createdAt: '2026-05-14T16:00:00.000Z' });

  const record = (answer: QueuedAnswer): AnswerAck => {
    const earlier = answers.get(answer.appearanceId);
    if (earlier) {
      if (earlier.kind !== answer.kind || earlier.winnerId !== answer.winnerId) {
        throw new ToriError(409, 'conflict', 'This pair was already answered; an answer cannot be changed.');
      }
      return { appearanceId: answer.appearanceId, kind: answer.kind, duplicate: true, answeredByYou };
    }
    const appearance = appearances.get(answer.appearanceId);
    if (!appearance) throw new ToriError(404, 'not_found', `There is no pair "${answer.appearanceId}".`);
    if (!space.votingOpen) throw new ToriError(409, 'voting_closed', 'Voting is closed in this space.');
    answers.set(answer.appearanceId, answer);
    answeredByYou += 1;
    if (answer.kind === 'vote') {
      const loserId = answer.winnerId === appearance.left.id ? appearance.right.id : appearance.left.id;
      const winner = ideas.find((idea) => idea.id === answer.winnerId);
      const loser = ideas.find((idea) => idea.id === loserId);
      if (!winner || !loser) throw new ToriError(422, 'invalid_body', 'winnerId must be one of the two ideas.');
      winner.wins += 1;
      loser.losses += 1;
      votes += 1;
    } else {
      skips += 1;
    }
    const results = computeResults();
    // Like the server: results reach the space's screens a moment after the vote.
    setTimeout(() => tell((watcher, spaceId) => watcher.results?.({ ...results, spaceId })), 0);
    return { appearanceId: answer.appearanceId, kind: answer.kind, duplicate: false, answeredByYou };
  };

  const answer = async (method: string, args: unknown[], queued: QueuedAnswer): Promise<AnswerOutcome> => {
    calls.push({ method, args });
    if (options.failWith) throw ToriError.from(options.failWith);
    if (!online) {
      if (!queue.some((waiting) => waiting.appearanceId === queued.appearanceId)) queue.push(queued);
      outboxChanged();
      return { status: 'queued' };
    }
    await wait();
    return { status: 'sent', ack: record(queued) };
  };

  /** A new idea, as the server stores it (the duel's `text` only, or the board's whole post). */
  const store = (body: NewIdeaBody, byYou = true): StoredIdea => {
    const text = fold(body.text);
    if (text.length < IDEA_TEXT_MIN || text.length > IDEA_TEXT_MAX) {
      throw invalid('text', `An idea is ${IDEA_TEXT_MIN}–${IDEA_TEXT_MAX} characters long.`);
    }
    if ((body.description?.length ?? 0) > IDEA_DESCRIPTION_MAX) {
      throw invalid('description', `A description is at most ${IDEA_DESCRIPTION_MAX} characters long.`);
    }
    const authorName = body.authorName === undefined ? undefined : fold(body.authorName);
    if (space.namedPosting && !authorName) throw invalid('authorName', 'Give your name: posts in this space are named.');
    if (!space.namedPosting && authorName !== undefined) throw invalid('authorName', 'Posts in this space are anonymous.');
    if ((authorName?.length ?? 0) > AUTHOR_NAME_MAX) throw invalid('authorName', 'The name is too long.');
    if (body.category !== undefined && !space.categories.some((category) => category.id === body.category)) {
      throw invalid('category', `There is no category "${body.category}".`);
    }
    if (ideas.some((idea) => idea.status !== 'hidden' && idea.text.toLowerCase() === text.toLowerCase())) {
      throw new ToriError(409, 'conflict', 'This idea is there already.');
    }
    ideaCount += 1;
    const idea: StoredIdea = {
      ...blankIdea(`idea-${ideaCount}`, text),
      description: body.description?.trim() || null,
      category: body.category ?? null,
      authorName: authorName ?? null,
      status: space.ideasNeedApproval ? 'pending' : 'approved',
    };
    if (byYou) mine.add(idea.id);
    return arrived(idea);
  };

  /** Stores an idea and tells the board (when it is visible) and the facilitator room. */
  const arrived = (idea: StoredIdea): StoredIdea => {
    ideas.push(idea);
    if (idea.status === 'approved') {
      spaceChanged();
      emit({ name: 'idea:posted', payload: { spaceId: space.id, idea: participantView(idea, false) } });
    }
    emit({ name: 'moderation:idea', payload: { spaceId: space.id, idea: facilitatorView(idea) } });
    return idea;
  };

  /** The board's post, idempotent by request id like the server's. */
  const storePost = (post: QueuedPost): IdeaCreated => {
    const earlier = posted.get(post.body.requestId);
    if (earlier) return { idea: participantView(find(earlier)), duplicate: true };
    if (!space.boardOpen) throw new ToriError(403, 'board_closed', 'The board is closed to new ideas.');
    const idea = store(post.body);
    posted.set(post.body.requestId, idea.id);
    return { idea: participantView(idea) };
  };

  const postsChanged = (sent?: { spaceId: string; created: IdeaCreated }) =>
    postListeners.forEach((listener) => listener(sent));

  /** Sends the posts that waited, as the real outbox does once the connection returns. */
  const flushPosts = () => {
    for (const post of postQueue.splice(0)) {
      try {
        postsChanged({ spaceId: post.spaceId, created: storePost(post) });
      } catch {
        // Refused for good (closed board, the same text twice): dropped, as the real outbox does.
        postsChanged();
      }
    }
  };

  /** A facilitator's change of one idea, with the live events the server sends for it. */
  const moderate = (idea: StoredIdea, body: IdeaModerationBody, actor: string): ModeratedIdea => {
    const wasVisible = idea.status === 'approved';
    const entries: ModerationEntry[] = [];
    if (body.status && body.status !== idea.status) {
      const action: ModerationAction =
        body.status === 'hidden' ? 'hide' : idea.status === 'pending' ? 'approve' : 'restore';
      idea.status = body.status;
      entries.push(logged(idea.id, action, actor));
    }
    const edits: ModerationEntry['detail'] = {};
    for (const field of ['text', 'description', 'category'] as const) {
      if (body[field] !== undefined && body[field] !== idea[field]) {
        edits[field === 'text' ? 'from' : field] = idea[field];
        (idea as Record<typeof field, string | null>)[field] = body[field] ?? null;
      }
    }
    if (Object.keys(edits).length) {
      idea.editedAt = new Date().toISOString();
      entries.push(logged(idea.id, 'edit', actor, edits));
    }
    if (body.pinned !== undefined && body.pinned !== idea.pinned) {
      idea.pinned = body.pinned;
      entries.push(logged(idea.id, body.pinned ? 'pin' : 'unpin', actor));
    }
    const visible = idea.status === 'approved';
    if (visible !== wasVisible) spaceChanged();
    if (visible) {
      emit({ name: wasVisible ? 'idea:updated' : 'idea:posted', payload: { spaceId: space.id, idea: participantView(idea, false) } });
    } else if (wasVisible) {
      emit({ name: 'idea:removed', payload: { spaceId: space.id, ideaId: idea.id, reason: 'hidden' } });
    }
    for (const entry of entries.length ? entries : [undefined]) {
      emit({ name: 'moderation:idea', payload: { spaceId: space.id, idea: facilitatorView(idea), ...(entry && { entry }) } });
    }
    return facilitatorView(idea);
  };

  const exported = (idea: StoredIdea, ranked: RankedIdea[]): ExportedIdea => {
    const rankedIdea = ranked.find((candidate) => candidate.id === idea.id);
    return {
      id: idea.id,
      title: idea.text,
      description: idea.description ?? '',
      category: idea.category ?? '',
      categoryLabel: space.categories.find((category) => category.id === idea.category)?.label ?? '',
      authorName: idea.authorName ?? '',
      status: idea.status,
      pinned: idea.pinned,
      supports: idea.supports,
      score: scoreOf(idea),
      rank: rankedIdea?.rank ?? null,
      comparisons: idea.wins + idea.losses,
      wins: idea.wins,
      losses: idea.losses,
      reports: idea.reports,
      mergedInto: idea.mergedInto ?? '',
      createdAt: idea.createdAt,
    };
  };

  const csvCell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };

  const board: BoardClient = {
    board(spaceId) {
      return served('board', [spaceId], () => ({
        space: { ...space, id: spaceId },
        ideas: ideas
          .filter((idea) => idea.status === 'approved' || (idea.status === 'pending' && mine.has(idea.id)))
          .map((idea) => participantView(idea)),
      }));
    },
    async post(spaceId, body) {
      calls.push({ method: 'post', args: [spaceId, body] });
      if (options.failWith) throw ToriError.from(options.failWith);
      const post: QueuedPost = {
        spaceId,
        body: { ...body, requestId: body.requestId ?? `fixture-post-${(postCount += 1)}` },
        queuedAt: new Date().toISOString(),
      };
      const { requestId } = post.body;
      if (!online) {
        postQueue.push(post);
        postsChanged();
        return { status: 'queued', post, requestId };
      }
      await wait();
      return { status: 'sent', created: storePost(post), requestId };
    },
    queuedPosts(spaceId) {
      return postQueue.filter((post) => post.spaceId === spaceId);
    },
    onPostsChange(listener) {
      postListeners.add(listener);
      return () => postListeners.delete(listener);
    },
    support(spaceId, ideaId, yes) {
      return served('support', [spaceId, ideaId, yes], () => {
        const idea = find(ideaId);
        if (idea.status !== 'approved') throw new ToriError(409, 'conflict', 'This idea is not on the board.');
        if (yes !== supported.has(ideaId)) {
          idea.supports += yes ? 1 : -1;
          if (yes) supported.add(ideaId);
          else supported.delete(ideaId);
          emit({ name: 'idea:updated', payload: { spaceId, idea: participantView(idea, false) } });
        }
        return { ideaId, supports: idea.supports, supportedByYou: yes };
      });
    },
    report(spaceId, ideaId, body) {
      return served('report', [spaceId, ideaId, body], () => {
        const idea = find(ideaId);
        if (mine.has(ideaId)) throw new ToriError(403, 'forbidden', 'You cannot report your own idea.');
        if (reportedByYou.has(ideaId)) return { ideaId, duplicate: true };
        reportedByYou.add(ideaId);
        idea.reports += 1;
        idea.reportReasons = { ...idea.reportReasons, [body.reason]: (idea.reportReasons[body.reason] ?? 0) + 1 };
        if (space.hideAfterReports > 0 && idea.reports >= space.hideAfterReports && idea.status === 'approved') {
          idea.status = 'hidden';
          spaceChanged();
          emit({ name: 'idea:removed', payload: { spaceId, ideaId, reason: 'hidden' } });
          const entry = logged(ideaId, 'auto_hide', 'system', { reports: idea.reports });
          emit({ name: 'moderation:idea', payload: { spaceId, idea: facilitatorView(idea), entry } });
        } else {
          emit({ name: 'moderation:idea', payload: { spaceId, idea: facilitatorView(idea) } });
        }
        return { ideaId, duplicate: false };
      });
    },
    moderation(spaceId, access) {
      return served('moderation', [spaceId], () => {
        checkKey(access);
        return { space: { ...adminSpace(), id: spaceId }, ideas: ideas.map(facilitatorView), log: [...log] };
      });
    },
    moderate(spaceId, ideaId, body, access) {
      return served('moderate', [spaceId, ideaId, body], () => moderate(find(ideaId), body, checkKey(access)));
    },
    merge(spaceId, ideaId, into, access) {
      return served('merge', [spaceId, ideaId, into], () => {
        const actor = checkKey(access);
        const idea = find(ideaId);
        const survivor = find(into);
        if (idea === survivor || survivor.status !== 'approved' || idea.status === 'merged') {
          throw new ToriError(409, 'conflict', 'An idea merges into another idea on the board.');
        }
        const wasVisible = idea.status === 'approved';
        idea.status = 'merged';
        idea.mergedInto = into;
        survivor.supports += idea.supports;
        const entry = logged(ideaId, 'merge', actor, { into });
        if (wasVisible) {
          spaceChanged();
          emit({ name: 'idea:removed', payload: { spaceId, ideaId, reason: 'merged', mergedInto: into } });
        }
        emit({ name: 'idea:updated', payload: { spaceId, idea: participantView(survivor, false) } });
        emit({ name: 'moderation:idea', payload: { spaceId, idea: facilitatorView(idea), entry } });
        return { idea: facilitatorView(idea), into: facilitatorView(survivor) };
      });
    },
    updateSpace(spaceId, body, access) {
      return served('updateSpace', [spaceId, body], () => {
        const actor = checkKey(access);
        if (body.boardOpen !== undefined && body.boardOpen !== space.boardOpen) {
          logged(null, body.boardOpen ? 'board_open' : 'board_close', actor);
        }
        const { allowedOrigins: _origins, ...settings } = body;
        space = { ...space, ...settings };
        spaceChanged();
        return { ...adminSpace(), id: spaceId };
      });
    },
    exportFile(spaceId, format, access) {
      return served('exportFile', [spaceId, format], () => {
        checkKey(access);
        const ranked = rank(approved());
        const rows = ideas.map((idea) => exported(idea, ranked));
        if (format === 'json') {
          return JSON.stringify({
            space: { id: spaceId, title: space.title, question: space.question },
            exportedAt: new Date().toISOString(),
            votes,
            skips,
            participants: currentResults().participants,
            ideas: rows,
          });
        }
        const columns = Object.keys(rows[0] ?? exported(ideas[0]!, ranked)) as (keyof ExportedIdea)[];
        return [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\n');
      });
    },
  };

  const joinAck = (targets: SpaceWatcher[]) => {
    void wait().then(() => {
      if (!online) return;
      const results = currentResults();
      for (const watcher of targets) {
        const spaceId = watchers.get(watcher);
        if (spaceId === undefined) continue;
        watcher.space?.({ ...space, id: spaceId });
        (watcher.results ?? watcher.joined)?.({ ...results, spaceId });
      }
    });
  };

  return {
    server: 'https://fixture.tori.invalid',
    calls,
    board,
    journal: createFixtureJournal(options, served, boardKey),
    discussion: createFixtureDiscussion(options, {
      served,
      emit,
      online: () => online,
      onStatus: (listener) => void statusListeners.add(listener),
      key: boardKey,
    }),
    get online() {
      return online;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    getSpace(spaceId) {
      return served('getSpace', [spaceId], () => ({ ...space, id: spaceId }));
    },
    nextPair(spaceId) {
      return served('nextPair', [spaceId], (): NextPair => {
        if (!space.votingOpen) return { appearance: null, reason: 'voting_closed' };
        const pool = approved();
        if (pool.length < 2) return { appearance: null, reason: 'not_enough_ideas' };
        const order = pairOrder(pool.length);
        const [left, right] = order[pairIndex++ % order.length]!;
        appearanceCount += 1;
        const appearance: Appearance = {
          id: `appearance-${appearanceCount}`,
          spaceId,
          left: { id: pool[left]!.id, text: pool[left]!.text },
          right: { id: pool[right]!.id, text: pool[right]!.text },
          issuedAt: new Date().toISOString(),
        };
        appearances.set(appearance.id, appearance);
        return { appearance };
      });
    },
    vote(spaceId, appearanceId, winnerId) {
      return answer('vote', [spaceId, appearanceId, winnerId], { spaceId, appearanceId, kind: 'vote', winnerId });
    },
    skip(spaceId, appearanceId, body: SkipBody) {
      return answer('skip', [spaceId, appearanceId, body], { spaceId, appearanceId, kind: 'skip' });
    },
    addIdea(spaceId, text) {
      return served('addIdea', [spaceId, text], (): IdeaCreated => ({ idea: participantView(store({ text })) }));
    },
    results(spaceId) {
      return served('results', [spaceId], () => ({ ...currentResults(), spaceId }));
    },
    watchSpace(spaceId, watcher) {
      calls.push({ method: 'watchSpace', args: [spaceId] });
      watchers.set(watcher, spaceId);
      joinAck([watcher]);
      return () => {
        watchers.delete(watcher);
      };
    },
    pendingAnswers(spaceId) {
      return queue.filter((waiting) => waiting.spaceId === spaceId).length;
    },
    onOutboxChange(listener) {
      outboxListeners.add(listener);
      return () => outboxListeners.delete(listener);
    },
    request(method, path) {
      calls.push({ method: 'request', args: [method, path] });
      return Promise.reject(new ToriError(404, 'not_found', `The fixture serves no ${method} ${path}; use its board.`));
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      statusListeners.forEach((listener) => listener(online));
      if (!online) return;
      // Back online: the outboxes send what waited, then the space is joined again.
      for (const waiting of queue.splice(0)) {
        try {
          record(waiting);
        } catch {
          // Refused for good: dropped, as the real outbox does.
        }
      }
      outboxChanged();
      flushPosts();
      joinAck([...watchers.keys()]);
    },
    pushResults(results) {
      lastResults = results;
      tell((watcher) => watcher.results?.(results));
    },
    pushSpace(patch) {
      space = { ...space, ...patch };
      tell((watcher, spaceId) => watcher.space?.({ ...space, id: spaceId }));
    },
    pushIdea(idea) {
      ideaCount += 1;
      return facilitatorView(arrived({ ...blankIdea(`idea-${ideaCount}`, idea.text), ...idea, wins: 0, losses: 0 }));
    },
    pushEvent(event) {
      tell((watcher) => watcher.event?.(event));
    },
  };
}
