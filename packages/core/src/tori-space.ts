import { ContextProvider } from '@lit/context';
import { css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { clientFor } from './client.js';
import { toriSpaceContext } from './context.js';
import type { ToriClient } from './contracts.js';
import { getDefaultServer } from './default-server.js';
import { ToriElement } from './tori-element.js';

/**
 * Sets the server and space once for every Tori widget inside it.
 *
 * @summary Shares one server and space with the widgets inside.
 * @slot - Widgets and any other content; the element itself takes no room (`display: contents`).
 *
 * @example
 * <tori-space server="https://osallistu.example.fi" space="strategia-2030">
 *   <idea-board></idea-board>
 *   <idea-duel></idea-duel>
 * </tori-space>
 */
export class ToriSpace extends ToriElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties: PropertyDeclarations = { server: {}, space: {}, client: { attribute: false } };

  /** Address of the Tori server; the script tag's own server when unset. */
  server?: string;

  /** Id of the space the widgets inside show. */
  space?: string;

  /** A client object (for integrators and stories); wins over `server`. */
  client?: ToriClient;

  readonly #provider = new ContextProvider(this, { context: toriSpaceContext });

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const server = this.server || getDefaultServer();
    const client = this.client ?? (server ? clientFor(server, 'tori-space') : undefined);
    const spaceId = this.space || undefined;
    const current = this.#provider.value;
    if (current?.client === client && current?.spaceId === spaceId) return;
    this.#provider.setValue(client && spaceId ? { client, spaceId } : undefined);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tori-space': ToriSpace;
  }
}
