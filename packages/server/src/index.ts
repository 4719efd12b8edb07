/** Tori's reference server: `createServer()` for code and tests, `tori-server` (cli.ts) for people. */
export { createServer } from './server.js';
export type { ListenOptions, ServerOptions, ToriServer } from './server.js';
export { DEFAULT_LIMITS } from './http/limits.js';
export type { Limits } from './http/limits.js';
export type { NewSpace } from './spaces.js';
export type { Database, Durability } from './storage/index.js';
