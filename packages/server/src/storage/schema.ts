/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 text and booleans 0/1 integers, so the same
 * queries run unchanged on SQLite and PostgreSQL.
 */
import type { IdeaStatus, SkipReason } from '@tori/protocol';

export interface Database {
  spaces: SpacesTable;
  server_settings: ServerSettingsTable;
  participants: ParticipantsTable;
  ideas: IdeasTable;
  appearances: AppearancesTable;
  votes: VotesTable;
  skips: SkipsTable;
  moderation_log: ModerationLogTable;
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
  moderated_at: string | null;
}

export interface AppearancesTable {
  id: string;
  space_id: string;
  participant_id: string;
  left_idea_id: string;
  right_idea_id: string;
  issued_at: string;
  answered_at: string | null;
}

export interface VotesTable {
  appearance_id: string;
  space_id: string;
  participant_id: string;
  winner_id: string;
  loser_id: string;
  created_at: string;
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
  idea_id: string;
  /** The status the facilitator set. */
  action: IdeaStatus;
  previous_status: IdeaStatus;
  at: string;
}
