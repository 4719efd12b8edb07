import type { IdeaStatus, SkipReason } from './limits.js';

/** A space as every participant sees it. */
export interface Space {
  id: string;
  title: string;
  /** The duel's question, e.g. "Which theme matters more for the next strategy period?" */
  question: string;
  votingOpen: boolean;
  /** When true, an idea a participant adds enters the duel only after a facilitator approves it. */
  ideasNeedApproval: boolean;
  /** Approved ideas, the ones that take part in the duel. */
  ideaCount: number;
}

/** A space as its facilitator sees it (with the space key). */
export interface SpaceAdmin extends Space {
  allowedOrigins: string[];
  createdAt: string;
}

/** An idea as it is shown in a duel. */
export interface IdeaSummary {
  id: string;
  text: string;
}

/** An idea with its moderation state: what its author and the facilitator see. */
export interface Idea extends IdeaSummary {
  status: IdeaStatus;
  createdAt: string;
  /** True when the participant asking added it. */
  mine: boolean;
}

/** A pair issued to one participant; only they can vote or skip on it, once. */
export interface Appearance {
  id: string;
  spaceId: string;
  left: IdeaSummary;
  right: IdeaSummary;
  issuedAt: string;
}

export type NextPairReason = 'not_enough_ideas' | 'voting_closed';

/** Answer of `POST /api/spaces/:spaceId/appearances`. */
export interface NextPair {
  appearance: Appearance | null;
  /** Why there is no pair, when `appearance` is null. */
  reason?: NextPairReason;
}

export interface VoteBody {
  winnerId: string;
}

export interface SkipBody {
  reason: SkipReason;
  note?: string;
}

export interface NewIdeaBody {
  text: string;
}

export interface SpaceSettingsBody {
  title?: string;
  question?: string;
  votingOpen?: boolean;
  ideasNeedApproval?: boolean;
  allowedOrigins?: string[];
}

export interface IdeaModerationBody {
  status: 'approved' | 'hidden';
}

/** Answer to a vote or a skip. A repeated send of the same answer is acknowledged again with `duplicate: true`. */
export interface AnswerAck {
  appearanceId: string;
  kind: 'vote' | 'skip';
  duplicate: boolean;
  /** Votes and skips this participant has made in this space, for the progress hint. */
  answeredByYou: number;
}

export interface IdeaCreated {
  idea: Idea;
}

export interface ParticipantIssued {
  participantId: string;
  /** Signed token; the browser keeps it in localStorage and sends it as `Authorization: Bearer`. */
  token: string;
}

export interface RankedIdea {
  id: string;
  text: string;
  rank: number;
  /** 0-100: 100 x the mean probability that this idea beats another idea of the space. */
  score: number;
  wins: number;
  losses: number;
  /** wins + losses */
  comparisons: number;
}

export interface Results {
  spaceId: string;
  votes: number;
  skips: number;
  participants: number;
  ideas: RankedIdea[];
  computedAt: string;
}

/** Every 4xx/5xx answer has this body. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: { path: string; message: string }[];
  };
}

export type ErrorCode =
  | 'bad_request'
  | 'invalid_body'
  | 'unauthorized'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'not_found'
  | 'conflict'
  | 'voting_closed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal';

/** Ack of the `space:join` socket event. */
export type JoinAck =
  | { ok: true; space: Space; results: Results }
  | { ok: false; error: ErrorBody['error'] };

export type LeaveAck = { ok: true } | { ok: false; error: ErrorBody['error'] };

export interface JoinSpaceEvent {
  spaceId: string;
}

/** Events the server sends to a space's room. */
export interface ServerToClientEvents {
  /** Coalesced: at most once per RESULTS_INTERVAL_MS per space. */
  results: (payload: { spaceId: string; results: Results }) => void;
  /** Settings changed, e.g. voting opened or closed. */
  space: (payload: { space: Space }) => void;
  /** An idea was approved or hidden: a duel may drop a pair it holds. */
  'ideas:changed': (payload: { spaceId: string }) => void;
}

export interface ClientToServerEvents {
  'space:join': (payload: JoinSpaceEvent, ack: (answer: JoinAck) => void) => void;
  'space:leave': (payload: JoinSpaceEvent, ack: (answer: LeaveAck) => void) => void;
}

/** Request headers of the protocol. */
export const ADMIN_KEY_HEADER = 'x-tori-key';
