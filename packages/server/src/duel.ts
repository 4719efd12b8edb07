/** The duel: which pair a participant sees next, and their answer to it (a vote or a skip), exactly once. */
import type { AnswerAck, Appearance, NextPair, SkipBody, VoteBody } from '@tori/protocol';
import { choosePair, pairKey } from '@tori/ranking';
import { ApiError, conflict, forbidden, invalidBody, notFound, votingClosed } from './errors.js';
import type { SpaceEvents } from './events.js';
import type { ResultsBoard } from './results.js';
import { newOrderedId } from './secrets.js';
import { createGroupCommit } from './storage/group-commit.js';
import type { AnswerContext, RecordedAnswer } from './storage/duel.js';
import type { AnswerRecord, AppearanceRecord, SpaceRecord, Storage } from './storage/index.js';

/**
 * Unanswered pairs one participant may hold in a space. The client prefetches one ahead; a reload abandons
 * what it held. At the cap the oldest unanswered pair is handed out again instead of a new one: no error
 * for someone who reloaded a lot, and no unbounded growth for a script.
 */
export const OUTSTANDING_APPEARANCES_MAX = 20;

export type Answer = { kind: 'vote'; body: VoteBody } | { kind: 'skip'; body: SkipBody };

export interface Duel {
  nextPair(space: SpaceRecord, participantId: string): Promise<NextPair>;
  /**
   * `duplicate` acks (the same answer sent again) are answered with 200, new ones with 201. `admit` sees the pair's
   * space before anything else is judged (the socket checks its allowed origins there: REST did so in its hook).
   */
  answer(appearanceId: string, participantId: string, answer: Answer, admit?: (space: SpaceRecord) => void): Promise<AnswerAck>;
  /** Resolves once every pair and answer handed to the database so far is committed (or refused). */
  drain(): Promise<void>;
}

/** A refused answer wrote nothing, so it leaves the shared commit of the others alone (a throw would undo the group). */
type Judged = { ack: AnswerAck; spaceId: string } | { refused: ApiError };

/** An answer waiting for its turn in a commit. */
interface Asked {
  appearanceId: string;
  participantId: string;
  answer: Answer;
  admit: ((space: SpaceRecord) => void) | undefined;
  settle: (outcome: Judged | Promise<Judged>) => void;
}

/**
 * Answers judged together in one commit at most (the group commit's own cap counts this batch as one). Only a flood
 * fills it (bench:load's peak took about 20% more votes a second at 1,000 than at 500, a full batch holding the event
 * loop for tens of milliseconds); steady voting makes batches of one or two.
 */
export const ANSWERS_PER_COMMIT = 1_000;

