/**
 * The join code as DOM: a QR code of the page's address and the address in short. Imported on demand by
 * `JoinCodeController`, so the QR encoder reaches projectors only, never participants' phones.
 */
import { correction, generate } from 'lean-qr';

const SVG = 'http://www.w3.org/2000/svg';

/** The address as a person types it: no scheme, no `www.`, no trailing slash, e.g. `hel.fi/strategia`. */
export function shortAddress(address: string): string {
  const url = new URL(address);
  return `${url.host.replace(/^www\./, '')}${`${url.pathname}${url.search}${url.hash}`.replace(/\/$/, '')}`;
}

/** One SVG path of the code's dark modules, on a `size` × `size` grid (quiet zone not included). */
export function qrPath(text: string): { size: number; path: string } {
  // Medium error correction: a projected code is read across a hall despite glare and a low-resolution camera.
  const code = generate(text, { minCorrectionLevel: correction.M });
  let path = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) if (code.get(x, y)) path += `M${x} ${y}h1v1h-1z`;
  }
  return { size: code.size, path };
}

/** `<figure part="join">` with the code (`part="join-code"`) and "Take part at hel.fi/strategia". */
export function joinCodeFigure(address: string, takePartAt: string, label: (short: string) => string): HTMLElement {
  const short = shortAddress(address);
  const { size, path } = qrPath(address);
  // Four modules of quiet zone, black on white whatever the theme: phone cameras read that best.
  const side = size + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('part', 'join-code');
  svg.setAttribute('viewBox', `-4 -4 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label(short));
  // Built node by node, not through innerHTML, so pages that enforce Trusted Types draw it too.
  const background = document.createElementNS(SVG, 'rect');
  const box: [string, string][] = [['x', '-4'], ['y', '-4'], ['width', `${side}`], ['height', `${side}`], ['fill', '#fff']];
  for (const [name, value] of box) background.setAttribute(name, value);
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('fill', '#000');
  modules.setAttribute('d', path);
  svg.append(background, modules);
  const figure = document.createElement('figure');
  figure.setAttribute('part', 'join');
  figure.className = 'join';
  const caption = document.createElement('figcaption');
  const strong = document.createElement('strong');
  strong.textContent = short;
  caption.append(`${takePartAt} `, strong);
  figure.append(svg, caption);
  return figure;
}
