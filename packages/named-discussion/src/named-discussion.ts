import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
  ConnectedElement,
  resetStyles,
  tokens,
  widgetStyles,
  heading,
  headingLevelOf,
  reportDialog,
  reportDialogStyles,
} from '@tori/core';
import type { MessageParams, ToriErrorShape } from '@tori/core';
import { DiscussionController, type DiscussionThread } from '@tori/core/discussion';
import {
  DISPLAY_NAME_MAX,
  POST_BODY_MAX,
  REACTIONS,
  ROLE_MAX,
  type DiscussionPost,
  type ModeratedPost,
  type PostModerationBody,
  type Reaction,
  type ReportReason,
  type TopicSummary,
} from '@tori/protocol';
import type {
  NamedDiscussionErrorDetail,
  NamedDiscussionJoinedDetail,
  NamedDiscussionPostChangedDetail,
  NamedDiscussionPostSentDetail,
  NamedDiscussionReactionDetail,
  NamedDiscussionReportedDetail,
} from './events.js';
import { styles } from './named-discussion.styles.js';
import { reactionKey, t, type DiscussionMessages } from './messages.js';

type Mode = 'participate' | 'facilitate';
/** Why a post was not sent, as the key of the message that says so. */
type PostProblem = 'emptyPost' | 'duplicate' | 'invalid' | 'locked' | 'windowOver' | 'failed';
/** Where a form is: the new thread's, or a thread's reply form. */
type FormPlace = 'thread' | `reply-${string}`;

const REACTION_EMOJI: Record<Reaction, string> = { like: '👍', thanks: '🙏', agree: '🤝', idea: '💡', question: '❓' };

