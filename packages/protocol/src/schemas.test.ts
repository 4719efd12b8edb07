import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AUTHOR_NAME_MAX,
  CATEGORIES_MAX,
  HIDE_AFTER_REPORTS_MAX,
  IDEA_DESCRIPTION_MAX,
  IDEA_TEXT_MAX,
  MODERATOR_NAME_MAX,
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  SKIP_NOTE_MAX,
  SKIP_REASONS,
  SPACE_QUESTION_MAX,
  SPACE_TITLE_MAX,
} from './limits.js';
import {
  answerEventSchema,
  categoriesSchema,
  categoryIdSchema,
  describeIssues,
  entityIdSchema,
  exportQuerySchema,
  ideaListQuerySchema,
  ideaModerationBodySchema,
  joinSpaceEventSchema,
  leaveSpaceEventSchema,
  mergeBodySchema,
  moderatorNameSchema,
  newIdeaBodySchema,
  originSchema,
  reportBodySchema,
  requestIdSchema,
  skipBodySchema,
  spaceIdSchema,
  spaceRefSchema,
  spaceSettingsBodySchema,
  voteBodySchema,
} from './schemas.js';

/** The issues a body is rejected with, as the server would send them. */
function issuesOf(schema: z.ZodType, body: unknown): { path: string; message: string }[] {
  const result = schema.safeParse(body);
  if (result.success) throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
  return describeIssues(result.error);
}

describe('newIdeaBodySchema', () => {
  it('accepts an idea and normalises it: NFC, whitespace collapsed, trimmed', () => {
    expect(newIdeaBodySchema.parse({ text: '  More  benches\n\tin the  park  ' })).toEqual({
      text: 'More benches in the park',
    });
    // "Cafe" + combining acute accent becomes the single code point é.
    expect(newIdeaBodySchema.parse({ text: 'Cafe\u0301 by the sea' }).text).toBe('Caf\u00e9 by the sea');
    expect(newIdeaBodySchema.parse({ text: 'Kirjasto\u00a0auki\u2003sunnuntaisin' }).text).toBe(
      'Kirjasto auki sunnuntaisin',
    );
  });

  it('measures the length after normalising', () => {
    expect(newIdeaBodySchema.parse({ text: `  ${'x'.repeat(IDEA_TEXT_MAX)}   ` }).text).toHaveLength(IDEA_TEXT_MAX);
    // 140 decomposed "é" are 280 code units typed, 140 once composed.
    expect(newIdeaBodySchema.parse({ text: 'e\u0301'.repeat(IDEA_TEXT_MAX) }).text).toHaveLength(IDEA_TEXT_MAX);
    expect(newIdeaBodySchema.safeParse({ text: 'a  \n  b' }).success).toBe(true); // "a b" is 3 characters
  });

  it('rejects text that is too short or too long', () => {
    expect(issuesOf(newIdeaBodySchema, { text: '  ab   ' })).toEqual([
      { path: 'text', message: 'idea text must be at least 3 characters' },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'x'.repeat(IDEA_TEXT_MAX + 1) })).toEqual([
      { path: 'text', message: 'idea text must be at most 140 characters' },
    ]);
  });

  it('rejects control characters but not tabs and newlines', () => {
    for (const control of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b']) {
      expect(issuesOf(newIdeaBodySchema, { text: `bad${control}idea` })).toEqual([
        { path: 'text', message: 'idea text contains control characters' },
      ]);
    }
    expect(newIdeaBodySchema.parse({ text: 'line\r\none\ttwo' }).text).toBe('line one two');
  });

  it('rejects wrong types, missing text and extra keys', () => {
    expect(issuesOf(newIdeaBodySchema, { text: 42 })).toEqual([{ path: 'text', message: 'idea text must be text' }]);
    expect(issuesOf(newIdeaBodySchema, {})).toEqual([{ path: 'text', message: 'idea text must be text' }]);
    expect(issuesOf(newIdeaBodySchema, { text: 'A fine idea', author: 'me' })).toEqual([
      { path: '', message: expect.stringContaining('author') },
    ]);
    for (const body of [null, 'A fine idea', ['A fine idea']]) expect(newIdeaBodySchema.safeParse(body).success).toBe(false);
  });
});

