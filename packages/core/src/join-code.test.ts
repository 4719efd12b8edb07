import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { JoinCodeController, joinAddress, joinCodeStyles } from './join-code.js';
import { joinCodeFigure, shortAddress } from './join-code-figure.js';

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** jsQR, the decoder phone apps are built on, loaded as the classic script it ships as. */
async function decoder(): Promise<Decode> {
  const global = globalThis as unknown as { jsQR?: Decode };
  if (!global.jsQR) {
    const script = document.createElement('script');
    script.src = '/node_modules/jsqr/dist/jsQR.js';
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
    });
    document.head.append(script);
    await loaded;
  }
  return global.jsQR!;
}

/** What a camera reads off the figure's SVG, drawn at a projector-like size. */
async function scan(figure: HTMLElement): Promise<string | undefined> {
  const svg = figure.querySelector('svg')!.cloneNode(true) as SVGSVGElement;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('width', '400');
  svg.setAttribute('height', '400');
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 400;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, 400, 400);
  const { data } = context.getImageData(0, 0, 400, 400);
  return (await decoder())(data, 400, 400)?.data;
}

class JoinCodeHost extends LitElement {
  static override styles = joinCodeStyles;
  static override properties = { url: {}, caption: {} };
  url: string | undefined;
  caption = 'Take part at';
  readonly code = new JoinCodeController(this);
  override render() {
    this.code.show(this.url, this.caption, (short) => `QR code: ${short}`);
    return html`${this.code.render()}`;
  }
}
customElements.define('join-code-host', JoinCodeHost);

describe('join code', () => {
  it('encodes the address so a camera reads it back', async () => {
    const address = 'https://www.hel.fi/strategia?tila=demo';
    expect(await scan(joinCodeFigure(address, 'Take part at', (short) => short))).to.equal(address);
  });

  it('shows the address in short and names the code for screen readers', () => {
    const figure = joinCodeFigure('https://www.hel.fi/strategia/', 'Osallistu osoitteessa', (short) => `QR-koodi: ${short}`);
    expect(figure.getAttribute('part')).to.equal('join');
    expect(figure.querySelector('figcaption')!.textContent).to.equal('Osallistu osoitteessa hel.fi/strategia');
    const svg = figure.querySelector('svg')!;
    expect(svg.getAttribute('part')).to.equal('join-code');
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('QR-koodi: hel.fi/strategia');
  });

  it('writes an address as a person types it', () => {
    expect(shortAddress('https://www.example.fi/')).to.equal('example.fi');
    expect(shortAddress('http://osallistu.example.fi:8787/kurssi#moduuli-1')).to.equal('osallistu.example.fi:8787/kurssi#moduuli-1');
  });

  it('takes only addresses a phone can open', () => {
    expect(joinAddress('https://hel.fi/a')).to.equal('https://hel.fi/a');
    expect(joinAddress('/strategia')).to.equal(new URL('/strategia', location.href).href);
    expect(joinAddress('javascript:alert(1)')).to.equal(undefined);
    expect(joinAddress('')).to.equal(undefined);
    expect(joinAddress(undefined)).to.equal(undefined);
  });

  it('draws the code once it is made, redraws for a new address, and draws nothing for a bad one', async () => {
    const el = await fixture<JoinCodeHost>(html`<join-code-host url="https://hel.fi/strategia"></join-code-host>`);
    await waitUntil(() => el.shadowRoot!.querySelector('figure'), 'no join code', { timeout: 3_000 });
    expect(await scan(el.shadowRoot!.querySelector('figure')!)).to.equal('https://hel.fi/strategia');
    await expect(el).to.be.accessible();

    el.url = 'https://hel.fi/budjetti';
    await waitUntil(() => el.shadowRoot!.textContent!.includes('hel.fi/budjetti'), 'not redrawn', { timeout: 3_000 });
    el.url = 'ftp://hel.fi/x';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('figure')).to.equal(null);
  });
});