export function createDuel(storage: Storage, results: ResultsBoard, events: SpaceEvents): Duel {
  // Hundreds of answers a second share commits instead of queueing for one apiece.
  const commits = createGroupCommit(storage);
  // Answers that arrive while a batch waits for its commit join it: it takes them when its turn comes.
  const waiting: Asked[] = [];
  let batchQueued = false;

  function queueBatch(): void {
    batchQueued = true;
    let batch: Asked[] | undefined;
    const judged = commits.transaction((tx) => {
      // A group that failed runs each of its members again: the same answers then, not the ones waiting now.
      if (!batch) {
        batch = waiting.splice(0, ANSWERS_PER_COMMIT);
        batchQueued = false;
        if (waiting.length > 0) queueBatch();
      }
      return judgeAll(tx, batch);
    });
    judged.then(
      (outcomes) => batch!.forEach((asked, i) => asked.settle(outcomes[i]!)),
      // Something broke that is not a refusal: each answer is judged again on its own, so one bad write fails only itself.
      () => {
        for (const asked of batch!) asked.settle(commits.transaction((tx) => judgeAll(tx, [asked])).then(([outcome]) => outcome!));
      },
    );
  }

  return {
    async nextPair(space, participantId) {
      if (!space.votingOpen) return { appearance: null, reason: 'voting_closed' };
      const ideas = await storage.duel.duelIdeas(space.id);
      if (ideas.length < 2) return { appearance: null, reason: 'not_enough_ideas' };
      const texts = new Map(ideas.map((idea) => [idea.id, idea.text]));

      // One read gives both what was shown (pair selection avoids it) and what is still unanswered (the cap).
      const shown = await storage.duel.appearancesOf(space.id, participantId);
      const outstanding = shown.filter(
        (a) => a.answeredAt === null && a.leftIdeaId !== a.rightIdeaId && texts.has(a.leftIdeaId) && texts.has(a.rightIdeaId),
      );
      if (outstanding.length >= OUTSTANDING_APPEARANCES_MAX) return { appearance: toAppearance(oldest(outstanding), texts) };

      const { strengths, comparisons } = await results.standings(space.id);
      const pair = choosePair({
        ideaIds: ideas.map((idea) => idea.id),
        seenPairs: new Set(shown.map((a) => pairKey(a.leftIdeaId, a.rightIdeaId))),
        strengths,
        comparisons,
      });
      if (!pair) return { appearance: null, reason: 'not_enough_ideas' };

      const now = new Date().toISOString();
      const appearance: AppearanceRecord = {
        id: newOrderedId(),
        spaceId: space.id,
        participantId,
        leftIdeaId: pair[0],
        rightIdeaId: pair[1],
        issuedAt: now,
        answeredAt: null,
      };
      await commits.transaction(async (tx) => {
        await tx.participants.ensure(participantId, now);
        await tx.duel.insertAppearance(appearance);
      });
      return { appearance: toAppearance(appearance, texts) };
    },

    async answer(appearanceId, participantId, answer, admit) {
      const outcome = await new Promise<Judged>((resolve) => {
        waiting.push({ appearanceId, participantId, answer, admit, settle: resolve });
        if (!batchQueued) queueBatch();
      });
      if ('refused' in outcome) throw outcome.refused;
      if (!outcome.ack.duplicate) events.resultsChanged(outcome.spaceId);
      if (!outcome.ack.duplicate && answer.kind === 'vote') events.activityCounted(outcome.spaceId, participantId, 'vote_cast');
      return outcome.ack;
    },

    drain: () => commits.drain(),
  };
}

/**
 * Judges a batch of answers inside the (shared) transaction and records those that stand, in order, as if one after
 * another: one read of all their pairs (with their ideas' state and each participant's count so far), one of each
 * space (fresh, so a vote closed on another node is closed here), then one write of each kind. Every refusal is
 * decided before the writes; an answer to a pair answered earlier in the batch is judged against that one.
 */
async function judgeAll(tx: Storage, batch: readonly Asked[]): Promise<Judged[]> {
  const contexts = await tx.duel.answerContexts([...new Set(batch.map((asked) => asked.appearanceId))]);
  const spaces = new Map<string, SpaceRecord | undefined>();
  for (const { appearance } of contexts.values()) {
    if (!spaces.has(appearance.spaceId)) spaces.set(appearance.spaceId, await tx.spaces.get(appearance.spaceId));
  }
  const recorded = new Map<string, RecordedAnswer>();
  const addedBy = new Map<string, number>();
  const outcomes: Judged[] = [];
  for (const asked of batch) {
    try {
      outcomes.push(await judgeOne(tx, asked, contexts.get(asked.appearanceId), spaces, recorded, addedBy));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      outcomes.push({ refused: error });
    }
  }
  if (recorded.size > 0) await tx.duel.recordAnswers([...recorded.values()], new Date().toISOString());
  return outcomes;
}

