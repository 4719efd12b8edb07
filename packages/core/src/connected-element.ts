import { ContextConsumer, ContextRoot } from '@lit/context';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { clientFor } from './client.js';
import { toriSpaceContext, type ToriSpaceContext } from './context.js';
import type { ToriClient } from './contracts.js';
import { getDefaultServer } from './default-server.js';
import { ToriElement } from './tori-element.js';

let contextRoot: ContextRoot | undefined;

/**
 * Lets a widget defined before `<tori-space>` still find it: unanswered requests wait at the document and are
 * asked again when a provider appears. Attached on first use, never at import.
 */
function waitForLateSpaces(): void {
  if (contextRoot || typeof document === 'undefined') return;
  contextRoot = new ContextRoot();
  contextRoot.attach(document.documentElement);
}

/**
 * Base of widgets that talk to a Tori server. The server and space come from, in order: the `client` property,
 * the `server` attribute, the enclosing `<tori-space>`, the script tag's default server (and for the space: the
 * `space` attribute, then `<tori-space>`). Widgets override `connectionChanged()` to (re)load when they change.
 */
export class ConnectedElement extends ToriElement {
  static override properties: PropertyDeclarations = { server: {}, space: {}, client: { attribute: false } };

  /** Address of the Tori server, e.g. `https://osallistu.example.fi`; optional inside `<tori-space>`. */
  server?: string;

  /** Id of the space; optional inside `<tori-space>`. */
  space?: string;

  /** A client object (for integrators and stories); wins over `server`. */
  client?: ToriClient;

  #spaceContext: ToriSpaceContext | undefined;
  /** What `connectionChanged()` was last called for; unset until both were known once. */
  #notified: [ToriClient | undefined, string | undefined] | undefined;

  constructor() {
    super();
    waitForLateSpaces();
    new ContextConsumer(this, {
      context: toriSpaceContext,
      subscribe: true,
      callback: (value) => {
        this.#spaceContext = value;
        this.requestUpdate();
      },
    });
  }

  /** The client this widget talks through, once one can be resolved. */
  get toriClient(): ToriClient | undefined {
    if (this.client) return this.client;
    const server = this.server || (this.#spaceContext ? undefined : getDefaultServer());
    return server ? clientFor(server, this.localName) : this.#spaceContext?.client;
  }

  /** The space this widget shows, once known. */
  get spaceId(): string | undefined {
    return this.space || this.#spaceContext?.spaceId || undefined;
  }

  /**
   * Called when the resolved client or space changes while connected, and once after connecting when both are
   * known. Widgets (re)load here, e.g. `this.duel.connect()`.
   */
  protected connectionChanged(): void {}

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: the widget's controllers let go of the old connection on disconnect.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#notified = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.toriClient;
    const spaceId = this.spaceId;
    const notified = this.#notified;
    if (notified ? client === notified[0] && spaceId === notified[1] : !(client && spaceId)) return;
    this.#notified = [client, spaceId];
    this.connectionChanged();
  }
}
