/** @tori/core: what every Tori widget builds on. Importing it registers no element (see `@tori/core/define`). */
export type {
  AnswerOutcome,
  DuelView,
  Idea,
  RequestOptions,
  SpaceEvent,
  SpaceWatcher,
  ToriClient,
  ToriErrorShape,
} from './contracts.js';
export { ToriError } from './errors.js';
export { createClient } from './client.js';
export { getDefaultServer, setDefaultServer } from './default-server.js';
export { Outbox, type OutboxOptions, type Queued, type QueuedAnswer, type SendAnswer } from './outbox.js';
export { browserStore, memoryStore, type KeyValueStore } from './storage.js';
export { ToriElement } from './tori-element.js';
export { ConnectedElement } from './connected-element.js';
export { toriSpaceContext, type ToriSpaceContext } from './context.js';
export { ToriSpace } from './tori-space.js';
export {
  coreCatalog,
  coreEnglish,
  coreMessages,
  defineMessages,
  toLocale,
  LOCALES,
  plural,
  type CoreMessages,
  type Locale,
  type Message,
  type MessageParams,
  type Translate,
} from './i18n.js';
export { resetStyles, tokens } from './theme.js';
export { widgetStyles } from './widget-styles.js';
export { heading, headingLevelOf, statusLine } from './widget-templates.js';
export { reportDialog, reportDialogStyles, type ReportDialogOptions, type ReportDialogText } from './report-dialog.js';
export { DuelController, type DuelHost } from './duel-controller.js';
export { JoinCodeController, joinAddress, joinCodeStyles } from './join-code.js';
