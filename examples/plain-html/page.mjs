// A city's own page, rendered on its server: plain HTML with the widget's tag and one script tag for the bundle.
// `TORI_SERVER=https://osallistu.example.fi TORI_SPACE=demo node page.mjs` serves it on http://localhost:3000/.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const escape = (text) => String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * The page's HTML. `bundles` lists the script-tag bundles to load (normally one; the test loads two copies).
 * @param {{ toriUrl: string, space: string, lang?: string, headingLevel?: number, mode?: string, bundles?: string[] }} options
 */
export function renderPage({ toriUrl, space, lang = 'fi', headingLevel = 2, mode = 'vote', bundles = ['widgets/idea-duel.js'] }) {
  const scripts = bundles.map((bundle) => `<script type="module" src="${escape(new URL(bundle, `${toriUrl}/`).href)}"></script>`).join('\n    ');
  return `<!doctype html>
<html lang="${escape(lang)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Kaupunkistrategia 2027–2030</title>
    ${scripts}
  </head>
  <body>
    <main>
      <h1>Kaupunkistrategia 2027–2030</h1>
      <idea-duel server="${escape(toriUrl)}" space="${escape(space)}" heading-level="${Number(headingLevel)}" mode="${escape(mode)}">
        <p>Äänestys tarvitsee JavaScriptin.</p>
      </idea-duel>
      <p role="status" id="thanks"></p>
    </main>
    <script>
      // The page's own script: tori-* events bubble out of the element to the document.
      let votes = 0;
      document.addEventListener('tori-vote', (event) => {
        votes += 1;
        document.getElementById('thanks').textContent = 'Kiitos! Ääniä tältä sivulta: ' + votes + ' (' + event.detail.winnerId + ')';
      });
    </script>
  </body>
</html>
`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const toriUrl = process.env.TORI_SERVER ?? 'http://localhost:8787';
  const space = process.env.TORI_SPACE ?? 'demo';
  const port = Number(process.env.PORT ?? 3000);
  createServer((request, response) => {
    if (new URL(request.url, 'http://x').pathname !== '/') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderPage({ toriUrl, space }));
  }).listen(port, () => console.log(`http://localhost:${port}/ (Tori server ${toriUrl}, space ${space})`));
}
