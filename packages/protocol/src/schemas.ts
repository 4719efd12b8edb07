/**
 * Validation schemas of every REST body, query and socket event payload.
 * Only the server imports this module; browsers get the types from `index.ts` and never carry zod.
 */
import { z } from 'zod';
import { typedParagraphs, typedText } from './text-schema.js';
import {
  ALLOWED_ORIGINS_MAX,
  AUTHOR_NAME_MAX,
  CATEGORIES_MAX,
  CATEGORY_ID_PATTERN,
  CATEGORY_LABEL_MAX,
  EXPORT_FORMATS,
  HIDE_AFTER_REPORTS_MAX,
  IDEA_DESCRIPTION_MAX,
  MODERATOR_NAME_MAX,
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  REQUEST_ID_PATTERN,
  ID_MAX,
  IDEA_STATUSES,
  IDEA_TEXT_MAX,
  IDEA_TEXT_MIN,
  SKIP_NOTE_MAX,
  SKIP_REASONS,
  SPACE_ID_PATTERN,
  SPACE_QUESTION_MAX,
  SPACE_TITLE_MAX,
} from './limits.js';

export const spaceIdSchema = z
  .string({ error: 'space id must be text' })
  .regex(new RegExp(SPACE_ID_PATTERN), {
    message: 'space id must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit',
  });

export const entityIdSchema = z
  .string({ error: 'id must be text' })
  .min(1, { message: 'id must not be empty' })
  .max(ID_MAX, { message: `id must be at most ${ID_MAX} characters` })
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'id may contain only letters, digits, "_" and "-"' });

export const originSchema = z
  .string({ error: 'an allowed origin must be text' })
  .refine(
    (s) => {
      if (s === '*') return true;
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
      } catch {
        return false;
      }
    },
    { message: 'an allowed origin is "*" or a bare origin such as https://www.example.fi (no path, no trailing slash)' },
  );

export const categoryIdSchema = z
  .string({ error: 'category must be text' })
  .regex(new RegExp(CATEGORY_ID_PATTERN), {
    message: 'a category id is 1-40 lowercase letters, digits or dashes, starting with a letter or digit',
  });

export const categorySchema = z.strictObject({
  id: categoryIdSchema,
  label: typedText(1, CATEGORY_LABEL_MAX, 'category label'),
});

export const categoriesSchema = z
  .array(categorySchema, { error: 'categories must be a list of { id, label }' })
  .max(CATEGORIES_MAX, { message: `at most ${CATEGORIES_MAX} categories` })
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'category ids must be different' });

export const requestIdSchema = z
  .string({ error: 'requestId must be text' })
  .regex(new RegExp(REQUEST_ID_PATTERN), {
    message: 'requestId must be 8-64 letters, digits, "_" or "-" (a UUID fits)',
  });

/** An empty description is none. */
const description = typedParagraphs(0, IDEA_DESCRIPTION_MAX, 'description');

export const newIdeaBodySchema = z.strictObject({
  text: typedText(IDEA_TEXT_MIN, IDEA_TEXT_MAX, 'idea text'),
  description: description.optional(),
  category: categoryIdSchema.optional(),
  authorName: typedText(1, AUTHOR_NAME_MAX, 'name').optional(),
  requestId: requestIdSchema.optional(),
});

export const reportBodySchema = z.strictObject({
  reason: z.enum(REPORT_REASONS, { error: `reason must be one of ${REPORT_REASONS.join(', ')}` }),
  note: typedText(0, REPORT_NOTE_MAX, 'note').optional(),
});

export const mergeBodySchema = z.strictObject({
  into: entityIdSchema,
});

export const exportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `format must be ${EXPORT_FORMATS.join(' or ')}` }),
});

/** The x-tori-moderator header; absent is "facilitator". */
export const moderatorNameSchema = typedText(1, MODERATOR_NAME_MAX, 'moderator name');

export const voteBodySchema = z.strictObject({
  winnerId: entityIdSchema,
});

export const skipBodySchema = z.strictObject({
  reason: z.enum(SKIP_REASONS, { error: `reason must be one of ${SKIP_REASONS.join(', ')}` }),
  note: typedText(0, SKIP_NOTE_MAX, 'note').optional(),
});

export const spaceSettingsBodySchema = z
  .strictObject({
    title: typedText(1, SPACE_TITLE_MAX, 'title').optional(),
    question: typedText(1, SPACE_QUESTION_MAX, 'question').optional(),
    votingOpen: z.boolean({ error: 'votingOpen must be true or false' }).optional(),
    ideasNeedApproval: z.boolean({ error: 'ideasNeedApproval must be true or false' }).optional(),
    allowedOrigins: z
      .array(originSchema)
      .max(ALLOWED_ORIGINS_MAX, { message: `at most ${ALLOWED_ORIGINS_MAX} allowed origins` })
      .optional(),
    boardOpen: z.boolean({ error: 'boardOpen must be true or false' }).optional(),
    namedPosting: z.boolean({ error: 'namedPosting must be true or false' }).optional(),
    hideAfterReports: z
      .int({ error: `hideAfterReports must be a whole number from 0 to ${HIDE_AFTER_REPORTS_MAX}` })
      .min(0, { message: `hideAfterReports must be a whole number from 0 to ${HIDE_AFTER_REPORTS_MAX}` })
      .max(HIDE_AFTER_REPORTS_MAX, { message: `hideAfterReports must be a whole number from 0 to ${HIDE_AFTER_REPORTS_MAX}` })
      .optional(),
    categories: categoriesSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change: send at least one setting' });

export const ideaModerationBodySchema = z
  .strictObject({
    status: z.enum(['approved', 'hidden'], { error: 'status must be "approved" or "hidden"' }).optional(),
    text: typedText(IDEA_TEXT_MIN, IDEA_TEXT_MAX, 'idea text').optional(),
    description: description.nullable().optional(),
    category: categoryIdSchema.nullable().optional(),
    pinned: z.boolean({ error: 'pinned must be true or false' }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message: 'nothing to change: send status, text, description, category or pinned',
  });

export const ideaListQuerySchema = z.strictObject({
  status: z.enum([...IDEA_STATUSES, 'all'], { error: 'status must be approved, pending, hidden, merged or all' }).optional(),
});

export const spaceRefSchema = z.strictObject({ spaceId: spaceIdSchema });

/** Payload of the `space:join` socket event; a key also joins the facilitator room, `results: false` leaves out live results. */
export const joinSpaceEventSchema = z.strictObject({
  spaceId: spaceIdSchema,
  key: z.string({ error: 'key must be text' }).min(1).max(200, { message: 'key must be at most 200 characters' }).optional(),
  results: z.boolean({ error: 'results must be true or false' }).optional(),
});
export const leaveSpaceEventSchema = spaceRefSchema;

/** Payload of the `participant:identify` socket event. */
export const identifyEventSchema = z.strictObject({
  token: z
    .string({ error: 'token must be text' })
    .min(1, { message: 'token must not be empty' })
    .max(4096, { message: 'token must be at most 4096 characters' }),
});

/** Payload of the `appearance:answer` socket event: a vote or a skip with the body its REST route takes. */
export const answerEventSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ appearanceId: entityIdSchema, kind: z.literal('vote'), body: voteBodySchema }),
    z.strictObject({ appearanceId: entityIdSchema, kind: z.literal('skip'), body: skipBodySchema }),
  ],
  { error: 'kind must be "vote" or "skip"' },
);

/** Turns zod issues into the `issues` list of an error body. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export * from './course-schemas.js';
export * from './badge-schemas.js';

export type NewIdeaBodyInput = z.input<typeof newIdeaBodySchema>;
