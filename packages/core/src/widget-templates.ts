import { html, nothing, type TemplateResult } from 'lit';

/** The heading level a widget's `heading-level` asks for: a whole number from 1 to 6, 2 when it is not a number. */
export function headingLevelOf(asked: number): number {
  return Math.min(Math.max(Math.round(asked) || 2, 1), 6);
}

/**
 * A heading whose level the page chooses (a `<div role="heading">` keeps one template for all six). Focusable by
 * script unless told otherwise, so a widget can move focus to what just appeared.
 */
export function heading(id: string, text: string, level: number, part?: string, className = 'heading', focusable = true): TemplateResult {
  return html`<div
    role="heading"
    aria-level=${Math.min(Math.max(level, 1), 6)}
    id=${id}
    part=${part ?? nothing}
    class=${className}
    tabindex=${focusable ? '-1' : nothing}
  >
    ${text}
  </div>`;
}

/** A message about the widget's state (`part="status"`); a banner stands out from the rest. */
export function statusLine(content: unknown, banner?: boolean): TemplateResult {
  return html`<p part="status" class=${banner ? 'banner' : nothing}>${content}</p>`;
}
