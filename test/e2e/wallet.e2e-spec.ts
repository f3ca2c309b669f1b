import { Database } from '@academy/core';
import { DidDocument, loaderWithDidWeb } from '@academy/certificates';
import { completedCourse } from '../factories/completion';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';
import { newTestWallet } from '../support/test-wallet';

interface Exchange {
  interactionUrl: string;
  deepLink: string;
  exchangeUrl: string;
  expiresAt: string;
}

interface PresentationRequest {
  verifiablePresentationRequest: {
    query: { type: string; acceptedMethods: { method: string }[] }[];
    challenge: string;
    domain: string;
    interact: { service: { type: string; serviceEndpoint: string }[] };
  };
}

/**
 * Wallet delivery end to end, called exactly as the Learner Credential Wallet calls it: the
 * interaction URL for its protocols, `{}` to the exchange, then a DID Authentication
 * presentation signed with Ed25519Signature2020 by a did:key, to the same URL.
 */
describe('wallet delivery (VC API exchange)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  async function holder() {
    const user = await newUser(testApp.app);
    const { certificate } = await completedCourse(testApp.app, { userId: user.id });
    return {
      user,
      certificate,
      headers: { authorization: `Bearer ${await bearerToken(testApp.app, user)}` },
    };
  }

  async function openExchange(number: string, headers: Record<string, string>): Promise<Exchange> {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/certificates/${number}/exchanges`,
      headers,
      payload: {},
    });
    expect(response.statusCode).toBe(201);
    return response.json<Exchange>();
  }

  /** A POST to the exchange as a wallet sends it: JSON, no cookie, no token. */
  function post(url: string, body: unknown) {
    return testApp.app.inject({
      method: 'POST',
      url: new URL(url).pathname,
      headers: { 'content-type': 'application/json', origin: 'https://wallet.example' },
      payload: JSON.stringify(body),
    });
  }

  it('hands the signed credential to the wallet that proves its DID, once', async () => {
    const { certificate, headers } = await holder();
    const exchange = await openExchange(certificate.number, headers);
    expect(exchange.deepLink).toBe(`interaction:${exchange.interactionUrl}`);
    expect(new URL(exchange.interactionUrl).searchParams.get('iuv')).toBe('1');
    expect(Date.parse(exchange.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    // The wallet reads the interaction URL (LCW: fetchInteractionProtocols).
    const interaction = await testApp.app.inject({
      method: 'GET',
      url: new URL(exchange.interactionUrl).pathname + new URL(exchange.interactionUrl).search,
      headers: { accept: 'application/json' },
    });
    expect(interaction.statusCode).toBe(200);
    expect(interaction.headers['access-control-allow-origin']).toBe('*');
    expect(interaction.json()).toEqual({ protocols: { vcapi: exchange.exchangeUrl } });

    // Starts the exchange with `{}` and is asked to authenticate.
    const started = await post(exchange.exchangeUrl, {});
    expect(started.statusCode).toBe(200);
    expect(started.headers['access-control-allow-origin']).toBe('*');
    const { verifiablePresentationRequest: request } = started.json<PresentationRequest>();
    expect(request.query).toEqual([
      expect.objectContaining({ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] }),
    ]);
    expect(request.challenge).toEqual(expect.any(String));
    expect(request.domain).toBe(new URL(exchange.exchangeUrl).host);
    expect(request.interact.service[0]!.serviceEndpoint).toBe(exchange.exchangeUrl);

    // Answers with its signed presentation, to the URL it started (as LCW does).
    const wallet = await newTestWallet('Ed25519Signature2020');
    const presentation = await wallet.authenticate(request);
    const answered = await post(exchange.exchangeUrl, { verifiablePresentation: presentation });
    expect(answered.statusCode).toBe(200);
    const { verifiablePresentation } = answered.json<{
      verifiablePresentation: { type: string[]; verifiableCredential: Record<string, unknown>[] };
    }>();
    expect(verifiablePresentation.type).toEqual(['VerifiablePresentation']);
    expect(verifiablePresentation.verifiableCredential).toHaveLength(1);
    const credential = verifiablePresentation.verifiableCredential[0]!;

    // The stored credential as downloaded, and good by the standard library.
    const download = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${certificate.number}/credential`,
      headers,
    });
    expect(credential).toEqual(download.json());
    const [vc, dataIntegrity, eddsa] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    ]);
    // The issuer's did:web resolved as a wallet would, from the academy's /.well-known/did.json.
    const didDocument = (
      await testApp.app.inject({ method: 'GET', url: '/.well-known/did.json' })
    ).json<DidDocument>();
    const verified = await vc.verifyCredential({
      credential: structuredClone(credential),
      suite: new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsa.cryptosuite }),
      documentLoader: loaderWithDidWeb((did) => (did === didDocument.id ? didDocument : null)),
      // The status lists are checked in certificates.e2e-spec.ts.
      checkStatus: () => Promise.resolve({ verified: true }),
    });
    expect(verified.verified).toBe(true);

    // Which DID received it is recorded, with the exchange and in the audit trail.
    const { rows } = await testApp.app.get(Database).execute<{ holderDid: string }>(
      `SELECT e.holder_did AS "holderDid" FROM wallet_exchange e
         JOIN certificate c ON c.id = e.certificate_id WHERE c.number = $1`,
      [certificate.number],
    );
    expect(rows).toEqual([{ holderDid: wallet.did }]);

    // A second use, by the same wallet or another, gets nothing.
    for (const body of [{}, { verifiablePresentation: presentation }]) {
      const again = await post(exchange.exchangeUrl, body);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({
        code: 'EXCHANGE_USED',
        message: expect.stringContaining('works once'),
      });
      expect(again.json()).not.toHaveProperty('verifiablePresentation');
    }
    const reread = await testApp.app.inject({
      method: 'GET',
      url: new URL(exchange.interactionUrl).pathname,
      headers: { accept: 'application/json' },
    });
    expect(reread.statusCode).toBe(409);
  });

  it('refuses a wrong challenge, an unknown or malformed link and an expired one, in words', async () => {
    const { certificate, headers } = await holder();
    const exchange = await openExchange(certificate.number, headers);
    const { verifiablePresentationRequest: request } = (
      await post(exchange.exchangeUrl, {})
    ).json<PresentationRequest>();
    const wallet = await newTestWallet();

    const wrong = await post(exchange.exchangeUrl, {
      verifiablePresentation: await wallet.authenticate({
        ...request,
        challenge: 'not-the-challenge-asked-for',
      }),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      code: 'BAD_PRESENTATION',
      message: expect.stringContaining('another challenge'),
      fields: { verifiablePresentation: [expect.stringContaining('another challenge')] },
    });
    const notAnObject = await post(exchange.exchangeUrl, { verifiablePresentation: 'signed' });
    expect(notAnObject.statusCode).toBe(400);
    expect(notAnObject.json<{ message: string }>().message).toContain('verifiablePresentation');

    const unknown = await post(`${exchange.exchangeUrl.slice(0, -4)}AAAA`, {});
    expect(unknown.statusCode).toBe(404);
    const malformed = await post(`${exchange.exchangeUrl}x`, {});
    expect(malformed.statusCode).toBe(400);

    await testApp.app.get(Database).execute(
      `UPDATE wallet_exchange SET created_at = now() - interval '20 minutes', expires_at = now() - interval '5 minutes'
       WHERE certificate_id = $1`,
      [certificate.id],
    );
    const expired = await post(exchange.exchangeUrl, {
      verifiablePresentation: await wallet.authenticate(request),
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({
      code: 'EXCHANGE_EXPIRED',
      message: expect.stringContaining('expired'),
    });
  });

  it('opens exchanges only for the caller’s own valid certificate', async () => {
    const { user, certificate, headers } = await holder();
    const other = await holder();
    const refused = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/certificates/${certificate.number}/exchanges`,
      headers: other.headers,
      payload: {},
    });
    expect(refused.statusCode).toBe(404);

    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const adminHeaders = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
    const revoked = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/certificates/${certificate.number}/status`,
      headers: adminHeaders,
      payload: { status: 'revoked', reason: 'issued_in_error' },
    });
    expect(revoked.statusCode).toBeLessThan(300);
    const afterRevocation = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/certificates/${certificate.number}/exchanges`,
      headers,
      payload: {},
    });
    expect(afterRevocation.statusCode).toBe(409);
    expect(afterRevocation.json()).toMatchObject({
      code: 'NOT_EXPORTABLE',
      message: expect.stringContaining('revoked'),
    });

    // The page's form says so in words, on the certificate's page, and offers no button.
    const browser = await new BrowserSession(testApp.app).signIn(user);
    const form = await browser.submit(`/me/certificates/${certificate.number}/wallet`);
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain('This certificate is revoked: it cannot be added to a wallet.');
    expect(form.body).toContain('A revoked certificate cannot be added to a wallet.');
    expect(form.body).not.toContain('>Add to a wallet</button>');
  });

  it('lets a wallet in a browser on another origin call the exchange (CORS, no credentials)', async () => {
    const preflight = await testApp.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/exchanges/q3Vb0w9cT0dV7kqC2nYxXk1mVZbq2FZ0l7cQ9gX2aBc',
      headers: {
        origin: 'https://wallet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type',
    });
    expect(preflight.headers).not.toHaveProperty('access-control-allow-credentials');
  });

  it('shows the QR code and the wallet link on the holder’s certificate page, from its form', async () => {
    const { user, certificate } = await holder();
    const browser = await new BrowserSession(testApp.app).signIn(user);
    const page = `/me/certificates/${certificate.number}`;
    expect((await browser.request('GET', page)).body).toContain('Add to a wallet');

    const made = await browser.submit(`${page}/wallet`);
    expect(made.statusCode).toBe(303);
    const location = String(made.headers.location);
    expect(location).toMatch(new RegExp(`^${page}\\?wallet=[A-Za-z0-9_-]{43}#wallet$`));
    const shown = await browser.request('GET', location);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('QR code to scan with your wallet app');
    expect(shown.body).toMatch(/href="interaction:http[^"]+\/wallet\/[A-Za-z0-9_-]{43}\?iuv(=|&#x3D;)1"/);
    expect(shown.body).toContain('Learner Credential Wallet');

    // A phone camera opening the QR code's address gets a page with the link to the app.
    const exchangeId = /wallet=([A-Za-z0-9_-]{43})/.exec(location)![1]!;
    const forPerson = await new BrowserSession(testApp.app).request('GET', `/wallet/${exchangeId}?iuv=1`);
    expect(forPerson.statusCode).toBe(200);
    expect(forPerson.body).toContain(`interaction:`);
    expect(forPerson.body).toContain('Open in Learner Credential Wallet');

    // Someone else's session sees no trace of the exchange on their own certificate page.
    const other = await holder();
    const otherBrowser = await new BrowserSession(testApp.app).signIn(other.user);
    const foreign = await otherBrowser.request(
      'GET',
      `/me/certificates/${other.certificate.number}?wallet=${exchangeId}`,
    );
    expect(foreign.body).not.toContain('QR code to scan with your wallet app');
  });
});