describe('voteBodySchema and entityIdSchema', () => {
  it('accepts ids of letters, digits, "_" and "-"', () => {
    expect(voteBodySchema.parse({ winnerId: 'idea_01-Ab' })).toEqual({ winnerId: 'idea_01-Ab' });
    expect(entityIdSchema.parse('x'.repeat(64))).toBe('x'.repeat(64));
  });

  it('rejects empty, too long, odd characters, wrong type and extra keys', () => {
    expect(issuesOf(voteBodySchema, { winnerId: '' })).toContainEqual({ path: 'winnerId', message: 'id must not be empty' });
    expect(issuesOf(entityIdSchema, 'x'.repeat(65))).toEqual([{ path: '', message: 'id must be at most 64 characters' }]);
    for (const bad of ['a b', 'a/b', '../etc', 'ä', 'a\u0000']) {
      expect(issuesOf(voteBodySchema, { winnerId: bad })).toEqual([
        { path: 'winnerId', message: 'id may contain only letters, digits, "_" and "-"' },
      ]);
    }
    expect(issuesOf(voteBodySchema, { winnerId: 7 })).toEqual([{ path: 'winnerId', message: 'id must be text' }]);
    expect(issuesOf(voteBodySchema, { winnerId: 'a', loserId: 'b' })).toEqual([
      { path: '', message: expect.stringContaining('loserId') },
    ]);
  });
});

describe('skipBodySchema', () => {
  it('accepts every reason, with or without a normalised note', () => {
    for (const reason of SKIP_REASONS) expect(skipBodySchema.parse({ reason })).toEqual({ reason });
    expect(skipBodySchema.parse({ reason: 'other', note: '  too   vague ' })).toEqual({ reason: 'other', note: 'too vague' });
    expect(skipBodySchema.parse({ reason: 'other', note: '   ' })).toEqual({ reason: 'other', note: '' });
  });

  it('rejects unknown reasons, long notes, control characters and extra keys', () => {
    expect(issuesOf(skipBodySchema, { reason: 'bored' })).toEqual([
      { path: 'reason', message: 'reason must be one of like_both, dislike_both, dont_know, too_similar, other' },
    ]);
    expect(issuesOf(skipBodySchema, {})).toEqual([{ path: 'reason', message: expect.stringContaining('reason must be') }]);
    expect(issuesOf(skipBodySchema, { reason: 'other', note: 'n'.repeat(SKIP_NOTE_MAX + 1) })).toEqual([
      { path: 'note', message: `note must be at most ${SKIP_NOTE_MAX} characters` },
    ]);
    expect(issuesOf(skipBodySchema, { reason: 'other', note: 'a\u0008b' })).toEqual([
      { path: 'note', message: 'note contains control characters' },
    ]);
    expect(issuesOf(skipBodySchema, { reason: 'other', note: null })).toEqual([{ path: 'note', message: 'note must be text' }]);
    expect(skipBodySchema.safeParse({ reason: 'other', winnerId: 'a' }).success).toBe(false);
  });
});

