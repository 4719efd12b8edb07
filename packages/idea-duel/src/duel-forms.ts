/**
 * The two forms of <idea-duel>: why the participant cannot decide, and their own idea. Loaded on demand (and ahead,
 * on idle) from its own file, so a participant's phone shows the first pair without them.
 */
import { css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { DuelController, ToriElement, ToriErrorShape } from '@tori/core';
import { IDEA_TEXT_MAX, IDEA_TEXT_MIN, SKIP_NOTE_MAX, SKIP_REASONS, type Idea, type SkipReason } from '@tori/protocol';
import { t, type FormMessages } from './forms-messages.js';
import type { MessageParams } from '@tori/core';

/** Why an idea was not sent, as the key of the message that says so. */
type IdeaProblem = 'tooShort' | 'duplicate' | 'offline' | 'somethingWentWrong' | undefined;

/** What the forms ask of the element that shows them. */
export interface FormsHost {
  readonly duel: DuelController;
  focus(selector: string): void;
  /** Closes the open form and gives focus back to the button that opened it. */
  closePanel(): Promise<void>;
  /** The pair was skipped: say so, as after a vote. */
  skipped(): void;
  /** The idea was stored: keep its thanks in view, even when the duel it made possible starts. */
  ideaAdded(): void;
}

/** The skip reasons and the idea form, with what the participant has typed so far. */
export class DuelForms implements ReactiveController {
  readonly #element: ToriElement;
  readonly #host: FormsHost;
  #text = '';
  #problem: IdeaProblem;
  #added: Idea | undefined;
  #sending = false;

  constructor(element: ToriElement, host: FormsHost) {
    (this.#element = element).addController(this);
    this.#host = host;
  }

  hostConnected(): void {}

  /** A new idea form rather than the thanks for the last idea. */
  startIdea(): void {
    this.#added = undefined;
  }

  skipForm(): TemplateResult {
    return html`<form part="skip-form" class="panel" @submit=${this.#submitSkip}>
      <fieldset>
        <legend>${this.#t('whyCantDecide')}</legend>
        ${SKIP_REASONS.map(
          (reason) => html`<label class="option">
            <input type="radio" name="reason" value=${reason} ?checked=${reason === 'dont_know'} />
            ${this.#t(reason)}
          </label>`,
        )}
      </fieldset>
      <label for="skip-note">${this.#t('note')}</label>
      <textarea id="skip-note" name="note" rows="2" maxlength=${SKIP_NOTE_MAX}></textarea>
      ${this.#buttons('skipPair', true)}
    </form>`;
  }

  /** The idea form, or the thanks for the idea just sent; without anything to go back to, no Cancel. */
  ideaForm(cancellable: boolean): TemplateResult {
    if (this.#added) {
      const pending = this.#added.status === 'pending';
      return html`<div part="idea-form" class="panel">
        <p class="done" tabindex="-1">${this.#t(pending ? 'ideaPending' : 'ideaAdded')}</p>
        <button @click=${this.#addAnother}>${this.#t('addAnother')}</button>
      </div>`;
    }
    const problem = this.#problem;
    return html`<form part="idea-form" class="panel" novalidate @submit=${this.#submitIdea}>
      <label for="idea-text">${this.#t('yourIdea')}</label>
      <textarea
        id="idea-text"
        rows="3"
        maxlength=${IDEA_TEXT_MAX}
        aria-describedby="idea-problem idea-count"
        aria-invalid=${problem ? 'true' : 'false'}
        .value=${this.#text}
        @input=${this.#onInput}
      ></textarea>
      <div class="hint">
        <span id="idea-problem" class="problem">${problem ? this.#t(problem) : ''}</span>
        <span id="idea-count">${this.#t('characters', this.#text.length, IDEA_TEXT_MAX)}</span>
      </div>
      ${this.#buttons('sendIdea', cancellable)}
    </form>`;
  }

  #buttons(send: 'skipPair' | 'sendIdea', cancellable: boolean): TemplateResult {
    return html`<div class="buttons">
      <button type="submit" class="primary">${this.#t(send)}</button>
      ${cancellable ? html`<button type="button" @click=${this.#host.closePanel}>${this.#t('cancel')}</button>` : nothing}
    </div>`;
  }

  #submitSkip = async (event: SubmitEvent) => {
    event.preventDefault();
    const { duel } = this.#host;
    const view = duel.view;
    if (view.kind !== 'pair') return;
    const form = new FormData(event.target as HTMLFormElement);
    const reason = (form.get('reason') ?? 'dont_know') as SkipReason;
    const note = String(form.get('note') ?? '').trim();
    void this.#host.closePanel();
    const outcome = await duel.skip(reason, note || undefined).catch(() => undefined);
    if (!outcome) return;
    this.#element.emit('tori-skip', { appearanceId: view.appearance.id, reason });
    this.#host.skipped();
  };

  #submitIdea = async (event: SubmitEvent) => {
    event.preventDefault();
    const text = this.#text.trim();
    if (this.#sending) return;
    if (text.length < IDEA_TEXT_MIN) {
      this.#show('tooShort');
      return;
    }
    this.#sending = true;
    try {
      const { idea } = await this.#host.duel.addIdea(text);
      this.#added = idea;
      this.#text = '';
      this.#problem = undefined;
      this.#element.requestUpdate();
      this.#host.ideaAdded();
      this.#element.emit('tori-idea-add', { idea });
      await this.#element.updateComplete;
      this.#host.focus('.done');
    } catch (error) {
      const { status, code = 'unexpected', message = String(error) } = error as Partial<ToriErrorShape>;
      this.#element.emit('tori-error', { code, message });
      await this.#show(status === 409 ? 'duplicate' : status === 0 ? 'offline' : 'somethingWentWrong');
    } finally {
      this.#sending = false;
    }
  };

  /** Says what is wrong with the idea and puts the cursor back in it. */
  async #show(problem: IdeaProblem): Promise<void> {
    this.#problem = problem;
    this.#element.requestUpdate();
    await this.#element.updateComplete;
    this.#host.focus('#idea-text');
  }

  #onInput = (event: InputEvent) => {
    this.#text = (event.target as HTMLTextAreaElement).value;
    // The message answered the last attempt; typing starts a new one.
    this.#problem = undefined;
    this.#element.requestUpdate();
  };

  #addAnother = async () => {
    this.#added = undefined;
    this.#element.requestUpdate();
    await this.#element.updateComplete;
    this.#host.focus('#idea-text');
  };

  #t<K extends keyof FormMessages & string>(key: K, ...params: MessageParams<FormMessages[K]>): string {
    return t(this.#element.locale, key, ...params);
  }
}

export const styles = [
  css`
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
  `,
];
