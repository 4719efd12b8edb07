/** How a projector tells the room where to take part: a QR code of the page's address and the address in short. */
import { css, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** An absolute http(s) address, or undefined for anything a phone could not open. */
export function joinAddress(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, globalThis.location?.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the join code of an element's `join-url` ready: `show(…)` before each render, `render()` in it. Nothing is
 * drawn until the code is made, and nothing at all for an address a phone could not open.
 */
export class JoinCodeController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #shown = '';
  #figure: HTMLElement | undefined;

  constructor(host: ReactiveControllerHost) {
    (this.#host = host).addController(this);
  }

  hostConnected(): void {}

  show(url: string | null | undefined, takePartAt: string, label: (short: string) => string): void {
    const address = joinAddress(url);
    const shown = address ? `${address} ${takePartAt}` : '';
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#figure = undefined;
    if (!address) return;
    import('./join-code-figure.js').then(
      ({ joinCodeFigure }) => {
        if (this.#shown !== shown) return;
        this.#figure = joinCodeFigure(address, takePartAt, label);
        this.#host.requestUpdate();
      },
      (error: Error) => console.warn('[tori] no QR code for', address, error.message),
    );
  }

  render(): HTMLElement | typeof nothing {
    return this.#figure ?? nothing;
  }
}

/** The join code under a projector's content: large enough to scan from the back of a hall. */
export const joinCodeStyles = css`
  .join {
    display: flex;
    align-items: center;
    gap: calc(var(--_tori-space) * 2);
    margin: calc(var(--_tori-space) * 2) 0 0;
  }

  .join svg {
    flex: none;
    width: clamp(7rem, 18vw, 14rem);
    shape-rendering: crispEdges;
  }

  .join strong {
    display: block;
    font-size: 1.25em;
    overflow-wrap: anywhere;
  }
`;