describe('spaceSettingsBodySchema and originSchema', () => {
  it('accepts any subset of settings and normalises the texts', () => {
    expect(
      spaceSettingsBodySchema.parse({
        title: '  Strategia\n2030 ',
        question: 'Kumpi  on tärkeämpi?',
        votingOpen: false,
        ideasNeedApproval: true,
        allowedOrigins: ['https://www.hel.fi', 'http://localhost:8787', '*'],
      }),
    ).toEqual({
      title: 'Strategia 2030',
      question: 'Kumpi on tärkeämpi?',
      votingOpen: false,
      ideasNeedApproval: true,
      allowedOrigins: ['https://www.hel.fi', 'http://localhost:8787', '*'],
    });
    expect(spaceSettingsBodySchema.parse({ votingOpen: true })).toEqual({ votingOpen: true });
    expect(spaceSettingsBodySchema.parse({ allowedOrigins: [] })).toEqual({ allowedOrigins: [] });
  });

  it('rejects an empty change', () => {
    expect(issuesOf(spaceSettingsBodySchema, {})).toEqual([
      { path: '', message: 'nothing to change: send at least one setting' },
    ]);
  });

  it('rejects bad texts, flags and extra keys', () => {
    expect(issuesOf(spaceSettingsBodySchema, { title: '   ' })).toEqual([
      { path: 'title', message: 'title must be at least 1 characters' },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { title: 't'.repeat(SPACE_TITLE_MAX + 1) })).toEqual([
      { path: 'title', message: `title must be at most ${SPACE_TITLE_MAX} characters` },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { question: 'q'.repeat(SPACE_QUESTION_MAX + 1) })).toEqual([
      { path: 'question', message: `question must be at most ${SPACE_QUESTION_MAX} characters` },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { votingOpen: 'yes' })).toEqual([
      { path: 'votingOpen', message: 'votingOpen must be true or false' },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { ideasNeedApproval: 1 })).toEqual([
      { path: 'ideasNeedApproval', message: 'ideasNeedApproval must be true or false' },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { title: 'ok', adminKey: 'x' })).toEqual([
      { path: '', message: expect.stringContaining('adminKey') },
    ]);
  });

  it('rejects origins that are not bare http(s) origins, each at its own path', () => {
    const bad = [
      'https://x.fi/',
      'https://x.fi/page',
      'ftp://x',
      'x.fi',
      'https://x.fi?a=1',
      'https://user@x.fi',
      'HTTPS://X.FI',
      'https://x.fi:443',
      'javascript:alert(1)',
      '',
      'null',
    ];
    const message = 'an allowed origin is "*" or a bare origin such as https://www.example.fi (no path, no trailing slash)';
    expect(issuesOf(spaceSettingsBodySchema, { allowedOrigins: ['https://ok.fi', ...bad] })).toEqual(
      bad.map((_, i) => ({ path: `allowedOrigins.${i + 1}`, message })),
    );
    expect(issuesOf(originSchema, 5)).toEqual([{ path: '', message: 'an allowed origin must be text' }]);
    expect(issuesOf(spaceSettingsBodySchema, { allowedOrigins: 'https://x.fi' })).toHaveLength(1);
  });

  it('limits the number of allowed origins', () => {
    const origins = Array.from({ length: 51 }, (_, i) => `https://site${i}.example.fi`);
    expect(spaceSettingsBodySchema.safeParse({ allowedOrigins: origins.slice(0, 50) }).success).toBe(true);
    expect(issuesOf(spaceSettingsBodySchema, { allowedOrigins: origins })).toEqual([
      { path: 'allowedOrigins', message: 'at most 50 allowed origins' },
    ]);
  });
});

describe('ideaModerationBodySchema and ideaListQuerySchema', () => {
  it('accepts approving and hiding, rejects anything else', () => {
    expect(ideaModerationBodySchema.parse({ status: 'hidden' })).toEqual({ status: 'hidden' });
    expect(ideaModerationBodySchema.parse({ status: 'approved' })).toEqual({ status: 'approved' });
    expect(issuesOf(ideaModerationBodySchema, { status: 'pending' })).toEqual([
      { path: 'status', message: 'status must be "approved" or "hidden"' },
    ]);
  });

  it('accepts every status filter or none, rejects unknown ones and extra parameters', () => {
    for (const status of ['approved', 'pending', 'hidden', 'merged', 'all']) {
      expect(ideaListQuerySchema.parse({ status })).toEqual({ status });
    }
    expect(ideaListQuerySchema.parse({})).toEqual({});
    expect(issuesOf(ideaListQuerySchema, { status: 'deleted' })).toEqual([
      { path: 'status', message: 'status must be approved, pending, hidden, merged or all' },
    ]);
    expect(ideaListQuerySchema.safeParse({ status: 'all', page: '2' }).success).toBe(false);
  });
});

