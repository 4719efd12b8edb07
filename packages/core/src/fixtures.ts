/**
 * An in-memory Tori server for stories and element tests: pairs in rotation, votes counted, results recomputed,
 * online and offline at will. Import from `@tori/core/fixtures`; never part of a page bundle.
 */
import {
  IDEA_TEXT_MAX,
  IDEA_TEXT_MIN,
  type AnswerAck,
  type Appearance,
  type Idea,
  type IdeaCreated,
  type NextPair,
  type RankedIdea,
  type Results,
  type SkipBody,
  type Space,
} from '@tori/protocol';
import type { AnswerOutcome, SpaceWatcher, ToriClient, ToriErrorShape } from './contracts.js';
import { ToriError } from './errors.js';
import type { Locale } from './i18n.js';

export interface FixtureOptions {
  space?: Partial<Space>;
  /** Texts of the approved ideas; `sampleIdeas.en` by default, or the ideas of `results` when given. */
  ideas?: string[];
  /** Starting results; their win and loss counts seed the tally. */
  results?: Results;
  online?: boolean;
  /** Every call rejects with this error. */
  failWith?: ToriErrorShape;
  /** Delay of every answer, to show loading states. */
  latencyMs?: number;
}

export interface FixtureClient extends ToriClient {
  setOnline(online: boolean): void;
  /** Sends results to the watchers, as the server does after votes. */
  pushResults(results: Results): void;
  /** Changes the space and tells the watchers, e.g. `{ votingOpen: false }`. */
  pushSpace(patch: Partial<Space>): void;
  /** Every ToriClient call, in order, for assertions. */
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

export function createFixtureClient(options: FixtureOptions = {}): FixtureClient {
  const ideaTexts = options.ideas ?? options.results?.ideas.map((idea) => idea.text) ?? sampleIdeas.en;
  const seeded = new Map(options.results?.ideas.map((idea) => [idea.text, idea]));
  const ideas: (Idea & { wins: number; losses: number })[] = ideaTexts.map((text, i) => ({
    id: seeded.get(text)?.id ?? `idea-${i + 1}`,
    text,
    status: 'approved',
    createdAt: '2026-05-14T17:00:00.000Z',
    mine: false,
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
    ...options.space,
  };
  let online = options.online ?? true;
  let votes = options.results?.votes ?? 0;
  let skips = options.results?.skips ?? 0;
  let answeredByYou = 0;
  let pairIndex = 0;
  let appearanceCount = 0;
  let lastResults: Results | undefined = options.results;
  const appearances = new Map<string, Appearance>();
  const answers = new Map<string, QueuedAnswer>();
  const queue: QueuedAnswer[] = [];
  /** Watchers and the space id each asked for: the fixture serves its one space under any id a story uses. */
  const watchers = new Map<SpaceWatcher, string>();
  const statusListeners = new Set<(online: boolean) => void>();
  const outboxListeners = new Set<() => void>();
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

  const joinAck = (targets: SpaceWatcher[]) => {
    void wait().then(() => {
      if (!online) return;
      const results = currentResults();
      for (const watcher of targets) {
        const spaceId = watchers.get(watcher);
        if (spaceId === undefined) continue;
        watcher.space?.({ ...space, id: spaceId });
        watcher.results?.({ ...results, spaceId });
      }
    });
  };

  return {
    server: 'https://fixture.tori.invalid',
    calls,
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
      return served('addIdea', [spaceId, text], (): IdeaCreated => {
        const trimmed = text.trim();
        if (trimmed.length < IDEA_TEXT_MIN || trimmed.length > IDEA_TEXT_MAX) {
          throw new ToriError(422, 'invalid_body', `An idea is ${IDEA_TEXT_MIN}–${IDEA_TEXT_MAX} characters long.`, [
            { path: 'text', message: 'length' },
          ]);
        }
        if (ideas.some((idea) => idea.text.toLowerCase() === trimmed.toLowerCase())) {
          throw new ToriError(409, 'conflict', 'This idea is there already.');
        }
        const idea = {
          id: `idea-${ideas.length + 1}`,
          text: trimmed,
          status: space.ideasNeedApproval ? ('pending' as const) : ('approved' as const),
          createdAt: new Date().toISOString(),
          mine: true,
          wins: 0,
          losses: 0,
        };
        ideas.push(idea);
        if (idea.status === 'approved') {
          space = { ...space, ideaCount: approved().length };
          setTimeout(() => {
            tell((watcher, spaceId) => watcher.space?.({ ...space, id: spaceId }));
            tell((watcher) => watcher.ideasChanged?.());
          }, 0);
        }
        const { wins: _wins, losses: _losses, ...shown } = idea;
        return { idea: shown };
      });
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
    setOnline(next) {
      if (next === online) return;
      online = next;
      statusListeners.forEach((listener) => listener(online));
      if (!online) return;
      // Back online: the outbox sends what waited, then the space is joined again.
      for (const waiting of queue.splice(0)) {
        try {
          record(waiting);
        } catch {
          // Refused for good: dropped, as the real outbox does.
        }
      }
      outboxChanged();
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
  };
}
