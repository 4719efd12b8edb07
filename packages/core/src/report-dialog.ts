import { css, html, type TemplateResult } from 'lit';
import { REPORT_NOTE_MAX, REPORT_REASONS, type ReportReason } from '@tori/protocol';
import { heading } from './widget-templates.js';

/** The words of the report dialog, in each widget's own messages (an idea and a post are reported in its terms). */
export type ReportDialogText = 'reportHeading' | 'reportWhy' | 'chooseReason' | 'reportNote' | 'sendReport' | 'cancel' | `reason_${ReportReason}`;

export interface ReportDialogOptions {
  /** What is reported, as the participant saw it: an idea's text, a post's author and first words. */
  subject: string;
  /** The dialog heading's level. */
  level: number;
  /** A report was sent without a reason: the reasons say one is needed. */
  reasonMissing: boolean;
  text: (key: ReportDialogText) => string;
  /** The form was sent: the reason is the checked `reason` radio, the note the `note` field. */
  onSubmit: (event: SubmitEvent) => void;
  onCancel: () => void;
  /** Closed by Cancel, Escape or a sent report: the widget puts focus back. */
  onClose: () => void;
}

/**
 * The dialog that reports an idea or a post to the facilitator: a reason (one must be chosen) and an optional note.
 * The widget opens it with `showModal()` and moves focus to the first reason.
 */
export function reportDialog({ subject, level, reasonMissing, text, onSubmit, onCancel, onClose }: ReportDialogOptions): TemplateResult {
  return html`<dialog part="report-dialog" aria-labelledby="report-heading" @close=${onClose}>
    <form novalidate @submit=${onSubmit}>
      ${heading('report-heading', text('reportHeading'), level, undefined, 'subheading')}
      <p class="meta">${subject}</p>
      <fieldset aria-describedby="report-problem">
        <legend>${text('reportWhy')}</legend>
        ${REPORT_REASONS.map(
          (reason) => html`<label class="option"><input type="radio" name="reason" value=${reason} /> ${text(`reason_${reason}`)}</label>`,
        )}
        <span id="report-problem" class="problem">${reasonMissing ? text('chooseReason') : ''}</span>
      </fieldset>
      <div class="field">
        <label for="report-note">${text('reportNote')}</label>
        <textarea id="report-note" name="note" rows="2" maxlength=${REPORT_NOTE_MAX}></textarea>
      </div>
      <div class="buttons">
        <button type="submit" class="primary">${text('sendReport')}</button>
        <button type="button" @click=${onCancel}>${text('cancel')}</button>
      </div>
    </form>
  </dialog>`;
}

/** The dialog's reasons: a radio and its words on one line, as tall as a finger needs. After widgetStyles. */
export const reportDialogStyles = css`
  .option {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-height: 2.75rem;
    font-weight: 400;
  }

  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--_tori-color-accent);
  }
`;
