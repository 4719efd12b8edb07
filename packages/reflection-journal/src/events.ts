/** Events of <reflection-journal>: all bubble and are composed, so a page can listen on `document`. */
import type { ReflectionJournal } from './reflection-journal.js';

/** `tori-reflection-saved`: a reflection reached the server. */
export interface ReflectionJournalSavedDetail {
  promptId: string;
  /** The server's revision of the reflection after this save. */
  revision: number;
}

/** `tori-reflection-shared`: the participant posted a copy of (part of) a reflection to a discussion. */
export interface ReflectionJournalSharedDetail {
  promptId: string;
  topicId: string;
  postId: string;
}

/** `tori-journal-downloaded`: the participant downloaded their journal. */
export interface ReflectionJournalDownloadedDetail {
  format: 'markdown' | 'html';
  fileName: string;
}

/** `tori-error`: something failed that the participant was told about. */
export interface ReflectionJournalErrorDetail {
  /** The server's error code (e.g. 'conflict', 'journal_closed', 'profile_required'), or 'network'. */
  code: string;
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tori-reflection-saved': CustomEvent<ReflectionJournalSavedDetail>;
    'tori-reflection-shared': CustomEvent<ReflectionJournalSharedDetail>;
    'tori-journal-downloaded': CustomEvent<ReflectionJournalDownloadedDetail>;
    'tori-error': CustomEvent<ReflectionJournalErrorDetail>;
  }
  interface HTMLElementTagNameMap {
    'reflection-journal': ReflectionJournal;
  }
}
