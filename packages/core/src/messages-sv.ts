/** The shared messages in Swedish, a module of its own so a widget can load its Swedish on demand. */
import type { CoreMessages } from './i18n.js';
import { plural } from './plural.js';

export const coreSv: CoreMessages = {
  offline: 'Ingen nätverksanslutning.',
  reconnecting: 'Ansluter igen…',
  tryAgain: 'Försök igen',
  somethingWentWrong: 'Något gick fel.',
  queuedAnswers: (count: number) => `${plural(count, 'röst', 'röster')} väntar på att skickas`,
  loading: 'Laddar…',
  takePartAt: 'Delta på',
  joinCodeLabel: (address: string) => `QR-kod för att delta: ${address}`,
};
