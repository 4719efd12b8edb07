// Browser tests of every package run here: Debian's Chromium, TypeScript through esbuild, axe via @open-wc/testing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Starts the real reference server (temp SQLite file) the first time a test asks for it. `payload.instance` names
 * another server of its own (own data file, own signing key), e.g. a second issuer of badges.
 */
function referenceServerPlugin() {
  const instances = new Map();
  return {
    name: 'tori-reference-server',
    async executeCommand({ command, payload }) {
      if (command !== 'tori-reference-server') return undefined;
      const instance = payload?.instance ?? 'main';
      if (!instances.has(instance)) {
        instances.set(instance, (async () => {
          const { createServer } = await import(join(root, 'packages/server/dist/index.js'));
          const dir = mkdtempSync(join(tmpdir(), 'tori-wtr-'));
          const server = await createServer({ dataFile: join(dir, 'tori.db'), logger: false });
          const url = await server.listen({ port: 0, host: '127.0.0.1' });
          return { server, url, dir };
        })());
      }
      const { server, url } = await instances.get(instance);
      // Each test gets a space of its own so tests never see each other's votes.
      const { space, adminKey } = await server.createSpace({
        id: payload?.spaceId ?? `t-${Math.random().toString(36).slice(2, 10)}`,
        title: payload?.title ?? 'Test space',
        question: payload?.question ?? 'Which matters more?',
        ideas: payload?.ideas ?? ['Parks and green areas', 'Public transport', 'Libraries'],
        ideasNeedApproval: payload?.ideasNeedApproval ?? false,
        allowedOrigins: ['*'],
      });
      return { url, spaceId: space.id, adminKey };
    },
    async serverStop() {
      for (const started of instances.values()) {
        const { server, dir } = await started;
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default {
  rootDir: root,
  nodeResolve: { browser: true, exportConditions: ['browser', 'import'] },
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.base.json') }),
    referenceServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  reporters: [
    defaultReporter(),
    summaryReporter(),
    junitReporter({ outputPath: './reports/junit.xml', reportLogs: true }),
  ],
};
