/** The shared messages in Finnish, a module of its own so a widget can load its Finnish on demand. */
import type { CoreMessages } from './i18n.js';
import { plural } from './plural.js';

export const coreFi: CoreMessages = {
  offline: 'Ei verkkoyhteyttä.',
  reconnecting: 'Yhdistetään uudelleen…',
  tryAgain: 'Yritä uudelleen',
  somethingWentWrong: 'Jokin meni vikaan.',
  queuedAnswers: (count: number) => `${plural(count, 'ääni', 'ääntä')} odottaa lähettämistä`,
  loading: 'Ladataan…',
  takePartAt: 'Osallistu osoitteessa',
  joinCodeLabel: (address: string) => `QR-koodi osallistumiseen: ${address}`,
};
