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
/** Live results are sent to a space's screens at most this often. */
export const RESULTS_INTERVAL_MS = 400;

/** Why a participant could not decide between two ideas (All Our Ideas' reasons, plus "other"). */
export const SKIP_REASONS = ['like_both', 'dislike_both', 'dont_know', 'too_similar', 'other'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const IDEA_STATUSES = ['approved', 'pending', 'hidden'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
