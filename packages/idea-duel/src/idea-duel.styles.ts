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
`;
