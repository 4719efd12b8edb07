import { defineConfig } from 'vitest/config';

// The browser test drives the built app (npm run build) from Node; no Vite plugins needed here.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
