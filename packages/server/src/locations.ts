/**
 * Default places of the files the server serves. This module sits directly in src/ (and is bundled into dist/),
 * so paths relative to it are the same from source and from the build.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/demo/public of the repository. */
export function defaultPublicDir(): string {
  return fileURLToPath(new URL('../../../apps/demo/public', import.meta.url));
}

/** @tori/embed's dist, wherever npm installed it; its sibling folder in this repository as a fallback. */
export function defaultBundlesDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('@tori/embed/tori.js'));
  } catch {
    // Not built yet: the bundle routes say so per request, and pick the files up once they exist.
    return fileURLToPath(new URL('../../embed/dist', import.meta.url));
  }
}
