/** What storage hands to the domain: camelCase records, booleans and arrays already decoded. */
import type { Category, IdeaStatus, ModerationAction, ModerationEntry, ReportReason, SkipReason } from '@tori/protocol';

export interface SpaceRecord {
  id: string;
  title: string;
  question: string;
  votingOpen: boolean;
  ideasNeedApproval: boolean;
  allowedOrigins: string[];
  adminKeyHash: string;
  createdAt: string;
  boardOpen: boolean;
  namedPosting: boolean;
  hideAfterReports: number;
  categories: Category[];
}

export type SpaceChanges = Partial<
  Pick<
    SpaceRecord,
    | 'title'
    | 'question'
    | 'votingOpen'
    | 'ideasNeedApproval'
    | 'allowedOrigins'
    | 'boardOpen'
    | 'namedPosting'
    | 'hideAfterReports'
    | 'categories'
  >
>;

export interface IdeaRecord {
  id: string;
  spaceId: string;
  text: string;
  status: IdeaStatus;
  authorId: string | null;
  createdAt: string;
  moderatedAt: string | null;
  description: string | null;
  category: string | null;
  authorName: string | null;
  pinned: boolean;
  editedAt: string | null;
  mergedInto: string | null;
  requestId: string | null;
}

/** What a facilitator (or the server) may change on an idea in one go. */
export type IdeaChanges = Partial<
  Pick<IdeaRecord, 'text' | 'status' | 'description' | 'category' | 'pinned' | 'editedAt' | 'mergedInto' | 'moderatedAt'>
>;

/** A moderation log entry as stored; `detail` decoded. */
export interface ModerationEntryRecord {
  id: string;
  spaceId: string;
  ideaId: string | null;
  action: ModerationAction;
  actor: string;
  detail: ModerationEntry['detail'];
  at: string;
}

export interface ReportRecord {
  id: string;
  spaceId: string;
  ideaId: string;
  participantId: string;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
}

/** Supports and reports of one idea. */
export interface IdeaTally {
  supports: number;
  reports: number;
  reportReasons: Partial<Record<ReportReason, number>>;
}

export interface AppearanceRecord {
  id: string;
  spaceId: string;
  participantId: string;
  leftIdeaId: string;
  rightIdeaId: string;
  issuedAt: string;
  /** When its vote or skip was stored; null while unanswered. */
  answeredAt: string | null;
}

export type AnswerRecord =
  | { kind: 'vote'; winnerId: string; loserId: string }
  | { kind: 'skip'; reason: SkipReason; note: string | null };

export interface PairCountRecord {
  winner: string;
  loser: string;
  count: number;
}

export interface AnswerTotals {
  votes: number;
  skips: number;
  participants: number;
}

/** A write that would break a uniqueness rule (same id, or a live idea with the same text). */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/** Engine error codes for a unique/primary key violation: SQLite's and PostgreSQL's. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