describe('space ids and the space:join / space:leave events', () => {
  it('accepts 2–63 lowercase letters, digits or dashes starting with a letter or digit', () => {
    for (const id of ['demo', 'ab', '0-strategy-2030', 'a'.repeat(63)]) {
      expect(spaceRefSchema.parse({ spaceId: id })).toEqual({ spaceId: id });
    }
    expect(joinSpaceEventSchema.parse({ spaceId: 'demo' })).toEqual({ spaceId: 'demo' });
    expect(leaveSpaceEventSchema.parse({ spaceId: 'demo' })).toEqual({ spaceId: 'demo' });
  });

  it('rejects bad space ids with one clear message', () => {
    const message = 'space id must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit';
    for (const id of ['a', 'Demo', '-demo', 'de mo', 'de_mo', 'dëmo', 'a'.repeat(64), '', 'demo\n']) {
      expect(issuesOf(spaceIdSchema, id)).toEqual([{ path: '', message }]);
    }
    expect(issuesOf(joinSpaceEventSchema, { spaceId: 12 })).toEqual([{ path: 'spaceId', message: 'space id must be text' }]);
    expect(joinSpaceEventSchema.safeParse({ spaceId: 'demo', admin: true }).success).toBe(false);
    expect(joinSpaceEventSchema.safeParse('demo').success).toBe(false);
  });
});

describe('answerEventSchema (the appearance:answer event)', () => {
  it('takes a vote or a skip with the body of its REST route', () => {
    expect(answerEventSchema.parse({ appearanceId: 'a1', kind: 'vote', body: { winnerId: 'i1' } })).toEqual({
      appearanceId: 'a1',
      kind: 'vote',
      body: { winnerId: 'i1' },
    });
    expect(answerEventSchema.parse({ appearanceId: 'a1', kind: 'skip', body: { reason: 'dont_know' } }).kind).toBe('skip');
  });

  it('refuses other kinds, bodies of the other kind, missing ids and extra fields', () => {
    expect(issuesOf(answerEventSchema, { appearanceId: 'a1', kind: 'like', body: {} })).toEqual([
      { path: 'kind', message: 'kind must be "vote" or "skip"' },
    ]);
    expect(answerEventSchema.safeParse({ appearanceId: 'a1', kind: 'vote', body: { reason: 'dont_know' } }).success).toBe(false);
    expect(answerEventSchema.safeParse({ appearanceId: 'a1', kind: 'skip', body: { winnerId: 'i1' } }).success).toBe(false);
    expect(answerEventSchema.safeParse({ kind: 'vote', body: { winnerId: 'i1' } }).success).toBe(false);
    expect(answerEventSchema.safeParse({ appearanceId: '', kind: 'vote', body: { winnerId: 'i1' } }).success).toBe(false);
    expect(answerEventSchema.safeParse({ appearanceId: 'a1', kind: 'vote', body: { winnerId: 'i1' }, participantId: 'p' }).success).toBe(false);
    expect(answerEventSchema.safeParse(null).success).toBe(false);
  });
});

describe('newIdeaBodySchema: the board’s parts', () => {
  it('accepts a description with its paragraphs, a category, a name and a request id', () => {
    expect(
      newIdeaBodySchema.parse({
        text: 'Yöbussit',
        description: '  Viikonloppuisin   myös\r\n\r\n\r\n\r\nkesällä  ',
        category: 'traffic',
        authorName: '  Maija \t Meikäläinen ',
        requestId: '3f2b8c1e-6a4d-4f7e-9b0a-1c2d3e4f5a6b',
      }),
    ).toEqual({
      text: 'Yöbussit',
      description: 'Viikonloppuisin myös\n\nkesällä',
      category: 'traffic',
      authorName: 'Maija Meikäläinen',
      requestId: '3f2b8c1e-6a4d-4f7e-9b0a-1c2d3e4f5a6b',
    });
    // An empty description is none: the server stores null.
    expect(newIdeaBodySchema.parse({ text: 'Ok idea', description: '  \n ' })).toEqual({ text: 'Ok idea', description: '' });
  });

  it('rejects long descriptions and names, control characters, bad categories and request ids', () => {
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', description: 'd'.repeat(IDEA_DESCRIPTION_MAX + 1) })).toEqual([
      { path: 'description', message: `description must be at most ${IDEA_DESCRIPTION_MAX} characters` },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', description: 'bell\u0007' })).toEqual([
      { path: 'description', message: 'description contains control characters' },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', authorName: 'n'.repeat(AUTHOR_NAME_MAX + 1) })).toEqual([
      { path: 'authorName', message: `name must be at most ${AUTHOR_NAME_MAX} characters` },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', authorName: '   ' })).toEqual([
      { path: 'authorName', message: 'name must be at least 1 characters' },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', category: 'Liikenne' })).toEqual([
      { path: 'category', message: 'a category id is 1-40 lowercase letters, digits or dashes, starting with a letter or digit' },
    ]);
    expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', category: null })).toEqual([{ path: 'category', message: 'category must be text' }]);
    for (const bad of ['short', 'has space in it', 'ä'.repeat(10), 'x'.repeat(65)]) {
      expect(issuesOf(newIdeaBodySchema, { text: 'Ok idea', requestId: bad })).toEqual([
        { path: 'requestId', message: 'requestId must be 8-64 letters, digits, "_" or "-" (a UUID fits)' },
      ]);
    }
    expect(requestIdSchema.parse('abcd_EF-')).toBe('abcd_EF-');
  });
});

