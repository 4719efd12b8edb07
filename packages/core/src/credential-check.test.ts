import { expect } from '@open-wc/testing';
import { exportSPKI, generateKeyPair, CompactSign } from 'jose';
import { BadgeIssuer, json } from './badge-issuer.js';
import { checkCredential, readCredential, type CheckName, type CredentialReport, type FetchedDocument } from './credential-check.js';

const ACHIEVEMENT = {
  name: 'Yhdistystoiminnan perusteet',
  description: 'Tuntee yhdistyksen toiminnan perusteet.',
  criteria: 'Pohdi viittä moduulia ja keskustele.',
  image: 'https://tori.example.fi/badges/perusteet.svg',
};
const DAY = 86_400_000;

const issuer = new BadgeIssuer({ origin: 'https://tori.example.fi', name: 'Kylät yhdessä ry', spaceId: 'kurssi' });
/** Another issuer whose key must never count as the first one's. */
const stranger = new BadgeIssuer({ origin: 'https://muualla.example.com', name: 'Joku muu' });
/** Documents other than the issuers' own, by address. */
let extra: Map<string, FetchedDocument | 'unreachable'>;
let fetched: string[];

async function fetchDocument(url: string): Promise<FetchedDocument> {
  fetched.push(url);
  const own = extra.get(url.split('#')[0]!);
  if (own === 'unreachable') throw new TypeError('Failed to fetch');
  if (own) return own;
  const answer = (await issuer.answer(url)) ?? (await stranger.answer(url));
  if (!answer) throw new TypeError('Failed to fetch');
  return answer;
}

const check = (input: unknown, now?: Date) => checkCredential(input, { fetch: fetchDocument, ...(now && { now }) });
const outcome = (report: CredentialReport, name: CheckName) => report.checks.find((entry) => entry.name === name);

