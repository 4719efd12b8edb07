import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Relative URLs: the built page works from any folder.
  base: './',
  build: { target: 'es2022' },
});