describe('categorySchema and categoriesSchema', () => {
  it('accepts ids of lowercase letters, digits and dashes with a label, in order', () => {
    const categories = [
      { id: 'traffic', label: '  Liikenne ' },
      { id: '2-green', label: 'Viheralueet' },
    ];
    expect(categoriesSchema.parse(categories)).toEqual([
      { id: 'traffic', label: 'Liikenne' },
      { id: '2-green', label: 'Viheralueet' },
    ]);
    expect(categoryIdSchema.parse('a')).toBe('a');
    expect(categoriesSchema.parse([])).toEqual([]);
  });

  it('rejects repeated ids, too many, empty labels, bad ids and extra keys', () => {
    expect(issuesOf(categoriesSchema, [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }])).toEqual([
      { path: '', message: 'category ids must be different' },
    ]);
    const many = Array.from({ length: CATEGORIES_MAX + 1 }, (_, i) => ({ id: `c${i}`, label: `C ${i}` }));
    expect(categoriesSchema.safeParse(many.slice(0, CATEGORIES_MAX)).success).toBe(true);
    expect(issuesOf(categoriesSchema, many)).toEqual([{ path: '', message: `at most ${CATEGORIES_MAX} categories` }]);
    expect(issuesOf(categoriesSchema, [{ id: 'a', label: ' ' }])).toEqual([
      { path: '0.label', message: 'category label must be at least 1 characters' },
    ]);
    for (const id of ['-a', 'A', 'a_b', 'ä', 'x'.repeat(41), '']) expect(categoryIdSchema.safeParse(id).success, id).toBe(false);
    expect(categoriesSchema.safeParse([{ id: 'a', label: 'A', colour: 'red' }]).success).toBe(false);
    expect(issuesOf(categoriesSchema, 'traffic')).toEqual([{ path: '', message: 'categories must be a list of { id, label }' }]);
  });
});

