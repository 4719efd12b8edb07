import { css } from 'lit';

/** Mobile-first: one column; the participant list moves beside the threads once the element is wide enough. */
export const styles = css`
  :host {
    container-type: inline-size;
  }

  .prompt {
    margin: 0 0 calc(var(--_tori-space) * 2);
    white-space: pre-line;
  }

  .you {
    margin: 0 0 var(--_tori-space);
  }

  .role,
  .meta {
    color: var(--_tori-color-muted);
  }

  .meta {
    font-size: 0.875em;
  }

  .link {
    min-height: 2.75rem;
    padding: 0.25em 0.5em;
    border-color: transparent;
    background: none;
    text-decoration: underline;
  }

  .danger {
    border-color: var(--_tori-color-danger);
    color: var(--_tori-color-danger);
  }

  .layout {
    display: grid;
    gap: calc(var(--_tori-space) * 3);
  }

  @container (min-width: 48rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr) 16rem;
      align-items: start;
    }
  }

  .new-posts {
    position: sticky;
    top: var(--_tori-space);
    z-index: 1;
    display: block;
    margin: 0 auto calc(var(--_tori-space) * 2);
    border-color: var(--_tori-color-accent);
    background: var(--_tori-color-accent);
    color: var(--_tori-color-accent-contrast);
    font-weight: 600;
  }

  .threads,
  .replies,
  .moderated,
  .participants ul,
  .summary ol,
  .themes {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .thread {
    margin: 0 0 calc(var(--_tori-space) * 3);
  }

  .replies {
    margin: var(--_tori-space) 0 0 calc(var(--_tori-space) * 3);
    padding-left: calc(var(--_tori-space) * 2);
    border-left: 3px solid var(--_tori-color-border);
  }

  .post {
    margin: 0 0 var(--_tori-space);
    padding: calc(var(--_tori-space) * 1.5) calc(var(--_tori-space) * 2);
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
    background: var(--_tori-color-surface-raised);
  }

  .post.pinned {
    border-width: 2px;
    border-color: var(--_tori-color-accent);
  }

  .post.mine {
    border-left: 4px solid var(--_tori-color-success);
  }

  .post.deleted,
  .hidden-post {
    border-style: dashed;
    color: var(--_tori-color-muted);
  }

  .reply-item {
    margin-left: calc(var(--_tori-space) * 3);
  }

  .post header,
  .post-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_tori-space);
    align-items: baseline;
    margin-bottom: calc(var(--_tori-space) / 2);
  }

  .mark {
    padding: 0 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--_tori-radius);
    font-size: 0.8125em;
    font-weight: 600;
  }

  .mine-mark {
    color: var(--_tori-color-success);
  }

  .danger-mark {
    color: var(--_tori-color-danger);
  }

  .body p {
    margin: 0 0 var(--_tori-space);
    overflow-wrap: anywhere;
  }

  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_tori-space) / 2);
    margin: var(--_tori-space) 0;
  }

  .reaction {
    min-height: 2.75rem;
    padding: 0.25em 0.6em;
    font-size: 0.875em;
  }

  span.reaction {
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--_tori-color-border);
    border-radius: var(--_tori-radius);
  }

  .reaction .count {
    font-weight: 700;
  }

  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_tori-space);
    align-items: center;
  }

  .reply-form,
  .edit-form {
    margin: var(--_tori-space) 0 0 calc(var(--_tori-space) * 3);
  }

  .reply-button {
    margin-left: calc(var(--_tori-space) * 3);
  }

  .participants li {
    margin: 0 0 var(--_tori-space);
  }

  .participants .meta {
    display: block;
  }

  .minor {
    margin: calc(var(--_tori-space) * 2) 0 var(--_tori-space);
    font-weight: 700;
  }

  .summary li {
    margin: 0 0 var(--_tori-space);
  }

  details summary {
    min-height: 2.75rem;
    cursor: pointer;
  }
`;
