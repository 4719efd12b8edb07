// "Live" stories talk to a running reference server instead of the fixture client: `npm start` serves one at
// http://localhost:8787; the stories check starts its own and passes it as `?toriServer=` on the iframe's address.
import { html, type TemplateResult } from 'lit';

/** The reference server a live story uses. */
export function liveServer(): string {
  return new URLSearchParams(globalThis.location?.search).get('toriServer') ?? 'http://localhost:8787';
}

/** The note above a live story, so nobody mistakes an unreachable server for a broken widget. */
export function liveNote(space: string): TemplateResult {
  return html`<p style="margin:0 0 1rem;font:0.875rem/1.4 system-ui,sans-serif">
    Live: space <code>${space}</code> of the reference server at <code>${liveServer()}</code> (<code>npm start</code>).
  </p>`;
}
