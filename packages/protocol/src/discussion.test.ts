import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX, POST_BODY_MAX, REACTIONS, ROLE_MAX, TOPIC_TITLE_MAX } from './course.js';
import {
  editPostBodySchema,
  hostLoginBodySchema,
  newPostBodySchema,
  postModerationBodySchema,
  profileBodySchema,
  reactionSchema,
  topicBodySchema,
  topicIdSchema,
} from './schemas.js';

describe('named discussion schemas', () => {
  it('takes a name and an optional role, tidied, within their limits', () => {
    expect(profileBodySchema.parse({ displayName: '  Aino   Mäkelä ', role: ' Yhdistys ry ' })).toEqual({
      displayName: 'Aino Mäkelä',
      role: 'Yhdistys ry',
    });
    expect(profileBodySchema.safeParse({ displayName: '   ' }).success).toBe(false);
    expect(profileBodySchema.safeParse({ displayName: 'x'.repeat(DISPLAY_NAME_MAX + 1) }).success).toBe(false);
    expect(profileBodySchema.safeParse({ displayName: 'Aino', role: 'x'.repeat(ROLE_MAX + 1) }).success).toBe(false);
    expect(profileBodySchema.safeParse({ displayName: 'Aino', verified: true }).success).toBe(false);
  });

  it('keeps the paragraphs of a post and refuses empty or too long ones', () => {
    expect(newPostBodySchema.parse({ body: 'Eka kappale.\r\n\r\n\r\nToinen  kappale. ' })).toEqual({ body: 'Eka kappale.\n\nToinen kappale.' });
    expect(newPostBodySchema.safeParse({ body: ' \n ' }).success).toBe(false);
    expect(newPostBodySchema.safeParse({ body: 'x'.repeat(POST_BODY_MAX + 1) }).success).toBe(false);
    expect(newPostBodySchema.safeParse({ body: 'ok', parentId: '../x' }).success).toBe(false);
    expect(newPostBodySchema.safeParse({ body: 'ok', requestId: 'short' }).success).toBe(false);
    expect(editPostBodySchema.safeParse({ body: 'ok', parentId: 'abcdefgh' }).success).toBe(false);
  });

  it('knows the fixed reactions only', () => {
    for (const reaction of REACTIONS) expect(reactionSchema.parse(reaction)).toBe(reaction);
    expect(reactionSchema.safeParse('love').success).toBe(false);
  });

  it('checks topic ids and bodies', () => {
    expect(topicIdSchema.safeParse('moduuli-1').success).toBe(true);
    expect(topicIdSchema.safeParse('Moduuli 1').success).toBe(false);
    expect(topicBodySchema.parse({ title: 'Moduuli 1', prompt: null, locked: true })).toEqual({ title: 'Moduuli 1', prompt: null, locked: true });
    expect(topicBodySchema.safeParse({ title: 'x'.repeat(TOPIC_TITLE_MAX + 1) }).success).toBe(false);
    expect(topicBodySchema.safeParse({ title: 'ok', locked: 'yes' }).success).toBe(false);
  });

  it('wants something to change in a moderation and a token of sane size in a host login', () => {
    expect(postModerationBodySchema.safeParse({}).success).toBe(false);
    expect(postModerationBodySchema.parse({ pinned: true })).toEqual({ pinned: true });
    expect(postModerationBodySchema.safeParse({ status: 'deleted' }).success).toBe(false);
    expect(hostLoginBodySchema.safeParse({ token: '' }).success).toBe(false);
    expect(hostLoginBodySchema.safeParse({ token: 'x'.repeat(5000) }).success).toBe(false);
  });
});
