/** The <reflection-journal> class and its types; importing this registers no tag (see `@tori/reflection-journal/define`). */
export { ReflectionJournal } from './reflection-journal.js';
export type {
  ReflectionJournalDownloadedDetail,
  ReflectionJournalErrorDetail,
  ReflectionJournalSavedDetail,
  ReflectionJournalSharedDetail,
} from './events.js';
