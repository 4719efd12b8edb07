import { coreFi } from './messages-fi.js';
import { coreSv } from './messages-sv.js';
import { plural } from './plural.js';

/** The languages every Tori widget speaks. */
export type Locale = 'fi' | 'sv' | 'en';

export const LOCALES: readonly Locale[] = ['fi', 'sv', 'en'];

/** A message: plain text, or a function of its parameters (counts, names). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((...params: any[]) => string);

/** The parameters a message takes: none for plain text. */
export type MessageParams<T> = T extends (...params: infer P) => string ? P : [];

export type Translate<M extends Record<string, Message>> = <K extends keyof M & string>(
  locale: Locale,
  key: K,
  ...params: MessageParams<M[K]>
) => string;

/**
 * One catalog per locale, checked to have the same keys; returns `translate(locale, key, ...params)`.
 * A key missing from a catalog at run time falls back to English, then to the key itself.
 */
export function defineMessages<M extends Record<string, Message>>(catalog: Record<Locale, M>): Translate<M> {
  return (locale, key, ...params) => {
    const message = catalog[locale]?.[key] ?? catalog.en[key];
    if (message === undefined) return key;
    return typeof message === 'function' ? message(...params) : message;
  };
}

/** The locale of a language tag: its primary subtag when Tori speaks it, else English. */
export function toLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.includes(primary as Locale) ? (primary as Locale) : 'en';
}

export { plural } from './plural.js';

const en = {
  offline: 'You are offline.',
  reconnecting: 'Reconnecting…',
  tryAgain: 'Try again',
  somethingWentWrong: 'Something went wrong.',
  queuedAnswers: (count: number) => `${plural(count, 'vote', 'votes')} waiting to be sent`,
  loading: 'Loading…',
  takePartAt: 'Take part at',
  joinCodeLabel: (address: string) => `QR code to take part: ${address}`,
};

/** Messages every widget shares, so the same situation reads the same everywhere. */
export type CoreMessages = typeof en;

/** The shared messages in English: what a widget that loads its other languages on demand carries built in. */
export const coreEnglish: CoreMessages = en;

/** The shared messages in every language (Finnish and Swedish are modules of their own, `@tori/core/messages-fi`…). */
export const coreCatalog: Record<Locale, CoreMessages> = {
  fi: coreFi,
  sv: coreSv,
  en,
};

/** `coreMessages(locale, 'queuedAnswers', 3)` → "3 votes waiting to be sent". */
export const coreMessages = defineMessages(coreCatalog);
