import { describe, expect, it } from 'vitest';
import { JOURNAL_MODULES_MAX, JOURNAL_PROMPT_MAX, JOURNAL_PROMPTS_PER_MODULE_MAX, REFLECTION_MAX } from './course.js';
import { describeIssues, journalBodySchema, saveReflectionBodySchema } from './schemas.js';

const module = (id: string, prompts = [`${id}-p1`], extra: Record<string, unknown> = {}) => ({
  id,
  title: `Module ${id}`,
  prompts: prompts.map((promptId) => ({ id: promptId, text: `What did you learn in ${id}?` })),
  ...extra,
});

const messages = (result: { success: boolean; error?: unknown }) =>
  result.success ? [] : describeIssues(result.error as never).map((issue) => issue.message);

describe('the journal body', () => {
  it('takes modules of prompts, the privacy setting, an optional open flag and an optional discussion topic', () => {
    const parsed = journalBodySchema.parse({
      modules: [module('m1', ['m1-a', 'm1-b'], { topicId: 'webinar-1' }), module('m2', ['m2-a'], { topicId: null })],
      facilitatorsCanRead: false,
    });
    expect(parsed.modules[0]!.topicId).toBe('webinar-1');
    expect(parsed.modules[1]!.topicId).toBeNull();
    expect(parsed.open).toBeUndefined();
    expect(journalBodySchema.parse({ modules: [module('m1')], facilitatorsCanRead: true, open: false }).open).toBe(false);
  });

  it('keeps the paragraphs of a prompt and trims it', () => {
    const parsed = journalBodySchema.parse({
      modules: [{ id: 'm1', title: '  Webinar   1 ', prompts: [{ id: 'p1', text: ' First line\r\n\r\n\r\nSecond  line ' }] }],
      facilitatorsCanRead: false,
    });
    expect(parsed.modules[0]!.title).toBe('Webinar 1');
    expect(parsed.modules[0]!.prompts[0]!.text).toBe('First line\n\nSecond line');
  });

  it('refuses a journal without modules, a module without prompts, and too many of either', () => {
    expect(messages(journalBodySchema.safeParse({ modules: [], facilitatorsCanRead: false }))).toEqual([
      'a journal needs at least one module',
    ]);
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1', [])], facilitatorsCanRead: false }))).toEqual([
      'a module needs at least one prompt',
    ]);
    const tooMany = Array.from({ length: JOURNAL_MODULES_MAX + 1 }, (_, i) => module(`m${i}`));
    expect(messages(journalBodySchema.safeParse({ modules: tooMany, facilitatorsCanRead: false }))).toEqual([
      `at most ${JOURNAL_MODULES_MAX} modules`,
    ]);
    const prompts = Array.from({ length: JOURNAL_PROMPTS_PER_MODULE_MAX + 1 }, (_, i) => `p${i}`);
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1', prompts)], facilitatorsCanRead: false }))).toEqual([
      `at most ${JOURNAL_PROMPTS_PER_MODULE_MAX} prompts a module`,
    ]);
  });

  it('refuses repeated ids, bad ids, long prompts, a missing privacy setting and unknown fields', () => {
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1'), module('m1', ['x'])], facilitatorsCanRead: false }))).toEqual([
      'module ids must be different',
    ]);
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1', ['p']), module('m2', ['p'])], facilitatorsCanRead: false }))).toEqual([
      'prompt ids must be different across the whole journal',
    ]);
    expect(journalBodySchema.safeParse({ modules: [module('Module 1')], facilitatorsCanRead: false }).success).toBe(false);
    expect(journalBodySchema.safeParse({ modules: [module('m1', ['p1'], { topicId: 'Bad Topic' })], facilitatorsCanRead: false }).success).toBe(false);
    const long = { id: 'm1', title: 'M', prompts: [{ id: 'p1', text: 'x'.repeat(JOURNAL_PROMPT_MAX + 1) }] };
    expect(messages(journalBodySchema.safeParse({ modules: [long], facilitatorsCanRead: false }))).toEqual([
      `prompt must be at most ${JOURNAL_PROMPT_MAX} characters`,
    ]);
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1')] }))).toEqual(['facilitatorsCanRead must be true or false']);
    expect(journalBodySchema.safeParse({ modules: [module('m1')], facilitatorsCanRead: false, public: true }).success).toBe(false);
    expect(messages(journalBodySchema.safeParse({ modules: [module('m1')], facilitatorsCanRead: false, open: 'yes' }))).toEqual([
      'open must be true or false',
    ]);
  });
});

describe('the save body of a reflection', () => {
  it('keeps what was written as it is (NFC), an empty text included', () => {
    expect(saveReflectionBodySchema.parse({ body: '  Cafe\u0301\n\n\n  indented ', baseRevision: 3 })).toEqual({
      body: '  Café\n\n\n  indented ',
      baseRevision: 3,
    });
    expect(saveReflectionBodySchema.parse({ body: '', baseRevision: 0 }).body).toBe('');
    expect(saveReflectionBodySchema.parse({ body: 'x', baseRevision: 1, facilitatorsCanRead: false }).facilitatorsCanRead).toBe(false);
    expect(messages(saveReflectionBodySchema.safeParse({ body: 'x', baseRevision: 1, facilitatorsCanRead: 'no' }))).toEqual([
      'facilitatorsCanRead must be true or false',
    ]);
  });

  it('refuses control characters, a text over the limit and a revision that is not a whole number of 0 or more', () => {
    expect(messages(saveReflectionBodySchema.safeParse({ body: 'a\u0007b', baseRevision: 0 }))).toEqual([
      'reflection contains control characters',
    ]);
    expect(messages(saveReflectionBodySchema.safeParse({ body: 'x'.repeat(REFLECTION_MAX + 1), baseRevision: 0 }))).toEqual([
      `reflection must be at most ${REFLECTION_MAX} characters`,
    ]);
    expect(messages(saveReflectionBodySchema.safeParse({ body: 'x', baseRevision: -1 }))).toEqual(['baseRevision must be 0 or more']);
    expect(messages(saveReflectionBodySchema.safeParse({ body: 'x', baseRevision: 1.5 }))).toEqual(['baseRevision must be a whole number']);
    expect(saveReflectionBodySchema.safeParse({ body: 'x' }).success).toBe(false);
    expect(saveReflectionBodySchema.safeParse({ body: 'x', baseRevision: 0, promptId: 'p1' }).success).toBe(false);
  });
});
