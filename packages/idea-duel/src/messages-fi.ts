/** What <idea-duel> says around the pair in Finnish, loaded when a duel first speaks it. */
import { coreFi } from '@tori/core/messages-fi';
import type { DuelMessages } from './messages.js';

export const messages: DuelMessages = {
  ...coreFi,
  or: 'vai',
  cantDecide: 'En osaa valita',
  addIdea: 'Lisää oma idea',
  showResults: 'Näytä tulokset',
  backToVoting: 'Takaisin valitsemaan',
  hideResults: 'Piilota tulokset',
  empty: 'Vertailtavia ideoita ei ole vielä tarpeeksi. Lisää oma ideasi!',
  closed: 'Äänestys on päättynyt. Kiitos osallistumisesta!',
  offlineChoicesSaved: 'Yhteys on katkennut – valintasi tallennetaan ja lähetetään, kun yhteys palaa.',
  offlineNoPair: 'Yhteys on katkennut. Vertailu jatkuu, kun yhteys palaa.',
  online: 'Yhteys palasi.',
  voteSaved: 'Valintasi on tallennettu.',
  voteQueued: 'Valintasi on tallennettu laitteellesi, ja se lähetetään, kun yhteys palaa.',
  skipped: 'Pari ohitettu.',
  newPair: (a: string, b: string) => `Uusi pari: ${a} vai ${b}`,
  progress: (n: number) => `Olet vertaillut ${n} paria – kiitos! Jatka vielä tai katso tulokset.`,
  partUnavailable: 'Tätä osaa ei voitu ladata. Tarkista yhteys ja yritä uudelleen.',
};