/**
 * A discussion where every participant's name shows, so the people of a course get to know each other: threads
 * with one level of replies, reactions, and editing or deleting one's own messages for a while after sending.
 * Others' new messages wait under "Show N new messages" so the page never jumps, and live updates never touch
 * a half-written reply. Messages written offline wait on the device and are sent once. `mode="facilitate"` asks
 * for the space key (held in memory only) to hide, restore and pin messages, close the topic and summarise it.
 *
 * @summary A named discussion: threads, replies, reactions, live, with moderation and a summary for the facilitator.
 * @tagname named-discussion
 *
 * @attr {string} topic - Id of the topic, e.g. `moduuli-1`.
 * @attr {string} server - Origin of the Tori server. Defaults to a surrounding `<tori-space>`, then the origin of the script tag.
 * @attr {string} space - Id of the space. Defaults to a surrounding `<tori-space>`.
 * @attr {'fi' | 'sv' | 'en'} lang - Language of the texts. Defaults to the closest `[lang]` ancestor, then the page.
 * @prop {ToriClient | undefined} client - A client to use instead of `server`, e.g. `createFixtureClient()` from `@tori/core/fixtures`.
 *
 * @fires {CustomEvent<NamedDiscussionJoinedDetail>} tori-joined - The participant gave their name, or logged in through the host site: `{profile}`.
 * @fires {CustomEvent<NamedDiscussionPostSentDetail>} tori-post-sent - The participant wrote a thread or a reply: `{post, queued, requestId, parentId}`; `post` is null while it waits offline.
 * @fires {CustomEvent<NamedDiscussionPostChangedDetail>} tori-post-changed - The participant edited or deleted their message: `{post, change}`.
 * @fires {CustomEvent<NamedDiscussionReactionDetail>} tori-reaction - The participant added or took back a reaction: `{postId, reaction, on}`.
 * @fires {CustomEvent<NamedDiscussionReportedDetail>} tori-post-reported - The participant reported a message: `{postId, reason}`.
 * @fires {CustomEvent<NamedDiscussionErrorDetail>} tori-error - Something failed that the person was told about: `{code, message}`.
 *
 * @csspart heading - The topic's title.
 * @csspart prompt - The topic's task or question.
 * @csspart join-form - The form that asks for the name (and role) once per space.
 * @csspart form - The form for a new thread.
 * @csspart reply-form - A thread's reply form.
 * @csspart send - The send buttons of the forms.
 * @csspart new-posts - The "Show N new messages" button.
 * @csspart threads - The list of threads.
 * @csspart post - A message (also `own-post`, `pinned-post` and `reply` where they apply).
 * @csspart author - The writer's name and role on a message.
 * @csspart reactions - The reaction buttons of a message.
 * @csspart reaction - One reaction toggle (`aria-pressed`) with its count.
 * @csspart report - A message's "Report" button.
 * @csspart participants - The list of who has written.
 * @csspart locked - The notice of a closed discussion.
 * @csspart status - A message about the state: loading, empty, offline, error.
 * @csspart report-dialog - The dialog with the reasons for reporting.
 * @csspart key-form - The facilitator's form for the space key.
 * @csspart moderated-post - A message in the facilitator's list.
 * @csspart summary - The facilitator's summary.
 *
 * @cssproperty --tori-font-family - Font. Default: the page's font.
 * @cssproperty --tori-font-size - Base font size. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text: roles, times, counts. Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of fields, buttons and the dialog. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of messages, forms and banners. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders of messages, fields and buttons. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, reactions given, pinned threads. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Validation and error messages. Default: `#b42318`.
 * @cssproperty --tori-color-success - Confirmations and the participant's own messages. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export class NamedDiscussion extends ConnectedElement {
  static override styles = [tokens, resetStyles, widgetStyles, reportDialogStyles, styles];

  static override properties: PropertyDeclarations = {
    topic: { reflect: true },
    mode: { reflect: true },
    readonly: { type: Boolean, reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    hostToken: { attribute: 'host-token' },
    key: { attribute: false },
    moderator: {},
    joinName: { state: true, attribute: false },
    joinRole: { state: true, attribute: false },
    joinProblem: { state: true, attribute: false },
    renaming: { state: true, attribute: false },
    drafts: { state: true, attribute: false },
    problems: { state: true, attribute: false },
    note: { state: true, attribute: false },
    replyingTo: { state: true, attribute: false },
    editing: { state: true, attribute: false },
    confirming: { state: true, attribute: false },
    spoken: { state: true, attribute: false },
    reporting: { state: true, attribute: false },
    reportProblem: { state: true, attribute: false },
    unlocked: { state: true, attribute: false },
    keyProblem: { state: true, attribute: false },
    moderated: { state: true, attribute: false },
    summary: { state: true, attribute: false },
  };

  /** Id of the topic (a course module's discussion), e.g. `moduuli-1`. */
  topic?: string;

  /** `participate`: read and write. `facilitate`: the moderation view (asks for the space key). */
  mode: Mode = 'participate';

  /** Shows the discussion only: no forms, no reaction or report buttons. */
  readonly = false;

  /** Level (1–6) of the topic's heading, to fit the page's outline; the headings inside are one below it. */
  headingLevel = 2;

  /**
   * A short-lived token the host site's backend signed for its logged-in user (see the README): the user's name
   * comes from the host, and the participant is the same on every device.
   */
  hostToken?: string;

  /** The space key for `mode="facilitate"`, when the host page has it; held in memory only, never an attribute. */
  key?: string;

  /** The facilitator's name in the moderation log. */
  moderator?: string;

  private joinName = '';
  private joinRole = '';
  private joinProblem = false;
  private renaming = false;
  /** What the participant is writing, per form: live updates never replace it. */
  private drafts: Record<FormPlace, string> = { thread: '' };
  private problems: Partial<Record<FormPlace | 'edit', PostProblem>> = {};
  private note = '';
  private replyingTo: string | undefined;
  private editing: { postId: string; text: string } | undefined;
  private confirming: string | undefined;
  private spoken = '';
  private reporting: string | undefined;
  private reportProblem = false;
  private unlocked = false;
  private keyProblem: 'wrong_key' | 'network' | undefined;
  private moderated: ModeratedPost[] = [];
  private summary: TopicSummary | undefined;

  #discussion = new DiscussionController(this, () => this.topic, {
    onArrivals: (count) => this.#say(this.#t('arrived', count)),
  });
  #access: { key: string; moderator?: string } | undefined;
  #sending = new Set<FormPlace>();
  #loggedInWith: string | undefined;
  #wasOnline: boolean | undefined;
  #hadFocus = false;
  #unreportedError?: ToriErrorShape;
  #shownView?: unknown;
  #seenRevision = 0;
  #refreshTimer?: ReturnType<typeof setTimeout>;

  protected override connectionChanged(): void {
    this.#discussion.connect();
    this.#loggedInWith = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refreshTimer);
  }

  override render() {
    const { view, topic } = this.#discussion;
    const level = this.#level();
    return html`
      ${heading('topic-heading', topic?.title ?? this.#t('discussion'), level, 'heading')}
      ${topic?.prompt ? html`<p part="prompt" class="prompt">${topic.prompt}</p>` : nothing}
      ${view.kind === 'ready'
        ? this.mode === 'facilitate'
          ? this.#renderFacilitator()
          : this.#renderParticipant()
        : view.kind === 'loading'
          ? html`<p part="status">${this.#t('loading')}</p>`
          : view.kind === 'offline'
            ? html`<p part="status" class="banner">${this.#t('offlineNoDiscussion')}</p>`
            : this.#renderError()}
      <p class="visually-hidden" role="status" aria-live="polite">${this.spoken}</p>
      ${this.#renderReportDialog()}
    `;
  }

  /* The participant's discussion. */

  #renderParticipant(): TemplateResult {
    const discussion = this.#discussion;
    const threads = discussion.threads;
    const locked = discussion.topic?.locked ?? false;
    return html`
      ${this.#renderOfflineBanner()}
      ${locked ? html`<p part="locked status" class="banner" id="locked" tabindex="-1">${this.#t('locked')}</p>` : nothing}
      ${this.readonly || locked ? nothing : this.#renderWriting()}
      <div class="layout">
        <div class="main">
          ${heading('threads-heading', this.#t('discussion'), this.#level() + 1, undefined, 'subheading')}
          ${discussion.newPosts > 0
            ? html`<button part="new-posts" class="new-posts" @click=${this.#showNew}>${this.#t('newPosts', discussion.newPosts)}</button>`
            : nothing}
          ${threads.length
            ? html`<ol part="threads" class="threads" aria-labelledby="threads-heading">
                ${repeat(threads, (thread) => thread.post.id, (thread) => this.#renderThread(thread))}
              </ol>`
            : html`<p part="status">${this.#t(this.readonly || locked ? 'emptyReadonly' : 'empty')}</p>`}
        </div>
        ${this.#renderParticipants()}
      </div>
    `;
  }

  #renderOfflineBanner(): TemplateResult | typeof nothing {
    const { online, queued } = this.#discussion;
    if (online && queued.length === 0) return nothing;
    return html`<div part="status" class="banner">
      ${online ? nothing : html`<p>${this.#t(this.readonly ? 'offline' : 'offlineDiscussion')}</p>`}
      ${queued.length
        ? html`<p><strong>${this.#t('queuedPosts', queued.length)}</strong></p>
            <ul class="queued">
              ${queued.map((post) => html`<li>${post.body.body}</li>`)}
            </ul>`
        : nothing}
    </div>`;
  }

  /** The name form before the first post, else who they write as and the new thread's form. */
  #renderWriting(): TemplateResult {
    const you = this.#discussion.you;
    if (!you || this.renaming) return this.#renderJoinForm();
    return html`
      <p class="you">
        ${this.#t('you', you.displayName)}${you.role ? html` <span class="role">(${you.role})</span>` : nothing}
        ${you.verified
          ? html` <span class="meta">– ${this.#t('verified')}</span>`
          : html` <button class="link" @click=${this.#startRenaming}>${this.#t('changeName')}</button>`}
      </p>
      ${this.#renderPostForm('thread')}
    `;
  }

  #renderJoinForm(): TemplateResult {
    return html`<form part="join-form" class="panel" novalidate aria-labelledby="join-heading" @submit=${this.#submitJoin}>
      ${heading('join-heading', this.#t('joinHeading'), this.#level() + 1, undefined, 'subheading')}
      <p>${this.#t('joinIntro')}</p>
      <div class="row">
        <div class="field">
          <label for="join-name">${this.#t('name')}</label>
          <input
            id="join-name"
            autocomplete="name"
            required
            maxlength=${DISPLAY_NAME_MAX}
            aria-invalid=${this.joinProblem ? 'true' : 'false'}
            aria-describedby="join-problem"
            .value=${this.joinName}
            @input=${(e: Event) => ((this.joinName = (e.target as HTMLInputElement).value), (this.joinProblem = false))}
          />
          <span id="join-problem" class="problem">${this.joinProblem ? this.#t('nameMissing') : ''}</span>
        </div>
        <div class="field">
          <label for="join-role">${this.#t('role')}</label>
          <input
            id="join-role"
            autocomplete="organization-title"
            maxlength=${ROLE_MAX}
            aria-describedby="join-role-hint"
            .value=${this.joinRole}
            @input=${(e: Event) => (this.joinRole = (e.target as HTMLInputElement).value)}
          />
          <span id="join-role-hint" class="hint">${this.#t('roleHint')}</span>
        </div>
      </div>
      <div class="buttons">
        <button type="submit" part="send" class="primary">${this.#t('join')}</button>
        ${this.renaming ? html`<button type="button" @click=${this.#stopRenaming}>${this.#t('cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  #renderPostForm(place: FormPlace, parent?: DiscussionPost): TemplateResult {
    const id = `text-${place}`;
    const problem = this.problems[place];
    const text = this.drafts[place] ?? '';
    const reply = parent !== undefined;
    return html`<form
      part=${reply ? 'reply-form' : 'form'}
      class=${reply ? 'reply-form' : 'panel'}
      novalidate
      aria-label=${reply ? this.#t('replyTo', parent.author.displayName) : this.#t('newThread')}
      data-place=${place}
      @submit=${this.#submitPost}
      @keydown=${this.#onFormKey}
    >
      ${reply ? nothing : heading('form-heading', this.#t('newThread'), this.#level() + 1, undefined, 'subheading')}
      <div class="field">
        <label for=${id}>${this.#t(reply ? 'yourReply' : 'yourPost')}</label>
        <textarea
          id=${id}
          rows=${reply ? 3 : 4}
          maxlength=${POST_BODY_MAX}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${`${id}-problem ${id}-hint`}
          .value=${text}
          data-place=${place}
          @input=${this.#onDraftInput}
        ></textarea>
        <div class="hint">
          <span id=${`${id}-problem`} class="problem">${problem ? this.#t(problem) : ''}</span>
          <span id=${`${id}-hint`}>${this.#t('editHint')}</span>
        </div>
      </div>
      <div class="buttons">
        <button type="submit" part="send" class="primary">${this.#t(reply ? 'sendReply' : 'post')}</button>
        ${reply ? html`<button type="button" @click=${this.#closeReply}>${this.#t('cancel')}</button>` : nothing}
      </div>
      ${reply ? nothing : html`<p class="note" role="status">${this.note}</p>`}
    </form>`;
  }

  #renderThread({ post, replies }: DiscussionThread): TemplateResult {
    const canWrite = !this.readonly && !this.#discussion.topic?.locked && this.#discussion.you !== null;
    return html`<li class="thread">
      ${this.#renderPost(post, false)}
      ${replies.length
        ? html`<ol class="replies" aria-label=${this.#t('replies', replies.length)}>
            ${repeat(replies, (reply) => reply.id, (reply) => html`<li>${this.#renderPost(reply, true)}</li>`)}
          </ol>`
        : nothing}
      ${canWrite && !post.deleted
        ? this.replyingTo === post.id
          ? this.#renderPostForm(`reply-${post.id}`, post)
          : html`<button class="reply-button" data-reply=${post.id} aria-expanded="false" @click=${() => this.#openReply(post.id)}>
              ${this.#t('reply')}
            </button>`
        : nothing}
    </li>`;
  }

  #renderPost(post: DiscussionPost, isReply: boolean): TemplateResult {
    const parts = ['post', isReply && 'reply', post.mine && 'own-post', post.pinned && 'pinned-post'].filter(Boolean).join(' ');
    if (post.deleted) {
      return html`<article part=${parts} class="post deleted" id=${`post-${post.id}`}><p>${this.#t('deleted')}</p></article>`;
    }
    const editing = this.editing?.postId === post.id;
    const canChange = !this.readonly && this.#discussion.canChange(post);
    return html`<article part=${parts} class=${`post${post.mine ? ' mine' : ''}${post.pinned ? ' pinned' : ''}`} id=${`post-${post.id}`} aria-labelledby=${`author-${post.id}`}>
      <header>
        <span part="author" class="author" id=${`author-${post.id}`}>
          <strong>${post.author.displayName}</strong>${post.author.role ? html`<span class="role">, ${post.author.role}</span>` : nothing}
        </span>
        ${post.mine ? html`<span class="mark mine-mark">${this.#t('yours')}</span>` : nothing}
        ${post.pinned ? html`<span class="mark">${this.#t('pinned')}</span>` : nothing}
        <time class="meta" datetime=${post.createdAt}>${this.#time(post.createdAt)}</time>
        ${post.editedAt ? html`<span class="meta">(${this.#t('edited')})</span>` : nothing}
      </header>
      ${editing ? this.#renderEditForm(post) : html`<div class="body">${this.#paragraphs(post.body)}</div>`}
      ${editing ? nothing : this.#renderReactions(post)}
      ${editing || this.readonly
        ? nothing
        : html`<div class="actions">
            ${canChange
              ? this.confirming === post.id
                ? html`<span class="confirm" role="group" aria-label=${this.#t('confirmDelete')}>
                    <span>${this.#t('confirmDelete')}</span>
                    <button class="danger" data-confirm=${post.id} @click=${() => this.#delete(post)}>${this.#t('deleteYes')}</button>
                    <button @click=${this.#cancelDelete}>${this.#t('cancel')}</button>
                  </span>`
                : html`<button data-edit=${post.id} aria-describedby=${`author-${post.id}`} @click=${() => this.#startEdit(post)}>${this.#t('edit')}</button>
                    <button data-delete=${post.id} aria-describedby=${`author-${post.id}`} @click=${() => this.#askDelete(post.id)}>${this.#t('delete')}</button>`
              : nothing}
            ${post.mine
              ? nothing
              : html`<button
                  class="link"
                  part="report"
                  data-report=${post.id}
                  aria-haspopup="dialog"
                  aria-describedby=${`author-${post.id}`}
                  @click=${() => this.#openReport(post.id)}
                >
                  ${this.#t('report')}
                </button>`}
          </div>`}
    </article>`;
  }

  #renderEditForm(post: DiscussionPost): TemplateResult {
    const problem = this.problems.edit;
    return html`<form class="edit-form" novalidate @submit=${this.#submitEdit} @keydown=${this.#onFormKey} data-place="edit">
      <label for="edit-text" class="visually-hidden">${this.#t('edit')}</label>
      <textarea
        id="edit-text"
        rows="3"
        maxlength=${POST_BODY_MAX}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby="edit-problem"
        .value=${this.editing?.text ?? post.body}
        @input=${(e: Event) => (this.editing = { postId: post.id, text: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
      <span id="edit-problem" class="problem">${problem ? this.#t(problem) : ''}</span>
      <div class="buttons">
        <button type="submit" class="primary">${this.#t('save')}</button>
        <button type="button" @click=${this.#stopEdit}>${this.#t('cancel')}</button>
      </div>
    </form>`;
  }

  #renderReactions(post: DiscussionPost): TemplateResult | typeof nothing {
    const active = !this.readonly && !this.#discussion.topic?.locked;
    const shown = active ? REACTIONS : REACTIONS.filter((r) => (post.reactions[r] ?? 0) > 0);
    if (shown.length === 0) return nothing;
    return html`<div part="reactions" class="reactions" role="group" aria-label=${this.#t('reactions')}>
      ${shown.map((reaction) => {
        const label = this.#t(reactionKey(reaction));
        const count = post.reactions[reaction] ?? 0;
        const content = html`<span aria-hidden="true">${REACTION_EMOJI[reaction]}</span> ${label}${count ? html` <span class="count">${count}</span>` : nothing}`;
        return active
          ? html`<button
              part="reaction"
              class="reaction"
              aria-pressed=${post.yourReactions.includes(reaction) ? 'true' : 'false'}
              aria-label=${this.#t('reactionCount', label, count)}
              data-reaction=${reaction}
              ?disabled=${this.#discussion.reacting(post.id)}
              @click=${() => this.#react(post.id, reaction)}
            >
              ${content}
            </button>`
          : html`<span part="reaction" class="reaction" aria-label=${this.#t('reactionCount', label, count)}>${content}</span>`;
      })}
    </div>`;
  }

  #renderParticipants(): TemplateResult {
    const people = this.#discussion.participants;
    return html`<section part="participants" class="participants" aria-labelledby="participants-heading">
      ${heading('participants-heading', this.#t('participants', people.length), this.#level() + 1, undefined, 'subheading', false)}
      ${people.length
        ? html`<ul>
            ${people.map(
              (person) => html`<li>
                <strong>${person.displayName}</strong>${person.role ? html`<span class="role">, ${person.role}</span>` : nothing}
                <span class="meta">${this.#t('participantPosts', person.posts)}</span>
              </li>`,
            )}
          </ul>`
        : html`<p class="meta">${this.#t('noParticipants')}</p>`}
    </section>`;
  }

  #renderReportDialog(): TemplateResult {
    const post = this.reporting ? this.#discussion.post(this.reporting) : undefined;
    return reportDialog({
      subject: post ? `${post.author.displayName}: ${post.body.slice(0, 140)}` : '',
      level: Math.min(this.#level() + 1, 6),
      reasonMissing: this.reportProblem,
      text: (key) => this.#t(key),
      onSubmit: this.#submitReport,
      onCancel: this.#closeReport,
      onClose: this.#onReportClosed,
    });
  }

  /* The facilitator's view. */

  #renderFacilitator(): TemplateResult {
    if (!this.unlocked) {
      return html`<form part="key-form" class="panel" novalidate aria-labelledby="key-heading" @submit=${this.#submitKey}>
        ${heading('key-heading', this.#t('moderationHeading'), this.#level() + 1, undefined, 'subheading')}
        <div class="row">
          <div class="field">
            <label for="key">${this.#t('key')}</label>
            <input id="key" name="key" type="password" autocomplete="off" required aria-invalid=${this.keyProblem ? 'true' : 'false'} aria-describedby="key-problem" />
            <span id="key-problem" class="problem">${this.keyProblem === 'wrong_key' ? this.#t('wrongKey') : this.keyProblem ? this.#t('offline') : ''}</span>
          </div>
          <div class="field">
            <label for="moderator">${this.#t('moderator')}</label>
            <input id="moderator" name="moderator" autocomplete="name" .value=${this.moderator ?? ''} />
          </div>
        </div>
        <div class="buttons"><button type="submit" class="primary">${this.#t('unlock')}</button></div>
      </form>`;
    }
    const topic = this.#discussion.topic;
    return html`
      <div class="toolbar">
        <p>${this.#t(topic?.locked ? 'topicClosed' : 'topicOpen')}</p>
        <button @click=${this.#toggleLock}>${this.#t(topic?.locked ? 'unlockTopic' : 'lockTopic')}</button>
        <button class="primary" @click=${this.#makeSummary}>${this.#t('makeSummary')}</button>
        <button @click=${this.#refreshNow}>${this.#t('refresh')}</button>
        <button @click=${this.#lockModeration}>${this.#t('closeModeration')}</button>
      </div>
      ${this.summary ? this.#renderSummary(this.summary) : nothing}
      ${heading('all-heading', this.#t('allPosts'), this.#level() + 1, undefined, 'subheading')}
      ${this.moderated.length
        ? html`<ol class="moderated" aria-labelledby="all-heading">
            ${repeat(this.moderated, (post) => post.id, (post) => this.#renderModerated(post))}
          </ol>`
        : html`<p part="status">${this.#t('noPosts')}</p>`}
    `;
  }

  #renderModerated(post: ModeratedPost): TemplateResult {
    const hidden = post.status === 'hidden';
    return html`<li part="moderated-post" class=${`post${post.parentId ? ' reply-item' : ''}${hidden ? ' hidden-post' : ''}`}>
      <div class="post-head">
        <span class="author" id=${`mod-author-${post.id}`}><strong>${post.author.displayName}</strong>${post.author.role ? `, ${post.author.role}` : ''}</span>
        <time class="meta" datetime=${post.createdAt}>${this.#time(post.createdAt)}</time>
        ${hidden ? html`<span class="mark danger-mark">${this.#t('hiddenPost')}</span>` : nothing}
        ${post.pinned ? html`<span class="mark">${this.#t('pinned')}</span>` : nothing}
        ${post.reports ? html`<span class="mark danger-mark">${this.#t('reports', post.reports)}</span>` : nothing}
      </div>
      <div class="body">${post.deleted ? html`<p class="meta">${this.#t('deleted')}</p>` : this.#paragraphs(post.body)}</div>
      <div class="actions">
        <button aria-describedby=${`mod-author-${post.id}`} @click=${() => this.#moderate(post.id, { status: hidden ? 'visible' : 'hidden' })}>
          ${this.#t(hidden ? 'restore' : 'hide')}
        </button>
        ${post.parentId
          ? nothing
          : html`<button aria-pressed=${post.pinned ? 'true' : 'false'} aria-describedby=${`mod-author-${post.id}`} @click=${() => this.#moderate(post.id, { pinned: !post.pinned })}>
              ${this.#t(post.pinned ? 'unpin' : 'pin')}
            </button>`}
      </div>
    </li>`;
  }

  #renderSummary(summary: TopicSummary): TemplateResult {
    const excerptOf = (id: string) => this.moderated.find((p) => p.id === id);
    return html`<section part="summary" class="panel summary" aria-labelledby="summary-heading">
      ${heading('summary-heading', this.#t('summary'), this.#level() + 1, undefined, 'subheading')}
      <p>${this.#t('summaryFacts', summary.posts, summary.participants)}</p>
      ${heading('summary-threads', this.#t('threadsHeading'), this.#level() + 2, undefined, 'minor', false)}
      <ol>
        ${summary.threads.map(
          (thread) => html`<li>
            <strong>${thread.author}:</strong> ${thread.excerpt}
            <span class="meta">– ${this.#t('replies', thread.replies)}, ${this.#t('reactions')} ${thread.reactions}</span>
          </li>`,
        )}
      </ol>
      ${heading('summary-themes', this.#t('themesHeading'), this.#level() + 2, undefined, 'minor', false)}
      ${summary.themes.length
        ? html`<ul class="themes">
            ${summary.themes.map(
              (theme) => html`<li>
                <details>
                  <summary><strong>${theme.term}</strong> <span class="meta">${this.#t('themeUses', theme.count)}</span></summary>
                  <ul>
                    ${theme.postIds.map((id) => {
                      const post = excerptOf(id);
                      return post ? html`<li>${post.author.displayName}: ${post.body.slice(0, 160)}</li>` : nothing;
                    })}
                  </ul>
                </details>
              </li>`,
            )}
          </ul>`
        : html`<p class="meta">${this.#t('noThemes')}</p>`}
    </section>`;
  }

  #renderError(): TemplateResult {
    return html`<div part="status" class="banner error-banner">
      <p role="alert">${this.#t('somethingWentWrong')}</p>
      <button class="primary" @click=${() => this.#discussion.retry()}>${this.#t('tryAgain')}</button>
    </div>`;
  }

  /* Lifecycle. */

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#hadFocus = this.matches(':focus-within');
    if (changed.has('topic') && this.hasUpdated && this.isConnected) this.connectionChanged();
    const { online, view } = this.#discussion;
    if (this.#wasOnline !== undefined && online !== this.#wasOnline && view.kind === 'ready') {
      this.spoken = this.#t(online ? 'online' : 'offlineDiscussion');
    }
    this.#wasOnline = online;
    if (this.#shownView !== view && view.kind === 'error') this.#unreportedError = view.error;
    this.#shownView = view;
    // The facilitator's list follows what happens live, once things calm down for a moment.
    const revision = this.#discussion.revision;
    if (this.unlocked && revision !== this.#seenRevision) {
      clearTimeout(this.#refreshTimer);
      this.#refreshTimer = setTimeout(() => void this.#refreshModeration(), 500);
    }
    this.#seenRevision = revision;
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#unreportedError) {
      this.#emitError(this.#unreportedError);
      this.#unreportedError = undefined;
    }
    const view = this.#discussion.view;
    if (view.kind === 'ready' && this.hostToken && this.#loggedInWith !== this.hostToken) void this.#hostLogin(this.hostToken);
    if (view.kind === 'ready' && this.mode === 'facilitate' && this.key && !this.unlocked && !this.#access) {
      void this.#unlock(this.key, this.moderator);
    }
    // An action that removed the focused control (a closed form, a deleted post): keep focus inside.
    if (this.#hadFocus && !this.shadowRoot?.activeElement) this.#focus('#threads-heading') || this.#focus('#topic-heading');
  }

  /* Participant actions. */

  async #hostLogin(token: string): Promise<void> {
    this.#loggedInWith = token;
    try {
      const profile = await this.#discussion.hostLogin(token);
      this.emit<NamedDiscussionJoinedDetail>('tori-joined', { profile });
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
    }
  }

  #startRenaming = async () => {
    const you = this.#discussion.you;
    this.joinName = you?.displayName ?? '';
    this.joinRole = you?.role ?? '';
    this.renaming = true;
    await this.updateComplete;
    this.#focus('#join-name');
  };

  #stopRenaming = () => {
    this.renaming = false;
  };

  #submitJoin = async (event: SubmitEvent) => {
    event.preventDefault();
    const displayName = this.joinName.trim();
    if (!displayName) {
      this.joinProblem = true;
      await this.updateComplete;
      this.#focus('#join-name');
      return;
    }
    try {
      const role = this.joinRole.trim();
      const profile = await this.#discussion.join(role ? { displayName, role } : { displayName });
      this.renaming = false;
      this.emit<NamedDiscussionJoinedDetail>('tori-joined', { profile });
      this.#say(this.#t('joined', profile.displayName));
      await this.updateComplete;
      this.#focus('#text-thread');
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('failed'));
    }
  };

  #onDraftInput = (event: Event) => {
    const field = event.target as HTMLTextAreaElement;
    const place = field.dataset['place'] as FormPlace;
    this.drafts = { ...this.drafts, [place]: field.value };
    if (this.problems[place]) this.problems = { ...this.problems, [place]: undefined };
    if (place === 'thread') this.note = '';
  };

  /** Ctrl/Cmd+Enter sends, Escape closes a reply or an edit. */
  #onFormKey = (event: KeyboardEvent) => {
    const form = event.currentTarget as HTMLFormElement;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === 'Escape') {
      if (form.dataset['place'] === 'edit') this.#stopEdit();
      else if (form.dataset['place']?.startsWith('reply-')) this.#closeReply();
    }
  };

  #openReply = async (postId: string) => {
    this.replyingTo = postId;
    await this.updateComplete;
    this.#focus(`#text-reply-${CSS.escape(postId)}`);
  };

  #closeReply = async () => {
    const postId = this.replyingTo;
    this.replyingTo = undefined;
    await this.updateComplete;
    if (postId) this.#focus(`[data-reply="${CSS.escape(postId)}"]`);
  };

  #submitPost = async (event: SubmitEvent) => {
    event.preventDefault();
    const place = (event.currentTarget as HTMLFormElement).dataset['place'] as FormPlace;
    if (this.#sending.has(place)) return;
    const body = (this.drafts[place] ?? '').trim();
    if (!body) return this.#postProblem(place, 'emptyPost');
    const parentId = place.startsWith('reply-') ? place.slice('reply-'.length) : undefined;
    this.#sending.add(place);
    try {
      const outcome = await this.#discussion.send(body, parentId);
      this.drafts = { ...this.drafts, [place]: '' };
      const post = outcome.status === 'sent' ? outcome.created.post : null;
      this.emit<NamedDiscussionPostSentDetail>('tori-post-sent', { post, queued: !post, requestId: outcome.requestId, parentId: parentId ?? null });
      const said = !post ? 'postQueued' : parentId ? 'replied' : 'posted';
      if (place === 'thread') this.note = this.#t(said);
      this.#say(this.#t(said));
      if (parentId) {
        this.replyingTo = undefined;
        await this.updateComplete;
        this.#focus(post ? `#post-${CSS.escape(post.id)}` : `[data-reply="${CSS.escape(parentId)}"]`, true);
      }
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      this.#postProblem(
        place,
        error.code === 'topic_locked' ? 'locked' : error.status === 409 ? 'duplicate' : error.status === 422 ? 'invalid' : 'failed',
      );
    } finally {
      this.#sending.delete(place);
    }
  };

  async #postProblem(place: FormPlace | 'edit', problem: PostProblem): Promise<void> {
    this.problems = { ...this.problems, [place]: problem };
    await this.updateComplete;
    this.#focus(place === 'edit' ? '#edit-text' : `#text-${CSS.escape(place)}`);
  }

  #showNew = async () => {
    const count = this.#discussion.newPosts;
    this.#discussion.showNew();
    this.#say(this.#t('shown', count));
    await this.updateComplete;
    this.#focus('#threads-heading');
  };

  #startEdit = async (post: DiscussionPost) => {
    this.editing = { postId: post.id, text: post.body };
    this.problems = { ...this.problems, edit: undefined };
    await this.updateComplete;
    this.#focus('#edit-text');
  };

  #stopEdit = async () => {
    const postId = this.editing?.postId;
    this.editing = undefined;
    await this.updateComplete;
    if (postId) this.#focus(`[data-edit="${CSS.escape(postId)}"]`);
  };

  #submitEdit = async (event: SubmitEvent) => {
    event.preventDefault();
    const editing = this.editing;
    if (!editing) return;
    const text = editing.text.trim();
    if (!text) return this.#postProblem('edit', 'emptyPost');
    try {
      const post = await this.#discussion.edit(editing.postId, text);
      this.emit<NamedDiscussionPostChangedDetail>('tori-post-changed', { post, change: 'edited' });
      this.#say(this.#t('saved'));
      await this.#stopEdit();
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      this.#postProblem('edit', error.code === 'topic_locked' ? 'locked' : error.status === 403 ? 'windowOver' : error.status === 422 ? 'invalid' : 'failed');
    }
  };

  #askDelete = async (postId: string) => {
    this.confirming = postId;
    await this.updateComplete;
    this.#focus(`[data-confirm="${CSS.escape(postId)}"]`);
  };

  #cancelDelete = async () => {
    const postId = this.confirming;
    this.confirming = undefined;
    await this.updateComplete;
    if (postId) this.#focus(`[data-delete="${CSS.escape(postId)}"]`);
  };

  async #delete(post: DiscussionPost): Promise<void> {
    this.confirming = undefined;
    try {
      const deleted = await this.#discussion.remove(post.id);
      this.emit<NamedDiscussionPostChangedDetail>('tori-post-changed', { post: deleted, change: 'deleted' });
      this.#say(this.#t('removed'));
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      this.#say(this.#t(error.status === 403 ? 'windowOver' : 'failed'));
    }
  }

  async #react(postId: string, reaction: Reaction): Promise<void> {
    const label = this.#t(reactionKey(reaction));
    const on = !(this.#discussion.post(postId)?.yourReactions.includes(reaction) ?? false);
    try {
      await this.#discussion.toggleReaction(postId, reaction);
      this.emit<NamedDiscussionReactionDetail>('tori-reaction', { postId, reaction, on });
      this.#say(this.#t(on ? 'reacted' : 'unreacted', label));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('reactionFailed'));
    }
  }

  #openReport = async (postId: string) => {
    this.reporting = postId;
    this.reportProblem = false;
    await this.updateComplete;
    const dialog = this.shadowRoot!.querySelector('dialog')!;
    dialog.querySelector('form')!.reset();
    dialog.showModal();
  };

  #closeReport = () => {
    this.shadowRoot!.querySelector('dialog')?.close();
  };

  #onReportClosed = async () => {
    const postId = this.reporting;
    this.reporting = undefined;
    await this.updateComplete;
    if (postId) this.#focus(`[data-report="${CSS.escape(postId)}"]`) || this.#focus('#threads-heading');
  };

  #submitReport = async (event: SubmitEvent) => {
    event.preventDefault();
    const postId = this.reporting;
    const form = new FormData(event.target as HTMLFormElement);
    const reason = form.get('reason') as ReportReason | null;
    if (!postId) return;
    if (!reason) {
      this.reportProblem = true;
      await this.updateComplete;
      this.shadowRoot!.querySelector<HTMLInputElement>('dialog input[type=radio]')!.focus();
      return;
    }
    const note = String(form.get('note') ?? '').trim();
    try {
      await this.#discussion.report(postId, reason, note || undefined);
      this.emit<NamedDiscussionReportedDetail>('tori-post-reported', { postId, reason });
      this.#say(this.#t('reportThanks'));
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      this.#say(this.#t(error.status === 409 ? 'reportAgain' : 'reportFailed'));
    }
    this.#closeReport();
  };

  /* Facilitator actions. */

  #submitKey = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const key = String(form.get('key') ?? '').trim();
    const moderator = String(form.get('moderator') ?? '').trim();
    if (!key) {
      this.keyProblem = 'wrong_key';
      return;
    }
    await this.#unlock(key, moderator || undefined);
  };

  async #unlock(key: string, moderator?: string): Promise<void> {
    const access = moderator ? { key, moderator } : { key };
    this.#access = access;
    try {
      this.moderated = await this.#discussion.moderation(access);
      this.unlocked = true;
      this.keyProblem = undefined;
      await this.updateComplete;
      this.#focus('#all-heading');
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#access = undefined;
      this.keyProblem = error.status === 0 ? 'network' : 'wrong_key';
      this.#emitError(error);
      await this.updateComplete;
      this.#focus('#key');
    }
  }

  #lockModeration = async () => {
    this.#access = undefined;
    this.unlocked = false;
    this.moderated = [];
    this.summary = undefined;
    await this.updateComplete;
    this.#focus('#key');
  };

  async #refreshModeration(): Promise<void> {
    if (!this.#access) return;
    try {
      this.moderated = await this.#discussion.moderation(this.#access);
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
    }
  }

  #refreshNow = async () => {
    await this.#refreshModeration();
    this.#say(this.#t('refreshed'));
  };

  async #moderate(postId: string, body: PostModerationBody): Promise<void> {
    if (!this.#access) return;
    try {
      await this.#discussion.moderate(postId, body, this.#access);
      this.#say(this.#t('moderated'));
      await this.#refreshModeration();
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('failed'));
    }
  }

  #toggleLock = async () => {
    if (!this.#access) return;
    const locked = !this.#discussion.topic?.locked;
    try {
      await this.#discussion.setLocked(locked, this.#access);
      this.#say(this.#t(locked ? 'topicClosed' : 'topicOpen'));
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('failed'));
    }
  };

  #makeSummary = async () => {
    if (!this.#access) return;
    try {
      this.summary = await this.#discussion.summary(this.#access);
      await this.#refreshModeration();
      this.#say(this.#t('summaryReady'));
      await this.updateComplete;
      this.#focus('#summary-heading');
    } catch (thrown) {
      this.#emitError(thrown as ToriErrorShape);
      this.#say(this.#t('failed'));
    }
  };

  /* Helpers. */

  /** Paragraphs as the writer typed them: an empty line between paragraphs, single line breaks kept. */
  #paragraphs(body: string): TemplateResult[] {
    return body.split(/\n{2,}/).map(
      (paragraph) => html`<p>${paragraph.split('\n').map((line, i) => (i ? html`<br />${line}` : line))}</p>`,
    );
  }

  #time(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(this.locale, { dateStyle: 'short', timeStyle: 'short' }).format(date);
  }

  /** Says something to screen readers; the same words twice in a row are still said. */
  #say(text: string): void {
    this.spoken = this.spoken === text ? `${text}\u00a0` : text;
  }

  #emitError({ code = 'unexpected', message = '' }: Partial<ToriErrorShape>): void {
    this.emit<NamedDiscussionErrorDetail>('tori-error', { code, message });
  }

  /** Focuses the first match; true when there was one. */
  #focus(selector: string, focusable = false): boolean {
    const target = this.shadowRoot?.querySelector<HTMLElement>(selector);
    if (focusable && target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target?.focus();
    return target !== null && target !== undefined;
  }

  #level(): number {
    return headingLevelOf(this.headingLevel);
  }

  #t<K extends keyof DiscussionMessages>(key: K, ...params: MessageParams<DiscussionMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
