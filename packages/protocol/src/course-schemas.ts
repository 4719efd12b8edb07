/** Validators of the course's REST bodies (profile, host login, topics, posts, journal). Server only. */
import { z } from 'zod';
import {
  DISPLAY_NAME_MAX,
  JOURNAL_MODULES_MAX,
  JOURNAL_PROMPT_MAX,
  JOURNAL_PROMPTS_PER_MODULE_MAX,
  POST_BODY_MAX,
  REACTIONS,
  REFLECTION_MAX,
  ROLE_MAX,
  TOPIC_ID_PATTERN,
  TOPIC_PROMPT_MAX,
  TOPIC_TITLE_MAX,
} from './course.js';
import { REQUEST_ID_PATTERN } from './limits.js';
import { typedParagraphs, typedText } from './text-schema.js';

const slug = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .regex(new RegExp(TOPIC_ID_PATTERN), {
      message: `${what} must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit`,
    });

export const topicIdSchema = slug('topic id');

export const reactionSchema = z.enum(REACTIONS, { error: `reaction must be one of ${REACTIONS.join(', ')}` });

export const profileBodySchema = z.strictObject({
  displayName: typedText(1, DISPLAY_NAME_MAX, 'name'),
  role: typedText(0, ROLE_MAX, 'role').optional(),
});

export const hostLoginBodySchema = z.strictObject({
  token: z
    .string({ error: 'token must be text' })
    .min(1, { message: 'token must not be empty' })
    .max(4096, { message: 'token must be at most 4096 characters' }),
});

export const topicBodySchema = z.strictObject({
  title: typedText(1, TOPIC_TITLE_MAX, 'title'),
  prompt: typedParagraphs(0, TOPIC_PROMPT_MAX, 'prompt').nullable().optional(),
  locked: z.boolean({ error: 'locked must be true or false' }).optional(),
});

export const newPostBodySchema = z.strictObject({
  body: typedParagraphs(1, POST_BODY_MAX, 'post'),
  parentId: z
    .string({ error: 'parentId must be text' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'parentId must be a post id' })
    .optional(),
  requestId: z
    .string({ error: 'requestId must be text' })
    .regex(new RegExp(REQUEST_ID_PATTERN), { message: 'requestId must be 8-64 letters, digits, "_" or "-" (a UUID fits)' })
    .optional(),
});

export const editPostBodySchema = z.strictObject({
  body: typedParagraphs(1, POST_BODY_MAX, 'post'),
});

export const postModerationBodySchema = z
  .strictObject({
    status: z.enum(['visible', 'hidden'], { error: 'status must be "visible" or "hidden"' }).optional(),
    pinned: z.boolean({ error: 'pinned must be true or false' }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change: send status or pinned' });

const journalPromptSchema = z.strictObject({
  id: slug('prompt id'),
  text: typedParagraphs(1, JOURNAL_PROMPT_MAX, 'prompt'),
});

const journalModuleSchema = z.strictObject({
  id: slug('module id'),
  title: typedText(1, TOPIC_TITLE_MAX, 'module title'),
  prompts: z
    .array(journalPromptSchema, { error: 'prompts must be a list' })
    .min(1, { message: 'a module needs at least one prompt' })
    .max(JOURNAL_PROMPTS_PER_MODULE_MAX, { message: `at most ${JOURNAL_PROMPTS_PER_MODULE_MAX} prompts a module` }),
  topicId: slug('topic id').nullable().optional(),
});

export const journalBodySchema = z
  .strictObject({
    modules: z
      .array(journalModuleSchema, { error: 'modules must be a list' })
      .min(1, { message: 'a journal needs at least one module' })
      .max(JOURNAL_MODULES_MAX, { message: `at most ${JOURNAL_MODULES_MAX} modules` }),
    facilitatorsCanRead: z.boolean({ error: 'facilitatorsCanRead must be true or false' }),
    open: z.boolean({ error: 'open must be true or false' }).optional(),
  })
  .refine((j) => new Set(j.modules.map((m) => m.id)).size === j.modules.length, { message: 'module ids must be different' })
  .refine(
    (j) => {
      const ids = j.modules.flatMap((m) => m.prompts.map((p) => p.id));
      return new Set(ids).size === ids.length;
    },
    { message: 'prompt ids must be different across the whole journal' },
  );

/** A reflection may be emptied (the participant deleted what they wrote), so no minimum. */
export const saveReflectionBodySchema = z.strictObject({
  body: z
    .string({ error: 'reflection must be text' })
    .max(REFLECTION_MAX, { message: `reflection must be at most ${REFLECTION_MAX} characters` })
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), {
      message: 'reflection contains control characters',
    })
    .transform((s) => s.normalize('NFC')),
  baseRevision: z
    .int({ error: 'baseRevision must be a whole number' })
    .min(0, { message: 'baseRevision must be 0 or more' }),
  facilitatorsCanRead: z.boolean({ error: 'facilitatorsCanRead must be true or false' }).optional(),
});
