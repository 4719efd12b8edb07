import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
// Named rather than left to the virtualizer's default, which it would fetch as a second file on first render.
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import {
  ConnectedElement,
  JoinCodeController,
  joinCodeStyles,
  resetStyles,
  tokens,
  widgetStyles,
  heading,
  statusLine,
  headingLevelOf,
  reportDialog,
  reportDialogStyles,
} from '@tori/core';
import type { MessageParams, ToriErrorShape } from '@tori/core';
import { BOARD_SORTS, BoardController, ModerationController, type BoardSort } from '@tori/core/board';
import {
  AUTHOR_NAME_MAX,
  IDEA_DESCRIPTION_MAX,
  IDEA_TEXT_MAX,
  IDEA_TEXT_MIN,
  type BoardIdea,
  type ExportFormat,
  type IdeaModerationBody,
  type ModeratedIdea,
  type ModerationEntry,
  type NewIdeaBody,
  type ReportReason,
} from '@tori/protocol';
import type { IdeaBoardErrorDetail, IdeaBoardPostedDetail } from './events.js';
import { styles } from './idea-board.styles.js';
import { logKey, reasonKey, t, type BoardMessages } from './messages.js';

type Mode = 'participate' | 'facilitate' | 'projector';
type Draft = { text: string; description: string; category: string; authorName: string };
/** Why a post was not sent, as the key of the message that says so. */
type FormProblem = 'tooShort' | 'nameMissing' | 'duplicate' | 'invalid' | 'offline' | 'somethingWentWrong';
type FormNote = 'posted' | 'postedPending' | 'postQueued';
/** The facilitator's inline form on one idea of one section (an idea can be in two sections). */
type Open = { ideaId: string; section: Section; kind: 'edit' | 'merge' };
/** What the edit form started from: live changes of the idea never overwrite what the facilitator types. */
type Editing = Pick<ModeratedIdea, 'text' | 'description' | 'category'>;
type Section = 'queue' | 'reported' | 'published' | 'hidden';
type DoneKey = `done_${'approve' | 'hide' | 'restore' | 'edit' | 'merge' | 'pin' | 'unpin' | 'board_open' | 'board_close'}`;

const EMPTY_DRAFT: Draft = { text: '', description: '', category: '', authorName: '' };
/** The projector shows this many newest ideas; more would not be readable from the back of a hall. */
const PROJECTOR_IDEAS = 8;
/** The facilitator's list of ideas on the board shows this many before asking for a search. */
const PUBLISHED_SHOWN = 50;
const LOG_SHOWN = 100;
/**
 * Lists shorter than this are rendered whole, so find-in-page, printing and a screen reader's browse mode reach every
 * idea; longer ones are virtualised (bench:board: 199 whole ideas show in about 30 ms, 10,000 whole ones in a second).
 */
export const VIRTUALIZE_FROM = 200;
/** Announcing how many ideas match waits until typing pauses. */
const MATCHES_DELAY_MS = 700;

const byNewest = (a: BoardIdea, b: BoardIdea) => b.createdAt.localeCompare(a.createdAt);

