import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { toLocale, type Locale } from './i18n.js';

/** Elements to tell when a `lang` attribute of the page changes; one observer serves them all. */
const listening = new Set<ToriElement>();
let langObserver: MutationObserver | undefined;

function listenToPageLanguage(element: ToriElement): void {
  listening.add(element);
  if (langObserver || typeof MutationObserver === 'undefined') return;
  langObserver = new MutationObserver(() => {
    for (const each of listening) each.localeMayHaveChanged();
  });
  // Only `lang` mutations are recorded, so watching the whole light DOM stays cheap.
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

function stopListening(element: ToriElement): void {
  listening.delete(element);
  if (listening.size === 0) {
    langObserver?.disconnect();
    langObserver = undefined;
  }
}

/** The closest non-empty `lang` from the element outwards, crossing shadow roots. */
function closestLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const found = node.closest('[lang]:not([lang=""])');
    if (found) return found.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/**
 * Base of every Tori element: events that reach the page, a locale that follows the page's language, and a
 * registration that is harmless to repeat.
 */
export class ToriElement extends LitElement {
  // `static properties` rather than decorators: the bundle then carries neither the decorator helpers nor Lit's decorator modules.
  static override properties: PropertyDeclarations = {
    /** Language of the widget (fi, sv or en); when unset, the closest `lang` of the page is used. */
    lang: { reflect: true },
  };

  #knownLocale: Locale | undefined;

  /** Registers this class under `tagName` unless the name is taken already (by this class or another). */
  static define(tagName: string): void {
    if (customElements.get(tagName)) return;
    try {
      customElements.define(tagName, this);
    } catch {
      // A class can be registered under one name only; a second name gets a subclass of its own.
      customElements.define(tagName, class extends (this as typeof ToriElement) {});
    }
  }

  /** fi, sv or en: own `lang`, else the closest `lang` up the page (through shadow roots), else English. */
  get locale(): Locale {
    if (this.lang) return toLocale(this.lang);
    return toLocale(closestLang(this) ?? globalThis.document?.documentElement.lang);
  }

  /** Dispatches a CustomEvent that bubbles out of shadow roots; returns it so callers can check `defaultPrevented`. */
  emit<T = undefined>(name: string, detail?: T, init?: Omit<CustomEventInit<T>, 'detail'>): CustomEvent<T> {
    const event = new CustomEvent<T>(name, { bubbles: true, composed: true, ...init, detail: detail as T });
    this.dispatchEvent(event);
    return event;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#knownLocale = this.locale;
    listenToPageLanguage(this);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#knownLocale = this.locale;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    stopListening(this);
  }

  /** @internal Called by the shared observer: re-renders when this element's locale really changed. */
  localeMayHaveChanged(): void {
    const locale = this.locale;
    if (locale === this.#knownLocale) return;
    const previous = this.#knownLocale;
    this.#knownLocale = locale;
    // Named, so widgets can react in `willUpdate(changed)` with `changed.has('locale')`.
    this.requestUpdate('locale', previous);
  }
}
