import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ConnectedElement, resetStyles, tokens, widgetStyles, heading, headingLevelOf } from '@tori/core';
import type { MessageParams, ToriErrorShape } from '@tori/core';
import {
  BadgeController,
  BadgeFacilitatorController,
  ForeignCredentialController,
  credentialFileName,
  credentialJson,
  type CredentialCheck,
  type CredentialDisplay,
  type CredentialReport,
  type CredentialSource,
  type EarnedNow,
  type Verification,
} from '@tori/core/badges';
import { BADGE_REASON_MAX, type Badge, type BadgeAward, type BadgeProgress, type BadgeRoster } from '@tori/protocol';
import type { BadgeAwardedDetail, BadgeDisplayErrorDetail, BadgeVerifiedDetail } from './events.js';
import { styles } from './badge-display.styles.js';
import { t, type BadgeMessages } from './messages.js';

/** The facilitator's open form: award a badge to someone, or revoke one of their credentials. */
type Act = {
  kind: 'award' | 'revoke';
  participantId: string;
  person: string;
  badge: Badge;
  credentialId?: string;
  reason: string;
  problem?: 'reasonMissing' | 'actFailed' | 'actConflict' | 'actOffline';
};

/** Reasons whose detail is a date, said in the reader's words. */
const DATED = new Set(['started', 'not_yet_valid', 'not_expired', 'expired']);
const OUTCOME_MARK = { passed: '✓', failed: '✗', not_checked: '–' } as const;

