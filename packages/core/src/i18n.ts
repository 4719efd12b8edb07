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

/** "1 vote", "3 votes": the count and its word; Finnish, Swedish and English each have one plural form. */
export const plural = (count: number, one: string, other: string): string => `${count} ${count === 1 ? one : other}`;

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
export const coreCatalog: Record<Locale, typeof en> = {
  fi: {
    offline: 'Ei verkkoyhteyttä.',
    reconnecting: 'Yhdistetään uudelleen…',
    tryAgain: 'Yritä uudelleen',
    somethingWentWrong: 'Jokin meni vikaan.',
    queuedAnswers: (count: number) => `${plural(count, 'ääni', 'ääntä')} odottaa lähettämistä`,
    loading: 'Ladataan…',
    takePartAt: 'Osallistu osoitteessa',
    joinCodeLabel: (address: string) => `QR-koodi osallistumiseen: ${address}`,
  },
  sv: {
    offline: 'Ingen nätverksanslutning.',
    reconnecting: 'Ansluter igen…',
    tryAgain: 'Försök igen',
    somethingWentWrong: 'Något gick fel.',
    queuedAnswers: (count: number) => `${plural(count, 'röst', 'röster')} väntar på att skickas`,
    loading: 'Laddar…',
    takePartAt: 'Delta på',
    joinCodeLabel: (address: string) => `QR-kod för att delta: ${address}`,
  },
  en,
};

/** `coreMessages(locale, 'queuedAnswers', 3)` → "3 votes waiting to be sent". */
export const coreMessages = defineMessages(coreCatalog);
