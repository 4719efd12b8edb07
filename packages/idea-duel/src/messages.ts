/**
 * What <idea-duel> says around the pair. English is built in; Finnish and Swedish are loaded when a duel first speaks
 * them (messages-fi.ts, messages-sv.ts). Shared phrases (loading, try again, queued) come from core; the forms and the
 * results bring their own (forms-messages.ts, results-messages.ts).
 */
import { coreEnglish, defineMessages, type CoreMessages, type Locale } from '@tori/core';

const en = {
  or: 'or',
  cantDecide: "Can't decide",
  addIdea: 'Add your own idea',
  showResults: 'Show results',
  backToVoting: 'Back to voting',
  hideResults: 'Hide results',
  empty: "There aren't enough ideas to compare yet. Add your own!",
  closed: 'Voting has closed. Thank you for taking part!',
  offlineChoicesSaved: 'You are offline — your choices are saved and sent when the connection returns.',
  offlineNoPair: 'You are offline. The duel continues when the connection returns.',
  online: 'Back online.',
  voteSaved: 'Vote saved.',
  voteQueued: 'Vote saved on this device; it is sent when the connection returns.',
  skipped: 'Pair skipped.',
  newPair: (a: string, b: string) => `New pair: ${a} or ${b}`,
  progress: (n: number) => `You've compared ${n} pairs — thank you! Keep going or see the results.`,
  partUnavailable: 'This part could not be loaded. Check the connection and try again.',
};

/** The catalog type: every locale has the same keys and parameters. */
export type OwnMessages = typeof en;

export type DuelMessages = CoreMessages & OwnMessages;

const catalogs = { en: { ...coreEnglish, ...en } } as Record<Locale, DuelMessages>;
const learning = new Map<Locale, Promise<void>>();

/** Looks the key up in the locale's catalog once it is loaded, in English until then. */
export const t = defineMessages(catalogs);

/** True once the duel can speak `locale`: its messages are loaded, or could not be and English stands in (until the page is loaded again). */
export const speaks = (locale: Locale): boolean => locale in catalogs;

/** Loads the messages of `locale` once; resolves when the duel speaks it (in English when they could not load). */
export function learn(locale: Locale): Promise<void> {
  let learnt = learning.get(locale);
  if (!learnt) {
    const load = locale === 'fi' ? import('./messages-fi.js') : import('./messages-sv.js');
    learnt = load.then(
      ({ messages }) => void (catalogs[locale] = messages),
      (error: Error) => {
        // Offline before the file was ever cached, or a site that did not copy chunks/: English rather than nothing.
        console.warn(`[tori] <idea-duel> could not load its "${locale}" messages, so it speaks English:`, error.message);
        catalogs[locale] = catalogs.en;
      },
    );
    learning.set(locale, learnt);
  }
  return learnt;
}
