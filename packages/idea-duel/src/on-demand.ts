/** A part of <idea-duel> the first pair does not need, loaded from its own file when first shown or ahead on idle. */
import { adoptStyles, type CSSResult, type ReactiveController } from 'lit';
import type { ToriElement } from '@tori/core';

/** What an on-demand module brings besides its code: the styles its markup needs. */
export interface PartModule {
  styles: CSSResult[];
}

/** Until the browser is idle (Safari has no requestIdleCallback: a moment after now). */
const whenIdle = (work: () => void): unknown =>
  'requestIdleCallback' in globalThis ? requestIdleCallback(work, { timeout: 2000 }) : setTimeout(work, 200);

/**
 * Loads one module once (again after a failure) and adds its styles to the element's shadow root. `module` is set
 * once it is loaded; `failed` when the last attempt could not load it (offline, or a site that did not copy `chunks/`).
 */
export class OnDemand<M extends PartModule> implements ReactiveController {
  module: M | undefined;
  failed = false;
  readonly #host: ToriElement;
  readonly #import: () => Promise<M>;
  #loading: Promise<M | undefined> | undefined;
  /** Only a load someone waits for reports its failure; a prefetch that fails is tried again when needed. */
  #quiet = false;

  constructor(host: ToriElement, load: () => Promise<M>) {
    (this.#host = host).addController(this);
    this.#import = load;
  }

  hostConnected(): void {}

  /** Resolves with the module, or undefined when it could not be loaded; never rejects. */
  load(quiet = false): Promise<M | undefined> {
    if (this.module) return Promise.resolve(this.module);
    this.#quiet &&= quiet;
    if (this.#loading) return this.#loading;
    this.#quiet = quiet;
    const wasFailed = this.failed;
    this.failed = false;
    // A retry shows "Loading…" again instead of the message about the failure.
    if (wasFailed) this.#host.requestUpdate();
    return (this.#loading = this.#import().then(
      (module) => {
        this.#adopt(module.styles);
        this.module = module;
        this.#host.requestUpdate();
        return module;
      },
      (error: Error) => {
        this.#loading = undefined;
        if (this.#quiet) return undefined;
        this.failed = true;
        this.#host.requestUpdate();
        this.#host.emit('tori-error', { code: 'network', message: `Could not load a part of the widget: ${error.message}` });
        return undefined;
      },
    ));
  }

  /** Loads when the browser has nothing better to do, so opening the part later shows no loading state. */
  prefetch(): void {
    if (!this.module && !this.#loading) whenIdle(() => void this.load(true));
  }

  #adopt(styles: CSSResult[]): void {
    const root = this.#host.renderRoot as ShadowRoot;
    // Lit's own way, so a page's CSP nonce applies too; without constructable style sheets it adds <style> elements.
    adoptStyles(root, [...(root.adoptedStyleSheets ?? []), ...styles]);
  }
}
