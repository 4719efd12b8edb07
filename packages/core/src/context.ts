import { createContext } from '@lit/context';
import type { ToriClient } from './contracts.js';

/** What `<tori-space>` hands to the widgets inside it. */
export interface ToriSpaceContext {
  client: ToriClient;
  spaceId: string;
}

export const toriSpaceContext = createContext<ToriSpaceContext | undefined>(Symbol.for('tori-space'));
