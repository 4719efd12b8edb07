/**
 * The ranking of <idea-duel>: the results a voter opens, and the projector view with its join code. Loaded on demand (and ahead, on
 * idle) from its own file, so a participant's phone shows the first pair without it.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Locale } from '@tori/core';
import { JoinCodeController, joinCodeStyles } from '@tori/core/join-code';
import type { Results } from '@tori/protocol';
import { t } from './results-messages.js';

/** The results a voter opens below the actions: a heading one level below the question, then the ranking. */
export function resultsSection(locale: Locale, results: Results | null, level: number): TemplateResult {
  return html`<section part="results" class="results" aria-labelledby="results-heading">
    <div role="heading" aria-level=${level} id="results-heading" class="heading" tabindex="-1">
      ${t(locale, 'results')}
    </div>
    ${ranking(locale, results)}
  </section>`;
}

/** Totals and every idea with its score; the same list on a phone and on the projector. */
export function ranking(locale: Locale, results: Results | null): TemplateResult {
  if (!results) return html`<p part="status">${t(locale, 'loading')}</p>`;
  return html`
    <p part="totals" class="totals">${t(locale, 'totals', results.votes, results.participants)}</p>
    ${results.votes === 0 ? html`<p>${t(locale, 'noVotes')}</p>` : nothing}
    <ol>
      ${results.ideas.map(
        (idea) => html`<li part="result">
          <div class="row">
            <span class="idea">${idea.text}</span>
            <span class="numbers">${t(locale, 'score', Math.round(idea.score), idea.comparisons)}</span>
          </div>
          <span part="result-bar" class="bar" aria-hidden="true"
            ><span .style=${`width:${Math.max(0, Math.min(100, idea.score))}%`}></span
          ></span>
        </li>`,
      )}
    </ol>
  `;
}

/** What the projector shows around the ranking, from the element. */
export interface ProjectorView {
  question: unknown;
  online: boolean;
  results: Results | null;
  /** Shown instead of the ranking: the duel could not load. */
  error: unknown;
  joinUrl: string | undefined;
}

/** The projector view: big type, the question, totals and the live ranking, and the join code. */
export class Projector {
  readonly #joinCode: JoinCodeController;

  constructor(host: ReactiveControllerHost) {
    this.#joinCode = new JoinCodeController(host);
  }

  render(locale: Locale, { question, online, results, error, joinUrl }: ProjectorView): TemplateResult {
    this.#joinCode.show(joinUrl, t(locale, 'takePartAt'), (address) => t(locale, 'joinCodeLabel', address));
    return html`<div class="projector">
      ${question} ${online ? nothing : html`<p part="status" class="banner">${t(locale, 'reconnecting')}</p>`}
      ${error ?? html`<div part="results" class="results">${ranking(locale, results)}</div>`} ${this.#joinCode.render()}
    </div>`;
  }
}

const resultsStyles = css`
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

export const styles = [resultsStyles, joinCodeStyles];
