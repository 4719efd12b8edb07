import { css } from 'lit';

/**
 * What the board, the discussion, the journal and the badges share: headings, buttons, fields, hints, panels,
 * dialogs, banners, button rows and toolbars. Comes after resetStyles and before a widget's own styles, which may refine it.
 */
export const widgetStyles = css`
  .heading {
    margin: 0 0 calc(var(--_tori-space) * 2);
    font-size: 1.375em;
    font-weight: 700;
    line-height: 1.25;
  }

  .subheading {
    margin: calc(var(--_tori-space) * 3) 0 calc(var(--_tori-space) * 1.5);
    font-size: 1.125em;
    font-weight: 700;
    line-height: 1.3;
  }

  .heading:focus,
  .subheading:focus,
  .note:focus {
    outline: none;
  }

  p {
    margin: 0 0 calc(var(--_tori-space) * 2);
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  button {
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5em 1em;
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
    cursor: pointer;
    touch-action: manipulation;
  }

  button:hover {
    border-color: var(--_tori-color-accent);
  }

  :focus-visible {
    outline: 3px solid var(--_tori-focus-ring);
    outline-offset: 2px;
  }

  .primary,
  [aria-pressed='true'] {
    border-color: var(--_tori-color-accent);
    background: var(--_tori-color-accent);
    color: var(--_tori-color-accent-contrast);
    font-weight: 600;
  }

  input:not([type='radio']),
  select,
  textarea {
    display: block;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5em;
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
  }

  textarea {
    resize: vertical;
  }

  [aria-invalid='true'] {
    border-color: var(--_tori-color-danger);
  }

  label,
  legend {
    display: block;
    margin-bottom: calc(var(--_tori-space) / 2);
    padding: 0;
    font-weight: 600;
  }

  fieldset {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: 0;
    border: 0;
  }

  .field {
    margin-bottom: calc(var(--_tori-space) * 2);
  }

  .hint {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_tori-space);
    margin-top: calc(var(--_tori-space) / 2);
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .problem {
    color: var(--_tori-color-danger);
    font-weight: 600;
  }

  /* The character count keeps to the end of the line. */
  .hint > :last-child {
    margin-inline-start: auto;
  }

  .panel,
  .banner {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .banner {
    border-inline-start: 4px solid var(--_tori-color-accent);
  }

  .banner > :last-child,
  .panel > :last-child {
    margin-bottom: 0;
  }

  .panel > .subheading:first-child,
  dialog .subheading:first-child {
    margin-top: 0;
  }

  dialog {
    width: min(32rem, calc(100vw - 2rem));
    padding: calc(var(--_tori-space) * 3);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
    color: var(--_tori-color-text);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  .error-banner {
    border-inline-start-color: var(--_tori-color-danger);
  }

  .note {
    color: var(--_tori-color-success);
    font-weight: 600;
  }

  .queued {
    display: block;
    margin-top: var(--_tori-space);
  }

  .buttons,
  .toolbar,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_tori-space);
  }

  .toolbar {
    align-items: end;
    margin-bottom: calc(var(--_tori-space) * 2);
  }

  .toolbar > .field {
    flex: 1 1 12rem;
    margin: 0;
  }

  .toolbar > p {
    flex: 1 1 100%;
    margin: 0;
  }

  @container (min-width: 40rem) {
    .row {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: calc(var(--_tori-space) * 2);
    }
  }
`;
