import { newTestWallet } from '../../../../test/support/test-wallet';
import { verifyDidAuthentication } from './did-authentication';

describe('DID Authentication of a wallet', () => {
  const request = { challenge: 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff', domain: 'academy.example.org' };

  it.each(['Ed25519Signature2020', 'eddsa-rdfc-2022'] as const)(
    'accepts a presentation signed by the holder’s did:key (%s) for this challenge and domain',
    async (proof) => {
      const wallet = await newTestWallet(proof);
      const presentation = await wallet.authenticate(request);
      expect(await verifyDidAuthentication(presentation, request)).toEqual({ ok: true, did: wallet.did });
    },
  );

  it('refuses another challenge, another domain, a changed presentation and another DID’s key', async () => {
    const wallet = await newTestWallet();
    const other = await newTestWallet();

    const wrongChallenge = await wallet.authenticate({
      ...request,
      challenge: 'another-challenge-0123456789',
    });
    expect(await verifyDidAuthentication(wrongChallenge, request)).toEqual({
      ok: false,
      problem: expect.stringContaining('another challenge'),
    });

    const wrongDomain = await wallet.authenticate({ ...request, domain: 'elsewhere.example' });
    expect(await verifyDidAuthentication(wrongDomain, request)).toEqual({
      ok: false,
      problem: expect.stringContaining('another site'),
    });

    // The proof still names the challenge asked for, but the signed words changed.
    const presentation = await wallet.authenticate(request);
    const changed = { ...presentation, id: 'urn:uuid:9b7f0f3e-6c1a-4a8e-9d1e-2f6d1c0b7a11' };
    expect(await verifyDidAuthentication(changed, request)).toEqual({
      ok: false,
      problem: expect.stringContaining('signature does not match'),
    });

    // Someone else's presentation claimed as this holder's.
    const claimed = { ...(await other.authenticate(request)), holder: wallet.did };
    expect(await verifyDidAuthentication(claimed, request)).toEqual({
      ok: false,
      problem: expect.stringContaining('another DID'),
    });
  });

  it('refuses what is not a signed presentation of a did:key', async () => {
    expect(await verifyDidAuthentication(undefined, request)).toMatchObject({ ok: false });
    expect(await verifyDidAuthentication({ holder: 'did:web:example.org' }, request)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('did:key'),
    });
    const wallet = await newTestWallet();
    const { proof: _proof, ...unsigned } = await wallet.authenticate(request);
    expect(await verifyDidAuthentication(unsigned, request)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not signed'),
    });
  });
});
