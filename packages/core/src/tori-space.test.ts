import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from './client.js';
import { ConnectedElement } from './connected-element.js';
import type { ToriClient } from './contracts.js';
import { setDefaultServer } from './default-server.js';
import './define.js';
import { createFixtureClient } from './fixtures.js';
import { ToriSpace } from './tori-space.js';

class SpaceProbe extends ConnectedElement {
  seen: { client: ToriClient | undefined; spaceId: string | undefined }[] = [];
  protected override connectionChanged(): void {
    this.seen.push({ client: this.toriClient, spaceId: this.spaceId });
  }
}
SpaceProbe.define('space-probe');

const settle = async (el: Element) => {
  await new Promise((resolve) => setTimeout(resolve));
  await (el as SpaceProbe).updateComplete;
};

describe('<tori-space>', () => {
  afterEach(() => setDefaultServer(undefined));

  it('hands its client and space to a nested widget', async () => {
    const client = createFixtureClient();
    const space = await fixture<ToriSpace>(
      html`<tori-space .client=${client} space="strategy"><div><space-probe></space-probe></div></tori-space>`,
    );
    const probe = space.querySelector<SpaceProbe>('space-probe')!;
    await settle(probe);
    expect(probe.toriClient).to.equal(client);
    expect(probe.spaceId).to.equal('strategy');
    expect(probe.seen).to.deep.equal([{ client, spaceId: 'strategy' }]);
    expect(getComputedStyle(space).display).to.equal('contents');
  });

  it('tells the widget when the space changes', async () => {
    const client = createFixtureClient();
    const space = await fixture<ToriSpace>(html`<tori-space .client=${client} space="a"><space-probe></space-probe></tori-space>`);
    const probe = space.querySelector<SpaceProbe>('space-probe')!;
    await settle(probe);
    space.space = 'b';
    await space.updateComplete;
    await settle(probe);
    expect(probe.seen.map((seen) => seen.spaceId)).to.deep.equal(['a', 'b']);
  });

  it("lets the widget's own attributes win", async () => {
    const client = createFixtureClient();
    const space = await fixture<ToriSpace>(
      html`<tori-space .client=${client} space="a"><space-probe space="own" server="https://own.example"></space-probe></tori-space>`,
    );
    const probe = space.querySelector<SpaceProbe>('space-probe')!;
    await settle(probe);
    expect(probe.spaceId).to.equal('own');
    expect(probe.toriClient).to.equal(createClient('https://own.example/'));
    expect(probe.toriClient!.server).to.equal('https://own.example');
  });

  it('reaches widgets that were upgraded before it', async () => {
    const client = createFixtureClient();
    const wrapper = await fixture(html`<late-space space="late"><space-probe></space-probe></late-space>`);
    const late = wrapper as ToriSpace;
    const probe = wrapper.querySelector<SpaceProbe>('space-probe')!;
    await settle(probe);
    expect(probe.spaceId).to.equal(undefined);
    expect(probe.seen).to.deep.equal([]);
    ToriSpace.define('late-space');
    late.client = client;
    await late.updateComplete;
    await settle(probe);
    expect(probe.seen).to.deep.equal([{ client, spaceId: 'late' }]);
  });

  it("uses the script tag's server when nothing else is set", async () => {
    setDefaultServer('https://tori.example');
    const probe = await fixture<SpaceProbe>(html`<space-probe space="demo"></space-probe>`);
    await settle(probe);
    expect(probe.toriClient?.server).to.equal('https://tori.example');
    expect(probe.seen).to.have.length(1);
  });

  it('is accessible', async () => {
    const space = await fixture<ToriSpace>(
      html`<tori-space .client=${createFixtureClient()} space="a"><p>Content</p></tori-space>`,
    );
    await expect(space).to.be.accessible();
  });
});
