import { expect } from '@open-wc/testing';
import { coreMessages, defineMessages, toLocale } from './i18n.js';

describe('i18n', () => {
  const en = { hello: 'Hello', ideas: (n: number) => (n === 1 ? '1 idea' : `${n} ideas`) };
  const t = defineMessages<typeof en>({
    fi: { hello: 'Hei', ideas: (n: number) => (n === 1 ? '1 idea' : `${n} ideaa`) },
    sv: { hello: 'Hej', ideas: (n: number) => (n === 1 ? '1 idé' : `${n} idéer`) },
    en,
  });

  it('translates plain messages and messages with parameters', () => {
    expect(t('fi', 'hello')).to.equal('Hei');
    expect(t('sv', 'ideas', 3)).to.equal('3 idéer');
    expect(t('en', 'ideas', 1)).to.equal('1 idea');
  });

  it('falls back to English for a key missing at run time', () => {
    const partial = defineMessages({ fi: {} as typeof en, sv: en, en });
    expect(partial('fi', 'hello')).to.equal('Hello');
  });

  it('turns language tags into locales', () => {
    expect(toLocale('fi-FI')).to.equal('fi');
    expect(toLocale('SV')).to.equal('sv');
    expect(toLocale('sv_AX')).to.equal('sv');
    expect(toLocale('de')).to.equal('en');
    expect(toLocale('')).to.equal('en');
    expect(toLocale(undefined)).to.equal('en');
  });

  it('counts queued votes in every language', () => {
    expect(coreMessages('en', 'queuedAnswers', 1)).to.equal('1 vote waiting to be sent');
    expect(coreMessages('en', 'queuedAnswers', 2)).to.equal('2 votes waiting to be sent');
    expect(coreMessages('fi', 'queuedAnswers', 1)).to.equal('1 ääni odottaa lähettämistä');
    expect(coreMessages('fi', 'queuedAnswers', 4)).to.equal('4 ääntä odottaa lähettämistä');
    expect(coreMessages('sv', 'queuedAnswers', 1)).to.equal('1 röst väntar på att skickas');
    expect(coreMessages('sv', 'queuedAnswers', 5)).to.equal('5 röster väntar på att skickas');
  });

  it('has every core message in every language', () => {
    for (const key of ['offline', 'reconnecting', 'tryAgain', 'somethingWentWrong', 'loading'] as const) {
      const texts = (['fi', 'sv', 'en'] as const).map((locale) => coreMessages(locale, key));
      expect(new Set(texts).size, key).to.equal(3);
    }
  });
});
