// custom-elements.json for every element, read from the classes' JSDoc (the single source for docs and Storybook).
export default {
  globs: ['../core/src/tori-space.ts', '../idea-board/src/idea-board.ts', '../idea-duel/src/idea-duel.ts', '../named-discussion/src/named-discussion.ts', '../reflection-journal/src/reflection-journal.ts', '../badge-display/src/badge-display.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
