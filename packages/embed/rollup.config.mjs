// One ES module per script tag, so a page loads one file first; what only some views need (the duel's forms and
// results, a projector's QR encoder) is a chunk it loads later from chunks/ beside it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { rmSync } from 'node:fs';

const bundles = [
  { input: 'src/tori.js', file: 'dist/tori.js' },
  { input: 'src/widgets/idea-board.js', file: 'dist/widgets/idea-board.js' },
  { input: 'src/widgets/idea-duel.js', file: 'dist/widgets/idea-duel.js' },
  { input: 'src/widgets/named-discussion.js', file: 'dist/widgets/named-discussion.js' },
  { input: 'src/widgets/reflection-journal.js', file: 'dist/widgets/reflection-journal.js' },
  { input: 'src/widgets/badge-display.js', file: 'dist/widgets/badge-display.js' },
];

// The reference server offers polling and WebSocket only (WebTransport needs HTTP/3) and @tori/core asks for just
// those two: engine.io-client's transport table is built without WebTransport, and polls with fetch() rather than
// XMLHttpRequest (same protocol, a third of the code), so neither of the unused transports is bundled.
const TRANSPORT_TABLE = /engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/;
const XHR_TRANSPORT = /engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]polling-xhr(\.node)?\.js$/;
const leanTransports = () => ({
  name: 'tori-lean-transports',
  load(id) {
    if (!TRANSPORT_TABLE.test(id)) return null;
    return `import { Fetch } from './polling-fetch.js';
import { WS } from './websocket.js';
export const transports = { websocket: WS, polling: Fetch };`;
  },
  // Its only top-level work probes XMLHttpRequest; unused, it may be dropped like any pure module.
  transform(code, id) {
    return XHR_TRANSPORT.test(id) ? { code, moduleSideEffects: false } : null;
  },
});

// Tori's server and client exchange JSON only: socket.io-parser's support for Buffers, Blobs and ArrayBuffers inside
// events (finding them, cutting them out as attachments, putting them back) is replaced by a refusal, so a binary
// packet is a parse error (the socket reconnects) rather than code every phone downloads and never runs.
const PARSER_BINARY = /socket\.io-parser[\\/]build[\\/]esm[\\/](is-)?binary\.js$/;
const jsonOnlyParser = () => ({
  name: 'tori-json-only-parser',
  load(id) {
    if (!PARSER_BINARY.test(id)) return null;
    return id.endsWith('is-binary.js')
      ? 'export const isBinary = () => false;\nexport const hasBinary = () => false;'
      : `const refuse = () => { throw new Error('Tori sends no binary data over socket.io'); };
export const deconstructPacket = refuse;
export const reconstructPacket = refuse;`;
  },
});

// The same below socket.io: engine.io-parser's packets are strings only, so a binary frame (which the JSON-only parser
// above never asks for) is a parse error, and the base64 codec and Blob/ArrayBuffer branches behind it are not bundled.
const ENGINE_PACKET = /engine\.io-parser[\\/]build[\\/]esm[\\/](en|de)codePacket\.browser\.js$/;
const textOnlyPackets = () => ({
  name: 'tori-text-only-packets',
  load(id) {
    const match = ENGINE_PACKET.exec(id);
    if (!match) return null;
    return match[1] === 'de'
      ? `import { ERROR_PACKET, PACKET_TYPES_REVERSE } from './commons.js';
export const decodePacket = (packet) => {
  const type = typeof packet === 'string' && PACKET_TYPES_REVERSE[packet[0]];
  return !type ? ERROR_PACKET : packet.length > 1 ? { type, data: packet.slice(1) } : { type };
};`
      : `import { PACKET_TYPES } from './commons.js';
export const encodePacket = ({ type, data }, _binary, send) => {
  if (data != null && typeof data !== 'string') throw new Error('Tori sends no binary data over socket.io');
  return send(PACKET_TYPES[type] + (data ?? ''));
};
export const encodePacketToBinary = (packet, send) => encodePacket(packet, false, (text) => send(new TextEncoder().encode(text)));`;
  },
});

// Chromium keeps a failed import() for the page's life, so a chunk that could not load once (offline, say) would never
// load: a second attempt asks for it under a fresh address, and "Try again" reaches the network.
const retryableImports = () => ({
  name: 'tori-retryable-imports',
  renderDynamicImport({ targetChunk }) {
    return targetChunk ? { left: '((url) => import(url).catch(() => import(`${url}?retry=${Date.now()}`)))(', right: ')' } : null;
  },
});

/** The plugins of every bundle; the size benchmark builds its floors with the same ones. */
export const bundlePlugins = (resolveFrom) => [
  // `browser: true` picks socket.io-client's browser build, which leaves out the Node `debug` module.
  leanTransports(),
  jsonOnlyParser(),
  textOnlyPackets(),
  retryableImports(),
  nodeResolve({ browser: true, rootDir: resolveFrom }),
  // Collapses whitespace inside html`` and css`` templates, which terser leaves as they are.
  minifyHtmlLiterals(),
  // ES2022 as the bundles already use class fields and #private; a third pass finds a few more bytes than two.
  terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
];

/**
 * Lit's css`` only builds a style sheet, so styles no element of a bundle uses may be left out (the shared widget
 * styles in a duel-only bundle, say). Rollup cannot tell by itself; it matches the local name, which tsup numbers
 * (`css2`, `css3`…) where one file of a package imports it several times.
 */
export const treeshake = { manualPureFunctions: ['css', ...Array.from({ length: 8 }, (_, i) => `css${i + 2}`)] };

// Chunks are named by their content, so each build leaves new files: the first bundle starts from an empty chunks/.
const freshChunks = () => ({
  name: 'tori-fresh-chunks',
  buildStart() {
    rmSync(new URL('dist/chunks', import.meta.url), { recursive: true, force: true });
  },
});

export default bundles.map(({ input, file }, index) => ({
  input,
  output: {
    dir: 'dist',
    entryFileNames: file.replace(/^dist\//, ''),
    // What only some views load on demand (the duel's forms and results, the QR encoder) is a file of its own, named by its content:
    // every bundle that imports it refers to the same file, which may be cached for good.
    // (`[name]` without the hash tsup gave the module, so a chunk keeps its name across releases.)
    chunkFileNames: (chunk) => `chunks/${chunk.name.replace(/-[A-Z0-9]{8}$/, '')}.[hash].js`,
    format: 'es',
    sourcemap: true,
  },
  // The entry may export what its chunks import from it (minified names), rather than becoming a facade that
  // re-exports from a second file and costs every page one more request before anything shows.
  preserveEntrySignatures: 'allow-extension',
  plugins: index === 0 ? [freshChunks(), ...bundlePlugins()] : bundlePlugins(),
  treeshake,
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
}));
