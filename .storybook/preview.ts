import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { mergedManifest } from './manifest';
import { themes } from './themes.mjs';

// Controls and docs come from the elements' JSDoc, through the manifests the builds generate.
setCustomElementsManifest(mergedManifest());

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    // A story with an accessibility violation fails, not just warns.
    a11y: { test: 'error' },
  },
  globalTypes: {
    locale: {
      description: 'Language of the widgets (lang of the story root)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'fi', title: 'suomi' },
          { value: 'sv', title: 'svenska' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Theme, set with --tori-* tokens only',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light (defaults)' },
          { value: 'dark', title: 'Dark' },
          { value: 'high-contrast', title: 'High contrast' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'fi', theme: 'light' },
  decorators: [
    (story, context) => {
      const theme = themes[context.globals.theme as keyof typeof themes] ?? themes.light;
      // Widgets follow the closest [lang] and inherit the tokens, as on a real page.
      return html`<div
        class="tori-story-root"
        data-theme=${context.globals.theme ?? 'light'}
        lang=${context.globals.locale ?? 'fi'}
        style=${styleMap({
          ...theme,
          padding: '1rem',
          background: 'var(--tori-color-surface, #ffffff)',
          color: 'var(--tori-color-text, #1f2328)',
        })}
      >
        ${story()}
      </div>`;
    },
  ],
};

export default preview;
