import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConnectedElement, DuelController, coreMessages, resetStyles, tokens } from '@tori/core';
import type { DuelView, MessageParams, ToriErrorShape } from '@tori/core';
import {
  IDEA_TEXT_MAX,
  IDEA_TEXT_MIN,
  SKIP_NOTE_MAX,
  SKIP_REASONS,
  type Appearance,
  type Idea,
  type Results,
  type SkipReason,
} from '@tori/protocol';
import type { IdeaDuelErrorDetail } from './events.js';
import { styles } from './idea-duel.styles.js';
import { t, type DuelMessages } from './messages.js';

type Side = 'left' | 'right';
type Panel = 'skip' | 'idea' | 'results' | undefined;
type IdeaProblem = 'tooShort' | 'duplicate' | 'offline' | 'failed' | undefined;

/** The progress hint shows after 5 answers, then every 10. */
const isMilestone = (answered: number) => answered === 5 || (answered > 0 && answered % 10 === 0);

/** The results are one click away while voting and after it closed. */
const hasResultsButton = (view: DuelView) => view.kind === 'pair' || view.kind === 'closed';

const KEY_SIDES: Record<string, Side> = { ArrowLeft: 'left', 1: 'left', ArrowRight: 'right', 2: 'right' };

/**
 * Participants choose the better of two ideas, pair after pair, and the ranking of all ideas updates live.
 * Works offline once a pair is shown: choices wait on the device and are sent when the connection returns.
 *
 * @summary Pairwise vote between ideas, with skip reasons, new ideas and live results.
 * @tagname idea-duel
 *
 * @attr {string} server - Origin of the Tori server, e.g. `https://osallistu.example.fi`. Defaults to a surrounding `<tori-space>`, then the origin of the script tag.
 * @attr {string} space - Id of the space whose ideas are compared. Defaults to a surrounding `<tori-space>`.
 * @attr {'fi' | 'sv' | 'en'} lang - Language of the texts. Defaults to the closest `[lang]` ancestor, then the page.
 * @prop {ToriClient | undefined} client - A client to use instead of `server`, e.g. `createFixtureClient()` from `@tori/core/fixtures` in stories and tests.
 *
 * @fires {CustomEvent<IdeaDuelVoteDetail>} tori-vote - The participant chose an idea: `{appearanceId, winnerId, loserId, queued}`; `queued` is true when the vote waits offline.
 * @fires {CustomEvent<IdeaDuelSkipDetail>} tori-skip - The participant skipped a pair: `{appearanceId, reason}`.
 * @fires {CustomEvent<IdeaDuelIdeaAddDetail>} tori-idea-add - The server stored the participant's new idea: `{idea}` (`idea.status` is `pending` until a facilitator approves it).
 * @fires {CustomEvent<IdeaDuelErrorDetail>} tori-error - Something failed that the participant was told about: `{code, message}` (`code` is `network` when the server was not reached).
 *
 * @csspart question - The question heading (also the heading of the projector view).
 * @csspart choice - Both idea buttons.
 * @csspart choice-left - The first idea button (left on wide screens, top on phones).
 * @csspart choice-right - The second idea button (right on wide screens, bottom on phones).
 * @csspart skip - The "Can't decide" button.
 * @csspart skip-form - The form with the reasons for skipping.
 * @csspart add-idea - The "Add your own idea" button.
 * @csspart idea-form - The form (and then the thank-you note) for a new idea.
 * @csspart show-results - The button that toggles between the pair and the results.
 * @csspart results - The results: totals and the ranked list.
 * @csspart result - One idea in the ranked list.
 * @csspart result-bar - The decorative bar of an idea's score (the numbers are text beside it).
 * @csspart totals - The number of votes and participants.
 * @csspart status - A message about the state: loading, offline banner, empty, closed or error.
 * @csspart confirmation - The brief "Vote saved" note after a choice.
 * @csspart progress - The thank-you hint after some choices.
 *
 * @cssproperty --tori-font-family - Font. Default: the page's font.
 * @cssproperty --tori-font-size - Base font size; the projector view scales up from it. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text: counts, hints, "or". Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of the element and its text fields. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of the idea buttons, forms and banners. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders and the track of the result bars. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, hovered ideas and the result bars. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Validation and error messages. Default: `#b42318`.
 * @cssproperty --tori-color-success - The "Vote saved" note and the progress hint. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius of buttons, fields and panels. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit; gaps and paddings are multiples of it. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export class IdeaDuel extends ConnectedElement {
  static override styles = [tokens, resetStyles, styles];

  /** `vote`: participants compare pairs. `results`: a projector view of the live ranking, without vote buttons. */
  @property({ reflect: true }) mode: 'vote' | 'results' = 'vote';

  /** Level (1–6) of the question heading, to fit the page's outline; the results heading is one below it. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;

  private duel = new DuelController(this);

  @state() private panel: Panel;
  @state() private ideaText = '';
  @state() private ideaProblem: IdeaProblem;
  @state() private addedIdea: Idea | undefined;
  /** Read by screen readers only: the outcome of a choice and the new pair. */
  @state() private spoken = '';
  /** Seen only: a brief confirmation under the pair. */
  @state() private toast = '';

  private sendingIdea = false;
  private watchingResults = false;
  private toastTimer?: ReturnType<typeof setTimeout>;
  private hadFocus = false;
  private shown?: { view: DuelView; online: boolean };
  private unreportedError?: ToriErrorShape;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
  }

  protected override connectionChanged(): void {
    // Before connect(), so a projector never asks the server for pairs.
    if (this.mode === 'results') this.duel.watchResults();
    this.duel.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.toastTimer);
    this.watchingResults = false;
  }

  override render() {
    return this.mode === 'results' ? this.renderProjector() : this.renderDuel();
  }

  private renderDuel(): TemplateResult {
    const { view, space, answered } = this.duel;
    const showingResults = this.panel === 'results' && hasResultsButton(view);
    return html`
      ${space ? this.heading('question', space.question, this.level(), 'question') : nothing}
      ${showingResults ? this.renderResults() : this.renderView(view)}
      ${this.renderOfflineBanner(view)}
      ${this.renderActions(view)}
      ${view.kind === 'pair' && !showingResults && isMilestone(answered)
        ? html`<p part="progress" class="progress">${this.t('progress', answered)}</p>`
        : nothing}
      ${this.panel === 'skip' && view.kind === 'pair' ? this.renderSkipForm() : nothing}
      ${this.panel === 'idea' || (view.kind === 'empty' && !showingResults) ? this.renderIdeaForm() : nothing}
      <p class="visually-hidden" role="status">${this.spoken}</p>
    `;
  }

  /** Below the pair rather than above it, so going offline never moves the buttons under a finger. */
  private renderOfflineBanner(view: DuelView): TemplateResult | typeof nothing {
    const { online, queued } = this.duel;
    if (online || view.kind === 'loading' || view.kind === 'offline') return nothing;
    return html`<p part="status" class="banner">${this.t('offline')} ${this.queuedText(queued)}</p>`;
  }

  private renderView(view: DuelView): TemplateResult {
    switch (view.kind) {
      case 'loading':
        return html`<p part="status">${coreMessages(this.locale, 'loading')}</p>`;
      case 'pair':
        return this.renderPair(view.appearance);
      case 'empty':
        return html`<p part="status">${this.t('empty')}</p>`;
      case 'closed':
        return html`<p part="status">${this.t('closed')}</p>`;
      case 'offline':
        return html`<p part="status" class="banner">
          ${this.t('offlineNoPair')} ${this.queuedText(this.duel.queued)}
        </p>`;
      case 'error':
        return html`<div part="status" class="banner error-banner">
          <p role="alert">${coreMessages(this.locale, 'somethingWentWrong')}</p>
          <button class="primary" @click=${() => this.duel.retry()}>${coreMessages(this.locale, 'tryAgain')}</button>
        </div>`;
    }
  }

  private renderPair({ left, right }: Appearance): TemplateResult {
    return html`
      <div class="pair" role="group" aria-labelledby="question">
        <button part="choice choice-left" aria-keyshortcuts="1 ArrowLeft" @click=${this.onChoiceClick}>
          ${left.text}
        </button>
        <span class="or" aria-hidden="true">${this.t('or')}</span>
        <button part="choice choice-right" aria-keyshortcuts="2 ArrowRight" @click=${this.onChoiceClick}>
          ${right.text}
        </button>
      </div>
      <p part="confirmation" class="toast" aria-hidden="true">${this.toast}</p>
    `;
  }

  private renderActions(view: DuelView): TemplateResult {
    const voting = view.kind === 'pair' && this.panel !== 'results';
    return html`<div class="actions">
      ${voting
        ? html`<button part="skip" aria-expanded=${this.panel === 'skip'} @click=${() => this.toggle('skip')}>
            ${this.t('cantDecide')}
          </button>`
        : nothing}
      ${view.kind === 'pair'
        ? html`<button part="add-idea" aria-expanded=${this.panel === 'idea'} @click=${() => this.toggle('idea')}>
            ${this.t('addIdea')}
          </button>`
        : nothing}
      ${hasResultsButton(view)
        ? html`<button part="show-results" aria-expanded=${this.panel === 'results'} @click=${() => this.toggle('results')}>
            ${this.t(this.panel !== 'results' ? 'showResults' : view.kind === 'pair' ? 'backToVoting' : 'hideResults')}
          </button>`
        : nothing}
    </div>`;
  }

  private renderSkipForm(): TemplateResult {
    return html`<form part="skip-form" class="panel" @submit=${this.submitSkip}>
      <fieldset>
        <legend>${this.t('whyCantDecide')}</legend>
        ${SKIP_REASONS.map(
          (reason) => html`<label class="option">
            <input type="radio" name="reason" value=${reason} ?checked=${reason === 'dont_know'} />
            ${this.t(reason)}
          </label>`,
        )}
      </fieldset>
      <label for="skip-note">${this.t('note')}</label>
      <textarea id="skip-note" name="note" rows="2" maxlength=${SKIP_NOTE_MAX}></textarea>
      <div class="buttons">
        <button type="submit" class="primary">${this.t('skipPair')}</button>
        <button type="button" @click=${this.closePanel}>${this.t('cancel')}</button>
      </div>
    </form>`;
  }

  private renderIdeaForm(): TemplateResult {
    if (this.addedIdea) {
      const pending = this.addedIdea.status === 'pending';
      return html`<div part="idea-form" class="panel">
        <p class="done" tabindex="-1">${this.t(pending ? 'ideaPending' : 'ideaAdded')}</p>
        <button @click=${this.addAnother}>${this.t('addAnother')}</button>
      </div>`;
    }
    const problem = this.ideaProblem;
    return html`<form part="idea-form" class="panel" novalidate @submit=${this.submitIdea}>
      <label for="idea-text">${this.t('yourIdea')}</label>
      <textarea
        id="idea-text"
        rows="3"
        maxlength=${IDEA_TEXT_MAX}
        aria-describedby="idea-problem idea-count"
        aria-invalid=${problem ? 'true' : 'false'}
        .value=${this.ideaText}
        @input=${this.onIdeaInput}
      ></textarea>
      <div class="hint">
        <span id="idea-problem" class="problem">${this.ideaProblemText(problem)}</span>
        <span id="idea-count">${this.t('characters', this.ideaText.length, IDEA_TEXT_MAX)}</span>
      </div>
      <div class="buttons">
        <button type="submit" class="primary">${this.t('sendIdea')}</button>
        ${this.duel.view.kind === 'empty' ? nothing : html`<button type="button" @click=${this.closePanel}>${this.t('cancel')}</button>`}
      </div>
    </form>`;
  }

  private renderResults(): TemplateResult {
    return html`<section part="results" class="results" aria-labelledby="results-heading">
      ${this.heading('results-heading', this.t('results'), Math.min(this.level() + 1, 6))}
      ${this.renderRanking(this.duel.results)}
    </section>`;
  }

  /** The projector view: big type, the question, totals and the live ranking. */
  private renderProjector(): TemplateResult {
    const { space, results, online, view } = this.duel;
    return html`<div class="projector">
      ${space ? this.heading('question', space.question, this.level(), 'question') : nothing}
      ${online ? nothing : html`<p part="status" class="banner">${coreMessages(this.locale, 'reconnecting')}</p>`}
      ${view.kind === 'error' && !results
        ? this.renderView(view)
        : html`<div part="results" class="results">${this.renderRanking(results)}</div>`}
    </div>`;
  }

  private renderRanking(results: Results | null): TemplateResult {
    if (!results) return html`<p part="status">${coreMessages(this.locale, 'loading')}</p>`;
    return html`
      <p part="totals" class="totals">${this.t('totals', results.votes, results.participants)}</p>
      ${results.votes === 0 ? html`<p>${this.t('noVotes')}</p>` : nothing}
      <ol>
        ${results.ideas.map(
          (idea) => html`<li part="result">
            <div class="row">
              <span class="idea">${idea.text}</span>
              <span class="numbers">${this.t('score', Math.round(idea.score), idea.comparisons)}</span>
            </div>
            <span part="result-bar" class="bar" aria-hidden="true"
              ><span .style=${`width:${Math.max(0, Math.min(100, idea.score))}%`}></span
            ></span>
          </li>`,
        )}
      </ol>
    `;
  }

  /** A heading whose level the page chooses (a `<div role="heading">` keeps one template for all six). */
  private heading(id: string, text: string, level: number, part?: string): TemplateResult {
    return html`<div role="heading" aria-level=${level} id=${id} part=${part ?? nothing} class="heading" tabindex="-1">
      ${text}
    </div>`;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.hadFocus = this.matches(':focus-within');
    const { view, online } = this.duel;
    if (this.shown && online !== this.shown.online) {
      this.spoken = this.t(online ? 'online' : 'offline');
    }
    if (this.shown?.view !== view && view.kind === 'error') this.unreportedError = view.error;
    this.shown = { view, online };
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.unreportedError) {
      this.emitError(this.unreportedError);
      this.unreportedError = undefined;
    }
    const watch = this.mode === 'results' || this.panel === 'results';
    if (watch !== this.watchingResults) {
      this.watchingResults = watch;
      if (watch) this.duel.watchResults();
      else this.duel.unwatchResults();
    }
    // A choice that ends the duel (closed, empty) removes the focused button: keep focus in the element.
    if (this.hadFocus && !this.shadowRoot?.activeElement) {
      this.byPart('question')?.focus();
    }
  }

  private onChoiceClick = (event: MouseEvent) => {
    // The second click of a double tap would vote on the next pair, which the participant has not seen.
    if (event.detail > 1) return;
    void this.choose((event.currentTarget as Element).part.contains('choice-left') ? 'left' : 'right');
  };

  private onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && (this.panel === 'skip' || this.panel === 'idea')) {
      event.stopPropagation();
      this.closePanel();
      return;
    }
    const side = KEY_SIDES[event.key];
    const target = event.composedPath()[0] as Element;
    if (!side || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (this.mode !== 'vote' || this.panel === 'results' || this.duel.view.kind !== 'pair') return;
    // Arrows and digits belong to text fields and radio groups while one has focus.
    if (target.closest?.('form, input, textarea, select, [contenteditable]')) return;
    event.preventDefault();
    this.byPart(`choice-${side}`)?.focus();
    void this.choose(side);
  };

  private async choose(side: Side): Promise<void> {
    const view = this.duel.view;
    if (view.kind !== 'pair') return;
    const { id, left, right } = view.appearance;
    const [winner, loser] = side === 'left' ? [left, right] : [right, left];
    if (this.panel === 'skip') this.panel = undefined;
    const outcome = await this.duel.choose(side).catch(() => undefined);
    if (!outcome) return;
    const queued = outcome.status === 'queued';
    this.emit('tori-vote', { appearanceId: id, winnerId: winner.id, loserId: loser.id, queued });
    this.confirm(queued ? 'voteQueued' : 'voteSaved');
  }

  private submitSkip = async (event: SubmitEvent) => {
    event.preventDefault();
    const view = this.duel.view;
    if (view.kind !== 'pair') return;
    const form = new FormData(event.target as HTMLFormElement);
    const reason = (form.get('reason') ?? 'dont_know') as SkipReason;
    const note = String(form.get('note') ?? '').trim();
    this.closePanel();
    const outcome = await this.duel.skip(reason, note || undefined).catch(() => undefined);
    if (!outcome) return;
    this.emit('tori-skip', { appearanceId: view.appearance.id, reason });
    this.confirm('skipped');
  };

  private submitIdea = async (event: SubmitEvent) => {
    event.preventDefault();
    const text = this.ideaText.trim();
    if (this.sendingIdea) return;
    if (text.length < IDEA_TEXT_MIN) {
      this.ideaProblem = 'tooShort';
      this.byPart('idea-form')?.querySelector('textarea')?.focus();
      return;
    }
    this.sendingIdea = true;
    try {
      const { idea } = await this.duel.addIdea(text);
      this.addedIdea = idea;
      this.ideaText = '';
      this.ideaProblem = undefined;
      this.panel = 'idea';
      this.emit('tori-idea-add', { idea });
      await this.updateComplete;
      this.shadowRoot?.querySelector<HTMLElement>('.done')?.focus();
    } catch (error) {
      const { status, code = 'unexpected', message = String(error) } = error as Partial<ToriErrorShape>;
      this.ideaProblem = status === 409 ? 'duplicate' : status === 0 ? 'offline' : 'failed';
      this.emitError({ code, message });
      await this.updateComplete;
      this.shadowRoot?.querySelector('textarea')?.focus();
    } finally {
      this.sendingIdea = false;
    }
  };

  private onIdeaInput = (event: InputEvent) => {
    this.ideaText = (event.target as HTMLTextAreaElement).value;
    // The message answered the last attempt; typing starts a new one.
    this.ideaProblem = undefined;
  };

  private addAnother = async () => {
    this.addedIdea = undefined;
    await this.updateComplete;
    this.shadowRoot?.querySelector('textarea')?.focus();
  };

  private async toggle(panel: Panel): Promise<void> {
    this.panel = this.panel === panel ? undefined : panel;
    if (panel === 'idea') this.addedIdea = undefined;
    await this.updateComplete;
    // Opening a form moves focus into it; Escape or Cancel brings it back to the button.
    if (this.panel === 'skip') this.shadowRoot?.querySelector<HTMLElement>('input:checked')?.focus();
    if (this.panel === 'idea') this.shadowRoot?.querySelector('textarea')?.focus();
  }

  private closePanel = async () => {
    const opener = this.panel === 'skip' ? 'skip' : 'add-idea';
    this.panel = undefined;
    await this.updateComplete;
    this.byPart(opener)?.focus();
  };

  /** Says the outcome and the new pair to screen readers, and shows the outcome briefly. */
  private confirm(key: 'voteSaved' | 'voteQueued' | 'skipped'): void {
    const { view, answered } = this.duel;
    const said = [this.t(key)];
    if (view.kind === 'pair') said.push(this.t('newPair', view.appearance.left.text, view.appearance.right.text));
    if (isMilestone(answered)) said.push(this.t('progress', answered));
    this.spoken = said.join(' ');
    this.toast = this.t(key);
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = ''), 3000);
  }

  private emitError({ code, message }: IdeaDuelErrorDetail): void {
    this.emit('tori-error', { code, message });
  }

  private ideaProblemText(problem: IdeaProblem): string {
    if (problem === 'tooShort') return this.t('tooShort', IDEA_TEXT_MIN);
    if (problem === 'duplicate') return this.t('duplicate');
    if (problem === 'offline') return coreMessages(this.locale, 'offline');
    if (problem === 'failed') return coreMessages(this.locale, 'somethingWentWrong');
    return '';
  }

  private queuedText(queued: number): TemplateResult | typeof nothing {
    return queued > 0 ? html`<strong class="queued">${coreMessages(this.locale, 'queuedAnswers', queued)}</strong>` : nothing;
  }

  private level(): number {
    return Math.min(Math.max(Math.round(this.headingLevel) || 2, 1), 6);
  }

  private byPart(name: string): HTMLElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  }

  private t<K extends keyof DuelMessages>(key: K, ...params: MessageParams<DuelMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
