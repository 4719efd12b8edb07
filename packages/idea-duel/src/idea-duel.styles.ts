import { css } from 'lit';

/** Mobile-first: ideas stacked, side by side once the element itself is wide enough (a container query). */
export const styles = css`
  :host {
    container-type: inline-size;
  }

  .heading {
    margin: 0 0 calc(var(--_tori-space) * 2);
    font-size: 1.375em;
    font-weight: 700;
    line-height: 1.25;
  }

  .heading:focus {
    outline: none;
  }

  p {
    margin: 0 0 calc(var(--_tori-space) * 2);
  }

  button {
    min-height: 2.75rem;
    padding: 0.5em 1em;
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
    color: inherit;
    font: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }

  button:hover,
  [aria-expanded='true'] {
    border-color: var(--_tori-color-accent);
  }

  [aria-expanded='true'] {
    box-shadow: inset 0 0 0 1px var(--_tori-color-accent);
  }

  :focus-visible {
    outline: 3px solid var(--_tori-focus-ring);
    outline-offset: 2px;
  }

  .primary {
    border-color: var(--_tori-color-accent);
    background: var(--_tori-color-accent);
    color: var(--_tori-color-accent-contrast);
    font-weight: 600;
  }

  .pair {
    display: grid;
    gap: var(--_tori-space);
  }

  [part~='choice'] {
    min-height: 5.5rem;
    padding: calc(var(--_tori-space) * 2);
    border-width: 2px;
    background: var(--_tori-color-surface-raised);
    font-size: 1.2em;
    font-weight: 600;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }

  [part~='choice']:active {
    background: var(--_tori-color-accent);
    color: var(--_tori-color-accent-contrast);
  }

  .or {
    justify-self: center;
    align-self: center;
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  @container (min-width: 34rem) {
    .pair {
      grid-template-columns: 1fr auto 1fr;
      gap: calc(var(--_tori-space) * 2);
    }

    [part~='choice'] {
      min-height: 8rem;
    }
  }

  .toast {
    min-height: 1.5em;
    margin: var(--_tori-space) 0;
    color: var(--_tori-color-success);
    font-size: 0.875em;
    text-align: center;
  }

  .actions,
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_tori-space);
  }

  .panel,
  .banner,
  .progress {
    margin: calc(var(--_tori-space) * 2) 0;
    padding: calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .banner {
    border-inline-start: 4px solid var(--_tori-color-accent);
  }

  .error-banner {
    border-inline-start-color: var(--_tori-color-danger);
  }

  .progress {
    border-inline-start: 4px solid var(--_tori-color-success);
  }

  .queued {
    display: block;
    margin-top: var(--_tori-space);
  }

  fieldset {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: 0;
    border: 0;
  }

  legend,
  label[for] {
    display: block;
    margin-bottom: var(--_tori-space);
    padding: 0;
    font-weight: 600;
  }

  .option {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-height: 2.75rem;
  }

  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--_tori-color-accent);
  }

  textarea {
    display: block;
    width: 100%;
    box-sizing: border-box;
    margin-bottom: var(--_tori-space);
    padding: 0.5em;
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
    color: inherit;
    font: inherit;
    resize: vertical;
  }

  textarea[aria-invalid='true'] {
    border-color: var(--_tori-color-danger);
  }

  .hint {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_tori-space);
    margin-bottom: calc(var(--_tori-space) * 2);
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .problem {
    color: var(--_tori-color-danger);
    font-weight: 600;
  }

  .done:focus {
    outline: none;
  }

  .results ol {
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding-inline-start: 1.75em;
  }

  .results li {
    margin-bottom: calc(var(--_tori-space) * 1.5);
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    column-gap: calc(var(--_tori-space) * 2);
  }

  .idea {
    font-weight: 600;
  }

  .numbers,
  .totals {
    color: var(--_tori-color-muted);
  }

  .numbers {
    font-size: 0.875em;
    white-space: nowrap;
  }

  .bar {
    display: block;
    height: 0.5em;
    margin-top: 0.25em;
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
    box-shadow: inset 0 0 0 1px var(--_tori-color-border);
    overflow: hidden;
  }

  .bar > span {
    display: block;
    height: 100%;
    background: var(--_tori-color-accent);
    transition: width 0.6s ease;
  }

  /* Big type for a hall: scales with the element's width. */
  .projector {
    font-size: clamp(1.125em, 3cqi, 2.5em);
  }

  .projector .heading {
    font-size: 1.5em;
  }

  .projector .bar {
    height: 0.6em;
  }

  /* On a wide screen the join code sits beside the ranking, in view however long the list is. */
  @container (min-width: 60rem) {
    .projector:has(> .join) {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      column-gap: calc(var(--_tori-space) * 4);
      align-items: start;
    }

    .projector > :not(.join) {
      grid-column: 1;
    }

    .projector > .join {
      grid-column: 2;
      grid-row: 1 / span 3;
      position: sticky;
      top: 0;
      flex-direction: column;
      align-items: flex-start;
      margin: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .bar > span {
      transition: none;
    }
  }
`;