describe('reportBodySchema, mergeBodySchema, exportQuerySchema and moderatorNameSchema', () => {
  it('accepts every report reason, with or without a normalised note', () => {
    for (const reason of REPORT_REASONS) expect(reportBodySchema.parse({ reason })).toEqual({ reason });
    expect(reportBodySchema.parse({ reason: 'other', note: '  not   here ' })).toEqual({ reason: 'other', note: 'not here' });
  });

  it('rejects unknown reasons, long notes and extra keys', () => {
    expect(issuesOf(reportBodySchema, { reason: 'boring' })).toEqual([
      { path: 'reason', message: 'reason must be one of spam, offensive, off_topic, personal_data, duplicate, other' },
    ]);
    expect(issuesOf(reportBodySchema, { reason: 'spam', note: 'n'.repeat(REPORT_NOTE_MAX + 1) })).toEqual([
      { path: 'note', message: `note must be at most ${REPORT_NOTE_MAX} characters` },
    ]);
    expect(reportBodySchema.safeParse({ reason: 'spam', ideaId: 'x' }).success).toBe(false);
  });

  it('merges into an idea id', () => {
    expect(mergeBodySchema.parse({ into: 'idea_1' })).toEqual({ into: 'idea_1' });
    expect(issuesOf(mergeBodySchema, {})).toEqual([{ path: 'into', message: 'id must be text' }]);
    expect(issuesOf(mergeBodySchema, { into: '../x' })).toEqual([
      { path: 'into', message: 'id may contain only letters, digits, "_" and "-"' },
    ]);
    expect(mergeBodySchema.safeParse({ into: 'a', from: 'b' }).success).toBe(false);
  });

  it('exports as csv or json, nothing else', () => {
    expect(exportQuerySchema.parse({ format: 'csv' })).toEqual({ format: 'csv' });
    expect(exportQuerySchema.parse({ format: 'json' })).toEqual({ format: 'json' });
    expect(issuesOf(exportQuerySchema, { format: 'xlsx' })).toEqual([{ path: 'format', message: 'format must be csv or json' }]);
    expect(issuesOf(exportQuerySchema, {})).toEqual([{ path: 'format', message: 'format must be csv or json' }]);
    expect(exportQuerySchema.safeParse({ format: 'csv', limit: '5' }).success).toBe(false);
  });

  it('takes a moderator’s name as typed text', () => {
    expect(moderatorNameSchema.parse('  Liisa   Virtanen ')).toBe('Liisa Virtanen');
    expect(issuesOf(moderatorNameSchema, 'x'.repeat(MODERATOR_NAME_MAX + 1))).toEqual([
      { path: '', message: `moderator name must be at most ${MODERATOR_NAME_MAX} characters` },
    ]);
    expect(issuesOf(moderatorNameSchema, '')).toEqual([{ path: '', message: 'moderator name must be at least 1 characters' }]);
    expect(issuesOf(moderatorNameSchema, 'a\u001bb')).toEqual([{ path: '', message: 'moderator name contains control characters' }]);
  });
});

describe('the board’s settings and moderation bodies', () => {
  it('accepts the board settings', () => {
    expect(
      spaceSettingsBodySchema.parse({
        boardOpen: false,
        namedPosting: true,
        hideAfterReports: 0,
        categories: [{ id: 'traffic', label: 'Liikenne' }],
      }),
    ).toEqual({ boardOpen: false, namedPosting: true, hideAfterReports: 0, categories: [{ id: 'traffic', label: 'Liikenne' }] });
    expect(spaceSettingsBodySchema.parse({ hideAfterReports: HIDE_AFTER_REPORTS_MAX })).toEqual({ hideAfterReports: HIDE_AFTER_REPORTS_MAX });
  });

  it('rejects bad board settings with their own messages', () => {
    const range = `hideAfterReports must be a whole number from 0 to ${HIDE_AFTER_REPORTS_MAX}`;
    for (const bad of [-1, 1.5, HIDE_AFTER_REPORTS_MAX + 1, '3']) {
      expect(issuesOf(spaceSettingsBodySchema, { hideAfterReports: bad })).toEqual([{ path: 'hideAfterReports', message: range }]);
    }
    expect(issuesOf(spaceSettingsBodySchema, { boardOpen: 'no' })).toEqual([{ path: 'boardOpen', message: 'boardOpen must be true or false' }]);
    expect(issuesOf(spaceSettingsBodySchema, { namedPosting: 1 })).toEqual([
      { path: 'namedPosting', message: 'namedPosting must be true or false' },
    ]);
    expect(issuesOf(spaceSettingsBodySchema, { categories: [{ id: 'x', label: 'X' }, { id: 'x', label: 'Y' }] })).toEqual([
      { path: 'categories', message: 'category ids must be different' },
    ]);
  });

  it('accepts corrections and pins, clearing description and category with null', () => {
    expect(ideaModerationBodySchema.parse({ text: '  Fixed   typo ', description: null, category: null, pinned: true })).toEqual({
      text: 'Fixed typo',
      description: null,
      category: null,
      pinned: true,
    });
    expect(ideaModerationBodySchema.parse({ description: 'One\n\n\nTwo', category: 'nature' })).toEqual({
      description: 'One\n\nTwo',
      category: 'nature',
    });
  });

  it('rejects an empty moderation, bad corrections and unknown keys', () => {
    expect(issuesOf(ideaModerationBodySchema, {})).toEqual([
      { path: '', message: 'nothing to change: send status, text, description, category or pinned' },
    ]);
    expect(issuesOf(ideaModerationBodySchema, { text: 'ab' })).toEqual([{ path: 'text', message: 'idea text must be at least 3 characters' }]);
    expect(issuesOf(ideaModerationBodySchema, { pinned: 'yes' })).toEqual([{ path: 'pinned', message: 'pinned must be true or false' }]);
    expect(issuesOf(ideaModerationBodySchema, { status: 'merged' })).toEqual([
      { path: 'status', message: 'status must be "approved" or "hidden"' },
    ]);
    expect(ideaModerationBodySchema.safeParse({ mergedInto: 'x' }).success).toBe(false);
  });

  it('takes results: false on space:join for a screen without live results, and nothing but a boolean', () => {
    expect(joinSpaceEventSchema.parse({ spaceId: 'demo', results: false })).toEqual({ spaceId: 'demo', results: false });
    expect(joinSpaceEventSchema.parse({ spaceId: 'demo', results: true })).toEqual({ spaceId: 'demo', results: true });
    for (const results of ['false', 0, null, {}]) {
      expect(issuesOf(joinSpaceEventSchema, { spaceId: 'demo', results })).toEqual([{ path: 'results', message: 'results must be true or false' }]);
    }
    expect(leaveSpaceEventSchema.safeParse({ spaceId: 'demo', results: false }).success).toBe(false);
  });

  it('takes the facilitator key on space:join, not on space:leave', () => {
    expect(joinSpaceEventSchema.parse({ spaceId: 'demo', key: 'k3y' })).toEqual({ spaceId: 'demo', key: 'k3y' });
    expect(issuesOf(joinSpaceEventSchema, { spaceId: 'demo', key: 'k'.repeat(201) })).toEqual([
      { path: 'key', message: 'key must be at most 200 characters' },
    ]);
    expect(issuesOf(joinSpaceEventSchema, { spaceId: 'demo', key: 42 })).toEqual([{ path: 'key', message: 'key must be text' }]);
    expect(joinSpaceEventSchema.safeParse({ spaceId: 'demo', key: '' }).success).toBe(false);
    expect(leaveSpaceEventSchema.safeParse({ spaceId: 'demo', key: 'k3y' }).success).toBe(false);
  });
});

