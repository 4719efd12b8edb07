/** Limits shared by both ends, so the element can show them while the participant types. */
export const IDEA_TEXT_MIN = 3;
export const IDEA_TEXT_MAX = 140;
export const SKIP_NOTE_MAX = 280;
export const SPACE_TITLE_MAX = 120;
export const SPACE_QUESTION_MAX = 200;
export const SPACE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,62}$';
export const ID_MAX = 64;
export const ALLOWED_ORIGINS_MAX = 50;
/** Largest JSON body the server reads; anything bigger is answered with 413. */
export const BODY_LIMIT_BYTES = 16 * 1024;
/**
 * Live results are sent to a space's screens at most this often: a vote waits up to this long to be shown, and 2,000
 * screens at 4 messages a second are well within what socket.io delivers (400 ms gave a screens p99 over 500 ms).
 */
export const RESULTS_INTERVAL_MS = 250;

/** Why a participant could not decide between two ideas (All Our Ideas' reasons, plus "other"). */
export const SKIP_REASONS = ['like_both', 'dislike_both', 'dont_know', 'too_similar', 'other'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** `merged`: folded into another idea by the facilitator; kept, never deleted, and no longer shown. */
export const IDEA_STATUSES = ['approved', 'pending', 'hidden', 'merged'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** The board's optional parts of an idea, and the space's list of categories. */
export const IDEA_DESCRIPTION_MAX = 1000;
export const AUTHOR_NAME_MAX = 60;
export const CATEGORIES_MAX = 20;
export const CATEGORY_LABEL_MAX = 40;
export const CATEGORY_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';
/** A client-made id of one post, so a post sent again after a lost answer is stored once. */
export const REQUEST_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';
/** The same participant posting the same text again within this window is answered 409, not stored twice. */
export const DUPLICATE_POST_WINDOW_MS = 60_000;
/** Reports that hide an idea until the facilitator looks at it (Decidim's default); 0 turns auto-hiding off. */
export const HIDE_AFTER_REPORTS_DEFAULT = 3;
export const HIDE_AFTER_REPORTS_MAX = 100;
export const REPORT_NOTE_MAX = 280;
/** Name a facilitator may give for the moderation log, since a space has one shared key. */
export const MODERATOR_NAME_MAX = 60;

/** Why a participant reports an idea. */
export const REPORT_REASONS = ['spam', 'offensive', 'off_topic', 'personal_data', 'duplicate', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** Everything the moderation log records. `auto_hide` is the server's own, after enough reports. */
export const MODERATION_ACTIONS = [
  'approve',
  'hide',
  'restore',
  'auto_hide',
  'edit',
  'merge',
  'pin',
  'unpin',
  'board_open',
  'board_close',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
