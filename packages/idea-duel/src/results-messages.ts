/** What the results view and the projector of <idea-duel> say, loaded with them. */
import { defineMessages, plural, type Locale, type MessageParams } from '@tori/core';
import { t as duelT, type DuelMessages } from './messages.js';

const en = {
  results: 'Results',
  totals: (votes: number, people: number) =>
    `${plural(votes, 'vote', 'votes')}, ${plural(people, 'participant', 'participants')}`,
  score: (score: number, comparisons: number) =>
    `score ${score} · ${plural(comparisons, 'comparison', 'comparisons')}`,
  noVotes: 'No votes yet.',
};

type OwnMessages = typeof en;

const fi: OwnMessages = {
  results: 'Tulokset',
  totals: (votes: number, people: number) =>
    `${plural(votes, 'ääni', 'ääntä')}, ${plural(people, 'osallistuja', 'osallistujaa')}`,
  score: (score: number, comparisons: number) =>
    `${score} pistettä · ${plural(comparisons, 'vertailu', 'vertailua')}`,
  noVotes: 'Ääniä ei ole vielä annettu.',
};

const sv: OwnMessages = {
  results: 'Resultat',
  totals: (votes: number, people: number) => `${plural(votes, 'röst', 'röster')}, ${people} deltagare`,
  score: (score: number, comparisons: number) =>
    `${score} poäng · ${plural(comparisons, 'jämförelse', 'jämförelser')}`,
  noVotes: 'Inga röster ännu.',
};

const own = defineMessages({ fi, sv, en });

export type ResultsMessages = DuelMessages & OwnMessages;

/** Its own messages, and the duel's (and core's shared phrases) in the language the duel speaks. */
export const t = <K extends keyof ResultsMessages & string>(locale: Locale, key: K, ...params: MessageParams<ResultsMessages[K]>): string =>
  key in en
    ? own(locale, key as keyof OwnMessages, ...(params as []))
    : duelT(locale, key as keyof DuelMessages, ...(params as []));
