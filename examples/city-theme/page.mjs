// Kuusijärvi's own page, as its CMS renders it: the site's stylesheet, one script tag for Tori, neighbours in
// Arabic (right to left), and a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'.
// `TORI_SERVER=https://osallistu.example.fi TORI_SPACE=demo node page.mjs` serves it on http://localhost:3000/.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const escape = (text) => String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]);
const stylesheet = readFileSync(fileURLToPath(new URL('public/city.css', import.meta.url)));

/** The policy a careful city sets: scripts and connections to its own origin and the Tori server only. */
export function contentSecurityPolicy(toriUrl) {
  const tori = new URL(toriUrl);
  const socket = `${tori.protocol === 'https:' ? 'wss' : 'ws'}://${tori.host}`;
  return [
    "default-src 'none'",
    `script-src ${tori.origin}`,
    `connect-src ${tori.origin} ${socket}`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** @param {{ toriUrl: string, space: string, joinUrl?: string }} options */
export function renderPage({ toriUrl, space, joinUrl = 'https://www.kuusijarvi.example/strategia' }) {
  const tori = escape(toriUrl);
  return `<!doctype html>
<html lang="fi">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Kaupunkistrategia – Kuusijärven kaupunki</title>
    <link rel="stylesheet" href="/city.css">
    <script type="module" src="${tori}/tori.js"></script>
  </head>
  <body>
    <header class="site-header"><a href="/">Kuusijärven kaupunki</a></header>
    <main>
      <div>
        <h1>Kaupunkistrategia 2027–2030</h1>
        <section aria-labelledby="duel-heading">
          <h2 id="duel-heading">Äänestä</h2>
          <tori-space server="${tori}" space="${escape(space)}">
            <idea-duel heading-level="3"></idea-duel>
          </tori-space>
        </section>
        <section aria-labelledby="board-heading">
          <h2 id="board-heading">Ideat</h2>
          <idea-board server="${tori}" space="${escape(space)}" heading-level="3"></idea-board>
        </section>
      </div>
      <aside lang="ar" dir="rtl" aria-labelledby="ar-heading">
        <h2 id="ar-heading">استراتيجية المدينة</h2>
        <p>شارك في اختيار المواضيع الأهم للفترة القادمة. يمكنك التصويت دون تسجيل.</p>
      </aside>
      <section class="projector" aria-label="Tulokset">
        <idea-duel server="${tori}" space="${escape(space)}" mode="results" heading-level="2" join-url="${escape(joinUrl)}"></idea-duel>
      </section>
    </main>
  </body>
</html>
`;
}

/** The page at `/` with its policy, and the site's stylesheet at `/city.css`. */
export function cityHandler({ toriUrl, space, joinUrl }) {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/city.css') return response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(stylesheet);
    if (path !== '/') return response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy(toriUrl) })
      .end(renderPage({ toriUrl, space, joinUrl }));
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const toriUrl = process.env.TORI_SERVER ?? 'http://localhost:8787';
  const space = process.env.TORI_SPACE ?? 'demo';
  const port = Number(process.env.PORT ?? 3000);
  createServer(cityHandler({ toriUrl, space })).listen(port, () =>
    console.log(`http://localhost:${port}/ (Tori server ${toriUrl}, space ${space})`),
  );
}
