import { describe, expect, it } from 'vitest';
import { BADGE_IMAGE_MAX, BADGE_REASON_MAX, BADGE_RULE_COUNT_MAX, BADGE_RULES_MAX, BADGE_VALID_DAYS_MAX } from './badges.js';
import {
  awardBodySchema,
  badgeBodySchema,
  badgeIdSchema,
  credentialIdSchema,
  describeIssues,
  issuerBodySchema,
  revokeBodySchema,
} from './schemas.js';

const SVG = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`;

const badge = (extra: Record<string, unknown> = {}) => ({
  name: 'Digitaalinen osaaja',
  description: 'Kävi kurssin läpi.',
  image: SVG,
  criteria: 'Pohdi viittä moduulia ja keskustele kolmessa.',
  rules: [
    { kind: 'reflected_modules', count: 5 },
    { kind: 'discussion_topics', count: 3 },
  ],
  ...extra,
});

const messages = (result: { success: boolean; error?: unknown }) =>
  result.success ? [] : describeIssues(result.error as never).map((issue) => issue.message);

describe('the badge body', () => {
  it('takes a badge with rules, trims its text and keeps the paragraphs of the criteria', () => {
    const parsed = badgeBodySchema.parse(badge({ name: '  Digitaalinen   osaaja ', criteria: 'Yksi.\r\n\r\n\r\nKaksi.' }));
    expect(parsed.name).toBe('Digitaalinen osaaja');
    expect(parsed.criteria).toBe('Yksi.\n\nKaksi.');
    expect(parsed.rules).toEqual([
      { kind: 'reflected_modules', count: 5 },
      { kind: 'discussion_topics', count: 3 },
    ]);
    expect(parsed.validForDays).toBeUndefined();
    expect(badgeBodySchema.parse(badge({ rules: [], validForDays: null, active: false })).rules).toEqual([]);
    expect(badgeBodySchema.parse(badge({ validForDays: BADGE_VALID_DAYS_MAX })).validForDays).toBe(BADGE_VALID_DAYS_MAX);
  });

  it('takes https images, local http ones, and base64 PNG or SVG data URLs', () => {
    for (const image of ['https://www.example.fi/merkki.png', 'http://localhost:8787/merkki.svg', SVG, 'data:image/png;base64,iVBORw0KGgo=']) {
      expect(badgeBodySchema.safeParse(badge({ image })).success, image).toBe(true);
    }
  });

  it('refuses images that are not https, not base64, not PNG or SVG, or too long', () => {
    const refused = [
      'http://www.example.fi/merkki.png',
      'javascript:alert(1)',
      'data:text/html;base64,PGgxPg==',
      'data:image/svg+xml,<svg/>',
      'data:image/gif;base64,R0lGOD==',
      'https://user:pw@example.fi/x.png',
      `data:image/png;base64,${'A'.repeat(BADGE_IMAGE_MAX)}`,
    ];
    for (const image of refused) expect(badgeBodySchema.safeParse(badge({ image })).success, image.slice(0, 40)).toBe(false);
  });

  it('refuses unknown rule kinds, counts out of range, a kind twice and too many rules', () => {
    expect(messages(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'likes', count: 1 }] })))[0]).toMatch(/^rule kind must be one of reflected_modules/);
    expect(messages(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'duel_votes', count: 0 }] })))).toEqual([
      `count must be a whole number from 1 to ${BADGE_RULE_COUNT_MAX}`,
    ]);
    expect(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'duel_votes', count: 2.5 }] })).success).toBe(false);
    expect(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'duel_votes', count: BADGE_RULE_COUNT_MAX + 1 }] })).success).toBe(false);
    expect(
      messages(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'duel_votes', count: 2 }, { kind: 'duel_votes', count: 3 }] }))),
    ).toEqual(['each rule kind may appear once: one count per kind']);
    const many = Array.from({ length: BADGE_RULES_MAX + 1 }, (_, i) => ({ kind: 'duel_votes', count: i + 1 }));
    expect(messages(badgeBodySchema.safeParse(badge({ rules: many })))).toContain(`at most ${BADGE_RULES_MAX} rules`);
  });

  it('refuses a missing name, an unknown field, a validity of zero days and a rule with extra fields', () => {
    expect(badgeBodySchema.safeParse(badge({ name: '   ' })).success).toBe(false);
    expect(badgeBodySchema.safeParse(badge({ issuer: 'me' })).success).toBe(false);
    expect(badgeBodySchema.safeParse(badge({ validForDays: 0 })).success).toBe(false);
    expect(badgeBodySchema.safeParse(badge({ rules: [{ kind: 'duel_votes', count: 2, of: 3 }] })).success).toBe(false);
    const { criteria: _criteria, ...withoutCriteria } = badge();
    expect(badgeBodySchema.safeParse(withoutCriteria).success).toBe(false);
  });
});

describe('badge and credential ids', () => {
  it('takes badge ids like topic ids', () => {
    expect(badgeIdSchema.safeParse('digitaalinen-osaaja').success).toBe(true);
    for (const id of ['', 'Iso', '-alku', 'a'.repeat(64), 'ä']) expect(badgeIdSchema.safeParse(id).success, id).toBe(false);
  });

  it('takes a credential id with or without urn:uuid:, in any case, as the bare lowercase UUID', () => {
    const uuid = '3f2a6c1e-9b7d-4e2f-8a1b-0c9d8e7f6a5b';
    expect(credentialIdSchema.parse(`urn:uuid:${uuid}`)).toBe(uuid);
    expect(credentialIdSchema.parse(uuid.toUpperCase())).toBe(uuid);
    for (const id of ['urn:uuid:', 'abc', `${uuid}0`, `urn:isbn:${uuid}`]) expect(credentialIdSchema.safeParse(id).success, id).toBe(false);
  });
});

describe('the issuer, award and revoke bodies', () => {
  it('takes an issuer with an https home page and an e-mail, or without either', () => {
    expect(issuerBodySchema.parse({ name: ' Kansalaisopisto  Tori ', url: 'https://www.example.fi/', email: 'kurssit@example.fi' })).toEqual({
      name: 'Kansalaisopisto Tori',
      url: 'https://www.example.fi/',
      email: 'kurssit@example.fi',
    });
    expect(issuerBodySchema.parse({ name: 'Yhdistys', url: null, email: null })).toEqual({ name: 'Yhdistys', url: null, email: null });
  });

  it('refuses an issuer page over http, a bad e-mail and a missing name', () => {
    expect(messages(issuerBodySchema.safeParse({ name: 'Yhdistys', url: 'http://www.example.fi/' }))).toEqual([
      'url must be an https: address, e.g. https://www.example.fi/',
    ]);
    expect(messages(issuerBodySchema.safeParse({ name: 'Yhdistys', email: 'ei osoite' }))).toEqual(['email must be an e-mail address']);
    expect(issuerBodySchema.safeParse({ url: 'https://www.example.fi/' }).success).toBe(false);
  });

  it('needs a participant and a reason to award, a reason to revoke, within limits', () => {
    expect(awardBodySchema.parse({ participantId: 'abc_DEF-1', reason: ' Osallistui  lähipäivään. ' })).toEqual({
      participantId: 'abc_DEF-1',
      reason: 'Osallistui lähipäivään.',
    });
    expect(awardBodySchema.safeParse({ participantId: 'abc', reason: '' }).success).toBe(false);
    expect(awardBodySchema.safeParse({ participantId: '../x', reason: 'syy' }).success).toBe(false);
    expect(revokeBodySchema.parse({ reason: 'Myönnetty väärälle.' })).toEqual({ reason: 'Myönnetty väärälle.' });
    expect(revokeBodySchema.safeParse({ reason: 'x'.repeat(BADGE_REASON_MAX + 1) }).success).toBe(false);
    expect(revokeBodySchema.safeParse({}).success).toBe(false);
  });
});
