import { ContextProvider } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { createClient } from './client.js';
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

  /** Address of the Tori server; the script tag's own server when unset. */
  @property() server?: string;

  /** Id of the space the widgets inside show. */
  @property() space?: string;

  /** A client object (for integrators and stories); wins over `server`. */
  @property({ attribute: false }) client?: ToriClient;

  private readonly provider = new ContextProvider(this, { context: toriSpaceContext });

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.resolveClient();
    const spaceId = this.space || undefined;
    const current = this.provider.value;
    if (current?.client === client && current?.spaceId === spaceId) return;
    this.provider.setValue(client && spaceId ? { client, spaceId } : undefined);
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private resolveClient(): ToriClient | undefined {
    if (this.client) return this.client;
    const server = this.server || getDefaultServer();
    if (!server) return undefined;
    try {
      return createClient(server);
    } catch (error) {
      console.warn('[tori] <tori-space>:', (error as Error).message);
      return undefined;
    }
  }
}
