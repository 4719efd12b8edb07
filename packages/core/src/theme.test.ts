import { expect } from '@open-wc/testing';
import { tokens } from './theme.js';

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const defaults = Object.fromEntries(
  [...tokens.cssText.matchAll(/--(tori-[a-z-]+), ([^)]+)\)/g)].map((match) => [match[1], match[2]!.trim()]),
);

describe('theme tokens', () => {
  it('maps every public token to a private one with a default', () => {
    expect(Object.keys(defaults)).to.have.members([
      'tori-font-family', 'tori-font-size', 'tori-color-text', 'tori-color-muted', 'tori-color-surface',
      'tori-color-surface-raised', 'tori-color-border', 'tori-color-accent', 'tori-color-accent-contrast',
      'tori-color-danger', 'tori-color-success', 'tori-radius', 'tori-space', 'tori-focus-ring',
    ]);
    expect(defaults['tori-font-family']).to.equal('inherit');
    expect(defaults['tori-font-size']).to.equal('1rem');
  });

  it('has default colours that meet WCAG 2.1 AA on both surfaces', () => {
    for (const surface of [defaults['tori-color-surface']!, defaults['tori-color-surface-raised']!]) {
      for (const text of ['tori-color-text', 'tori-color-muted', 'tori-color-accent', 'tori-color-danger', 'tori-color-success']) {
        expect(contrast(defaults[text]!, surface), `${text} on ${surface}`).to.be.at.least(4.5);
      }
      for (const part of ['tori-color-border', 'tori-focus-ring']) {
        expect(contrast(defaults[part]!, surface), `${part} on ${surface}`).to.be.at.least(3);
      }
    }
    expect(contrast(defaults['tori-color-accent-contrast']!, defaults['tori-color-accent']!)).to.be.at.least(4.5);
  });
});
