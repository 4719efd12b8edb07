import type { BadgeServerEvents } from './badges.js';
import type { CourseServerEvents } from './course.js';
import type { ExportFormat, IdeaStatus, ModerationAction, ReportReason, SkipReason } from './limits.js';

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
  /** False when the facilitator has closed the board to new ideas (supports and the duel go on). */
  boardOpen: boolean;
  /** When true, a post on the board carries its author's name and the name is shown on the idea. */
  namedPosting: boolean;
  /** Reports that hide an idea until the facilitator looks at it; 0 never hides automatically. */
  hideAfterReports: number;
  /** The categories a post may choose from, in the facilitator's order; empty when the space has none. */
  categories: Category[];
}

export interface Category {
  /** Stable id, e.g. "traffic"; ideas keep it when the label is reworded. */
  id: string;
  /** Shown as written, e.g. "Liikenne". */
  label: string;
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

/** An idea as the board shows it: the same idea the duel compares, with the board's parts. */
export interface BoardIdea extends Idea {
  description: string | null;
  /** A category id of the space, or null. */
  category: string | null;
  /** Set when the space has named posting on. */
  authorName: string | null;
  pinned: boolean;
  supports: number;
  /** True when the participant asking supports it (always false in live events: the client keeps its own). */
  supportedByYou: boolean;
  /** Duel score 0-100 (see RankedIdea.score), null until the idea has been compared. */
  score: number | null;
  comparisons: number;
  /** Last facilitator edit of its text, description or category. */
  editedAt: string | null;
}

/** An idea as the facilitator sees it: with its reports and, when merged, where it went. */
export interface ModeratedIdea extends BoardIdea {
  reports: number;
  reportReasons: Partial<Record<ReportReason, number>>;
  mergedInto: string | null;
}

/** Answer of `GET /api/spaces/:spaceId/board`: approved ideas, plus the asking participant's own pending ones. */
export interface Board {
  space: Space;
  ideas: BoardIdea[];
}

/** Answer of `GET /api/spaces/:spaceId/board/moderation` (facilitator key): every idea and the log, newest first. */
export interface ModerationView {
  space: SpaceAdmin;
  ideas: ModeratedIdea[];
  log: ModerationEntry[];
}

export interface ModerationEntry {
  id: string;
  ideaId: string | null;
  action: ModerationAction;
  /** The name the facilitator gave (x-tori-moderator header), "facilitator" without one, "system" for auto-hide. */
  actor: string;
  at: string;
  /** What changed, for the reader of the log, e.g. { into: "<idea id>" } or { from: "old text" }. */
  detail: Record<string, string | number | boolean | null>;
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

/** Body of `POST /api/spaces/:spaceId/ideas`: the duel sends `text` only, the board may send the rest. */
export interface NewIdeaBody {
  /** The idea's title on the board, its whole text in the duel. */
  text: string;
  description?: string;
  category?: string;
  /** Required when the space has named posting on, refused when it has not. */
  authorName?: string;
  /** Makes the post idempotent: the same id sent again answers with the idea already stored. */
  requestId?: string;
}

/** Body of `POST /api/spaces/:spaceId/ideas/:ideaId/reports`. */
export interface ReportBody {
  reason: ReportReason;
  note?: string;
}

/** Answer to a report; a second report of the same idea by the same participant answers `duplicate: true`. */
export interface ReportAck {
  ideaId: string;
  duplicate: boolean;
}

/** Answer of `PUT` (support) and `DELETE` (withdraw) on `/api/spaces/:spaceId/ideas/:ideaId/support`. */
export interface SupportAck {
  ideaId: string;
  supports: number;
  supportedByYou: boolean;
}

/** Body of `POST /api/spaces/:spaceId/ideas/:ideaId/merge` (facilitator): this idea is folded into `into`. */
export interface MergeBody {
  into: string;
}

/** Query of `GET /api/spaces/:spaceId/export` (facilitator). */
export interface ExportQuery {
  format: ExportFormat;
}

/** One row of the export, the JSON format's `ideas` items and the CSV's columns in this order. */
export interface ExportedIdea {
  id: string;
  title: string;
  description: string;
  category: string;
  categoryLabel: string;
  authorName: string;
  status: IdeaStatus;
  pinned: boolean;
  supports: number;
  /** Duel score 0-100, null when never compared. */
  score: number | null;
  rank: number | null;
  comparisons: number;
  wins: number;
  losses: number;
  reports: number;
  mergedInto: string;
  createdAt: string;
}

/** The JSON export. */
export interface SpaceExport {
  space: { id: string; title: string; question: string };
  exportedAt: string;
  votes: number;
  skips: number;
  participants: number;
  ideas: ExportedIdea[];
}

export interface SpaceSettingsBody {
  title?: string;
  question?: string;
  votingOpen?: boolean;
  ideasNeedApproval?: boolean;
  allowedOrigins?: string[];
  boardOpen?: boolean;
  namedPosting?: boolean;
  hideAfterReports?: number;
  categories?: Category[];
}

/**
 * Body of the facilitator's `PATCH /api/spaces/:spaceId/ideas/:ideaId`: at least one field. `approved` approves a
 * pending idea or restores a hidden one; `text`, `description` and `category` correct a typo (logged as `edit`).
 */
export interface IdeaModerationBody {
  status?: 'approved' | 'hidden';
  text?: string;
  description?: string | null;
  category?: string | null;
  pinned?: boolean;
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
  idea: BoardIdea;
  /** True when `requestId` had been posted before: nothing new was stored. */
  duplicate?: boolean;
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

/**
 * Results as the `results` event carries them: an idea's text is left out when the last `results` message to the
 * room carried the same text, so a busy space's messages are mostly numbers. A screen fills them in from the last
 * results it had (the join's ack carries every text, as REST does); one it cannot fill asks for the results again.
 */
export interface ResultsUpdate extends Omit<Results, 'ideas'> {
  ideas: (Omit<RankedIdea, 'text'> & { text?: string })[];
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
  | 'board_closed'
  | 'journal_closed'
  /** A discussion post before the participant has given a name in the space. */
  | 'profile_required'
  /** A post, reply, edit or reaction on a topic the facilitator has locked. */
  | 'topic_locked'
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
  /** The facilitator key: also joins the space's facilitator room (pending ideas, reports). */
  key?: string;
  /**
   * False: this screen shows no live results, so no `results` messages are sent to it (the ack still carries the
   * results of the moment). True, the default: they are. Joining again with the other value switches.
   */
  results?: boolean;
}

/** Events the server sends to a space's room (the course's discussions included). */
export interface ServerToClientEvents extends CourseServerEvents, BadgeServerEvents {
  /** Coalesced: at most once per RESULTS_INTERVAL_MS per space; texts the room was last sent are left out. */
  results: (payload: { spaceId: string; results: ResultsUpdate }) => void;
  /** Settings changed, e.g. voting opened or closed. */
  space: (payload: { space: Space }) => void;
  /** An idea was approved or hidden: a duel may drop a pair it holds. */
  'ideas:changed': (payload: { spaceId: string }) => void;
  /** A visible idea arrived on the board (posted, or approved from the queue). */
  'idea:posted': (payload: { spaceId: string; idea: BoardIdea }) => void;
  /** A visible idea changed: supports, pin, a facilitator's edit. */
  'idea:updated': (payload: { spaceId: string; idea: BoardIdea }) => void;
  /** An idea left the board: hidden (by the facilitator or by reports) or merged into another. */
  'idea:removed': (payload: { spaceId: string; ideaId: string; reason: 'hidden' | 'merged'; mergedInto?: string }) => void;
  /** Facilitator room only: an idea's moderation state changed (new in the queue, reported, moderated). */
  'moderation:idea': (payload: { spaceId: string; idea: ModeratedIdea; entry?: ModerationEntry }) => void;
}

/**
 * Payload of the `appearance:answer` socket event: the same answer as `POST /api/appearances/:id/vote` or `/skip`,
 * as the participant of the handshake's token. The appearance id makes a resend harmless, as over REST.
 */
export type AnswerEvent =
  | { appearanceId: string; kind: 'vote'; body: VoteBody }
  | { appearanceId: string; kind: 'skip'; body: SkipBody };

/**
 * Ack of `appearance:answer`, sent once the answer is committed. `status` is the HTTP status REST would answer; a
 * rate limit that refuses the event before it is handled sends none (`rate_limited`, as REST's 429).
 */
export type AnswerEventAck =
  | ({ ok: true } & AnswerAck)
  | { ok: false; status?: number; error: ErrorBody['error'] };

/**
 * Payload of `participant:identify`: a socket that connected before the participant had a token (a first visit)
 * names them now, so their own events (badges) reach it and their answers may go over it. 401 for a token not
 * signed by this server.
 */
export interface IdentifyEvent {
  token: string;
}

export type IdentifyAck = { ok: true } | { ok: false; status?: number; error: ErrorBody['error'] };

export interface ClientToServerEvents {
  'space:join': (payload: JoinSpaceEvent, ack: (answer: JoinAck) => void) => void;
  'participant:identify': (payload: IdentifyEvent, ack: (answer: IdentifyAck) => void) => void;
  'appearance:answer': (payload: AnswerEvent, ack: (answer: AnswerEventAck) => void) => void;
  'space:leave': (payload: JoinSpaceEvent, ack: (answer: LeaveAck) => void) => void;
}

/** Request headers of the protocol. */
export const ADMIN_KEY_HEADER = 'x-tori-key';
/** Optional name of the facilitator acting, for the moderation log. */
export const MODERATOR_HEADER = 'x-tori-moderator';
