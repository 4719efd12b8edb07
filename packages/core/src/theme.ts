import { css } from 'lit';

/**
 * Public theme tokens of every Tori widget. A page sets them on the widget (or on any ancestor: custom
 * properties inherit through shadow roots); widgets read only the private `--_tori-*` copies below, so a token
 * left unset falls back to a default. Each default colour meets WCAG 2.1 AA on the default surfaces: text 15.8:1,
 * muted 6.1:1, accent 6.4:1 (and white on accent 6.4:1), danger 6.6:1, success 5.1:1, border 4.5:1 (3:1 is needed).
 * Copy this list into a widget's JSDoc:
 *
 * @cssproperty --tori-font-family - Font of the widget. Default: the page's font (`inherit`).
 * @cssproperty --tori-font-size - Base font size; other sizes scale from it. Default: `1rem`.
 * @cssproperty --tori-color-text - Text colour. Default: `#1f2328`.
 * @cssproperty --tori-color-muted - Secondary text (hints, counts). Default: `#59636e`.
 * @cssproperty --tori-color-surface - Background of the widget. Default: `#ffffff`.
 * @cssproperty --tori-color-surface-raised - Background of cards and choices on the surface. Default: `#f6f8fa`.
 * @cssproperty --tori-color-border - Borders of inputs, cards and choices. Default: `#767676`.
 * @cssproperty --tori-color-accent - Main buttons, links and the selected state. Default: `#0b57d0`.
 * @cssproperty --tori-color-accent-contrast - Text on the accent colour. Default: `#ffffff`.
 * @cssproperty --tori-color-danger - Errors. Default: `#b42318`.
 * @cssproperty --tori-color-success - Confirmations. Default: `#1a7f37`.
 * @cssproperty --tori-radius - Corner radius of cards, buttons and inputs. Default: `0.5rem`.
 * @cssproperty --tori-space - Spacing unit; gaps and paddings are multiples of it. Default: `0.5rem`.
 * @cssproperty --tori-focus-ring - Colour of the 3px keyboard focus outline. Default: `#1d4ed8`.
 */
export const tokens = css`
  :host {
    --_tori-font-family: var(--tori-font-family, inherit);
    --_tori-font-size: var(--tori-font-size, 1rem);
    --_tori-color-text: var(--tori-color-text, #1f2328);
    --_tori-color-muted: var(--tori-color-muted, #59636e);
    --_tori-color-surface: var(--tori-color-surface, #ffffff);
    --_tori-color-surface-raised: var(--tori-color-surface-raised, #f6f8fa);
    --_tori-color-border: var(--tori-color-border, #767676);
    --_tori-color-accent: var(--tori-color-accent, #0b57d0);
    --_tori-color-accent-contrast: var(--tori-color-accent-contrast, #ffffff);
    --_tori-color-danger: var(--tori-color-danger, #b42318);
    --_tori-color-success: var(--tori-color-success, #1a7f37);
    --_tori-radius: var(--tori-radius, 0.5rem);
    --_tori-space: var(--tori-space, 0.5rem);
    --_tori-focus-ring: var(--tori-focus-ring, #1d4ed8);
  }
`;

/** What every widget starts from: the page's font, no stray margins, `hidden` that always hides. */
export const resetStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font: inherit;
    font-family: var(--_tori-font-family, inherit);
    font-size: var(--_tori-font-size, 1rem);
    color: var(--_tori-color-text, #1f2328);
  }

  :host([hidden]),
  [hidden] {
    display: none !important;
  }

  /* Not "inherit": a page's own "* { box-sizing: content-box }" reaches the host and would flow in from there. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  /* Read by screen readers, not shown. */
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
