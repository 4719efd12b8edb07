import { css } from 'lit';

/** Mobile-first: one column; the form's fields and the toolbar sit side by side once the element is wide enough. */
export const styles = css`
  :host {
    container-type: inline-size;
  }

  .count {
    color: var(--_tori-color-muted);
  }

  [part~='list'] {
    display: block;
  }

  .idea {
    width: 100%;
    margin: 0 0 var(--_tori-space);
    padding: calc(var(--_tori-space) * 1.5) calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .idea.pinned {
    border-inline-start: 4px solid var(--_tori-color-accent);
  }

  .idea.mine {
    border-inline-start: 4px solid var(--_tori-color-success);
  }

  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_tori-space);
    margin: 0 0 calc(var(--_tori-space) / 2);
    padding: 0;
    list-style: none;
    font-size: 0.8125em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }

  .badges:empty {
    display: none;
  }

  .badge {
    color: var(--_tori-color-muted);
  }

  [part~='pinned'] {
    color: var(--_tori-color-accent);
  }

  [part~='mine'] {
    color: var(--_tori-color-success);
  }

  .title {
    margin: 0 0 calc(var(--_tori-space) / 2);
    font-size: 1.0625em;
    font-weight: 700;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }

  .description {
    margin: 0 0 var(--_tori-space);
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  .meta {
    margin: 0 0 var(--_tori-space);
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  .numbers {
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  /* The facilitator's view. */
  .moderated {
    margin: 0 0 var(--_tori-space);
    padding: calc(var(--_tori-space) * 1.5) calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
    list-style: none;
  }

  .plain-list {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .log li {
    margin-bottom: var(--_tori-space);
  }

  .log time {
    display: block;
    color: var(--_tori-color-muted);
    font-size: 0.875em;
  }

  /* Big type for a hall: scales with the element's width. */
  .projector {
    font-size: clamp(1.125em, 3cqi, 2.5em);
  }

  .projector .heading {
    font-size: 1.5em;
  }

  .projector ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .projector li {
    margin-bottom: calc(var(--_tori-space) * 2);
    padding: calc(var(--_tori-space) * 2);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
    font-weight: 600;
    line-height: 1.25;
    overflow-wrap: anywhere;
    animation: arrive 0.6s ease-out;
  }

  .projector li .meta {
    margin: calc(var(--_tori-space) / 2) 0 0;
    font-weight: 400;
  }

  @keyframes arrive {
    from {
      opacity: 0;
      transform: translateY(-0.5em);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .projector li {
      animation: none;
    }
  }
`;
