/**
 * The course's contract: a participant's name in a space, named discussions and the private reflection journal.
 * Types and limits only; the validators are in `course-schemas.ts`.
 */
import type { ParticipantIssued } from './types.js';

export const DISPLAY_NAME_MAX = 60;
export const ROLE_MAX = 80;
export const TOPIC_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
export const TOPIC_TITLE_MAX = 120;
export const TOPIC_PROMPT_MAX = 1000;
export const POST_BODY_MAX = 4000;
/** Own posts can be edited or deleted for this long after posting. */
export const POST_EDIT_WINDOW_MS = 15 * 60_000;
/** A host site's login token may live at most this long (it is exchanged for a participant token at once). */
export const HOST_TOKEN_MAX_AGE_S = 10 * 60;
export const HOST_USER_ID_MAX = 128;
export const JOURNAL_MODULES_MAX = 12;
export const JOURNAL_PROMPTS_PER_MODULE_MAX = 10;
export const JOURNAL_PROMPT_MAX = 500;
export const REFLECTION_MAX = 10_000;
/** The facilitator summary lists at most this many threads and themes. */
export const SUMMARY_THREADS = 5;
export const SUMMARY_THEMES = 10;

/** A small fixed set of reactions; the element shows each with an emoji and a label. */
export const REACTIONS = ['like', 'thanks', 'agree', 'idea', 'question'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** How a participant appears in a space's discussions. */
export interface Profile {
  displayName: string;
  /** Organisation or role line, e.g. "Yhdistys ry, puheenjohtaja". */
  role: string | null;
  /** True when the name came from the host site's login rather than typed by the participant. */
  verified: boolean;
}

/** Body of `PUT /api/spaces/:spaceId/profile`. Refused (403) for a host-site user, whose name comes from the host. */
export interface ProfileBody {
  displayName: string;
  role?: string;
}

/**
 * Body of `POST /api/spaces/:spaceId/host-login`: a JWT (HS256) the host site's backend signed with the space's
 * integration secret, with `sub` (the host's user id), `name`, optional `role`, `aud` = the space id, `iat` and an
 * `exp` at most HOST_TOKEN_MAX_AGE_S after `iat`. Forged, expired or too long-lived tokens are answered 401.
 */
export interface HostLoginBody {
  token: string;
}

/** Answer of host login: the same participant for the same host user on every device. */
export interface HostLoginAnswer extends ParticipantIssued {
  profile: Profile;
}

/** Answer of `POST /api/spaces/:spaceId/integration-secret` (facilitator key): a new secret, shown once. */
export interface IntegrationSecret {
  secret: string;
}

export interface Topic {
  id: string;
  spaceId: string;
  title: string;
  /** The task or question of the topic, shown above the posts. */
  prompt: string | null;
  /** Locked: posts stay readable, no new posts, replies, edits or reactions. */
  locked: boolean;
  /** Visible posts and replies. */
  postCount: number;
  createdAt: string;
}

/** Body of the facilitator's `PUT /api/spaces/:spaceId/topics/:topicId` (creates or changes a topic). */
export interface TopicBody {
  title: string;
  prompt?: string | null;
  locked?: boolean;
}

export interface PostAuthor {
  displayName: string;
  role: string | null;
  verified: boolean;
}

export interface DiscussionPost {
  id: string;
  topicId: string;
  /** The post this one replies to (one level: replies have no replies). */
  parentId: string | null;
  author: PostAuthor;
  /** Empty when deleted: a deleted post with replies stays as a placeholder. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  pinned: boolean;
  reactions: Partial<Record<Reaction, number>>;
  /** The asking participant's reactions (always empty in live events: the client keeps its own). */
  yourReactions: Reaction[];
  /** True when the asking participant wrote it (always false in live events). */
  mine: boolean;
}

/** A post as the facilitator sees it. */
export interface ModeratedPost extends DiscussionPost {
  status: 'visible' | 'hidden';
  reports: number;
}

/** Who has posted in a topic, in order of their first post. */
export interface TopicParticipant {
  displayName: string;
  role: string | null;
  posts: number;
}

/** Answer of `GET /api/spaces/:spaceId/topics/:topicId`: visible posts oldest first (pinned first among threads). */
export interface TopicView {
  topic: Topic;
  posts: DiscussionPost[];
  participants: TopicParticipant[];
  /** The asking participant's profile in this space, null until they have given a name. */
  you: Profile | null;
}

/**
 * Body of `POST /api/spaces/:spaceId/topics/:topicId/posts`; 403 `profile_required` before a name is given, 403
 * `topic_locked` on a locked topic.
 */
export interface NewPostBody {
  body: string;
  parentId?: string;
  /** Makes the post idempotent, as for ideas. */
  requestId?: string;
}

/** Answer of a new post: 201, or 200 with `duplicate: true` when `requestId` had been posted before. */
export interface PostCreated {
  post: DiscussionPost;
  duplicate?: boolean;
}

/** Answer of `POST /api/spaces/:spaceId/posts/:postId/reports` (a `ReportBody`); a repeat answers `duplicate: true`. */
export interface PostReportAck {
  postId: string;
  duplicate: boolean;
}

/** Answer of `GET /api/spaces/:spaceId/topics`: the space's topics, oldest first. */
export interface TopicList {
  topics: Topic[];
}

/** Body of the author's `PATCH /api/spaces/:spaceId/posts/:postId` within POST_EDIT_WINDOW_MS. */
export interface EditPostBody {
  body: string;
}

/** Body of the facilitator's `PATCH /api/spaces/:spaceId/posts/:postId/moderation`. */
export interface PostModerationBody {
  status?: 'visible' | 'hidden';
  pinned?: boolean;
}

/** Answer of `PUT`/`DELETE /api/spaces/:spaceId/posts/:postId/reactions/:reaction`. */
export interface ReactionAck {
  postId: string;
  reactions: Partial<Record<Reaction, number>>;
  yourReactions: Reaction[];
}

/** Answer of `GET /api/spaces/:spaceId/topics/:topicId/summary` (facilitator key), computed on the server. */
export interface TopicSummary {
  topicId: string;
  posts: number;
  participants: number;
  /** The most discussed threads: most replies, then most reactions. */
  threads: { postId: string; author: string; excerpt: string; replies: number; reactions: number }[];
  /** Recurring key terms (stop words of fi/sv/en removed, word forms grouped by stem) with the posts using them. */
  themes: { term: string; count: number; postIds: string[] }[];
  computedAt: string;
}

/** Answer of `GET /api/spaces/:spaceId/topics/:topicId/moderation` (facilitator key). */
export interface TopicModerationView {
  topic: Topic;
  posts: ModeratedPost[];
}

export interface JournalPrompt {
  id: string;
  text: string;
}

export interface JournalModule {
  id: string;
  title: string;
  prompts: JournalPrompt[];
  /** The module's named discussion, where "share to the discussion" posts; null when it has none. */
  topicId?: string | null;
}

/** A space's journal: prompts grouped by module, and whether facilitators may read reflections. */
export interface Journal {
  modules: JournalModule[];
  /**
   * Shown to the participant before they write. A reflection is readable by facilitators only when this was true
   * when it was saved and still is: turning it on never opens what was written while it was off.
   */
  facilitatorsCanRead: boolean;
  /** False once the facilitator has closed the journal: reflections stay readable and downloadable, saves are refused. */
  open: boolean;
}

/** Body of the facilitator's `PUT /api/spaces/:spaceId/journal`; `open` defaults to true. */
export type JournalBody = Omit<Journal, 'open'> & { open?: boolean };

/** One reflection of the asking participant. */
export interface Reflection {
  promptId: string;
  body: string;
  updatedAt: string;
  /** Increases with every save; a save names the revision it started from. */
  revision: number;
}

/** Answer of `GET /api/spaces/:spaceId/journal` (participant token): the prompts and only the asker's reflections. */
export interface MyJournal {
  journal: Journal;
  reflections: Reflection[];
}

/**
 * Body of `PUT /api/spaces/:spaceId/journal/reflections/:promptId`. `baseRevision` is the revision the text was
 * written on (0 for a first save); an older one than stored is answered 409 so no device overwrites another unseen.
 * A save repeated after a lost answer (the same text on the revision it made) is answered with the stored copy.
 * 403 `journal_closed` once the facilitator has closed the journal.
 */
export interface SaveReflectionBody {
  body: string;
  baseRevision: number;
  /**
   * What the page told the participant when they wrote this (the journal's `facilitatorsCanRead` as shown). A text
   * written under "only you" stays readable by no one else, even if the journal allowed facilitators meanwhile.
   * Without it, the journal's setting at the time of the save counts.
   */
  facilitatorsCanRead?: boolean;
}

/**
 * Answer of `GET /api/spaces/:spaceId/journal/reflections` (facilitator key, only when facilitatorsCanRead): the
 * reflections saved while the journal said so, per participant (their name in the space, null before they gave one).
 */
export interface JournalReading {
  participants: { displayName: string | null; reflections: Reflection[] }[];
}

/**
 * Answer of `GET /api/spaces/:spaceId/journal/progress` (facilitator key, whatever facilitatorsCanRead says): counts
 * only, never a word anyone wrote. A module is reflected when every prompt of it has a reflection that is not empty.
 */
export interface JournalProgress {
  /** Participants with at least one reflection that is not empty. */
  participants: number;
  modules: { moduleId: string; title: string; reflected: number }[];
  /** Participants who have reflected every module. */
  completed: number;
}

/** What the server pushes about discussions; merged into ServerToClientEvents. */
export interface CourseServerEvents {
  'post:created': (payload: { spaceId: string; topicId: string; post: DiscussionPost }) => void;
  'post:updated': (payload: { spaceId: string; topicId: string; post: DiscussionPost }) => void;
  'post:removed': (payload: { spaceId: string; topicId: string; postId: string }) => void;
  'topic:updated': (payload: { spaceId: string; topic: Topic }) => void;
}
