import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ConnectedElement, DuelController, resetStyles, tokens, heading, statusLine, headingLevelOf } from '@tori/core';
import type { DuelView, MessageParams, ToriErrorShape } from '@tori/core';
import type { Appearance } from '@tori/protocol';
import type { DuelForms, FormsHost } from './duel-forms.js';
import type { Projector } from './duel-results.js';
import type { IdeaDuelErrorDetail } from './events.js';
import { styles } from './idea-duel.styles.js';
import { learn, speaks, t, type DuelMessages } from './messages.js';
import { OnDemand, type PartModule } from './on-demand.js';

type Side = 'left' | 'right';
type Panel = 'skip' | 'idea' | 'results' | undefined;

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
 * @attr {string} join-url - In `mode="results"`: the address of the page where people take part, shown on the projector as a QR code and in short (`hel.fi/strategia`).
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
 * @csspart join - In the projector view with `join-url`: the QR code and the short address to take part at.
 * @csspart join-code - The QR code (always black on white, for cameras).
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
  // The forms' and the results' styles come with their modules (duel-forms.ts, duel-results.ts).
  static override styles = [tokens, resetStyles, styles];

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    joinUrl: { attribute: 'join-url' },
    panel: { state: true, attribute: false },
    spoken: { state: true, attribute: false },
    toast: { state: true, attribute: false },
  };

  /** `vote`: participants compare pairs. `results`: a projector view of the live ranking, without vote buttons. */
  mode: 'vote' | 'results' = 'vote';

  /** Level (1–6) of the question heading, to fit the page's outline; the results heading is one below it. */
  headingLevel = 2;

  /** In `mode="results"`: the page where people take part, shown as a QR code and a short address. */
  joinUrl: string | undefined;

  private panel: Panel;
  /** Read by screen readers only: the outcome of a choice and the new pair. */
  private spoken = '';
  /** Seen only: a brief confirmation under the pair. */
  private toast = '';

  #duel = new DuelController(this);
  // What the first pair does not need is loaded from files of its own: when shown, or ahead once a pair is shown.
  #forms = new OnDemand(this, () => import('./duel-forms.js'));
  #results = new OnDemand(this, () => import('./duel-results.js'));
  #formState: DuelForms | undefined;
  #projector: Projector | undefined;
  #watchingResults = false;
  #prefetched = false;
  #toastTimer?: ReturnType<typeof setTimeout>;
  #hadFocus = false;
  #shown?: { view: DuelView; online: boolean };
  #unreportedError?: ToriErrorShape;

  constructor() {
    super();
    this.addEventListener('keydown', this.#onKeydown);
  }

  protected override connectionChanged(): void {
    // Before connect(), so a projector never asks the server for pairs.
    if (this.mode === 'results') this.#duel.watchResults();
    this.#duel.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#toastTimer);
    this.#watchingResults = false;
  }

  override render() {
    // The first paint is in the page's language or none at all: Finnish and Swedish come from files of their own.
    const locale = this.locale;
    if (!speaks(locale)) {
      void learn(locale).then(() => this.requestUpdate());
      return nothing;
    }
    return this.mode === 'results' ? this.#renderProjector() : this.#renderDuel();
  }

  #renderDuel(): TemplateResult {
    const { view, online, answered } = this.#duel;
    const showingResults = this.panel === 'results' && hasResultsButton(view);
    const pair = view.kind === 'pair';
    return html`
      ${this.#question()} ${showingResults ? this.#renderResults() : this.#renderView(view)}
      ${online || view.kind === 'loading' || view.kind === 'offline'
        ? nothing
        : // Below the pair rather than above it, so going offline never moves the buttons under a finger.
          this.#offlineBanner('offlineChoicesSaved')}
      <div class="actions">
        ${pair && this.panel !== 'results' ? this.#panelButton('skip', 'skip', this.#t('cantDecide')) : nothing}
        ${pair ? this.#panelButton('add-idea', 'idea', this.#t('addIdea')) : nothing}
        ${hasResultsButton(view)
          ? this.#panelButton(
              'show-results',
              'results',
              this.#t(this.panel !== 'results' ? 'showResults' : pair ? 'backToVoting' : 'hideResults'),
            )
          : nothing}
      </div>
      ${pair && !showingResults && isMilestone(answered)
        ? html`<p part="progress" class="progress">${this.#t('progress', answered)}</p>`
        : nothing}
      ${this.panel === 'skip' && pair ? this.#renderForm((forms) => forms.skipForm()) : nothing}
      ${this.panel === 'idea' || (view.kind === 'empty' && !showingResults)
        ? this.#renderForm((forms) => forms.ideaForm(view.kind !== 'empty'))
        : nothing}
      <p class="visually-hidden" role="status">${this.spoken}</p>
    `;
  }

  #renderView(view: DuelView): TemplateResult {
    switch (view.kind) {
      case 'loading':
        return statusLine(this.#t('loading'));
      case 'pair':
        return this.#renderPair(view.appearance);
      case 'empty':
      case 'closed':
        return statusLine(this.#t(view.kind));
      case 'offline':
        return this.#offlineBanner('offlineNoPair');
      case 'error':
        return html`<div part="status" class="banner error-banner">
          <p role="alert">${this.#t('somethingWentWrong')}</p>
          <button class="primary" @click=${() => this.#duel.retry()}>${this.#t('tryAgain')}</button>
        </div>`;
    }
  }

  #renderPair({ left, right }: Appearance): TemplateResult {
    return html`
      <div class="pair" role="group" aria-labelledby="question">
        <button part="choice choice-left" aria-keyshortcuts="1 ArrowLeft" @click=${this.#onChoiceClick}>
          ${left.text}
        </button>
        <span class="or" aria-hidden="true">${this.#t('or')}</span>
        <button part="choice choice-right" aria-keyshortcuts="2 ArrowRight" @click=${this.#onChoiceClick}>
          ${right.text}
        </button>
      </div>
      <p part="confirmation" class="toast" aria-hidden="true">${this.toast}</p>
    `;
  }

  /** A button that opens and closes one panel below the pair. */
  #panelButton(part: string, panel: Panel, label: string): TemplateResult {
    // Hovering or focusing the button starts loading what it opens, if idle time has not yet.
    const prefetch = () => void (panel === 'results' ? this.#results : this.#forms).load(true);
    return html`<button
      part=${part}
      aria-expanded=${this.panel === panel}
      @click=${() => this.#toggle(panel)}
      @pointerenter=${prefetch}
      @focus=${prefetch}
    >
      ${label}
    </button>`;
  }

  /** A part loaded on demand: loading first, then the part, or a way to try again when it could not load. */
  #renderPart<M extends PartModule>(part: OnDemand<M>, render: (module: M) => unknown, panel?: boolean): unknown {
    if (part.module) return render(part.module);
    if (!part.failed) {
      void part.load();
      return statusLine(this.#t('loading'), panel);
    }
    return html`<div part="status" class="banner error-banner">
      <p role="alert">${this.#t('partUnavailable')}</p>
      <button class="primary" @click=${() => part.load()}>${this.#t('tryAgain')}</button>
    </div>`;
  }

  #renderForm(render: (forms: DuelForms) => unknown): unknown {
    return this.#renderPart(this.#forms, (module) => render((this.#formState ??= new module.DuelForms(this, this.#formsHost))), true);
  }

  #formsHost: FormsHost = {
    duel: this.#duel,
    focus: (selector) => this.#focus(selector),
    closePanel: () => this.#closePanel(),
    skipped: () => this.#confirm('skipped'),
    ideaAdded: () => (this.panel = 'idea'),
  };

  #renderResults(): unknown {
    return this.#renderPart(this.#results, ({ resultsSection }) =>
      resultsSection(this.locale, this.#duel.results, Math.min(this.#level() + 1, 6)),
    );
  }

  /** The projector view, made by the results' module once it is loaded. */
  #renderProjector(): unknown {
    const { results, online, view } = this.#duel;
    return this.#renderPart(this.#results, ({ Projector }) =>
      (this.#projector ??= new Projector(this)).render(this.locale, {
        question: this.#question(),
        online,
        results,
        error: view.kind === 'error' && !results ? this.#renderView(view) : undefined,
        joinUrl: this.joinUrl,
      }),
    );
  }

  /** Says the widget is offline, and how many answers wait to be sent. */
  #offlineBanner(key: 'offlineChoicesSaved' | 'offlineNoPair'): TemplateResult {
    const queued = this.#duel.queued;
    return statusLine(
      html`${this.#t(key)}
      ${queued > 0 ? html`<strong class="queued">${this.#t('queuedAnswers', queued)}</strong>` : nothing}`,
      true,
    );
  }

  #question(): TemplateResult | typeof nothing {
    const space = this.#duel.space;
    return space ? heading('question', space.question, this.#level(), 'question') : nothing;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#hadFocus = this.matches(':focus-within');
    const { view, online } = this.#duel;
    if (this.#shown && online !== this.#shown.online) {
      this.spoken = this.#t(online ? 'online' : 'offlineChoicesSaved');
    }
    if (this.#shown?.view !== view && view.kind === 'error') this.#unreportedError = view.error;
    this.#shown = { view, online };
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#unreportedError) {
      this.#emitError(this.#unreportedError);
      this.#unreportedError = undefined;
    }
    const watch = this.mode === 'results' || this.panel === 'results';
    if (watch !== this.#watchingResults) {
      this.#watchingResults = watch;
      if (watch) this.#duel.watchResults();
      else this.#duel.unwatchResults();
    }
    // While the participant reads the first pair, what its buttons open is fetched.
    if (this.#duel.view.kind === 'pair' && !this.#prefetched) {
      this.#prefetched = true;
      this.#forms.prefetch();
      this.#results.prefetch();
    }
    // A choice that ends the duel (closed, empty) removes the focused button: keep focus in the element.
    if (this.#hadFocus && !this.shadowRoot?.activeElement) this.#focus('#question');
  }

  #onChoiceClick = (event: MouseEvent) => {
    // The second click of a double tap would vote on the next pair, which the participant has not seen.
    if (event.detail > 1) return;
    void this.#choose((event.currentTarget as Element).part.contains('choice-left') ? 'left' : 'right');
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && (this.panel === 'skip' || this.panel === 'idea')) {
      event.stopPropagation();
      void this.#closePanel();
      return;
    }
    const side = KEY_SIDES[event.key];
    const target = event.composedPath()[0] as Element;
    if (!side || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (this.mode !== 'vote' || this.panel === 'results' || this.#duel.view.kind !== 'pair') return;
    // Arrows and digits belong to text fields and radio groups while one has focus.
    if (target.closest?.('form, input, textarea, select, [contenteditable]')) return;
    event.preventDefault();
    this.#focus(`[part~=choice-${side}]`);
    void this.#choose(side);
  };

  async #choose(side: Side): Promise<void> {
    const view = this.#duel.view;
    if (view.kind !== 'pair') return;
    const { id, left, right } = view.appearance;
    const [winner, loser] = side === 'left' ? [left, right] : [right, left];
    if (this.panel === 'skip') this.panel = undefined;
    const outcome = await this.#duel.choose(side).catch(() => undefined);
    if (!outcome) return;
    const queued = outcome.status === 'queued';
    this.emit('tori-vote', { appearanceId: id, winnerId: winner.id, loserId: loser.id, queued });
    this.#confirm(queued ? 'voteQueued' : 'voteSaved');
  }

  async #toggle(panel: Panel): Promise<void> {
    this.panel = this.panel === panel ? undefined : panel;
    if (panel === 'idea') this.#formState?.startIdea();
    if (this.panel === 'skip' || this.panel === 'idea') await this.#forms.load();
    await this.updateComplete;
    // Opening a form moves focus into it; Escape or Cancel brings it back to the button.
    if (this.panel === 'skip') this.#focus('input:checked');
    if (this.panel === 'idea') this.#focus('#idea-text');
  }

  #closePanel = async () => {
    const opener = this.panel === 'skip' ? 'skip' : 'add-idea';
    this.panel = undefined;
    await this.updateComplete;
    this.#focus(`[part~=${opener}]`);
  };

  /** Says the outcome and the new pair to screen readers, and shows the outcome briefly. */
  #confirm(key: 'voteSaved' | 'voteQueued' | 'skipped'): void {
    const { view, answered } = this.#duel;
    const said = [this.#t(key)];
    if (view.kind === 'pair') said.push(this.#t('newPair', view.appearance.left.text, view.appearance.right.text));
    if (isMilestone(answered)) said.push(this.#t('progress', answered));
    this.spoken = said.join(' ');
    this.toast = this.#t(key);
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(() => (this.toast = ''), 3000);
  }

  #emitError({ code, message }: IdeaDuelErrorDetail): void {
    this.emit('tori-error', { code, message });
  }

  #focus(selector: string): void {
    this.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  #level(): number {
    return headingLevelOf(this.headingLevel);
  }

  #t<K extends keyof DuelMessages & string>(key: K, ...params: MessageParams<DuelMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
