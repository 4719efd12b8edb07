/** What storage hands to the domain: camelCase records, booleans and arrays already decoded. */
import type { IdeaStatus, SkipReason } from '@tori/protocol';

export interface SpaceRecord {
  id: string;
  title: string;
  question: string;
  votingOpen: boolean;
  ideasNeedApproval: boolean;
  allowedOrigins: string[];
  adminKeyHash: string;
  createdAt: string;
}

export type SpaceChanges = Partial<Pick<SpaceRecord, 'title' | 'question' | 'votingOpen' | 'ideasNeedApproval' | 'allowedOrigins'>>;

export interface IdeaRecord {
  id: string;
  spaceId: string;
  text: string;
  status: IdeaStatus;
  authorId: string | null;
  createdAt: string;
  moderatedAt: string | null;
}

export interface AppearanceRecord {
  id: string;
  spaceId: string;
  participantId: string;
  leftIdeaId: string;
  rightIdeaId: string;
  issuedAt: string;
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
