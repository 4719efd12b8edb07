import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ConnectedElement, resetStyles, tokens, widgetStyles, heading, statusLine, headingLevelOf } from '@tori/core';
import type { MessageParams, ToriErrorShape } from '@tori/core';
import {
  JournalController,
  JournalFacilitatorController,
  journalFileName,
  journalHtml,
  journalMarkdown,
  type ConflictChoice,
  type ReflectionEntry,
  type ReflectionStatus,
} from '@tori/core/journal';
import {
  DISPLAY_NAME_MAX,
  POST_BODY_MAX,
  REFLECTION_MAX,
  type Journal,
  type JournalModule,
  type JournalProgress,
  type JournalPrompt,
  type JournalReading,
} from '@tori/protocol';
import type {
  ReflectionJournalDownloadedDetail,
  ReflectionJournalErrorDetail,
  ReflectionJournalSavedDetail,
  ReflectionJournalSharedDetail,
} from './events.js';
import { styles } from './reflection-journal.styles.js';
import { t, type JournalMessages } from './messages.js';

/** The share dialog: which prompt, the text being shared, and whether the discussion asked for a name. */
type Sharing = { promptId: string; topicId: string; text: string; name: string; needsName: boolean; problem?: SharingProblem };
type SharingProblem = 'shareEmpty' | 'shareNameMissing' | 'shareFailed' | 'shareLocked' | 'shareOffline';

/** Statuses a screen reader is told about: the ones that change what the participant should know. */
const SAID: Partial<Record<ReflectionStatus, 'said_saved' | 'said_offline' | 'said_conflict' | 'said_error'>> = {
  saved: 'said_saved',
  offline: 'said_offline',
  conflict: 'said_conflict',
  error: 'said_error',
};

/** Ids in the shadow root from prompt ids (which are lowercase letters, digits and dashes). */
const fieldId = (promptId: string) => `reflection-${promptId}`;

