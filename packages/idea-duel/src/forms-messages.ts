/** What the skip reasons and the idea form of <idea-duel> say, loaded with them. */
import { defineMessages, type Locale, type MessageParams } from '@tori/core';
import { t as duelT, type DuelMessages } from './messages.js';
import { IDEA_TEXT_MIN } from '@tori/protocol';

const en = {
  whyCantDecide: "Why can't you decide?",
  like_both: 'I like both',
  dislike_both: 'I like neither',
  dont_know: "I don't know enough",
  too_similar: 'They are too similar',
  other: 'Another reason',
  note: 'Tell us more (optional)',
  skipPair: 'Skip this pair',
  cancel: 'Cancel',
  yourIdea: 'Your idea',
  characters: (n: number, max: number) => `${n}/${max} characters`,
  tooShort: `Write at least ${IDEA_TEXT_MIN} characters.`,
  duplicate: 'This idea is already in the duel.',
  sendIdea: 'Send idea',
  ideaAdded: 'Thank you! Your idea is now in the duel.',
  ideaPending: 'Thank you! Your idea joins the duel once the facilitator has approved it.',
  addAnother: 'Add another idea',
};

type OwnMessages = typeof en;

const fi: OwnMessages = {
  whyCantDecide: 'Miksi et osaa valita?',
  like_both: 'Pidän molemmista',
  dislike_both: 'En pidä kummastakaan',
  dont_know: 'En tiedä tarpeeksi',
  too_similar: 'Ne ovat liian samanlaisia',
  other: 'Muu syy',
  note: 'Kerro lisää (vapaaehtoinen)',
  skipPair: 'Ohita tämä pari',
  cancel: 'Peruuta',
  yourIdea: 'Ideasi',
  characters: (n: number, max: number) => `${n}/${max} merkkiä`,
  tooShort: `Kirjoita vähintään ${IDEA_TEXT_MIN} merkkiä.`,
  duplicate: 'Tämä idea on jo mukana vertailussa.',
  sendIdea: 'Lähetä idea',
  ideaAdded: 'Kiitos! Ideasi on nyt mukana vertailussa.',
  ideaPending: 'Kiitos! Ideasi tulee mukaan vertailuun, kun järjestäjä on hyväksynyt sen.',
  addAnother: 'Lisää toinen idea',
};

const sv: OwnMessages = {
  whyCantDecide: 'Varför kan du inte välja?',
  like_both: 'Jag gillar båda',
  dislike_both: 'Jag gillar ingen av dem',
  dont_know: 'Jag vet inte tillräckligt',
  too_similar: 'De är för lika',
  other: 'Annan orsak',
  note: 'Berätta mer (frivilligt)',
  skipPair: 'Hoppa över paret',
  cancel: 'Avbryt',
  yourIdea: 'Din idé',
  characters: (n: number, max: number) => `${n}/${max} tecken`,
  tooShort: `Skriv minst ${IDEA_TEXT_MIN} tecken.`,
  duplicate: 'Den här idén finns redan med i jämförelsen.',
  sendIdea: 'Skicka idén',
  ideaAdded: 'Tack! Din idé är nu med i jämförelsen.',
  ideaPending: 'Tack! Din idé kommer med i jämförelsen när arrangören har godkänt den.',
  addAnother: 'Föreslå en idé till',
};

const own = defineMessages({ fi, sv, en });

export type FormMessages = DuelMessages & OwnMessages;

/** Its own messages, and the duel's (and core's shared phrases) in the language the duel speaks. */
export const t = <K extends keyof FormMessages & string>(locale: Locale, key: K, ...params: MessageParams<FormMessages[K]>): string =>
  key in en
    ? own(locale, key as keyof OwnMessages, ...(params as []))
    : duelT(locale, key as keyof DuelMessages, ...(params as []));
