/** What <idea-duel> says around the pair in Swedish, loaded when a duel first speaks it. */
import { coreSv } from '@tori/core/messages-sv';
import type { DuelMessages } from './messages.js';

export const messages: DuelMessages = {
  ...coreSv,
  or: 'eller',
  cantDecide: 'Jag kan inte välja',
  addIdea: 'Föreslå en egen idé',
  showResults: 'Visa resultaten',
  backToVoting: 'Tillbaka till jämförelsen',
  hideResults: 'Dölj resultaten',
  empty: 'Det finns ännu inte tillräckligt med idéer att jämföra. Föreslå en egen!',
  closed: 'Röstningen har avslutats. Tack för att du deltog!',
  offlineChoicesSaved: 'Du är offline – dina val sparas och skickas när anslutningen är tillbaka.',
  offlineNoPair: 'Du är offline. Jämförelsen fortsätter när anslutningen är tillbaka.',
  online: 'Anslutningen är tillbaka.',
  voteSaved: 'Ditt val har sparats.',
  voteQueued: 'Ditt val sparades på enheten och skickas när anslutningen är tillbaka.',
  skipped: 'Paret hoppades över.',
  newPair: (a: string, b: string) => `Nytt par: ${a} eller ${b}`,
  progress: (n: number) => `Du har jämfört ${n} par – tack! Fortsätt gärna eller se resultaten.`,
  partUnavailable: 'Den här delen kunde inte laddas. Kontrollera anslutningen och försök igen.',
};