describe('describeIssues', () => {
  it('lists every issue with a dotted path, empty for the body itself', () => {
    const result = spaceSettingsBodySchema.safeParse({ votingOpen: 'no', allowedOrigins: ['https://x.fi', 'ftp://x'], x: 1 });
    expect(result.success).toBe(false);
    const issues = describeIssues(result.error!);
    expect(issues).toContainEqual({ path: 'votingOpen', message: 'votingOpen must be true or false' });
    expect(issues).toContainEqual({ path: 'allowedOrigins.1', message: expect.stringContaining('bare origin') });
    expect(issues).toContainEqual({ path: '', message: expect.stringContaining('"x"') });
    for (const issue of issues) expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
  });
});

describe('the built package', () => {
  /** Source of a built module and, transitively, of every module it imports from the same package. */
  function builtModules(entry: URL, seen = new Map<string, string>()): Map<string, string> {
    if (seen.has(entry.href)) return seen;
    const source = readFileSync(entry, 'utf8');
    seen.set(entry.href, source);
    for (const match of source.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g)) {
      const specifier = match[1] ?? match[2];
      if (specifier?.startsWith('.')) builtModules(new URL(specifier, entry), seen);
    }
    return seen;
  }

  const importsZod = (source: string) => /\bfrom\s*["']zod(\/[^"']*)?["']|\bimport\s*\(?\s*["']zod(\/[^"']*)?["']/.test(source);

  it('keeps zod out of dist/index.js, the entry browsers load (build with `npm run build -w @tori/protocol`)', () => {
    const modules = builtModules(new URL('../dist/index.js', import.meta.url));
    expect(modules.size).toBeGreaterThan(1); // followed the shared chunk too
    for (const [href, source] of modules) expect(importsZod(source), `${href} imports zod`).toBe(false);
    // The check can see an import of zod: the schemas entry has one.
    expect(importsZod(readFileSync(new URL('../dist/schemas.js', import.meta.url), 'utf8'))).toBe(true);
  });
});
