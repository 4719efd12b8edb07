/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 text and booleans 0/1 integers, so the same
 * queries run unchanged on SQLite and PostgreSQL.
 */
import type { IdeaStatus, ModerationAction, ReportReason, SkipReason } from '@tori/protocol';
import type { BadgeTables } from './badges.js';
import type { DiscussionTables } from './discussion.js';
import type { JournalTables } from './journal.js';
import type { ProfileTables } from './profiles.js';

export interface Database extends ProfileTables, DiscussionTables, JournalTables, BadgeTables {
  spaces: SpacesTable;
  server_settings: ServerSettingsTable;
  participants: ParticipantsTable;
  ideas: IdeasTable;
  appearances: AppearancesTable;
  votes: VotesTable;
  skips: SkipsTable;
  answer_counts: AnswerCountsTable;
  pair_counts: PairCountsTable;
  moderation_log: ModerationLogTable;
  supports: SupportsTable;
  reports: ReportsTable;
}

export interface SpacesTable {
  id: string;
  title: string;
  question: string;
  voting_open: number;
  ideas_need_approval: number;
  /** JSON array of origins, "*" for any. */
  allowed_origins: string;
  /** sha256 (hex) of the facilitator key; the key itself is shown once and never stored. */
  admin_key_hash: string;
  created_at: string;
  board_open: number;
  named_posting: number;
  /** 0 never hides an idea automatically. */
  hide_after_reports: number;
  /** JSON array of { id, label }. */
  categories: string;
}

export interface ServerSettingsTable {
  key: string;
  value: string;
}

export interface ParticipantsTable {
  id: string;
  created_at: string;
}

export interface IdeasTable {
  id: string;
  space_id: string;
  text: string;
  /** Lower-cased text: two live ideas of a space may not share it. */
  text_key: string;
  status: IdeaStatus;
  author_id: string | null;
  created_at: string;
  /** Last change of status by a facilitator or by reports; reports before it no longer count towards hiding. */
  moderated_at: string | null;
  description: string | null;
  category: string | null;
  author_name: string | null;
  pinned: number;
  edited_at: string | null;
  merged_into: string | null;
  /** The client's id of the post that created it, unique per space and author. */
  request_id: string | null;
}

export interface AppearancesTable {
  id: string;
  space_id: string;
  participant_id: string;
  left_idea_id: string;
  right_idea_id: string;
  issued_at: string;
}

export interface VotesTable {
  appearance_id: string;
  space_id: string;
  participant_id: string;
  winner_id: string;
  loser_id: string;
  created_at: string;
}

/** A participant's votes and skips in a space, kept with every answer (rows exist once they answered). */
export interface AnswerCountsTable {
  space_id: string;
  participant_id: string;
  votes: number;
  skips: number;
}

/** How often one idea beat another in a space, kept with every vote (and moved along when an idea is merged). */
export interface PairCountsTable {
  space_id: string;
  winner_id: string;
  loser_id: string;
  votes: number;
}

export interface SkipsTable {
  appearance_id: string;
  space_id: string;
  participant_id: string;
  reason: SkipReason;
  note: string | null;
  created_at: string;
}

export interface ModerationLogTable {
  id: string;
  space_id: string;
  /** Null for entries about the space, e.g. the board opened. */
  idea_id: string | null;
  action: ModerationAction;
  /** The facilitator's name, "facilitator" without one, "system" for the server's own. */
  actor: string;
  /** JSON object: what changed, e.g. {"previousStatus":"pending"}. */
  detail: string;
  at: string;
}

export interface SupportsTable {
  space_id: string;
  idea_id: string;
  participant_id: string;
  created_at: string;
}

export interface ReportsTable {
  id: string;
  space_id: string;
  idea_id: string;
  participant_id: string;
  reason: ReportReason;
  note: string | null;
  created_at: string;
}
