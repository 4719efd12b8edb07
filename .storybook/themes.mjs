// Themes of Storybook's toolbar, made only of the public `--tori-*` tokens (packages/core/src/theme.ts), as a site
// would theme the widgets. Each meets WCAG 2.1 AA: text and accent 4.5:1 or more on both surfaces, borders 3:1.
// Plain JS: the preview and scripts/check-stories.mjs (axe on every story in every theme) both import it.
/** @typedef {'light' | 'dark' | 'high-contrast'} ThemeName */

/** @type {Record<ThemeName, Record<string, string>>} */
export const themes = {
  // The widgets' own defaults: nothing set.
  light: {},
  dark: {
    '--tori-color-text': '#e6edf3',
    '--tori-color-muted': '#9ea7b3',
    '--tori-color-surface': '#0d1117',
    '--tori-color-surface-raised': '#161b22',
    '--tori-color-border': '#8b949e',
    '--tori-color-accent': '#79b8ff',
    '--tori-color-accent-contrast': '#0d1117',
    '--tori-color-danger': '#ff8e86',
    '--tori-color-success': '#56d364',
    '--tori-focus-ring': '#f0c000',
  },
  'high-contrast': {
    '--tori-color-text': '#ffffff',
    '--tori-color-muted': '#ffffff',
    '--tori-color-surface': '#000000',
    '--tori-color-surface-raised': '#000000',
    '--tori-color-border': '#ffffff',
    '--tori-color-accent': '#ffff00',
    '--tori-color-accent-contrast': '#000000',
    '--tori-color-danger': '#ff9c9c',
    '--tori-color-success': '#7dff7d',
    '--tori-focus-ring': '#00ffff',
  },
};
