/** Shared types and limits of Tori's protocol. No runtime validator here: see `@tori/protocol/schemas`. */
export * from './limits.js';
export * from './types.js';
export * from './course.js';
export * from './badges.js';
