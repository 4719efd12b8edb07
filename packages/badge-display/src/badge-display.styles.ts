import { css } from 'lit';

/** Mobile first: one column of badges, two or three side by side once the element is wide enough. */
export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }

  .cards,
  .roster {
    display: grid;
    gap: calc(var(--_tori-space) * 2);
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: 0;
    list-style: none;
  }

  @container (min-width: 44rem) {
    .cards {
      grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
    }
  }

  .card {
    display: flex;
    flex-direction: column;
    gap: var(--_tori-space);
    height: 100%;
    padding: calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .card.revoked,
  .card.expired {
    border-inline-start: 4px solid var(--_tori-color-danger);
  }

  .card.revoked .badge-image,
  .card.expired .badge-image {
    filter: grayscale(1);
    opacity: 0.75;
  }

  .card-head {
    display: flex;
    gap: calc(var(--_tori-space) * 2);
    align-items: flex-start;
  }

  .card-head p {
    margin: 0 0 var(--_tori-space);
  }

  .badge-image,
  .earned-image {
    flex: none;
    width: 4.5rem;
    height: 4.5rem;
    object-fit: contain;
  }

  .no-image {
    display: block;
    border: 2px dashed var(--_tori-color-border);
    border-radius: 50%;
  }

  .badge-name {
    margin: 0 0 calc(var(--_tori-space) / 2);
    font-size: 1.125em;
    font-weight: 700;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }

  .badge-name:focus {
    outline: 3px solid var(--_tori-focus-ring);
    outline-offset: 2px;
  }

  .status {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_tori-space) / 2) var(--_tori-space);
    align-items: baseline;
  }

  .chip {
    display: inline-block;
    padding: 0 var(--_tori-space);
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.875em;
    font-weight: 700;
  }

  .status.active .chip {
    color: var(--_tori-color-success);
  }

  .status.expired,
  .status.revoked {
    color: var(--_tori-color-danger);
    font-weight: 600;
  }

  .facts,
  .rules,
  .checks,
  .roster-badges {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .facts {
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .facts a,
  details a {
    color: inherit;
  }

  details {
    border-top: 1px solid var(--_tori-color-border);
    padding-top: var(--_tori-space);
  }

  summary {
    cursor: pointer;
    font-weight: 600;
  }

  summary:focus-visible {
    outline: 3px solid var(--_tori-focus-ring);
    outline-offset: 2px;
  }

  details ul {
    margin: 0 0 var(--_tori-space);
    padding-inline-start: 1.25rem;
  }

  .detail-heading {
    margin: var(--_tori-space) 0 calc(var(--_tori-space) / 2);
    font-weight: 700;
  }

  .card .buttons {
    margin-top: auto;
  }

  .rules li {
    display: grid;
    gap: calc(var(--_tori-space) / 2);
    margin: 0 0 var(--_tori-space);
    font-weight: 600;
  }

  progress {
    width: 100%;
    max-width: 20rem;
    height: 0.75rem;
    accent-color: var(--_tori-color-accent);
  }

  .verification {
    padding: var(--_tori-space) calc(var(--_tori-space) * 1.5);
    border: 1px solid var(--_tori-color-border);
    border-inline-start: 4px solid var(--_tori-color-muted);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
  }

  .verification.verified {
    border-inline-start-color: var(--_tori-color-success);
  }

  .verification.failed {
    border-inline-start-color: var(--_tori-color-danger);
  }

  .verdict {
    font-weight: 700;
  }

  .check {
    display: flex;
    gap: var(--_tori-space);
    margin: 0 0 var(--_tori-space);
    font-size: 0.9375em;
  }

  .mark {
    flex: none;
    width: 1.25em;
    font-weight: 700;
    text-align: center;
  }

  .check.passed .mark {
    color: var(--_tori-color-success);
  }

  .check.failed {
    color: var(--_tori-color-danger);
  }

  .check.not_checked .mark {
    color: var(--_tori-color-muted);
  }

  .earned-now {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_tori-space) * 2);
    align-items: center;
    margin: 0 0 calc(var(--_tori-space) * 2);
    padding: calc(var(--_tori-space) * 2);
    border: 2px solid var(--_tori-color-accent);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface);
    animation: arrive 0.6s ease-out;
  }

  .earned-now > div {
    flex: 1 1 12rem;
  }

  .earned-now p {
    margin: 0;
  }

  .earned-title {
    font-size: 1.25em;
    font-weight: 700;
  }

  @keyframes arrive {
    from {
      transform: scale(0.9);
      opacity: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .earned-now {
      animation: none;
    }
  }

  .roster-badge {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_tori-space) / 2) var(--_tori-space);
    align-items: center;
    padding: var(--_tori-space) 0;
    border-top: 1px solid var(--_tori-color-border);
  }

  .roster-name {
    flex: 1 1 10rem;
    font-weight: 600;
  }

  .roster-state {
    flex: 1 1 12rem;
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .roster-state.revoked,
  .roster-state.expired {
    color: var(--_tori-color-danger);
  }

  .danger {
    border-color: var(--_tori-color-danger);
    background: var(--_tori-color-danger);
    color: var(--_tori-color-accent-contrast);
  }

  /* Wider than the shared dialog, with less padding: a credential's details fill it. */
  dialog {
    width: min(36rem, calc(100vw - 2rem));
    padding: calc(var(--_tori-space) * 2);
  }

  .note:empty {
    display: none;
  }
`;
