import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { ToriElement } from './tori-element.js';

class LocaleProbe extends ToriElement {
  renders = 0;
  protected override render() {
    this.renders += 1;
    return litHtml`<span>${this.locale}</span>`;
  }
}
LocaleProbe.define('locale-probe');

/** Puts a probe inside its own shadow root, to check that the locale search crosses it. */
class ShadowHost extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = '<div><locale-probe></locale-probe></div>';
  }
}
customElements.define('shadow-host', ShadowHost);

const pageLang = document.documentElement.lang;
afterEach(() => {
  document.documentElement.lang = pageLang;
});

describe('ToriElement', () => {
  it('emits events that bubble out of shadow roots', async () => {
    const host = await fixture<ShadowHost>(html`<shadow-host></shadow-host>`);
    const probe = host.shadowRoot!.querySelector('locale-probe') as LocaleProbe;
    setTimeout(() => probe.emit('tori-test', { answer: 42 }));
    const event = (await oneEvent(host, 'tori-test')) as CustomEvent<{ answer: number }>;
    expect(event.detail).to.deep.equal({ answer: 42 });
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
  });

  it('returns the event so a caller can see it was cancelled', async () => {
    const el = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
    el.addEventListener('tori-ask', (event) => event.preventDefault());
    const event = el.emit('tori-ask', undefined, { cancelable: true });
    expect(event.defaultPrevented).to.equal(true);
  });

  it('takes its locale from its own lang, primary subtag only', async () => {
    const el = await fixture<LocaleProbe>(html`<locale-probe lang="sv-FI"></locale-probe>`);
    expect(el.locale).to.equal('sv');
    expect(el.shadowRoot!.textContent).to.equal('sv');
  });

  it('takes its locale from the closest lang ancestor', async () => {
    const wrapper = await fixture(html`<div lang="fi"><section><locale-probe></locale-probe></section></div>`);
    expect(wrapper.querySelector<LocaleProbe>('locale-probe')!.locale).to.equal('fi');
  });

  it('finds the lang of a shadow host', async () => {
    const host = await fixture<ShadowHost>(html`<shadow-host lang="sv"></shadow-host>`);
    expect((host.shadowRoot!.querySelector('locale-probe') as LocaleProbe).locale).to.equal('sv');
  });

  it('falls back to the page language, then English', async () => {
    document.documentElement.lang = 'fi';
    const el = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
    expect(el.locale).to.equal('fi');
    document.documentElement.lang = 'de';
    expect(el.locale).to.equal('en');
    el.lang = 'xx';
    expect(el.locale).to.equal('en');
  });

  it('re-renders when the page language changes', async () => {
    document.documentElement.lang = 'en';
    const el = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('en');
    document.documentElement.lang = 'sv';
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('sv');
  });

  it('re-renders when an ancestor lang changes, and only when its locale changed', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fi"><locale-probe></locale-probe></div>`);
    const el = wrapper.querySelector<LocaleProbe>('locale-probe')!;
    const renders = el.renders;
    wrapper.lang = 'fi-FI';
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.renders).to.equal(renders);
    wrapper.lang = 'sv';
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('sv');
  });

  it('defines harmlessly twice, and quietly when the name belongs to another class', () => {
    class Other extends ToriElement {}
    expect(() => LocaleProbe.define('locale-probe')).not.to.throw();
    expect(() => Other.define('locale-probe')).not.to.throw();
    expect(customElements.get('locale-probe')).to.equal(LocaleProbe);
  });

  it('registers one class under a second name too', () => {
    LocaleProbe.define('locale-probe-again');
    const el = document.createElement('locale-probe-again');
    expect(el).to.be.instanceOf(LocaleProbe);
  });

  it('is accessible', async () => {
    const el = await fixture<LocaleProbe>(html`<locale-probe lang="fi"></locale-probe>`);
    await expect(el).to.be.accessible();
  });
});
