// One self-contained ES module per script tag: no shared chunks, so a page loads exactly one file.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const bundles = [
  { input: 'src/tori.js', file: 'dist/tori.js' },
  { input: 'src/widgets/idea-duel.js', file: 'dist/widgets/idea-duel.js' },
];

export default bundles.map(({ input, file }) => ({
  input,
  output: { file, format: 'es', sourcemap: true, inlineDynamicImports: true },
  // `browser: true` picks socket.io-client's browser build, which leaves out the Node `debug` module.
  plugins: [nodeResolve({ browser: true }), terser({ ecma: 2020, module: true, format: { comments: false } })],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
}));
