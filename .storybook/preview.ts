import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
// Controls and docs come from the elements' JSDoc, through the generated manifest.
import manifest from '../packages/embed/dist/custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    // A story with an accessibility violation fails, not just warns.
    a11y: { test: 'error' },
  },
  globalTypes: {
    locale: {
      description: 'Language of the widgets',
      toolbar: { title: 'Language', icon: 'globe', items: ['fi', 'sv', 'en'], dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'fi' },
  decorators: [
    (story, context) => {
      // Widgets follow the closest [lang], as on a real page.
      document.documentElement.lang = context.globals.locale ?? 'fi';
      return story();
    },
  ],
};

export default preview;
