/** Validators of the badges' REST bodies and addresses (badge, issuer, award, revoke). Server only. */
import { z } from 'zod';
import {
  BADGE_CRITERIA_MAX,
  BADGE_DESCRIPTION_MAX,
  BADGE_ID_PATTERN,
  BADGE_IMAGE_ALT_MAX,
  BADGE_IMAGE_MAX,
  BADGE_NAME_MAX,
  BADGE_REASON_MAX,
  BADGE_RULE_COUNT_MAX,
  BADGE_RULE_KINDS,
  BADGE_RULES_MAX,
  BADGE_VALID_DAYS_MAX,
  ISSUER_NAME_MAX,
} from './badges.js';
import { ID_MAX } from './limits.js';
import { typedParagraphs, typedText } from './text-schema.js';

export const badgeIdSchema = z
  .string({ error: 'badge id must be text' })
  .regex(new RegExp(BADGE_ID_PATTERN), {
    message: 'badge id must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A credential in an address: its `urn:uuid:…` id or the bare UUID, answered as the bare lowercase UUID. */
export const credentialIdSchema = z
  .string({ error: 'credential id must be text' })
  .transform((s) => s.trim().toLowerCase().replace(/^urn:uuid:/, ''))
  .pipe(z.string().regex(UUID, { message: 'credential id must be a UUID, with or without "urn:uuid:" before it' }));

/** Local addresses only over plain http: a badge image served from anywhere else would be mixed content. */
function isWebImage(s: string): boolean {
  try {
    const url = new URL(s);
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

const DATA_IMAGE = /^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

export const badgeImageSchema = z
  .string({ error: 'image must be text' })
  .max(BADGE_IMAGE_MAX, { message: `image must be at most ${BADGE_IMAGE_MAX} characters (a data: URL of a small PNG or SVG, or an https: address)` })
  .refine((s) => (s.startsWith('data:') ? DATA_IMAGE.test(s) : isWebImage(s)), {
    message: 'image must be an https: address or a data:image/png;base64,… or data:image/svg+xml;base64,… URL',
  });

export const badgeRuleSchema = z.strictObject({
  kind: z.enum(BADGE_RULE_KINDS, { error: `rule kind must be one of ${BADGE_RULE_KINDS.join(', ')}` }),
  count: z
    .int({ error: `count must be a whole number from 1 to ${BADGE_RULE_COUNT_MAX}` })
    .min(1, { message: `count must be a whole number from 1 to ${BADGE_RULE_COUNT_MAX}` })
    .max(BADGE_RULE_COUNT_MAX, { message: `count must be a whole number from 1 to ${BADGE_RULE_COUNT_MAX}` }),
});

export const badgeBodySchema = z.strictObject({
  name: typedText(1, BADGE_NAME_MAX, 'name'),
  description: typedParagraphs(1, BADGE_DESCRIPTION_MAX, 'description'),
  image: badgeImageSchema,
  imageAlt: typedText(1, BADGE_IMAGE_ALT_MAX, 'imageAlt').optional(),
  criteria: typedParagraphs(1, BADGE_CRITERIA_MAX, 'criteria'),
  rules: z
    .array(badgeRuleSchema, { error: 'rules must be a list of { kind, count } (empty: awarded by hand only)' })
    .max(BADGE_RULES_MAX, { message: `at most ${BADGE_RULES_MAX} rules` })
    .refine((rules) => new Set(rules.map((r) => r.kind)).size === rules.length, {
      message: 'each rule kind may appear once: one count per kind',
    }),
  validForDays: z
    .int({ error: `validForDays must be a whole number from 1 to ${BADGE_VALID_DAYS_MAX}, or null for no end` })
    .min(1, { message: `validForDays must be a whole number from 1 to ${BADGE_VALID_DAYS_MAX}, or null for no end` })
    .max(BADGE_VALID_DAYS_MAX, { message: `validForDays must be a whole number from 1 to ${BADGE_VALID_DAYS_MAX}, or null for no end` })
    .nullable()
    .optional(),
  active: z.boolean({ error: 'active must be true or false' }).optional(),
});

/** The issuer's home page is shown to employers as the issuer's: https only. */
const issuerUrlSchema = z
  .string({ error: 'url must be text' })
  .max(500, { message: 'url must be at most 500 characters' })
  .refine(
    (s) => {
      try {
        const url = new URL(s);
        return url.protocol === 'https:' && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { message: 'url must be an https: address, e.g. https://www.example.fi/' },
  );

export const issuerBodySchema = z.strictObject({
  name: typedText(1, ISSUER_NAME_MAX, 'name'),
  url: issuerUrlSchema.nullable().optional(),
  email: z
    .email({ error: 'email must be an e-mail address' })
    .max(254, { message: 'email must be at most 254 characters' })
    .nullable()
    .optional(),
});

const reason = typedParagraphs(1, BADGE_REASON_MAX, 'reason');

export const awardBodySchema = z.strictObject({
  participantId: z
    .string({ error: 'participantId must be text' })
    .min(1, { message: 'participantId must not be empty' })
    .max(ID_MAX, { message: `participantId must be at most ${ID_MAX} characters` })
    .regex(/^[A-Za-z0-9_-]+$/, { message: 'participantId may contain only letters, digits, "_" and "-"' }),
  reason,
});

export const revokeBodySchema = z.strictObject({ reason });