/**
 * A private reflection journal: the space's prompts grouped by module, a text field per prompt that saves as the
 * participant types, and progress through the modules. What is typed is kept on the device at once, so a reload or a
 * lost connection loses nothing; a copy saved from another device meanwhile is kept beside it until the participant
 * chooses. The participant is told plainly who can read their reflections before they write, can share a copy of
 * what they choose to the module's discussion, and can download the whole journal as Markdown or printable HTML.
 *
 * @summary Private reflections per module: autosave, offline, progress, download, share by choice.
 * @tagname reflection-journal
 *
 * @attr {string} server - Origin of the Tori server, e.g. `https://osallistu.example.fi`. Defaults to a surrounding `<tori-space>`, then the origin of the script tag.
 * @attr {string} space - Id of the space whose journal this is. Defaults to a surrounding `<tori-space>`.
 * @attr {'fi' | 'sv' | 'en'} lang - Language of the texts. Defaults to the closest `[lang]` ancestor, then the page.
 * @prop {ToriClient | undefined} client - A client to use instead of `server`, e.g. `createFixtureClient()` from `@tori/core/fixtures` in stories and tests.
 *
 * @fires {CustomEvent<ReflectionJournalSavedDetail>} tori-reflection-saved - A reflection reached the server: `{promptId, revision}`.
 * @fires {CustomEvent<ReflectionJournalSharedDetail>} tori-reflection-shared - The participant posted a copy to a discussion: `{promptId, topicId, postId}`.
 * @fires {CustomEvent<ReflectionJournalDownloadedDetail>} tori-journal-downloaded - The participant downloaded the journal: `{format, fileName}` (`markdown` or `html`).
 * @fires {CustomEvent<ReflectionJournalErrorDetail>} tori-error - Something failed that the participant was told about: `{code, message}` (`code` is `network` when the server was not reached).
 *
 * @csspart heading - The journal's heading.
 * @csspart privacy - The notice of who can read the reflections, above the prompts.
 * @csspart progress - "3 of 6 modules reflected", with a bar.
 * @csspart summary - Whether everything is saved.
 * @csspart module - One module: its heading and prompts.
 * @csspart reflected - The "Reflected" mark of a module.
 * @csspart prompt - One prompt with its field.
 * @csspart field - A reflection's text field.
 * @csspart field-status - A reflection's status: saved, saving, kept on this device…
 * @csspart conflict - The copy saved on another device, with the choices.
 * @csspart share - A prompt's "Share to the discussion" button.
 * @csspart share-dialog - The dialog that posts a copy to the discussion.
 * @csspart downloads - The download buttons.
 * @csspart status - Loading, empty, offline, closed and error messages.
 * @csspart key-form - The facilitator's form for the space key (`mode="facilitate"`).
 * @csspart progress-table - The facilitator's counts per module.
 * @csspart participant - One participant's reflections in the facilitator's reading.
 *
 * @cssproperty --tori-font-family - Font. Default: the page's font.
 * @cssproperty --tori-font-size - Base font size. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text: counts, statuses, notes. Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of fields, buttons and the dialog. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of modules, notices and banners. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders of modules, fields and buttons. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, the progress bar. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Errors and conflicts. Default: `#b42318`.
 * @cssproperty --tori-color-success - "Saved" and reflected modules. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius of modules, buttons and fields. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit; gaps and paddings are multiples of it. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export class ReflectionJournal extends ConnectedElement {
  static override styles = [tokens, resetStyles, widgetStyles, styles];

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    key: { attribute: false },
    heading: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    readonly: { type: Boolean, reflect: true },
    topic: {},
    spoken: { state: true, attribute: false },
    sharing: { state: true, attribute: false },
    note: { state: true, attribute: false },
  };

  /**
   * `participate`: the participant's own journal. `facilitate`: the facilitator's view (asks for the space key):
   * how many reflected each module, and the reflections themselves only where the journal lets facilitators read.
   */
  mode: 'participate' | 'facilitate' = 'participate';

  /**
   * The space key for `mode="facilitate"`, when the host page has it; without it the element asks for it. Held in
   * memory only: never reflected to an attribute, never stored.
   */
  key?: string;

  /** The journal's heading, also the title of a downloaded journal, e.g. the course's name. Default: "My reflection journal". */
  heading?: string;

  /** Level (1–6) of the journal's heading, to fit the page's outline; modules are one below it. */
  headingLevel = 2;

  /** The reflections to read only: no typing, no sharing (downloads stay). */
  readonly = false;

  /** Discussion topic to share to, for modules that name none of their own. Without either, no "Share" button. */
  topic?: string;

  /** Read by screen readers only: saves, conflicts, shares, downloads. */
  private spoken = '';
  private sharing: Sharing | undefined;
  /** A confirmation shown under the downloads (a download, a share). */
  private note = '';

  #journal = new JournalController(this);
  #facilitator = new JournalFacilitatorController(this);
  /** The status each reflection was last told to have, so a change is said once. */
  #told = new Map<string, ReflectionStatus>();
  #shareOpener: HTMLElement | null = null;
  #sendingShare = false;

  protected override connectionChanged(): void {
    // An update that lands after the element left the page must not start listening again.
    if (!this.isConnected) return;
    if (this.mode === 'facilitate') {
      if (this.key) void this.#facilitator.unlock(this.key);
      else this.#facilitator.connect();
      return;
    }
    this.#told.clear();
    this.#journal.connect();
  }

  override render() {
    const title = this.heading || this.#t('journal');
    if (this.mode === 'facilitate') {
      return html`${heading('journal-heading', title, this.#level(), 'heading')} ${this.#renderFacilitator()}
        <p class="visually-hidden" role="status">${this.spoken}</p>`;
    }
    const { view, journal } = this.#journal;
    return html`
      ${heading('journal-heading', title, this.#level(), 'heading')}
      ${view.kind === 'ready' && journal
        ? journal.modules.length
          ? this.#renderJournal()
          : statusLine(this.#t('empty'))
        : view.kind === 'loading'
          ? statusLine(this.#t('loading'))
          : view.kind === 'offline'
            ? statusLine(this.#t('offlineNoJournal'), true)
            : view.kind === 'error'
              ? this.#renderError(view.error)
              : statusLine(this.#t('empty'))}
      <p class="visually-hidden" role="status">${this.spoken}</p>
      ${this.#renderShareDialog()}
    `;
  }

  #renderJournal(): TemplateResult {
    const controller = this.#journal;
    const journal = controller.journal!;
    const { reflected, modules } = controller.progress;
    const writable = this.#writable();
    return html`
      <p part="privacy" class="notice" id="privacy">${this.#t(journal.facilitatorsCanRead ? 'readableNotice' : 'privateNotice')}</p>
      ${journal.open ? nothing : html`<p part="status" class="banner">${this.#t('closed')}</p>`}
      ${controller.online ? nothing : html`<p part="status" class="banner">${this.#t('offlineJournal')}</p>`}
      <div part="progress" class="progress">
        <span id="progress-text">${this.#t('progress', reflected, modules)}</span>
        <span class="bar" aria-hidden="true"><span .style=${`width: ${modules ? (100 * reflected) / modules : 0}%`}></span></span>
      </div>
      ${writable ? html`<p part="summary" class="summary ${controller.status}">${this.#summary()}</p>` : nothing}
      ${journal.modules.map((module, index) => this.#renderModule(module, index))}
      <section part="downloads" class="downloads" aria-labelledby="downloads-heading">
        ${heading('downloads-heading', this.#t('downloads'), this.#level() + 1, undefined, 'subheading', false)}
        <div class="buttons">
          <button @click=${() => this.#download('markdown')}>${this.#t('downloadMarkdown')}</button>
          <button @click=${() => this.#download('html')}>${this.#t('downloadHtml')}</button>
        </div>
        <p class="note">${this.note}</p>
      </section>
    `;
  }

  #renderModule(module: JournalModule, index: number): TemplateResult {
    const headingId = `module-${index}`;
    const reflected = this.#journal.isReflected(module);
    return html`<section part="module" class="module" aria-labelledby=${headingId}>
      <div class="module-head">
        ${heading(headingId, module.title, this.#level() + 1, undefined, 'subheading', false)}
        ${reflected ? html`<span part="reflected" class="reflected">${this.#t('reflected')}</span>` : nothing}
      </div>
      ${module.prompts.map((prompt) => this.#renderPrompt(module, prompt))}
    </section>`;
  }

  #renderPrompt(module: JournalModule, prompt: JournalPrompt): TemplateResult {
    const entry = this.#journal.entry(prompt.id);
    const id = fieldId(prompt.id);
    const writable = this.#writable();
    const topicId = module.topicId || this.topic;
    const problem = entry.status === 'error' || entry.status === 'conflict';
    return html`<div part="prompt" class="prompt">
      <label for=${id} id=${`${id}-prompt`} class="prompt-text">${prompt.text}</label>
      <textarea
        id=${id}
        part="field"
        rows="5"
        maxlength=${REFLECTION_MAX}
        ?readonly=${!writable}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${`privacy ${id}-status ${id}-count`}
        .value=${entry.text}
        @input=${(event: InputEvent) => this.#journal.edit(prompt.id, (event.target as HTMLTextAreaElement).value)}
        @focus=${() => this.#journal.refresh()}
        @blur=${() => this.#journal.saveNow(prompt.id)}
        @keydown=${(event: KeyboardEvent) => this.#onFieldKey(event, prompt.id)}
      ></textarea>
      <div class="hint">
        <span id=${`${id}-status`} part="field-status" class="field-status ${entry.status}">
          ${writable || entry.status !== 'saved' ? this.#fieldStatus(entry) : ''}
        </span>
        <span id=${`${id}-count`}>${this.#t('characters', entry.text.length, REFLECTION_MAX)}</span>
      </div>
      ${entry.status === 'conflict' && entry.other ? this.#renderConflict(prompt, entry) : nothing}
      ${writable && topicId && entry.text.trim()
        ? html`<div class="buttons">
            <button part="share" aria-describedby=${`${id}-prompt`} @click=${(event: Event) => this.#openShare(event, prompt.id, topicId)}>
              ${this.#t('share')}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderConflict(prompt: JournalPrompt, entry: ReflectionEntry): TemplateResult {
    const headingId = `${fieldId(prompt.id)}-conflict`;
    const choose = (choice: ConflictChoice) => () => {
      this.#journal.resolve(prompt.id, choice);
      void this.updateComplete.then(() => this.#focus(`#${fieldId(prompt.id)}`));
    };
    return html`<div part="conflict" class="other-copy" role="group" aria-labelledby=${headingId}>
      <p id=${headingId} class="conflict-heading">${this.#t('conflictHeading')}</p>
      <p>${this.#t('conflictExplain')}</p>
      <blockquote class="other">${entry.other!.body}</blockquote>
      <div class="buttons">
        <button class="primary" @click=${choose('both')}>${this.#t('keepBoth')}</button>
        <button @click=${choose('mine')}>${this.#t('keepMine')}</button>
        <button @click=${choose('theirs')}>${this.#t('useOther')}</button>
      </div>
    </div>`;
  }

  #renderShareDialog(): TemplateResult {
    const sharing = this.sharing;
    const problem = sharing?.problem;
    const nameProblem = problem === 'shareNameMissing';
    const textProblem = problem === 'shareEmpty';
    return html`<dialog part="share-dialog" aria-labelledby="share-heading" @close=${this.#onShareClosed}>
      ${sharing
        ? html`<form method="dialog" novalidate @submit=${this.#submitShare}>
            ${heading('share-heading', this.#t('shareHeading'), this.#level() + 1, undefined, 'subheading', false)}
            <p>${this.#t('shareExplain')}</p>
            <div class="field">
              <label for="share-text">${this.#t('shareWhat')}</label>
              <textarea
                id="share-text"
                rows="6"
                maxlength=${POST_BODY_MAX}
                aria-invalid=${textProblem ? 'true' : 'false'}
                aria-describedby="share-text-count share-problem"
                .value=${sharing.text}
                @input=${(event: InputEvent) => this.#changeShare({ text: (event.target as HTMLTextAreaElement).value })}
              ></textarea>
              <div class="hint"><span id="share-text-count">${this.#t('characters', sharing.text.length, POST_BODY_MAX)}</span></div>
            </div>
            ${sharing.needsName
              ? html`<div class="field">
                  <label for="share-name">${this.#t('shareName')}</label>
                  <input
                    id="share-name"
                    autocomplete="name"
                    maxlength=${DISPLAY_NAME_MAX}
                    aria-invalid=${nameProblem ? 'true' : 'false'}
                    aria-describedby="share-name-note share-problem"
                    .value=${sharing.name}
                    @input=${(event: InputEvent) => this.#changeShare({ name: (event.target as HTMLInputElement).value })}
                  />
                  <div class="hint"><span id="share-name-note">${this.#t('shareNameNote')}</span></div>
                </div>`
              : nothing}
            <p id="share-problem" class="problem" role="alert">${problem ? this.#t(problem) : ''}</p>
            <div class="buttons">
              <button type="submit" class="primary">${this.#t('shareSend')}</button>
              <button type="button" @click=${this.#closeShare}>${this.#t('cancel')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  #summary(): string {
    const controller = this.#journal;
    const status = controller.status;
    if (status === 'offline') return this.#t('summary_offline', controller.unsent);
    return this.#t(`summary_${status}`);
  }

  #fieldStatus(entry: ReflectionEntry): string {
    if (entry.status === 'error') {
      const code = entry.error?.code;
      const tooLong = code === 'invalid_body' || code === 'payload_too_large';
      return this.#t(tooLong ? 'errorTooLong' : code === 'journal_closed' ? 'errorClosed' : 'errorOther');
    }
    // A field never written in says nothing.
    if (entry.status === 'saved' && !entry.saved && !entry.text) return '';
    return this.#t(`status_${entry.status}`);
  }

  #writable(): boolean {
    return !this.readonly && Boolean(this.#journal.journal?.open);
  }

  #onFieldKey(event: KeyboardEvent, promptId: string): void {
    // Ctrl+S / Cmd+S saves now, as in any editor, rather than saving the page.
    if (event.key.toLowerCase() === 's' && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      this.#journal.saveNow(promptId);
    }
  }

  #openShare(event: Event, promptId: string, topicId: string): void {
    this.#shareOpener = event.currentTarget as HTMLElement;
    this.sharing = { promptId, topicId, text: this.#journal.entry(promptId).text.trim(), name: '', needsName: false };
    void this.updateComplete.then(() => {
      this.shadowRoot?.querySelector('dialog')?.showModal();
      this.#focus('#share-text');
    });
  }

  #changeShare(change: Partial<Sharing>): void {
    if (!this.sharing) return;
    this.sharing = { ...this.sharing, ...change, problem: undefined };
  }

  #closeShare = () => {
    this.shadowRoot?.querySelector('dialog')?.close();
  };

  #onShareClosed = () => {
    this.sharing = undefined;
    this.#shareOpener?.focus();
    this.#shareOpener = null;
  };

  #submitShare = async (event: SubmitEvent) => {
    event.preventDefault();
    const sharing = this.sharing;
    if (!sharing || this.#sendingShare) return;
    const text = sharing.text.trim();
    const name = sharing.name.trim();
    if (!text) return this.#shareProblem('shareEmpty', '#share-text');
    if (sharing.needsName && !name) return this.#shareProblem('shareNameMissing', '#share-name');
    this.#sendingShare = true;
    try {
      if (sharing.needsName) await this.#journal.saveProfile({ displayName: name });
      const { post } = await this.#journal.share(sharing.topicId, text);
      this.emit<ReflectionJournalSharedDetail>('tori-reflection-shared', {
        promptId: sharing.promptId,
        topicId: sharing.topicId,
        postId: post.id,
      });
      this.note = this.#t('shared');
      this.#say(this.#t('shared'));
      this.#closeShare();
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      if (error.code === 'profile_required') {
        this.sharing = { ...sharing, needsName: true, problem: sharing.needsName ? 'shareNameMissing' : undefined };
        await this.updateComplete;
        this.#focus('#share-name');
        return;
      }
      this.#emitError(error);
      this.#shareProblem(
        error.code === 'topic_locked' ? 'shareLocked' : error.code === 'network' ? 'shareOffline' : 'shareFailed',
        '#share-text',
      );
    } finally {
      this.#sendingShare = false;
    }
  };

  async #shareProblem(problem: SharingProblem, focus: string): Promise<void> {
    if (!this.sharing) return;
    this.sharing = { ...this.sharing, problem };
    await this.updateComplete;
    this.#focus(focus);
  }

  /** The participant's own journal, drafts included, made here: no server needed, so it works offline too. */
  #download(format: 'markdown' | 'html'): void {
    const journal = this.#journal.journal;
    if (!journal) return;
    const title = this.heading || this.#t('journal');
    const date = new Intl.DateTimeFormat(this.locale, { dateStyle: 'long' }).format(new Date());
    const document = {
      title,
      journal,
      textOf: (promptId: string) => this.#journal.entry(promptId).text,
      empty: this.#t('noReflection'),
      lang: this.locale,
      note: this.#t('downloadedOn', date),
    };
    const [text, type, extension] =
      format === 'markdown'
        ? [journalMarkdown(document), 'text/markdown;charset=utf-8', 'md' as const]
        : [journalHtml(document), 'text/html;charset=utf-8', 'html' as const];
    const fileName = journalFileName(title, extension);
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = Object.assign(globalThis.document.createElement('a'), { href: url, download: fileName });
    link.hidden = true;
    this.shadowRoot!.append(link);
    link.click();
    link.remove();
    // The browser has the file once the click's download began; the address is not needed after that.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.note = this.#t('downloaded');
    this.#say(this.#t('downloaded'));
    this.emit<ReflectionJournalDownloadedDetail>('tori-journal-downloaded', { format, fileName });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('mode') && this.hasUpdated && this.isConnected) this.connectionChanged();
    else if (changed.has('key') && this.key && this.mode === 'facilitate' && this.hasUpdated) void this.#facilitator.unlock(this.key);
    if (this.mode !== 'facilitate') this.#tell();
  }

  /* The facilitator's view. */

  #renderFacilitator(): TemplateResult {
    const state = this.#facilitator.state;
    switch (state.kind) {
      case 'locked':
        return this.#renderKeyForm(state.problem);
      case 'loading':
        return statusLine(this.#t('loading'));
      case 'error':
        return html`<div part="status" class="banner error-banner">
          <p role="alert">${this.#t('somethingWentWrong')}</p>
          <button class="primary" @click=${() => this.#facilitator.refresh()}>${this.#t('tryAgain')}</button>
        </div>`;
      case 'ready':
        return this.#renderFacilitatorView(state.journal, state.progress, state.reading);
    }
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
          <span id="key-problem" class="problem">${problem === 'wrong_key' ? this.#t('wrongKey') : problem === 'network' ? this.#t('offline') : ''}</span>
        </div>
      </div>
      <div class="buttons"><button type="submit" class="primary">${this.#t('unlock')}</button></div>
    </form>`;
  }

  #submitKey = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector<HTMLInputElement>('#space-key')!;
    const key = input.value.trim();
    if (!key) {
      input.focus();
      return;
    }
    const opened = await this.#facilitator.unlock(key);
    await this.updateComplete;
    this.#focus(opened ? '#journal-heading' : '#space-key');
  };

  #renderFacilitatorView(journal: Journal, progress: JournalProgress, reading: JournalReading | null): TemplateResult {
    const level = this.#level() + 1;
    const prompts = new Map(journal.modules.flatMap((module) => module.prompts.map((prompt) => [prompt.id, { module, prompt }] as const)));
    return html`
      <p part="privacy" class="notice">${this.#t(journal.facilitatorsCanRead ? 'facilitatorReadable' : 'facilitatorPrivate')}</p>
      <section aria-labelledby="progress-heading">
        ${heading('progress-heading', this.#t('progressHeading'), level, undefined, 'subheading', false)}
        <p>${this.#t('writers', progress.participants, progress.completed)}</p>
        <table part="progress-table" class="counts">
          <thead>
            <tr>
              <th scope="col">${this.#t('moduleColumn')}</th>
              <th scope="col">${this.#t('reflectedColumn')}</th>
            </tr>
          </thead>
          <tbody>
            ${progress.modules.map(
              (module) => html`<tr>
                <th scope="row">${module.title}</th>
                <td>${module.reflected}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
      ${reading
        ? html`<section aria-labelledby="reading-heading">
            ${heading('reading-heading', this.#t('readingHeading'), level, undefined, 'subheading', false)}
            ${reading.participants.length
              ? reading.participants.map(
                  (participant, i) => html`<section part="participant" class="module" aria-labelledby=${`participant-${i}`}>
                    ${heading(`participant-${i}`, participant.displayName ?? this.#t('noName'), level + 1, undefined, 'subheading', false)}
                    <dl class="readings">
                      ${participant.reflections.map((reflection) => {
                        const where = prompts.get(reflection.promptId);
                        return html`<dt>${where ? `${where.module.title}: ${where.prompt.text}` : reflection.promptId}</dt>
                          <dd>${reflection.body}</dd>`;
                      })}
                    </dl>
                  </section>`,
                )
              : html`<p>${this.#t('noReadings')}</p>`}
          </section>`
        : nothing}
      <div class="buttons facilitator-buttons">
        <button @click=${() => this.#facilitator.refresh()}>${this.#t('refresh')}</button>
        <button @click=${() => this.#facilitator.lock()}>${this.#t('lock')}</button>
      </div>
    `;
  }

  /** Tells screen readers (and the page) about saves, conflicts and refusals, once each. */
  #tell(): void {
    const journal = this.#journal.journal;
    if (!journal || this.#journal.view.kind !== 'ready') return;
    for (const module of journal.modules) {
      for (const prompt of module.prompts) {
        const entry = this.#journal.entry(prompt.id);
        const before = this.#told.get(prompt.id);
        this.#told.set(prompt.id, entry.status);
        if (before === undefined || before === entry.status) continue;
        const said = SAID[entry.status];
        if (said && !(entry.status === 'saved' && before === 'conflict')) this.#say(this.#t(said));
        if (entry.status === 'saved' && entry.saved && (before === 'saving' || before === 'unsaved')) {
          this.emit<ReflectionJournalSavedDetail>('tori-reflection-saved', { promptId: prompt.id, revision: entry.saved.revision });
        }
        if (entry.status === 'error' && entry.error) this.#emitError(entry.error);
      }
    }
  }

  /* Shared pieces. */

  #renderError(error: ToriErrorShape): TemplateResult {
    return html`<div part="status" class="banner error-banner">
      <p role="alert">${error.code === 'not_configured' ? error.message : this.#t('somethingWentWrong')}</p>
      <button class="primary" @click=${() => this.#journal.retry()}>${this.#t('tryAgain')}</button>
    </div>`;
  }

  /** Says something to screen readers; the same words twice in a row are still said. */
  #say(text: string): void {
    this.spoken = this.spoken === text ? `${text}\u00a0` : text;
  }

  #emitError({ code = 'unexpected', message = '' }: Partial<ToriErrorShape>): void {
    this.emit<ReflectionJournalErrorDetail>('tori-error', { code, message });
  }

  #focus(selector: string): void {
    this.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  #level(): number {
    return headingLevelOf(this.headingLevel);
  }

  #t<K extends keyof JournalMessages>(key: K, ...params: MessageParams<JournalMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