/**
 * A participant's digital badges, as portable credentials: each earned badge with what the Open Badges displayer
 * conformance asks for (image, name, description, issuer, issue date, valid until, status), its criteria and
 * evidence, a Verify action that checks the signed credential in the browser against the issuer's published keys and
 * status list, and downloads of the credential (JSON and JWT) to keep elsewhere. Badges not yet earned show how far
 * the participant has come ("3 of 5 modules reflected"). A badge earned while the page is open is announced at once.
 * With `src` or `credential` (or an inline `<script type="application/json">` / `application/vc+jwt` child) it
 * shows and checks a credential of any issuer instead: Open Badges 3.0 (VC-JWT or JSON) or an Open Badges 2.0 assertion.
 *
 * @summary Badges as verifiable credentials: earned, in progress, verify, download; any issuer's credential too.
 * @tagname badge-display
 *
 * @attr {string} server - Origin of the Tori server, e.g. `https://osallistu.example.fi`. Defaults to a surrounding `<tori-space>`, then the origin of the script tag.
 * @attr {string} space - Id of the space whose badges these are. Defaults to a surrounding `<tori-space>`.
 * @attr {string} src - Address of a credential to show and verify, from any issuer: a compact VC-JWT, OB 3.0 JSON, or an OB 2.0 assertion.
 * @attr {'fi' | 'sv' | 'en'} lang - Language of the texts. Defaults to the closest `[lang]` ancestor, then the page.
 * @prop {ToriClient | undefined} client - A client to use instead of `server`, e.g. `createBadgeFixture()` from `@tori/core/fixtures` in stories and tests.
 * @prop {string | object | undefined} credential - A credential to show and verify instead of the participant's own: a compact JWT, JSON text, or the parsed JSON.
 *
 * @fires {CustomEvent<BadgeVerifiedDetail>} tori-badge-verified - A verification finished: `{credentialId, ok, verdict, checks}`.
 * @fires {CustomEvent<BadgeAwardedDetail>} tori-badge-awarded - A badge was issued: to the participant, live (earned or awarded by hand), or by the facilitator in `mode="facilitate"`: `{award}`.
 * @fires {CustomEvent<BadgeDisplayErrorDetail>} tori-error - Something failed that the person was told about: `{code, message}` (`code` is `network` when the server was not reached).
 *
 * @csspart heading - The element's heading.
 * @csspart badge - One earned badge (or the credential shown by `src`).
 * @csspart image - A badge's image.
 * @csspart name - A badge's name.
 * @csspart status - A badge's status: active, expired or revoked (with the reason).
 * @csspart details - The disclosure with the criteria and evidence.
 * @csspart actions - Verify and the downloads.
 * @csspart verify - The Verify button.
 * @csspart verification - The results of a verification: the verdict and every check.
 * @csspart check - One check in the results; also `check-passed`, `check-failed` or `check-not_checked`.
 * @csspart progress - A badge not yet earned, with a bar per rule.
 * @csspart earned-now - The "You earned …" notice when a badge arrives live.
 * @csspart message - Loading, empty, offline and error messages.
 * @csspart key-form - The facilitator's form for the space key (`mode="facilitate"`).
 * @csspart participant - One participant in the facilitator's roster.
 * @csspart act-dialog - The facilitator's dialog to award or revoke with a reason.
 *
 * @cssproperty --tori-font-family - Font. Default: the page's font.
 * @cssproperty --tori-font-size - Base font size. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text: dates, issuer, notes. Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of buttons, fields and the dialog. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of badges and banners. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders of badges, fields and buttons. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, progress bars, the "You earned" notice. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Revoked and expired badges, failed checks, errors. Default: `#b42318`.
 * @cssproperty --tori-color-success - Active badges and passed checks. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius of badges, buttons and fields. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit; gaps and paddings are multiples of it. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export class BadgeDisplay extends ConnectedElement {
  static override styles = [tokens, resetStyles, widgetStyles, styles];

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    key: { attribute: false },
    heading: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    src: {},
    credential: { attribute: false },
    spoken: { state: true, attribute: false },
    note: { state: true, attribute: false },
    act: { state: true, attribute: false },
  };

  /** `participate`: the participant's own badges. `facilitate`: the roster, to award or revoke by hand (asks for the space key). */
  mode: 'participate' | 'facilitate' = 'participate';

  /** The space key for `mode="facilitate"`, when the host page has it; memory only, never an attribute. */
  key?: string;

  /** The heading; default "My badges". */
  heading?: string;

  /** Level (1–6) of the heading, to fit the page's outline; badge names are one below it. */
  headingLevel = 2;

  /** Address of a credential of any issuer to show and verify instead of the participant's own. */
  src?: string;

  /** A credential to show and verify instead of the participant's own: compact JWT, JSON text or parsed JSON. */
  credential?: string | object;

  /** Read by screen readers only. */
  private spoken = '';
  /** A confirmation under the actions (a download, an award). */
  private note = '';
  private act: Act | undefined;

  #badges = new BadgeController(this, { onAwarded: (earned) => this.#earned(earned) });
  #foreign = new ForeignCredentialController(this);
  #facilitator = new BadgeFacilitatorController(this);
  /** The inline credential a CMS editor pasted as a child script, read once connected. */
  #inline: string | undefined;
  /** What the foreign view last showed, so a change of `src` or `credential` shows the new one. */
  #shownSource: unknown;
  #actOpener: HTMLElement | null = null;
  #sending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    const script = this.querySelector<HTMLScriptElement>('script[type="application/json"], script[type="application/vc+jwt"], script[type="application/ld+json"]');
    this.#inline = script?.textContent?.trim() || undefined;
  }

  /** A credential of another issuer is shown rather than the participant's own. */
  get #showsForeign(): boolean {
    return this.mode !== 'facilitate' && Boolean(this.src || this.credential || this.#inline);
  }

  protected override connectionChanged(): void {
    if (!this.isConnected || this.#showsForeign) return;
    if (this.mode === 'facilitate') {
      if (this.key) void this.#facilitator.unlock(this.key);
      else this.#facilitator.connect();
      return;
    }
    this.#badges.connect();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('mode') && this.hasUpdated && this.isConnected) this.connectionChanged();
    else if (changed.has('key') && this.key && this.mode === 'facilitate' && this.hasUpdated) void this.#facilitator.unlock(this.key);
    if (this.#showsForeign) {
      const source: CredentialSource = this.src ? { url: this.src } : { value: this.credential ?? this.#inline };
      const identity = this.src ?? this.credential ?? this.#inline;
      if (identity !== this.#shownSource && this.isConnected) {
        this.#shownSource = identity;
        void this.#foreign.show(source).then((report) => report && this.#verified(report.display?.id ?? this.src ?? '', report));
      }
    }
  }

  override render() {
    const title = this.heading || this.#t('badges');
    let body: unknown;
    if (this.#showsForeign) body = this.#renderForeign();
    else if (this.mode === 'facilitate') body = this.#renderFacilitator();
    else body = this.#renderMine();
    return html`${heading('badges-heading', title, this.#level(), 'heading')} ${body}
      <p class="visually-hidden" role="status">${this.spoken}</p>
      ${this.mode === 'facilitate' ? this.#renderActDialog() : nothing}`;
  }

  /* The participant's own badges. */

  #renderMine(): TemplateResult {
    const controller = this.#badges;
    const { view, mine } = controller;
    if (view.kind === 'loading') return this.#message(this.#t('loading'));
    if (view.kind === 'offline') return this.#message(this.#t('offlineNoBadges'), 'banner');
    if (view.kind === 'error') return this.#renderError(view.error, () => controller.retry());
    if (!mine || !mine.badges.length && !mine.awards.length) return this.#message(this.#t('noBadges'));
    const awards = controller.awards;
    const inProgress = controller.inProgress;
    const level = this.#level() + 1;
    return html`
      ${controller.online ? nothing : this.#message(this.#t('offlineCopy'), 'banner')}
      ${controller.earnedNow ? this.#renderEarnedNow(controller.earnedNow) : nothing}
      <section aria-labelledby="earned-heading">
        ${heading('earned-heading', this.#t('earnedHeading'), level, undefined, 'subheading', false)}
        ${awards.length
          ? html`<ul class="cards" role="list">
              ${awards.map(({ award, badge }, index) => html`<li>${this.#renderAward(award, badge, mine.issuer.name, index)}</li>`)}
            </ul>`
          : html`<p>${this.#t('noneYet')}</p>`}
      </section>
      ${inProgress.length
        ? html`<section aria-labelledby="progress-heading">
            ${heading('progress-heading', this.#t('progressHeading'), level, undefined, 'subheading', false)}
            <ul class="cards" role="list">
              ${inProgress.map(({ badge, progress }) => html`<li>${this.#renderProgress(badge, progress)}</li>`)}
            </ul>
          </section>`
        : nothing}
      <p class="note" tabindex="-1">${this.note}</p>
    `;
  }

  #renderEarnedNow({ award, badge }: EarnedNow): TemplateResult {
    return html`<div part="earned-now" class="earned-now">
      ${this.#image(badge.image, badge.imageAlt, 'earned-image')}
      <div>
        <p class="earned-title">${this.#t('earnedNow', badge.name)}</p>
        <p>${this.#t('earnedNowNote')}</p>
      </div>
      <button class="dismiss" @click=${() => this.#dismissEarned(award.credentialId)}>${this.#t('dismiss')}</button>
    </div>`;
  }

  #renderAward(award: BadgeAward, badge: Badge | undefined, issuerName: string, index: number): TemplateResult {
    const id = `award-${index}`;
    const display: CredentialDisplay = {
      id: award.credentialId,
      name: badge?.name ?? award.badgeId,
      description: badge?.description ?? '',
      image: badge?.image ?? null,
      imageAlt: badge?.imageAlt ?? badge?.name ?? '',
      issuerName,
      issuerUrl: this.#badges.mine?.issuer.url ?? null,
      issuedAt: award.issuedAt,
      validUntil: award.validUntil,
      criteria: badge?.criteria ?? null,
      criteriaUrl: null,
      evidence: award.evidence,
      recipient: null,
    };
    const verification = this.#badges.verification(award.credentialId);
    return this.#card(id, display, {
      status: award.status,
      statusNote:
        award.status === 'revoked' && award.revokedReason
          ? this.#t('revokedBecause', this.#date(award.revokedAt ?? award.issuedAt), award.revokedReason)
          : award.how === 'awarded' && award.reason
            ? this.#t('awardedBecause', award.reason)
            : '',
      verification,
      onVerify: () => void this.#verifyMine(award.credentialId),
      jwt: award.jwt,
    });
  }

  #renderProgress(badge: Badge, progress: BadgeProgress): TemplateResult {
    const id = `progress-${badge.id}`;
    return html`<article part="progress" class="card progress-card" aria-labelledby=${`${id}-name`}>
      <div class="card-head">
        ${this.#image(badge.image, badge.imageAlt)}
        <div>
          ${heading(`${id}-name`, badge.name, this.#level() + 2, 'name', 'badge-name', false)}
          <p>${badge.description}</p>
        </div>
      </div>
      <ul class="rules" role="list">
        ${progress.rules.map((rule, index) => {
          const ruleId = `${id}-rule-${index}`;
          return html`<li>
            <span id=${ruleId}>${this.#t(`rule_${rule.kind}`, Math.min(rule.done, rule.count), rule.count)}</span>
            <progress max=${rule.count} .value=${Math.min(rule.done, rule.count)} aria-labelledby=${ruleId}></progress>
          </li>`;
        })}
      </ul>
      ${badge.criteria
        ? html`<details part="details">
            <summary>${this.#t('criteria')}</summary>
            <p>${badge.criteria}</p>
          </details>`
        : nothing}
    </article>`;
  }

  async #verifyMine(credentialId: string): Promise<void> {
    const report = await this.#badges.verify(credentialId);
    if (report) this.#verified(credentialId, report);
  }

  #dismissEarned(credentialId: string): void {
    const index = this.#badges.awards.findIndex(({ award }) => award.credentialId === credentialId);
    this.#badges.dismissEarned();
    // The notice goes; the badge it announced takes the focus, so the reader carries on from there.
    void this.updateComplete.then(() => this.#focus(index >= 0 ? `#award-${index}-name` : '#badges-heading'));
  }

  #earned(earned: EarnedNow): void {
    this.#say(this.#t('earnedNow', earned.badge.name));
    this.emit<BadgeAwardedDetail>('tori-badge-awarded', { award: earned.award });
  }

  /* A credential from elsewhere. */

  #renderForeign(): TemplateResult {
    const state = this.#foreign.state;
    if (state.kind === 'idle' || state.kind === 'loading') return this.#message(this.#t('foreignLoading'));
    if (state.kind === 'error') {
      return html`<div part="message" class="banner error-banner">
        <p role="alert">${state.problem === 'unreachable' ? this.#t('foreignUnreachable', state.detail) : this.#t('foreignNotFound', state.detail)}</p>
        <button class="primary" @click=${() => void this.#foreign.again()}>${this.#t('tryAgain')}</button>
      </div>`;
    }
    const report = state.report;
    if (!report) return this.#message(this.#t('verifying'));
    const running = state.kind === 'checking';
    const display = report.display ?? { id: null, name: '', description: '', image: null, imageAlt: '', issuerName: '', issuerUrl: null, issuedAt: null, validUntil: null, criteria: null, criteriaUrl: null, evidence: [], recipient: null };
    const failedStatus = report.checks.find((check) => check.name === 'status' && check.outcome === 'failed');
    const expired = report.checks.some((check) => check.name === 'validUntil' && check.reason === 'expired');
    return this.#card('foreign', display, {
      status: failedStatus ? 'revoked' : expired ? 'expired' : report.verdict === 'verified' ? 'active' : undefined,
      statusNote: failedStatus?.detail ? this.#t('reason_revoked', failedStatus.detail) : '',
      verification: running ? { state: 'running' } : { state: 'done', report },
      onVerify: () => {
        void this.#foreign.again().then((again) => again && this.#verified(again.display?.id ?? this.src ?? '', again));
      },
      jwt: report.jwt,
      json: report.credential,
      // Shown alone, the credential sits right under the element's heading.
      level: this.#level() + 1,
    });
  }

  /* One badge, whoever issued it. */

  #card(
    id: string,
    display: CredentialDisplay,
    options: {
      status?: 'active' | 'expired' | 'revoked';
      statusNote: string;
      verification: Verification | undefined;
      onVerify: () => void;
      jwt: string | null;
      json?: Record<string, unknown> | null;
      level?: number;
    },
  ): TemplateResult {
    const { status, verification } = options;
    const level = options.level ?? this.#level() + 2;
    const running = verification?.state === 'running';
    const hasDetails = display.criteria || display.criteriaUrl || display.evidence.length;
    return html`<article part="badge" class="card ${status ?? ''}" aria-labelledby=${`${id}-name`} aria-busy=${running ? 'true' : 'false'}>
      <div class="card-head">
        ${this.#image(display.image, display.imageAlt)}
        <div>
          ${heading(`${id}-name`, display.name || this.#t('unnamed'), level, 'name', 'badge-name')}
          ${status ? html`<p part="status" class="status ${status}"><span class="chip">${this.#t(`status_${status}`)}</span>${options.statusNote ? html` <span>${options.statusNote}</span>` : nothing}</p>` : nothing}
          ${display.description ? html`<p>${display.description}</p>` : nothing}
        </div>
      </div>
      <ul class="facts" role="list">
        ${display.issuerName
          ? html`<li>
              ${this.#t('issuedBy', display.issuerName)}${display.issuerUrl
                ? html` · <a href=${display.issuerUrl} rel="noopener noreferrer" target="_blank">${this.#t('issuerSite')}</a>`
                : nothing}
            </li>`
          : nothing}
        ${display.recipient ? html`<li>${this.#t('awardedTo', display.recipient)}</li>` : nothing}
        ${display.issuedAt ? html`<li>${this.#t('issuedOn', this.#date(display.issuedAt))}</li>` : nothing}
        <li>${display.validUntil ? this.#t('validUntil', this.#date(display.validUntil)) : this.#t('noEnd')}</li>
      </ul>
      ${hasDetails
        ? html`<details part="details">
            <summary>${this.#t('details')}</summary>
            ${display.criteria || display.criteriaUrl
              ? html`<p class="detail-heading">${this.#t('criteria')}</p>
                  ${display.criteria ? html`<p>${display.criteria}</p>` : nothing}
                  ${display.criteriaUrl ? html`<p><a href=${display.criteriaUrl} rel="noopener noreferrer" target="_blank">${this.#t('criteriaLink')}</a></p>` : nothing}`
              : nothing}
            ${display.evidence.length
              ? html`<p class="detail-heading">${this.#t('evidence')}</p>
                  <ul>
                    ${display.evidence.map((entry) => html`<li>${entry}</li>`)}
                  </ul>`
              : nothing}
          </details>`
        : nothing}
      <div part="actions" class="buttons">
        <button part="verify" class="primary" aria-describedby=${`${id}-name`} ?disabled=${running} @click=${options.onVerify}>
          ${running ? this.#t('verifying') : verification ? this.#t('verifyAgain') : this.#t('verify')}
        </button>
        ${options.jwt || options.json
          ? html`<button aria-describedby=${`${id}-name`} @click=${() => this.#download(display.name, 'json', options.jwt, options.json)}>${this.#t('downloadJson')}</button>`
          : nothing}
        ${options.jwt
          ? html`<button aria-describedby=${`${id}-name`} @click=${() => this.#download(display.name, 'jwt', options.jwt, null)}>${this.#t('downloadJwt')}</button>`
          : nothing}
      </div>
      ${verification?.state === 'done' ? this.#renderVerification(id, verification.report, level + 1) : nothing}
    </article>`;
  }

  #renderVerification(id: string, report: CredentialReport, level: number): TemplateResult {
    return html`<section part="verification" class="verification ${report.verdict}" aria-labelledby=${`${id}-checks`}>
      ${heading(`${id}-checks`, this.#t('checksHeading'), level, undefined, 'detail-heading', false)}
      <p class="verdict">${this.#t(`verdict_${report.verdict}`)}</p>
      <ul class="checks" role="list">
        ${report.checks.map(
          (check) => html`<li part=${`check check-${check.outcome}`} class="check ${check.outcome}">
            <span class="mark" aria-hidden="true">${OUTCOME_MARK[check.outcome]}</span>
            <span><strong>${this.#t(`check_${check.name}`)}: ${this.#t(`outcome_${check.outcome}`)}.</strong> ${this.#sentence(check)}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #sentence(check: CredentialCheck): string {
    const detail = check.detail && DATED.has(check.reason) ? this.#date(check.detail) : (check.detail ?? '');
    const key = `reason_${check.reason}` as keyof BadgeMessages;
    return (t as (locale: string, key: string, ...params: unknown[]) => string)(this.locale, key, detail);
  }

  #verified(credentialId: string, report: CredentialReport): void {
    this.#say(this.#t('checked', this.#t(`verdict_${report.verdict}`)));
    this.emit<BadgeVerifiedDetail>('tori-badge-verified', { credentialId, ok: report.ok, verdict: report.verdict, checks: report.checks });
  }

  /** The credential to keep elsewhere: its JSON, or the signed JWT (the form another verifier can check). */
  #download(name: string, format: 'json' | 'jwt', jwt: string | null, json: Record<string, unknown> | null | undefined): void {
    const [text, type] =
      format === 'jwt' ? [jwt ?? '', 'application/vc+jwt'] : [jwt ? credentialJson(jwt) : `${JSON.stringify(json, null, 2)}\n`, 'application/json'];
    const fileName = credentialFileName(name || 'badge', format);
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    link.hidden = true;
    this.shadowRoot!.append(link);
    link.click();
    link.remove();
    // The browser has the file once the click's download began; the address is not needed after that.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.note = this.#t('downloaded', fileName);
    this.#say(this.note);
  }

  /* The facilitator's view. */

  #renderFacilitator(): TemplateResult {
    const state = this.#facilitator.state;
    switch (state.kind) {
      case 'locked':
        return this.#renderKeyForm(state.problem);
      case 'loading':
        return this.#message(this.#t('loading'));
      case 'error':
        return this.#renderError(state.error, () => this.#facilitator.refresh());
      case 'ready':
        return this.#renderRoster(state.roster);
    }
  }

  #renderKeyForm(problem: 'wrong_key' | 'network' | undefined): TemplateResult {
    return html`<form part="key-form" class="panel" novalidate @submit=${this.#submitKey}>
      <div class="field">
        <label for="space-key">${this.#t('key')}</label>
        <input id="space-key" name="key" type="password" autocomplete="off" required aria-invalid=${problem ? 'true' : 'false'} aria-describedby="key-problem" />
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
    if (!key) return input.focus();
    const opened = await this.#facilitator.unlock(key);
    await this.updateComplete;
    this.#focus(opened ? '#badges-heading' : '#space-key');
  };

  #renderRoster(roster: BadgeRoster): TemplateResult {
    const level = this.#level() + 1;
    return html`
      <section aria-labelledby="roster-heading">
        ${heading('roster-heading', this.#t('rosterHeading'), level, undefined, 'subheading', false)}
        ${roster.participants.length
          ? html`<ul class="roster" role="list">
              ${roster.participants.map((participant, index) => {
                const person = participant.displayName ?? this.#t('noName');
                const personId = `person-${index}`;
                return html`<li part="participant" class="card" aria-labelledby=${personId}>
                  ${heading(personId, person, level + 1, undefined, 'badge-name', true)}
                  <ul class="roster-badges" role="list">
                    ${roster.badges.map((badge) => {
                      const award = participant.awards.find((candidate) => candidate.badgeId === badge.id && candidate.status === 'active');
                      const latest = award ?? participant.awards.find((candidate) => candidate.badgeId === badge.id);
                      const progress = participant.progress.find((entry) => entry.badgeId === badge.id);
                      const buttonId = `act-${index}-${badge.id}`;
                      return html`<li class="roster-badge">
                        <span class="roster-name" id=${`${buttonId}-name`}>${badge.name}</span>
                        <span class="roster-state ${latest?.status ?? ''}">
                          ${latest
                            ? latest.status === 'active'
                              ? this.#t('earnedOn', this.#date(latest.issuedAt))
                              : latest.status === 'revoked'
                                ? this.#t('revokedOn', this.#date(latest.revokedAt ?? latest.issuedAt))
                                : this.#t('expiredOn', this.#date(latest.validUntil ?? latest.issuedAt))
                            : this.#t('notYet')}
                          ${!award && progress?.rules.length
                            ? html`· ${progress.rules.map((rule) => this.#t(`rule_${rule.kind}`, Math.min(rule.done, rule.count), rule.count)).join(', ')}`
                            : nothing}
                        </span>
                        ${award
                          ? html`<button id=${buttonId} aria-describedby=${`${personId} ${buttonId}-name`} @click=${(event: Event) => this.#openAct(event, { kind: 'revoke', participantId: participant.participantId, person, badge, credentialId: award.credentialId })}>
                              ${this.#t('revoke')}
                            </button>`
                          : badge.active
                            ? html`<button id=${buttonId} aria-describedby=${`${personId} ${buttonId}-name`} @click=${(event: Event) => this.#openAct(event, { kind: 'award', participantId: participant.participantId, person, badge })}>
                                ${this.#t('award')}
                              </button>`
                            : nothing}
                      </li>`;
                    })}
                  </ul>
                </li>`;
              })}
            </ul>`
          : html`<p>${this.#t('noParticipants')}</p>`}
      </section>
      <p class="note" tabindex="-1">${this.note}</p>
      <div class="buttons facilitator-buttons">
        <button @click=${() => this.#facilitator.refresh()}>${this.#t('refresh')}</button>
        <button @click=${() => this.#facilitator.lock()}>${this.#t('lock')}</button>
      </div>
    `;
  }

  #openAct(event: Event, act: Omit<Act, 'reason'>): void {
    this.#actOpener = event.currentTarget as HTMLElement;
    this.act = { ...act, reason: '' };
    void this.updateComplete.then(() => {
      this.shadowRoot?.querySelector('dialog')?.showModal();
      this.#focus('#act-reason');
    });
  }

  #renderActDialog(): TemplateResult {
    const act = this.act;
    const problem = act?.problem;
    return html`<dialog part="act-dialog" aria-labelledby="act-heading" @close=${this.#onActClosed}>
      ${act
        ? html`<form method="dialog" novalidate @submit=${this.#submitAct}>
            ${heading('act-heading', this.#t(act.kind === 'award' ? 'awardHeading' : 'revokeHeading', act.badge.name, act.person), this.#level() + 1, undefined, 'subheading', false)}
            <div class="field">
              <label for="act-reason">${this.#t('reason')}</label>
              <textarea
                id="act-reason"
                rows="4"
                maxlength=${BADGE_REASON_MAX}
                required
                aria-invalid=${problem === 'reasonMissing' ? 'true' : 'false'}
                aria-describedby="act-note act-count act-problem"
                .value=${act.reason}
                @input=${(event: InputEvent) => (this.act = { ...act, reason: (event.target as HTMLTextAreaElement).value, problem: undefined })}
              ></textarea>
              <div class="hint">
                <span id="act-note">${this.#t(act.kind === 'award' ? 'awardReasonNote' : 'revokeReasonNote')}</span>
                <span id="act-count">${this.#t('characters', act.reason.length, BADGE_REASON_MAX)}</span>
              </div>
            </div>
            <p id="act-problem" class="problem" role="alert">${problem ? this.#t(problem) : ''}</p>
            <div class="buttons">
              <button type="submit" class=${act.kind === 'revoke' ? 'primary danger' : 'primary'}>${this.#t(act.kind === 'award' ? 'confirmAward' : 'confirmRevoke')}</button>
              <button type="button" @click=${this.#closeAct}>${this.#t('cancel')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  #closeAct = () => this.shadowRoot?.querySelector('dialog')?.close();

  #onActClosed = () => {
    this.act = undefined;
    const opener = this.#actOpener;
    this.#actOpener = null;
    // The button that opened the form may have become the other one (award ↔ revoke): its place keeps the id.
    void this.updateComplete.then(() => ((opener?.isConnected ? opener : this.shadowRoot?.getElementById(opener?.id ?? '')) ?? this.shadowRoot?.querySelector<HTMLElement>('.note'))?.focus());
  };

  #submitAct = async (event: SubmitEvent) => {
    event.preventDefault();
    const act = this.act;
    if (!act || this.#sending) return;
    const reason = act.reason.trim();
    if (!reason) {
      this.act = { ...act, problem: 'reasonMissing' };
      return this.#focus('#act-reason');
    }
    this.#sending = true;
    try {
      if (act.kind === 'award') {
        const award = await this.#facilitator.award(act.participantId, act.badge.id, reason);
        this.emit<BadgeAwardedDetail>('tori-badge-awarded', { award });
        this.note = this.#t('awardedDone', act.badge.name, act.person);
      } else {
        await this.#facilitator.revoke(act.credentialId!, reason);
        this.note = this.#t('revokedDone', act.badge.name, act.person);
      }
      this.#say(this.note);
      this.#closeAct();
    } catch (thrown) {
      const error = thrown as ToriErrorShape;
      this.#emitError(error);
      const problem = error.code === 'network' ? 'actOffline' : error.status === 409 ? 'actConflict' : error.status === 422 ? 'reasonMissing' : 'actFailed';
      if (problem === 'actConflict') this.#facilitator.refresh();
      this.act = { ...act, problem };
      await this.updateComplete;
      this.#focus('#act-reason');
    } finally {
      this.#sending = false;
    }
  };

  /* Shared pieces. */

  #image(src: string | null, alt: string, className = 'badge-image'): TemplateResult {
    return src
      ? html`<img part="image" class=${className} src=${src} alt=${alt} width="96" height="96" loading="lazy" decoding="async" />`
      : html`<span part="image" class="${className} no-image" aria-hidden="true"></span>`;
  }

  #renderError(error: ToriErrorShape, retry: () => void): TemplateResult {
    return html`<div part="message" class="banner error-banner">
      <p role="alert">${error.code === 'not_configured' ? error.message : this.#t('somethingWentWrong')}</p>
      <button class="primary" @click=${retry}>${this.#t('tryAgain')}</button>
    </div>`;
  }

  #message(text: string, className?: string): TemplateResult {
    return html`<p part="message" class=${className ?? nothing}>${text}</p>`;
  }

  #date(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(this.locale, { dateStyle: 'long' }).format(date);
  }

  /** Says something to screen readers; the same words twice in a row are still said. */
  #say(text: string): void {
    this.spoken = this.spoken === text ? `${text}\u00a0` : text;
  }

  #emitError({ code = 'unexpected', message = '' }: Partial<ToriErrorShape>): void {
    this.emit<BadgeDisplayErrorDetail>('tori-error', { code, message });
  }

  #focus(selector: string): void {
    this.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  #level(): number {
    return headingLevelOf(this.headingLevel);
  }

  #t<K extends keyof BadgeMessages>(key: K, ...params: MessageParams<BadgeMessages[K]>): string {
    return t(this.locale, key, ...params);
  }
}