/**
 * A board where participants post ideas, support the ones they like and report what does not belong, live for
 * everyone in the space. Posts made offline wait on the device and are sent once when the connection returns.
 * `mode="facilitate"` is the facilitator's moderation view; `mode="projector"` shows the newest ideas in large type.
 *
 * @summary Post, support and report ideas, live; moderation and export for the facilitator.
 * @tagname idea-board
 *
 * @attr {string} server - Origin of the Tori server, e.g. `https://osallistu.example.fi`. Defaults to a surrounding `<tori-space>`, then the origin of the script tag.
 * @attr {string} space - Id of the space whose board this is. Defaults to a surrounding `<tori-space>`.
 * @attr {string} join-url - In `mode="projector"`: the address of the page where people take part, shown as a QR code and in short (`hel.fi/ideat`).
 * @attr {'fi' | 'sv' | 'en'} lang - Language of the texts. Defaults to the closest `[lang]` ancestor, then the page.
 * @prop {ToriClient | undefined} client - A client to use instead of `server`, e.g. `createFixtureClient()` from `@tori/core/fixtures` in stories and tests.
 *
 * @fires {CustomEvent<IdeaBoardPostedDetail>} tori-idea-posted - The participant posted an idea: `{idea, queued, requestId}`; `queued` is true (and `idea` null) while the post waits offline.
 * @fires {CustomEvent<IdeaBoardSupportedDetail>} tori-idea-supported - The participant supported an idea or withdrew their support: `{ideaId, supported, supports}`.
 * @fires {CustomEvent<IdeaBoardReportedDetail>} tori-idea-reported - The participant reported an idea: `{ideaId, reason, duplicate}`.
 * @fires {CustomEvent<IdeaBoardErrorDetail>} tori-error - Something failed that the person was told about: `{code, message}` (`code` is `network` when the server was not reached).
 *
 * @csspart heading - The board's heading (the space's title).
 * @csspart form - The form for a new idea.
 * @csspart post - The form's send button.
 * @csspart closed - The notice that replaces the form while the board is closed.
 * @csspart toolbar - Search, sort and category filter above the list.
 * @csspart count - How many ideas are shown, of how many.
 * @csspart list - The list of ideas (from 200 ideas virtualised: only the ideas near the screen are in the page).
 * @csspart idea - One idea in the list (also `pinned-idea` and `own-idea` when it is pinned or the participant's).
 * @csspart pinned - The "Pinned" mark of an idea.
 * @csspart mine - The "Your idea" mark of an idea.
 * @csspart support - An idea's support toggle (`aria-pressed`), with the number of supports.
 * @csspart report - An idea's "Report" button.
 * @csspart report-dialog - The dialog with the reasons for reporting.
 * @csspart status - A message about the state: loading, empty, offline, error.
 * @csspart key-form - The facilitator's form for the space key.
 * @csspart moderation-toolbar - Open or close the board, export, lock.
 * @csspart moderated-idea - One idea in the facilitator's lists.
 * @csspart log - The moderation log.
 * @csspart projector-list - The newest ideas of `mode="projector"`.
 * @csspart projector-idea - One idea on the projector.
 * @csspart join - In the projector with `join-url`: the QR code and the short address to take part at.
 * @csspart join-code - The QR code (always black on white, for cameras).
 *
 * @cssproperty --tori-font-family - Font. Default: the page's font.
 * @cssproperty --tori-font-size - Base font size; the projector view scales up from it. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text: counts, hints, categories, authors. Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of fields, buttons and the dialog. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of ideas, the form and banners. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders of ideas, fields and buttons. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, a support given, pinned ideas. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Validation and error messages. Default: `#b42318`.
 * @cssproperty --tori-color-success - Confirmations and the participant's own ideas. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius of ideas, buttons and fields. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit; gaps and paddings are multiples of it. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export class IdeaBoard extends ConnectedElement {
  static override styles = [tokens, resetStyles, widgetStyles, reportDialogStyles, styles, joinCodeStyles];

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    readonly: { type: Boolean, reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    joinUrl: { attribute: 'join-url' },
    key: { attribute: false },
    moderator: {},
    draft: { state: true, attribute: false },
    problem: { state: true, attribute: false },
    note: { state: true, attribute: false },
    spoken: { state: true, attribute: false },
    reporting: { state: true, attribute: false },
    reportProblem: { state: true, attribute: false },
    open: { state: true, attribute: false },
    find: { state: true, attribute: false },
  };

  /** `participate`: post, support, report. `facilitate`: the moderation view (asks for the space key). `projector`: the newest ideas in large type. */
  mode: Mode = 'participate';

  /** In `mode="projector"`: the page where people take part, shown as a QR code and a short address. */
  joinUrl: string | undefined;

  /** Shows the ideas only: no form, no support or report buttons (e.g. a page that archives a closed board). */
  readonly = false;

  /** Level (1–6) of the board's heading, to fit the page's outline; the form and list headings are one below it. */
  headingLevel = 2;

  /**
   * The space key for `mode="facilitate"`, when the host page has it (e.g. after its own login); without it the
   * element asks for it. Held in memory only: never reflected to an attribute, never stored.
   */
  key?: string;

  /** The facilitator's name in the moderation log (`mode="facilitate"`); the key form also asks for it. */
  moderator?: string;

  private draft: Draft = EMPTY_DRAFT;
  private problem: FormProblem | undefined;
  private note: FormNote | undefined;
  /** Read by screen readers only: arrivals, outcomes of actions. */
  private spoken = '';
  /** The idea whose report dialog is open. */
  private reporting: string | undefined;
  private reportProblem = false;
  private open: Open | undefined;
  /** The facilitator's search among the ideas on the board. */
  private find = '';

  #board = new BoardController(this, { onArrivals: (count) => this.#say(this.#t('newIdeas', count)) });
  #moderation = new ModerationController(this);
  #joinCode = new JoinCodeController(this);
  #reported = new Set<string>();
  #editing: Editing | undefined;
  #sending = false;
  #hadFocus = false;
  /** The form the list was last rendered in (see `#virtualized`). */
  #listVirtualized: boolean | undefined;
  #wasOnline: boolean | undefined;
  #matchesTimer?: ReturnType<typeof setTimeout>;
  #unreportedError?: ToriErrorShape;
  #shownView?: unknown;

  protected override connectionChanged(): void {
    if (this.mode === 'facilitate') {
      this.#moderation.connect();
      if (this.key) void this.#unlock(this.key, this.moderator);
    } else {
      if (this.mode === 'projector') this.#board.setSort('newest');
      this.#board.connect();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#matchesTimer);
  }

  override render() {
    if (this.mode === 'facilitate') return this.#renderFacilitator();
    if (this.mode === 'projector') return this.#renderProjector();
    return this.#renderParticipant();
  }

  /* The participant's board. */

  #renderParticipant(): TemplateResult {
    const { view, space } = this.#board;
    return html`
      ${heading('board-heading', space?.title ?? this.#t('ideas'), this.#level(), 'heading')}
      ${view.kind === 'ready'
        ? html`${this.#renderOfflineBanner()} ${this.#renderForm()} ${this.#renderList()}`
        : view.kind === 'loading'
          ? statusLine(this.#t('loading'))
          : view.kind === 'offline'
            ? this.#renderOfflineBanner()
            : this.#renderError(() => this.#board.retry())}
      <p class="visually-hidden" role="status">${this.spoken}</p>
      ${this.#renderReportDialog()}
    `;
  }

  #renderOfflineBanner(): TemplateResult | typeof nothing {
    const { online, queued, view } = this.#board;
    if (online && queued.length === 0) return nothing;
    const message = view.kind === 'ready' ? (this.readonly ? 'offline' : 'offlineBoard') : 'offlineNoBoard';
    return html`<div part="status" class="banner">
      ${online ? nothing : html`<p>${this.#t(message)}</p>`}
      ${queued.length
        ? html`<p><strong class="queued">${this.#t('queuedPosts', queued.length)}</strong></p>
            <ul>
              ${queued.map((post) => html`<li>${post.body.text}</li>`)}
            </ul>`
        : nothing}
    </div>`;
  }

  #renderForm(): TemplateResult | typeof nothing {
    const space = this.#board.space;
    if (!space) return nothing;
    if (!space.boardOpen) {
      return html`<p part="closed status" class="banner" id="closed" tabindex="-1">
        ${this.#t(this.readonly ? 'closedReadonly' : 'closed')}
      </p>`;
    }
    if (this.readonly) return nothing;
    const { text, description, category, authorName } = this.draft;
    const problem = this.problem;
    const nameProblem = problem === 'nameMissing';
    const titleProblem = problem && !nameProblem;
    return html`<form part="form" class="panel" novalidate aria-labelledby="form-heading" @submit=${this.#submitPost}>
      ${heading('form-heading', this.#t('shareIdea'), this.#level() + 1, undefined, 'subheading')}
      <div class="field">
        <label for="idea-title">${this.#t('title')}</label>
        <input
          id="idea-title"
          autocomplete="off"
          required
          maxlength=${IDEA_TEXT_MAX}
          aria-invalid=${titleProblem ? 'true' : 'false'}
          aria-describedby="title-problem title-count"
          .value=${text}
          @input=${this.#onDraftInput}
          data-field="text"
        />
        <div class="hint">
          <span id="title-problem" class="problem" ?hidden=${!titleProblem}>${titleProblem ? this.#t(problem) : ''}</span>
          <span id="title-count">${this.#t('characters', text.length, IDEA_TEXT_MAX)}</span>
        </div>
      </div>
      <div class="field">
        <label for="idea-description">${this.#t('description')}</label>
        <textarea
          id="idea-description"
          rows="3"
          maxlength=${IDEA_DESCRIPTION_MAX}
          aria-describedby="description-count"
          .value=${description}
          @input=${this.#onDraftInput}
          data-field="description"
        ></textarea>
        <div class="hint">
          <span id="description-count">${this.#t('characters', description.length, IDEA_DESCRIPTION_MAX)}</span>
        </div>
      </div>
      <div class="row">
        ${space.categories.length
          ? html`<div class="field">
              <label for="idea-category">${this.#t('category')}</label>
              <select id="idea-category" data-field="category" @change=${this.#onDraftInput}>
                <option value="" ?selected=${category === ''}>${this.#t('noCategory')}</option>
                ${space.categories.map(
                  (option) => html`<option value=${option.id} ?selected=${category === option.id}>${option.label}</option>`,
                )}
              </select>
            </div>`
          : nothing}
        ${space.namedPosting
          ? html`<div class="field">
              <label for="idea-name">${this.#t('name')}</label>
              <input
                id="idea-name"
                autocomplete="name"
                required
                maxlength=${AUTHOR_NAME_MAX}
                aria-invalid=${nameProblem ? 'true' : 'false'}
                aria-describedby="name-problem name-note name-count"
                .value=${authorName}
                @input=${this.#onDraftInput}
                data-field="authorName"
              />
              <div class="hint">
                <span id="name-problem" class="problem" ?hidden=${!nameProblem}>${nameProblem ? this.#t('nameMissing') : ''}</span>
                <span id="name-note">${this.#t('nameNote')}</span>
                <span id="name-count">${this.#t('characters', authorName.length, AUTHOR_NAME_MAX)}</span>
              </div>
            </div>`
          : nothing}
      </div>
      <div class="buttons">
        <button type="submit" part="post" class="primary">${this.#t('post')}</button>
      </div>
      <p class="note" role="status">${this.note ? this.#t(this.note) : ''}</p>
    </form>`;
  }

  #renderList(): TemplateResult {
    const board = this.#board;
    const ideas = board.ideas;
    const total = board.total;
    const categories = board.space?.categories ?? [];
    return html`
      ${heading('list-heading', this.#t('ideas'), this.#level() + 1, undefined, 'subheading')}
      ${total > 0
        ? html`<div part="toolbar" class="toolbar">
            <div class="field">
              <label for="search">${this.#t('search')}</label>
              <input id="search" type="search" autocomplete="off" .value=${board.search} @input=${this.#onSearch} />
            </div>
            <div class="field">
              <label for="sort">${this.#t('sort')}</label>
              <select id="sort" @change=${this.#onSort}>
                ${BOARD_SORTS.map(
                  (sort) => html`<option value=${sort} ?selected=${board.sort === sort}>${this.#t(`sort_${sort}`)}</option>`,
                )}
              </select>
            </div>
            ${categories.length
              ? html`<div class="field">
                  <label for="filter">${this.#t('filter')}</label>
                  <select id="filter" @change=${this.#onFilter}>
                    <option value="" ?selected=${board.category === ''}>${this.#t('allCategories')}</option>
                    ${categories.map(
                      (option) =>
                        html`<option value=${option.id} ?selected=${board.category === option.id}>${option.label}</option>`,
                    )}
                  </select>
                </div>`
              : nothing}
          </div>`
        : nothing}
      ${total === 0
        ? statusLine(this.#t(this.readonly || !board.space?.boardOpen ? 'emptyReadonly' : 'empty'))
        : html`<p part="count" class="count">${this.#t('count', ideas.length, total)}</p>
            ${ideas.length === 0
              ? statusLine(this.#t('noMatches'))
              : html`<div part="list" role="list" aria-labelledby="list-heading" @focusout=${this.#onListFocusOut}>${!this.#virtualized(ideas.length)
                  ? repeat(ideas, (idea) => idea.id, (idea, index) => this.#renderIdea(idea, index, ideas.length))
                  : virtualize({
                      items: ideas,
                      layout: flow(),
                      keyFunction: (idea: BoardIdea) => idea.id,
                      renderItem: (idea: BoardIdea, index: number) => this.#renderIdea(idea, index, ideas.length),
                    })}</div>`}`}
    `;
  }

  /**
   * Whether the list is virtualised. Switching between the two forms renders every idea anew, the focused button
   * with it: while focus is in the list (ideas arriving live), it keeps its form until focus leaves.
   */
  #virtualized(count: number): boolean {
    const wanted = count >= VIRTUALIZE_FROM;
    const focusInList = !!this.shadowRoot?.activeElement?.closest('[part~="list"]');
    if (this.#listVirtualized === undefined || wanted === this.#listVirtualized || !focusInList) this.#listVirtualized = wanted;
    return this.#listVirtualized;
  }

  #onListFocusOut = (event: FocusEvent) => {
    // Focus is leaving the list: once it has left (a task later), a switch it held back can happen.
    if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) setTimeout(() => this.requestUpdate());
  };

  #renderIdea(idea: BoardIdea, index: number, size: number): TemplateResult {
    const parts = ['idea', idea.pinned ? 'pinned-idea' : '', idea.mine ? 'own-idea' : ''].filter(Boolean).join(' ');
    const classes = ['idea', idea.pinned ? 'pinned' : '', idea.mine ? 'mine' : ''].filter(Boolean).join(' ');
    return html`<div role="listitem" class=${classes} part=${parts} aria-posinset=${index + 1} aria-setsize=${size}>
      <p class="badges">${idea.pinned ? html`<span class="badge" part="pinned">${this.#t('pinned')}</span>` : nothing}${idea.mine
          ? html`<span class="badge" part="mine">${this.#t('yours')}</span>`
          : nothing}${idea.status === 'pending' ? html`<span class="badge">${this.#t('waiting')}</span>` : nothing}</p>
      ${heading(`title-${idea.id}`, idea.text, Math.min(this.#level() + 2, 6), undefined, 'title', false)}
      ${idea.description ? html`<p class="description">${idea.description}</p>` : nothing}
      ${this.#renderMeta(idea)}
      <div class="actions">${this.#renderSupport(idea)} ${this.#renderReportButton(idea)}</div>
    </div>`;
  }

  #renderMeta(idea: BoardIdea): TemplateResult | typeof nothing {
    const category = this.#categoryLabel(idea.category);
    const meta = [category, idea.authorName ? this.#t('by', idea.authorName) : '', idea.editedAt ? this.#t('edited') : ''];
    const shown = meta.filter(Boolean);
    return shown.length ? html`<p class="meta">${shown.join(' · ')}</p>` : nothing;
  }

  #renderSupport(idea: BoardIdea): TemplateResult {
    if (this.readonly || idea.status !== 'approved') {
      return html`<span class="numbers">${this.#t('supports', idea.supports)}</span>`;
    }
    return html`<button
      part="support"
      data-id=${idea.id}
      aria-pressed=${idea.supportedByYou ? 'true' : 'false'}
      aria-describedby=${`title-${idea.id}`}
      @click=${this.#onSupport}
    >
      ${this.#t('support')} <span aria-hidden="true">${idea.supports}</span><span class="visually-hidden"
        >, ${this.#t('supports', idea.supports)}</span
      >
    </button>`;
  }

  #renderReportButton(idea: BoardIdea): TemplateResult | typeof nothing {
    if (this.readonly || idea.mine || idea.status !== 'approved') return nothing;
    if (this.#reported.has(idea.id)) return html`<span class="numbers">${this.#t('reported')}</span>`;
    return html`<button
      part="report"
      data-id=${idea.id}
      aria-haspopup="dialog"
      aria-describedby=${`title-${idea.id}`}
      @click=${this.#openReport}
    >
      ${this.#t('report')}
    </button>`;
  }

  #renderReportDialog(): TemplateResult {
    const idea = this.reporting ? this.#board.idea(this.reporting) : undefined;
    return reportDialog({
      subject: idea?.text ?? '',
      level: Math.min(this.#level() + 1, 6),
      reasonMissing: this.reportProblem,
      text: (key) => this.#t(key),
      onSubmit: this.#submitReport,
      onCancel: this.#closeReport,
      onClose: this.#onReportClosed,
    });
  }

  /* The projector. */

  #renderProjector(): TemplateResult {
    const board = this.#board;
    const { view, space, online } = board;
    const approved = board.ideas.filter((idea) => idea.status === 'approved');
    // Pinned ideas lead the list; the projector shows what arrived last, pinned or not.
    const pinned = approved.filter((idea) => idea.pinned).length;
    const newest = approved.slice(0, PROJECTOR_IDEAS + pinned).sort(byNewest);
    this.#joinCode.show(this.joinUrl, this.#t('takePartAt'), (address) => this.#t('joinCodeLabel', address));
    return html`<div class="projector">
      ${heading('board-heading', space?.title ?? this.#t('ideas'), this.#level(), 'heading')}
      ${online ? nothing : statusLine(this.#t('reconnecting'), true)}
      ${view.kind === 'error'
        ? this.#renderError(() => board.retry())
        : view.kind !== 'ready'
          ? statusLine(this.#t('loading'))
          : approved.length === 0
            ? statusLine(this.#t('emptyReadonly'))
            : html`<p part="count" class="count">${this.#t('count', approved.length, approved.length)}</p>
                <ol part="projector-list">
                  ${repeat(
                    newest.slice(0, PROJECTOR_IDEAS),
                    (idea) => idea.id,
                    (idea) => html`<li part="projector-idea">${idea.text} ${this.#renderMeta(idea)}</li>`,
                  )}
                </ol>`}
      ${this.#joinCode.render()}
    </div>`;
  }

  /* The facilitator's view. */

  #renderFacilitator(): TemplateResult {
    const moderation = this.#moderation;
    const state = moderation.state;
    const title = moderation.space?.title;
    return html`
      ${heading('board-heading', title ? this.#t('moderation', title) : this.#t('moderationHeading'), this.#level(), 'heading')}
      ${state.kind === 'locked'
        ? this.#renderKeyForm(state.problem)
        : state.kind === 'loading'
          ? statusLine(this.#t('loading'))
          : state.kind === 'error'
            ? this.#renderError(() => this.#moderation.connect())
            : this.#renderModeration()}
      <p class="visually-hidden" role="status">${this.spoken}</p>
    `;
  }

  #renderKeyForm(problem: 'wrong_key' | 'network' | undefined): TemplateResult {
    return html`<form part="key-form" class="panel" novalidate @submit=${this.#submitKey}>
      <div class="field">
        <label for="space-key">${this.#t('key')}</label>
        <input
          id="space-key"
          name="key"
          type="password"
          autocomplete="off"
          required
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby="key-problem"
        />
        <div class="hint">
          <span id="key-problem" class="problem" ?hidden=${!problem}
            >${problem === 'wrong_key' ? this.#t('wrongKey') : problem === 'network' ? this.#t('offline') : ''}</span
          >
        </div>
      </div>
      <div class="field">
        <label for="moderator-name">${this.#t('moderator')}</label>
        <input id="moderator-name" name="moderator" autocomplete="name" maxlength=${AUTHOR_NAME_MAX} .value=${this.moderator ?? ''} />
      </div>
      <div class="buttons"><button type="submit" class="primary">${this.#t('unlock')}</button></div>
    </form>`;
  }

  #renderModeration(): TemplateResult {
    const moderation = this.#moderation;
    const open = moderation.space?.boardOpen ?? true;
    const published = moderation.published;
    const words = this.find.trim().toLocaleLowerCase();
    const found = words ? published.filter((idea) => idea.text.toLocaleLowerCase().includes(words)) : published;
    return html`
      ${moderation.online ? nothing : statusLine(this.#t('reconnecting'), true)}
      <div part="moderation-toolbar" class="toolbar">
        <p>${this.#t(open ? 'boardIsOpen' : 'boardIsClosed')}</p>
        <button part="board-toggle" @click=${() => this.#setBoardOpen(!open)}>
          ${this.#t(open ? 'closeBoard' : 'openBoard')}
        </button>
        <button part="export" @click=${() => this.#export('csv')}>${this.#t('exportCsv')}</button>
        <button part="export" @click=${() => this.#export('json')}>${this.#t('exportJson')}</button>
        <button part="lock" @click=${this.#lock}>${this.#t('lock')}</button>
      </div>
      ${this.#renderSection('queue', this.#t('queue'), moderation.queue, this.#t('queueEmpty'))}
      ${this.#renderSection('reported', this.#t('reportedIdeas'), moderation.reported, this.#t('reportedEmpty'))}
      ${this.#renderSection(
        'published',
        this.#t('published'),
        found.slice(0, PUBLISHED_SHOWN),
        this.#t('publishedEmpty'),
        published.length,
        html`<div class="field">
            <label for="find">${this.#t('searchPublished')}</label>
            <input id="find" type="search" autocomplete="off" .value=${this.find} @input=${this.#onFind} />
          </div>
          ${found.length > PUBLISHED_SHOWN ? html`<p class="count">${this.#t('showing', PUBLISHED_SHOWN, found.length)}</p>` : nothing}`,
      )}
      ${this.#renderSection('hidden', this.#t('hidden'), moderation.hidden, this.#t('hiddenEmpty'))}
      ${this.#renderLog(moderation.log)}
    `;
  }

  #renderSection(
    section: Section,
    title: string,
    ideas: ModeratedIdea[],
    empty: string,
    count = ideas.length,
    before: TemplateResult | typeof nothing = nothing,
  ): TemplateResult {
    const level = Math.min(this.#level() + 1, 6);
    return html`<section aria-labelledby=${`${section}-heading`}>
      ${heading(`${section}-heading`, `${title} (${count})`, level, undefined, 'subheading')} ${before}
      ${ideas.length
        ? html`<ul class="plain-list">
            ${repeat(
              ideas,
              (idea) => idea.id,
              (idea) => this.#renderModerated(idea, section),
            )}
          </ul>`
        : html`<p class="count">${empty}</p>`}
    </section>`;
  }

  #renderModerated(idea: ModeratedIdea, section: Section): TemplateResult {
    const open = this.open?.ideaId === idea.id && this.open.section === section ? this.open.kind : undefined;
    const titleId = `${section}-${idea.id}`;
    const reasons = Object.entries(idea.reportReasons)
      .map(([reason, n]) => `${this.#t(reasonKey(reason as ReportReason))} (${n})`)
      .join(', ');
    const meta = [
      idea.status === 'hidden' ? this.#t('hiddenIdea') : '',
      this.#categoryLabel(idea.category),
      idea.authorName ? this.#t('by', idea.authorName) : '',
      this.#t('supports', idea.supports),
      idea.reports ? `${this.#t('reports', idea.reports)}: ${reasons}` : '',
    ].filter(Boolean);
    return html`<li part="moderated-idea" class="moderated">
      ${open === 'edit'
        ? this.#renderEditForm(idea, this.#editing ?? idea)
        : html`${heading(titleId, idea.text, Math.min(this.#level() + 2, 6), undefined, 'title', false)}
            ${idea.description ? html`<p class="description">${idea.description}</p>` : nothing}
            <p class="meta">${meta.join(' · ')}</p>
            ${open === 'merge' ? this.#renderMergeForm(idea) : this.#renderModerationActions(idea, section, titleId)}`}
    </li>`;
  }

  #renderModerationActions(idea: ModeratedIdea, section: Section, titleId: string): TemplateResult {
    const button = (label: string, action: () => void, part = 'action', pressed?: boolean) =>
      html`<button
        part=${part}
        aria-describedby=${titleId}
        aria-pressed=${pressed === undefined ? nothing : pressed ? 'true' : 'false'}
        aria-disabled=${this.#moderation.busy(idea.id) ? 'true' : 'false'}
        @click=${action}
      >
        ${label}
      </button>`;
    const id = idea.id;
    const m = this.#moderation;
    const openForm = (kind: Open['kind']) => () => this.#openForm({ ideaId: id, section, kind });
    return html`<div class="actions">
      ${idea.status === 'pending' ? button(this.#t('approve'), () => this.#act(id, 'done_approve', () => m.approve(id))) : nothing}
      ${idea.status === 'hidden' ? button(this.#t('restore'), () => this.#act(id, 'done_restore', () => m.restore(id))) : nothing}
      ${idea.status === 'approved'
        ? button(
            this.#t('pin'),
            () => this.#act(id, idea.pinned ? 'done_unpin' : 'done_pin', () => m.pin(id, !idea.pinned)),
            'action pin',
            idea.pinned,
          )
        : nothing}
      ${button(this.#t('edit'), openForm('edit'))}
      ${idea.status !== 'hidden' ? button(this.#t('merge'), openForm('merge')) : nothing}
      ${idea.status !== 'hidden' ? button(this.#t('hide'), () => this.#act(id, 'done_hide', () => m.hide(id))) : nothing}
    </div>`;
  }

  #renderEditForm(idea: ModeratedIdea, start: Editing): TemplateResult {
    const categories = this.#moderation.space?.categories ?? [];
    return html`<form class="edit" novalidate @submit=${(event: SubmitEvent) => this.#submitEdit(event, idea)}>
      <div class="field">
        <label for="edit-title">${this.#t('ideaTitle')}</label>
        <input id="edit-title" name="text" required maxlength=${IDEA_TEXT_MAX} .value=${start.text} />
      </div>
      <div class="field">
        <label for="edit-description">${this.#t('description')}</label>
        <textarea id="edit-description" name="description" rows="3" maxlength=${IDEA_DESCRIPTION_MAX}
          .value=${start.description ?? ''}></textarea>
      </div>
      ${categories.length
        ? html`<div class="field">
            <label for="edit-category">${this.#t('category')}</label>
            <select id="edit-category" name="category">
              <option value="" ?selected=${!start.category}>${this.#t('noCategory')}</option>
              ${categories.map(
                (option) => html`<option value=${option.id} ?selected=${start.category === option.id}>${option.label}</option>`,
              )}
            </select>
          </div>`
        : nothing}
      <div class="buttons">
        <button type="submit" class="primary">${this.#t('save')}</button>
        <button type="button" @click=${this.#closeForm}>${this.#t('cancel')}</button>
      </div>
    </form>`;
  }

  #renderMergeForm(idea: ModeratedIdea): TemplateResult {
    const others = this.#moderation.published.filter((other) => other.id !== idea.id);
    return html`<form class="merge" novalidate @submit=${(event: SubmitEvent) => this.#submitMerge(event, idea)}>
      <div class="field">
        <label for="merge-into">${this.#t('mergeInto')}</label>
        <select id="merge-into" name="into" aria-describedby="merge-hint">
          ${others.map((other) => html`<option value=${other.id}>${other.text}</option>`)}
        </select>
        <p id="merge-hint" class="hint">${this.#t('mergeHint')}</p>
      </div>
      <div class="buttons">
        <button type="submit" class="primary" ?disabled=${others.length === 0}>${this.#t('doMerge')}</button>
        <button type="button" @click=${this.#closeForm}>${this.#t('cancel')}</button>
      </div>
    </form>`;
  }

  #renderLog(log: ModerationEntry[]): TemplateResult {
    const format = new Intl.DateTimeFormat(this.locale, { dateStyle: 'short', timeStyle: 'short' });
    return html`<section part="log" aria-labelledby="log-heading">
      ${heading('log-heading', this.#t('log'), Math.min(this.#level() + 1, 6), undefined, 'subheading')}
      ${log.length
        ? html`<ol class="plain-list log">
            ${log.slice(0, LOG_SHOWN).map((entry) => {
              const idea = entry.ideaId ? (this.#moderation.idea(entry.ideaId)?.text ?? this.#t('noIdea')) : '';
              const actor =
                entry.actor === 'system' ? this.#t('system') : entry.actor === 'facilitator' ? this.#t('facilitator') : entry.actor;
              const date = new Date(entry.at);
              return html`<li>
                <time datetime=${entry.at}>${Number.isNaN(date.getTime()) ? entry.at : format.format(date)}</time>
                ${this.#t(logKey(entry.action), actor, idea)}
              </li>`;
            })}
          </ol>`
        : html`<p class="count">${this.#t('logEmpty')}</p>`}
    </section>`;
  }

  /* Shared pieces. */

  #renderError(retry: () => void): TemplateResult {
    return html`<div part="status" class="banner error-banner">
      <p role="alert">${this.#t('somethingWentWrong')}</p>
      <button class="primary" @click=${retry}>${this.#t('tryAgain')}</button>
    </div>`;
  }

  #categoryLabel(category: string | null): string {
    const categories = (this.mode === 'facilitate' ? this.#moderation.space : this.#board.space)?.categories ?? [];
    return categories.find((option) => option.id === category)?.label ?? '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#hadFocus = this.matches(':focus-within');
    if (changed.has('mode') && this.hasUpdated && this.isConnected) this.connectionChanged();
    if (changed.has('key') && this.key && this.mode === 'facilitate' && this.hasUpdated) {
      void this.#unlock(this.key, this.moderator);
    }
    if (this.mode !== 'facilitate') {
      const { online, view } = this.#board;
      if (this.#wasOnline !== undefined && online !== this.#wasOnline && view.kind === 'ready') {
        this.spoken = this.#t(online ? 'online' : this.readonly ? 'offline' : 'offlineBoard');
      }
      this.#wasOnline = online;
      if (this.#shownView !== view && view.kind === 'error') this.#unreportedError = view.error;
      this.#shownView = view;
    }
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#unreportedError) {
      this.#emitError(this.#unreportedError);
      this.#unreportedError = undefined;
    }
    // An action that removes the focused control (a closed form, an idea leaving a list): keep focus inside.
    if (this.#hadFocus && !this.shadowRoot?.activeElement) this.#focus('#board-heading');
  }

  /* Participant actions. */

  #onDraftInput = (event: Event) => {
    const field = event.target as HTMLInputElement;
    this.draft = { ...this.draft, [field.dataset['field'] as keyof Draft]: field.value };
    // The messages answered the last attempt; typing starts a new one.
    this.problem = undefined;
    this.note = undefined;
  };

  #submitPost = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.#sending) return;
    const space = this.#board.space;
    const text = this.draft.text.trim();
    const authorName = this.draft.authorName.trim();
    if (text.length < IDEA_TEXT_MIN) return this.#postProblem('tooShort');
    if (space?.namedPosting && !authorName) return this.#postProblem('nameMissing');
    const body: NewIdeaBody = { text };
    if (this.draft.description.trim()) body.description = this.draft.description.trim();
    if (this.draft.category) body.category = this.draft.category;
    if (space?.namedPosting) body.authorName = authorName;
    this.#sending = true;
    try {
      const outcome = await this.#board.post(body);
      // The name stays for the next idea; the rest starts empty.
      this.draft = { ...EMPTY_DRAFT, authorName: this.draft.authorName };
      this.problem = undefined;
      const idea = outcome.status === 'sent' ? outcome.created.idea : null;
      this.note = !idea ? 'postQueued' : idea.status === 'pending' ? 'postedPending' : 'posted';
      this.emit<IdeaBoardPostedDetail>('tori-idea-posted', { idea, queued: !idea, requestId: outcome.requestId });
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      if (error.code === 'board_closed') {
        await this.updateComplete;
        this.#focus('#closed');
        return;
      }
      this.#postProblem(
        error.status === 409
          ? 'duplicate'
          : error.status === 422
            ? 'invalid'
            : error.status === 0
              ? 'offline'
              : 'somethingWentWrong',
      );
    } finally {
      this.#sending = false;
    }
  };

  async #postProblem(problem: FormProblem): Promise<void> {
    this.problem = problem;
    this.note = undefined;
    await this.updateComplete;
    this.#focus(problem === 'nameMissing' ? '#idea-name' : '#idea-title');
  }

  #onSearch = (event: InputEvent) => {
    this.#board.setSearch((event.target as HTMLInputElement).value);
    this.#sayMatchesSoon();
  };

  #onSort = (event: Event) => {
    this.#board.setSort((event.target as HTMLSelectElement).value as BoardSort);
  };

  #onFilter = (event: Event) => {
    this.#board.setCategory((event.target as HTMLSelectElement).value);
    this.#sayMatchesSoon();
  };

  #sayMatchesSoon(): void {
    clearTimeout(this.#matchesTimer);
    this.#matchesTimer = setTimeout(() => this.#say(this.#t('matches', this.#board.ideas.length)), MATCHES_DELAY_MS);
  }

  #onSupport = async (event: MouseEvent) => {
    const ideaId = (event.currentTarget as HTMLElement).dataset['id']!;
    try {
      const ack = await this.#board.toggleSupport(ideaId);
      if (!ack) return;
      this.emit('tori-idea-supported', { ideaId, supported: ack.supportedByYou, supports: ack.supports });
      this.#say(this.#t(ack.supportedByYou ? 'supported' : 'unsupported'));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('supportFailed'));
    }
  };

  #openReport = async (event: MouseEvent) => {
    this.reporting = (event.currentTarget as HTMLElement).dataset['id'];
    this.reportProblem = false;
    await this.updateComplete;
    const dialog = this.shadowRoot!.querySelector('dialog')!;
    dialog.querySelector('form')!.reset();
    dialog.showModal();
    dialog.querySelector<HTMLInputElement>('input[type=radio]')!.focus();
  };

  #closeReport = () => {
    this.shadowRoot!.querySelector('dialog')!.close();
  };

  /** Closed by Cancel, Escape or a sent report: focus goes back to where it came from. */
  #onReportClosed = async () => {
    const ideaId = this.reporting;
    this.reporting = undefined;
    await this.updateComplete;
    const opener = this.shadowRoot!.querySelector<HTMLElement>(`[part~=report][data-id="${ideaId}"]`);
    const title = this.shadowRoot!.getElementById(`title-${ideaId}`);
    if (opener) opener.focus();
    else if (title) (title.setAttribute('tabindex', '-1'), title.focus());
    else this.#focus('#list-heading');
  };

  #submitReport = async (event: SubmitEvent) => {
    event.preventDefault();
    const ideaId = this.reporting;
    const form = new FormData(event.target as HTMLFormElement);
    const reason = form.get('reason') as ReportReason | null;
    if (!ideaId) return;
    if (!reason) {
      this.reportProblem = true;
      await this.updateComplete;
      this.shadowRoot!.querySelector<HTMLInputElement>('dialog input[type=radio]')!.focus();
      return;
    }
    const note = String(form.get('note') ?? '').trim();
    try {
      const ack = await this.#board.report(ideaId, reason, note || undefined);
      this.#reported.add(ideaId);
      this.emit('tori-idea-reported', { ideaId, reason, duplicate: ack.duplicate });
      this.#say(this.#t(ack.duplicate ? 'reportAgain' : 'reportThanks'));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('reportFailed'));
    }
    this.#closeReport();
  };

  /* Facilitator actions. */

  #submitKey = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const key = String(data.get('key') ?? '').trim();
    const moderator = String(data.get('moderator') ?? '').trim() || undefined;
    if (!key) {
      this.#focus('#space-key');
      return;
    }
    this.moderator = moderator;
    await this.#unlock(key, moderator);
  };

  async #unlock(key: string, moderator: string | undefined): Promise<void> {
    const unlocked = await this.#moderation.unlock({ key, moderator });
    await this.updateComplete;
    this.#focus(unlocked ? '#board-heading' : '#space-key');
  }

  #lock = async () => {
    this.#moderation.lock();
    this.open = undefined;
    await this.updateComplete;
    this.#focus('#space-key');
  };

  async #act(id: string, done: DoneKey, action: () => Promise<void>): Promise<void> {
    if (this.#moderation.busy(id)) return;
    try {
      await action();
      this.#say(this.#t(done));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('actionFailed'));
    }
  }

  #setBoardOpen(open: boolean): void {
    void this.#act('board', open ? 'done_board_open' : 'done_board_close', () => this.#moderation.setBoardOpen(open));
  }

  async #export(format: ExportFormat): Promise<void> {
    try {
      const content = await this.#moderation.exportFile(format);
      // A byte order mark, so spreadsheet programs read Finnish and Swedish letters right.
      const text = format === 'csv' && !content.startsWith('\ufeff') ? `\ufeff${content}` : content;
      const url = URL.createObjectURL(
        new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = `${this.spaceId ?? 'tori'}-ideas.${format}`;
      link.hidden = true;
      this.shadowRoot!.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.#say(this.#t('exported'));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('actionFailed'));
    }
  }

  async #openForm(open: Open): Promise<void> {
    const idea = this.#moderation.idea(open.ideaId);
    this.#editing = idea && { text: idea.text, description: idea.description, category: idea.category };
    this.open = open;
    await this.updateComplete;
    this.#focus(open.kind === 'edit' ? '#edit-title' : '#merge-into');
  }

  #closeForm = async () => {
    const open = this.open;
    this.open = undefined;
    await this.updateComplete;
    if (open) this.#focus(`#${open.section}-${open.ideaId}`, true);
  };

  async #submitEdit(event: SubmitEvent, idea: ModeratedIdea): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = String(data.get('text') ?? '').trim();
    const description = String(data.get('description') ?? '').trim() || null;
    const category = data.has('category') ? String(data.get('category')) || null : idea.category;
    if (text.length < IDEA_TEXT_MIN) {
      this.#focus('#edit-title');
      return;
    }
    const body: IdeaModerationBody = {};
    if (text !== idea.text) body.text = text;
    if (description !== (idea.description ?? null)) body.description = description;
    if (category !== idea.category) body.category = category;
    if (Object.keys(body).length) await this.#act(idea.id, 'done_edit', () => this.#moderation.moderate(idea.id, body));
    await this.#closeForm();
  }

  async #submitMerge(event: SubmitEvent, idea: ModeratedIdea): Promise<void> {
    event.preventDefault();
    const into = String(new FormData(event.target as HTMLFormElement).get('into') ?? '');
    if (!into) return;
    const section = this.open?.section ?? 'published';
    await this.#act(idea.id, 'done_merge', () => this.#moderation.merge(idea.id, into));
    this.open = undefined;
    await this.updateComplete;
    this.#focus(`#${section}-heading`);
  }

  #onFind = (event: InputEvent) => {
    this.find = (event.target as HTMLInputElement).value;
  };

  /* Helpers. */

  /** Says something to screen readers; the same words twice in a row are still said. */
  #say(text: string): void {
    this.spoken = this.spoken === text ? `${text}\u00a0` : text;
  }

  #emitError({ code = 'unexpected', message = '' }: Partial<ToriErrorShape>): void {
    this.emit<IdeaBoardErrorDetail>('tori-error', { code, message });
  }

  #focus(selector: string, focusable = false): void {
    const target = this.shadowRoot?.querySelector<HTMLElement>(selector);
    if (focusable && target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target?.focus();
  }

  #level(): number {
    return headingLevelOf(this.headingLevel);
  }

  #t<K extends keyof BoardMessages>(key: K, ...params: MessageParams<BoardMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
