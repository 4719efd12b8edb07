/** Schemas of text people type, shared by every validator of the protocol. */
import { z } from 'zod';

// Control characters (C0 other than tab/newline/return, DEL, C1) have no place in text people read.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Text a person typed: NFC-normalised, runs of whitespace collapsed, trimmed, no control characters. */
export const typedText = (min: number, max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .refine((s) => !CONTROL_CHARS.test(s), { message: `${what} contains control characters` })
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(min, { message: `${what} must be at least ${min} characters` })
        .max(max, { message: `${what} must be at most ${max} characters` }),
    );

/** Longer text a person typed, whose paragraphs matter: line breaks kept (at most one empty line), spaces collapsed. */
export const typedParagraphs = (min: number, max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .refine((s) => !CONTROL_CHARS.test(s), { message: `${what} contains control characters` })
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/\r\n?/g, '\n')
        .replace(/[^\S\n]+/g, ' ')
        .replace(/ ?\n ?/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(min, { message: min === 1 ? `${what} must not be empty` : `${what} must be at least ${min} characters` })
        .max(max, { message: `${what} must be at most ${max} characters` }),
    );