/** The JWT with one character of its payload changed, where it changes the credential's name. */
function oneByteChanged(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const decoded = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const at = decoded.indexOf('Yhdistys');
  const changed = decoded.slice(0, at) + 'y' + decoded.slice(at + 1);
  const encoded = btoa(changed).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${header}.${encoded}.${signature}`;
}

describe('checkCredential', () => {
  beforeEach(() => {
    extra = new Map();
    fetched = [];
  });

  it('verifies a credential as the reference server issues it: every check passes', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT, holderName: 'Aino Virtanen', evidence: ['Pohti 5/6 moduulia'] });
    const report = await check(jwt);
    expect(report.verdict).to.equal('verified');
    expect(report.ok).to.equal(true);
    expect(report.format).to.equal('ob3-jwt');
    expect(report.checks.map((entry) => [entry.name, entry.outcome, entry.reason])).to.deep.equal([
      ['format', 'passed', 'ob3'],
      ['signature', 'passed', 'valid'],
      ['issuer', 'passed', 'same_origin'],
      ['validFrom', 'passed', 'started'],
      ['validUntil', 'passed', 'no_end'],
      ['status', 'passed', 'active'],
    ]);
    expect(report.display).to.include({ name: ACHIEVEMENT.name, issuerName: 'Kylät yhdessä ry', recipient: 'Aino Virtanen', image: ACHIEVEMENT.image });
    expect(report.display!.evidence).to.deep.equal(['Pohti 5/6 moduulia']);
    expect(fetched).to.include('https://tori.example.fi/.well-known/jwks.json');
    expect(fetched).to.include(issuer.statusListUrl);
  });

  it('fails the signature when one byte of the credential changed', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const tampered = oneByteChanged(jwt);
    expect(tampered).not.to.equal(jwt);
    const report = await check(tampered);
    expect(report.verdict).to.equal('failed');
    expect(outcome(report, 'signature')).to.include({ outcome: 'failed', reason: 'invalid' });
    // The tampered name is still shown, beside the failed signature: the person sees what they were given.
    expect(report.credential!.name).to.equal('yhdistystoiminnan perusteet');
  });

  it('fails the signature of a credential signed with another key under the issuer’s kid', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = await stranger.sign(payload, { kid: await issuer.kid() });
    const report = await check(forged);
    expect(outcome(report, 'signature')).to.include({ outcome: 'failed', reason: 'invalid' });
    expect(report.verdict).to.equal('failed');
  });

  it('fails a key the issuer does not publish', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = await stranger.sign(payload, { kid: `${issuer.jwksUrl}#not-a-key-of-theirs` });
    expect(outcome(await check(forged), 'signature')).to.include({ outcome: 'failed', reason: 'key_not_found' });
  });

  it('fails the issuer check when the key is on another origin than the issuer', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    // A valid signature, by a key the issuer never published: it proves only that the stranger signed it.
    const report = await check(await stranger.sign(payload));
    expect(outcome(report, 'signature')).to.include({ outcome: 'passed' });
    expect(outcome(report, 'issuer')).to.include({ outcome: 'failed', reason: 'foreign_key', detail: 'https://muualla.example.com' });
    expect(report.verdict).to.equal('failed');
  });

  it('says an embedded jwk proves nothing about the issuer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { exportJWK } = await import('jose');
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const payload = jwt.split('.')[1]!;
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const embedded = await new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) }).sign(privateKey);
    const report = await check(embedded);
    expect(outcome(report, 'signature')).to.include({ outcome: 'passed' });
    expect(outcome(report, 'issuer')).to.include({ outcome: 'not_checked', reason: 'embedded_key' });
    expect(report.verdict).to.equal('incomplete');
  });

  it('fails an expired credential and one not valid yet', async () => {
    const expired = await issuer.issue({ achievement: ACHIEVEMENT, validFrom: new Date(Date.now() - 400 * DAY), validUntil: new Date(Date.now() - DAY) });
    const report = await check(expired.jwt);
    expect(outcome(report, 'validUntil')).to.include({ outcome: 'failed', reason: 'expired' });
    expect(outcome(report, 'signature')).to.include({ outcome: 'passed' });
    expect(report.verdict).to.equal('failed');
    const early = await issuer.issue({ achievement: ACHIEVEMENT, validFrom: new Date(Date.now() + 2 * DAY) });
    expect(outcome(await check(early.jwt), 'validFrom')).to.include({ outcome: 'failed', reason: 'not_yet_valid' });
    // The same credential is fine once its time has come.
    expect((await check(early.jwt, new Date(Date.now() + 3 * DAY))).verdict).to.equal('verified');
  });

  it('fails a revoked credential through the status list, and only that one', async () => {
    const kept = await issuer.issue({ achievement: ACHIEVEMENT });
    const revoked = await issuer.issue({ achievement: ACHIEVEMENT });
    issuer.revoke(revoked.statusIndex);
    expect(outcome(await check(revoked.jwt), 'status')).to.include({ outcome: 'failed', reason: 'revoked' });
    expect(outcome(await check(kept.jwt), 'status')).to.include({ outcome: 'passed', reason: 'active' });
  });

  it('fails the status when the status list is not signed by the issuer', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    const forgedList = await issuer.statusList((payload) => stranger.sign(payload, { kid: `${issuer.jwksUrl}#x` }));
    extra.set(issuer.statusListUrl, { status: 200, contentType: 'application/vc+jwt', text: forgedList });
    expect(outcome(await check(jwt), 'status')).to.include({ outcome: 'failed', reason: 'list_bad_signature' });
    const strangersList = await issuer.statusList((payload) => stranger.sign(payload));
    extra.set(issuer.statusListUrl, { status: 200, contentType: 'application/vc+jwt', text: strangersList });
    expect(outcome(await check(jwt), 'status')).to.include({ outcome: 'failed', reason: 'list_bad_signature' });
  });

  it('reports what could not be fetched as not checked, not as failed', async () => {
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT });
    extra.set(issuer.jwksUrl, 'unreachable');
    extra.set(issuer.statusListUrl, 'unreachable');
    const report = await check(jwt);
    expect(outcome(report, 'signature')).to.include({ outcome: 'not_checked', reason: 'key_unreachable' });
    expect(outcome(report, 'issuer')).to.include({ outcome: 'not_checked' });
    expect(outcome(report, 'status')).to.include({ outcome: 'not_checked', reason: 'status_unreachable' });
    expect(report.verdict).to.equal('incomplete');
  });

  it('fails malformed input with a reason, and a credential whose claims disagree with it', async () => {
    for (const input of ['', 'hello', '{"a":', 42, null, { name: 'x' }]) {
      const report = await check(input);
      expect(report.verdict, String(input)).to.equal('failed');
      expect(outcome(report, 'format')).to.include({ outcome: 'failed', reason: 'malformed' });
    }
    const { jwt } = await issuer.issue({ achievement: ACHIEVEMENT, patch: (payload) => void (payload.iss = 'https://tori.example.fi/other') });
    const report = await check(jwt);
    expect(outcome(report, 'format')).to.include({ outcome: 'failed', detail: 'iss is not the issuer' });
    const noContext = await issuer.issue({ achievement: ACHIEVEMENT, patch: (payload) => void (payload['@context'] = ['https://www.w3.org/ns/credentials/v2']) });
    expect(outcome(await check(noContext.jwt), 'format')).to.include({ outcome: 'failed', detail: 'the Open Badges 3.0 @context is missing' });
  });

  it('checks what it can of a JSON credential with a Data Integrity proof', async () => {
    const { credential } = await issuer.issue({ achievement: ACHIEVEMENT });
    const signed = { ...credential, proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z58DAdFfa9' } };
    const report = await check(JSON.stringify(signed));
    expect(report.format).to.equal('ob3-json');
    expect(outcome(report, 'signature')).to.include({ outcome: 'not_checked', reason: 'data_integrity', detail: 'eddsa-rdfc-2022' });
    expect(outcome(report, 'validFrom')).to.include({ outcome: 'passed' });
    expect(outcome(report, 'status')).to.include({ outcome: 'passed' });
    expect(report.verdict).to.equal('incomplete');
    expect(outcome(await check(credential), 'signature')).to.include({ outcome: 'failed', reason: 'no_proof' });
  });

  describe('Open Badges 2.0', () => {
    const assertion = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: 'https://merkit.example.org/assertions/1',
      recipient: { type: 'email', hashed: true, identity: 'sha256$abc' },
      badge: 'https://merkit.example.org/badges/1',
      verification: { type: 'hosted' },
      issuedOn: '2025-03-01T10:00:00Z',
    };
    const badge = { id: 'https://merkit.example.org/badges/1', type: 'BadgeClass', name: 'Kestävä kehitys', description: 'Kurssi', image: 'https://merkit.example.org/b.png', criteria: { narrative: 'Tee tehtävät' }, issuer: 'https://merkit.example.org/issuer' };
    const profile = { id: 'https://merkit.example.org/issuer', type: 'Issuer', name: 'Merkkiopisto', url: 'https://merkit.example.org' };

    beforeEach(() => {
      extra.set(badge.id, json(badge));
      extra.set(profile.id, json(profile));
    });

    it('verifies a hosted assertion against the one its issuer serves, and says it has no signature', async () => {
      extra.set(assertion.id, json(assertion));
      const report = await check(JSON.stringify(assertion));
      expect(report.format).to.equal('ob2-hosted');
      expect(outcome(report, 'hosted')).to.include({ outcome: 'passed', reason: 'matches' });
      expect(outcome(report, 'signature')).to.include({ outcome: 'not_checked', reason: 'hosted' });
      expect(outcome(report, 'issuer')).to.include({ outcome: 'passed' });
      expect(report.verdict).to.equal('verified');
      expect(report.display).to.include({ name: 'Kestävä kehitys', issuerName: 'Merkkiopisto', issuedAt: '2025-03-01T10:00:00Z' });
    });

    it('fails a hosted assertion changed from its issuer’s copy, a revoked one and an expired one', async () => {
      extra.set(assertion.id, json(assertion));
      expect(outcome(await check({ ...assertion, issuedOn: '2024-01-01T00:00:00Z' }), 'hosted')).to.include({ outcome: 'failed', reason: 'differs' });
      extra.set(assertion.id, json({ ...assertion, revoked: true, revocationReason: 'Myönnetty virheellisesti' }));
      expect(outcome(await check(JSON.stringify({ ...assertion, revoked: true, revocationReason: 'Myönnetty virheellisesti' })), 'status')).to.include({
        outcome: 'failed',
        reason: 'revoked',
        detail: 'Myönnetty virheellisesti',
      });
      extra.set(assertion.id, json(null, 410));
      expect(outcome(await check(assertion), 'status')).to.include({ outcome: 'failed', reason: 'revoked' });
      const expiring = { ...assertion, expires: '2025-04-01T00:00:00Z' };
      extra.set(assertion.id, json(expiring));
      expect(outcome(await check(expiring), 'validUntil')).to.include({ outcome: 'failed', reason: 'expired' });
    });

    it('fails a hosted assertion served from another origin than its issuer', async () => {
      const elsewhere = { ...assertion, id: 'https://muualla.example.com/a/1' };
      extra.set(elsewhere.id, json(elsewhere));
      expect(outcome(await check(elsewhere), 'issuer')).to.include({ outcome: 'failed', reason: 'foreign_key' });
    });

    it('verifies a signed assertion with the issuer’s public key, and fails it with another key', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const keyUrl = 'https://merkit.example.org/keys/1';
      extra.set(keyUrl, json({ '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: keyUrl, publicKeyPem: await exportSPKI(publicKey) }));
      const signedAssertion = { ...assertion, verification: { type: 'signed', creator: keyUrl } };
      const sign = (key: CryptoKey) => new CompactSign(new TextEncoder().encode(JSON.stringify(signedAssertion))).setProtectedHeader({ alg: 'RS256' }).sign(key);
      const jws = await sign(privateKey);
      expect(readCredential(jws).format).to.equal('ob2-signed');
      const report = await check(jws);
      expect(outcome(report, 'signature')).to.include({ outcome: 'passed' });
      expect(outcome(report, 'issuer')).to.include({ outcome: 'passed' });
      const other = await generateKeyPair('RS256');
      expect(outcome(await check(await sign(other.privateKey)), 'signature')).to.include({ outcome: 'failed', reason: 'invalid' });
    });
  });
});
