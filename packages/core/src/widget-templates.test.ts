import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { heading, headingLevelOf, statusLine } from './widget-templates.js';

describe('widget templates', () => {
  it('headingLevelOf: a whole level from 1 to 6, 2 for what is not a level', () => {
    const asked = [3, 2.6, -3, 9, 0, NaN];
    expect(asked.map(headingLevelOf)).to.deep.equal([3, 3, 1, 6, 2, 2]);
  });

  it('heading: the level the page asks for, kept within 1–6, focusable by script unless told otherwise', async () => {
    const el = await fixture<HTMLElement>(html`<section>
      ${heading('one', 'Which matters more?', 3, 'question')} ${heading('two', 'Ideas', 4, undefined, 'subheading', false)}
    </section>`);
    const [first, second] = [...el.querySelectorAll<HTMLElement>('[role=heading]')];
    expect(first!.getAttribute('aria-level')).to.equal('3');
    expect(first!.getAttribute('part')).to.equal('question');
    expect(first!.className).to.equal('heading');
    expect(first!.tabIndex).to.equal(-1);
    expect(first!.textContent!.trim()).to.equal('Which matters more?');
    expect(second!.getAttribute('aria-level')).to.equal('4');
    expect(second!.hasAttribute('part')).to.equal(false);
    expect(second!.className).to.equal('subheading');
    expect(second!.hasAttribute('tabindex')).to.equal(false);
    await expect(el).to.be.accessible();
    const deep = await fixture<HTMLElement>(html`<div>${heading('deep', 'Notes', 9)}</div>`);
    expect(deep.querySelector('[role=heading]')!.getAttribute('aria-level')).to.equal('6');
  });

  it('statusLine: a status part, a banner when asked', async () => {
    const el = await fixture<HTMLElement>(html`<div>${statusLine('Loading…')}${statusLine('Offline', true)}</div>`);
    const [plain, banner] = [...el.querySelectorAll('[part=status]')];
    expect(plain!.textContent).to.equal('Loading…');
    expect(plain!.hasAttribute('class')).to.equal(false);
    expect(banner!.className).to.equal('banner');
  });
});