async function judgeOne(
  tx: Storage,
  { appearanceId, participantId, answer, admit }: Asked,
  context: AnswerContext | undefined,
  spaces: Map<string, SpaceRecord | undefined>,
  recorded: Map<string, RecordedAnswer>,
  addedBy: Map<string, number>,
): Promise<{ ack: AnswerAck; spaceId: string }> {
  const space = context && spaces.get(context.appearance.spaceId);
  if (!context || !space) throw notFound(`There is no pair "${appearanceId}".`);
  admit?.(space);
  const { appearance } = context;
  if (appearance.participantId !== participantId) throw forbidden('This pair was shown to another participant.');
  const record = toAnswerRecord(appearance, await survivorOf(tx, appearance, answer));
  // Counts are per space: one participant may answer in several spaces within a batch.
  const counted = `${appearance.spaceId}\u0000${participantId}`;
  const answeredSoFar = context.answered + (addedBy.get(counted) ?? 0);
  const acknowledge = (duplicate: boolean, answeredByYou: number) => ({
    ack: { appearanceId, kind: answer.kind, duplicate, answeredByYou },
    spaceId: appearance.spaceId,
  });

  // The answer given earlier in this batch or stored before it (null: answered, but its answer is not found).
  const earlier = recorded.get(appearanceId)?.record ?? (appearance.answeredAt === null ? undefined : ((await tx.duel.getAnswer(appearanceId)) ?? null));
  if (earlier !== undefined) {
    if (earlier && sameAnswer(earlier, record)) return acknowledge(true, answeredSoFar);
    throw conflict(`This pair was already answered ${describe(earlier ?? undefined)}; an answer cannot be changed.`);
  }
  if (!space.votingOpen) throw votingClosed('Voting is closed in this space.');
  if (!context.bothApproved) throw conflict('One of the ideas of this pair was removed by the facilitator; ask for a new pair.');
  if (appearance.leftIdeaId === appearance.rightIdeaId) {
    throw conflict('The two ideas of this pair were merged into one by the facilitator; ask for a new pair.');
  }

  recorded.set(appearanceId, { appearance, record });
  addedBy.set(counted, (addedBy.get(counted) ?? 0) + 1);
  return acknowledge(false, answeredSoFar + 1);
}

/** The pair handed out longest ago (ties by id, so the same one every time). */
function oldest(appearances: AppearanceRecord[]): AppearanceRecord {
  return appearances.reduce((a, b) => (b.issuedAt < a.issuedAt || (b.issuedAt === a.issuedAt && b.id < a.id) ? b : a));
}

/** Merges longer than this are not followed: a facilitator merges a duplicate once or twice, never in a loop. */
const MERGE_CHAIN_MAX = 20;

/**
 * A vote names the winner as the pair was shown. If that idea has since been merged, the pair now names the
 * survivor (see storage `repoint`): so does the vote, and a resend after the merge matches the stored answer.
 */
async function survivorOf(storage: Storage, appearance: AppearanceRecord, answer: Answer): Promise<Answer> {
  if (answer.kind !== 'vote') return answer;
  let winnerId = answer.body.winnerId;
  for (let step = 0; step < MERGE_CHAIN_MAX; step++) {
    if (winnerId === appearance.leftIdeaId || winnerId === appearance.rightIdeaId) break;
    const idea = await storage.ideas.get(appearance.spaceId, winnerId);
    if (idea?.status !== 'merged' || idea.mergedInto === null) break;
    winnerId = idea.mergedInto;
  }
  return winnerId === answer.body.winnerId ? answer : { kind: 'vote', body: { winnerId } };
}

function toAnswerRecord(appearance: AppearanceRecord, answer: Answer): AnswerRecord {
  if (answer.kind === 'skip') return { kind: 'skip', reason: answer.body.reason, note: answer.body.note || null };
  const { winnerId } = answer.body;
  if (winnerId === appearance.leftIdeaId) return { kind: 'vote', winnerId, loserId: appearance.rightIdeaId };
  if (winnerId === appearance.rightIdeaId) return { kind: 'vote', winnerId, loserId: appearance.leftIdeaId };
  throw invalidBody('winnerId must be the id of one of the two ideas of this pair.', [
    { path: 'winnerId', message: 'not one of the two ideas of this pair' },
  ]);
}

function sameAnswer(a: AnswerRecord, b: AnswerRecord): boolean {
  if (a.kind === 'vote' && b.kind === 'vote') return a.winnerId === b.winnerId;
  if (a.kind === 'skip' && b.kind === 'skip') return a.reason === b.reason && (a.note ?? null) === (b.note ?? null);
  return false;
}

function describe(answer: AnswerRecord | undefined): string {
  if (!answer) return 'differently';
  return answer.kind === 'vote' ? 'with a vote' : 'with a skip';
}

function toAppearance(appearance: AppearanceRecord, texts: Map<string, string>): Appearance {
  return {
    id: appearance.id,
    spaceId: appearance.spaceId,
    left: { id: appearance.leftIdeaId, text: texts.get(appearance.leftIdeaId) ?? '' },
    right: { id: appearance.rightIdeaId, text: texts.get(appearance.rightIdeaId) ?? '' },
    issuedAt: appearance.issuedAt,
  };
}

