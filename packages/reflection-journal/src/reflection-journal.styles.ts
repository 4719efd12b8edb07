import { css } from 'lit';

/** One column on every width: a journal is read and written top to bottom. */
export const styles = css`
  :host {
    display: block;
  }

  .notice {
    padding: calc(var(--_tori-space) * 1.5) calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-inline-start: 4px solid var(--_tori-color-accent);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
    font-weight: 600;
  }

  .progress {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_tori-space) calc(var(--_tori-space) * 2);
    margin: 0 0 var(--_tori-space);
    font-weight: 600;
  }

  .bar {
    flex: 1 1 8rem;
    max-width: 16rem;
    height: 0.5rem;
    border: 1px solid var(--_tori-color-border);
    border-radius: 999px;
    background: var(--_tori-color-surface);
    overflow: hidden;
  }

  .bar > span {
    display: block;
    height: 100%;
    background: var(--_tori-color-accent);
  }

  .summary {
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .summary.conflict,
  .summary.error {
    color: var(--_tori-color-danger);
    font-weight: 600;
  }

  .module {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .module-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_tori-space);
  }

  .module-head .subheading {
    margin-top: 0;
  }

  .reflected {
    color: var(--_tori-color-success);
    font-size: 0.8125em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }

  .prompt + .prompt {
    margin-top: calc(var(--_tori-space) * 3);
  }

  .prompt-text {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  .prompt textarea {
    min-height: 7.5rem;
  }

  .prompt .buttons {
    margin-top: var(--_tori-space);
  }

  .field-status.saved {
    color: var(--_tori-color-success);
  }

  .field-status.conflict,
  .field-status.error {
    color: var(--_tori-color-danger);
    font-weight: 600;
  }

  .other-copy {
    margin-top: var(--_tori-space);
    padding: calc(var(--_tori-space) * 1.5) calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-danger);
    border-inline-start-width: 4px;
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
  }

  .conflict-heading {
    margin-bottom: var(--_tori-space);
    font-weight: 700;
  }

  .other {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding-inline-start: calc(var(--_tori-space) * 1.5);
    border-inline-start: 4px solid var(--_tori-color-border);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .downloads {
    margin-top: calc(var(--_tori-space) * 3);
  }

  .downloads .note:empty {
    display: none;
  }

  /* Wider than the shared dialog: a reflection's text is read in it. */
  dialog {
    width: min(36rem, calc(100vw - 2rem));
  }

  .problem:empty {
    display: none;
  }

  /* The facilitator's view. */
  .counts {
    width: 100%;
    margin: 0 0 calc(var(--_tori-space) * 2);
    border-collapse: collapse;
  }

  .counts th,
  .counts td {
    padding: var(--_tori-space);
    border-bottom: 1px solid var(--_tori-color-border);
    text-align: start;
  }

  .counts td {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  .readings dt {
    margin-top: calc(var(--_tori-space) * 1.5);
    font-weight: 600;
  }

  .readings dd {
    margin: calc(var(--_tori-space) / 2) 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .facilitator-buttons {
    margin-top: calc(var(--_tori-space) * 2);
  }
`;
