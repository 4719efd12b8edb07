import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // Tori's tags are custom elements, not Vue components: Vue leaves them to the browser.
        compilerOptions: { isCustomElement: (tag) => tag === 'tori-space' || tag.startsWith('idea-') },
      },
    }),
  ],
  base: './',
  build: { target: 'es2022' },
});
