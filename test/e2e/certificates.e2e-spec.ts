import type { CheckStatusOptions, RemoteDocument } from '@digitalbazaar/vc';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DidDocument, loaderWithDidWeb, newCertificateNumber } from '@academy/certificates';
import { CLAIMED_CREDIT, completedCourse } from '../factories/completion';
import { newPublishedCourse } from '../factories/courses';
import { bearerToken, newUser } from '../factories/users';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Certificates over HTTP: the holder's files, public verification (one and bulk), revocation
 * through the status list, and an issued credential checked by the standard VC library.
 */
describe('certificates and verification', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  async function tokenOf(roles: ('learner' | 'admin')[] = ['learner'], fullName?: string) {
    const user = await newUser(testApp.app, { roles, fullName });
    return { user, headers: { authorization: `Bearer ${await bearerToken(testApp.app, user)}` } };
  }

  async function get(url: string, headers: Record<string, string> = {}) {
    return testApp.app.inject({ method: 'GET', url, headers });
  }

  /** The standard verifier, run offline: @digitalbazaar/vc with the Bitstring status check. */
  async function standardVerify(
    credential: Record<string, unknown>,
    lists: Map<string, Record<string, unknown>>,
  ) {
    const [vc, dataIntegrity, eddsa, statusList] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/vc-bitstring-status-list'),
    ]);
    const suite = new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsa.cryptosuite });
    // did:web resolved as a wallet would, from the app's /.well-known/did.json, fetched once.
    const didDocument = (await get('/.well-known/did.json')).json<DidDocument>();
    const didWeb = loaderWithDidWeb((did) => (did === didDocument.id ? didDocument : null));
    const loader = async (url: string): Promise<RemoteDocument> => {
      const list = lists.get(url);
      return list ? { contextUrl: null, documentUrl: url, document: list } : didWeb(url);
    };
    return vc.verifyCredential({
      credential: structuredClone(credential),
      suite,
      documentLoader: loader,
      checkStatus: async (options: CheckStatusOptions) => {
        const checked = await statusList.checkStatus({ ...options, documentLoader: loader, suite });
        const set = (checked.results ?? []).filter((entry) => entry.status);
        return set.length > 0 ? { ...checked, verified: false, results: set } : checked;
      },
    });
  }

  /** The status lists a credential points to, fetched from the app as a verifier would. */
  async function listsOf(credential: Record<string, unknown>): Promise<Map<string, Record<string, unknown>>> {
    const lists = new Map<string, Record<string, unknown>>();
    const status = credential.credentialStatus as
      { statusListCredential: string } | { statusListCredential: string }[];
    for (const entry of Array.isArray(status) ? status : [status]) {
      const response = await get(new URL(entry.statusListCredential).pathname);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toContain('max-age');
      lists.set(entry.statusListCredential, response.json<Record<string, unknown>>());
    }
    return lists;
  }

  it('gives the holder (and admins, no one else) the PDF and the signed credential', async () => {
    const holder = await tokenOf();
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const list = await get('/api/v1/me/certificates', holder.headers);
    expect(list.json<{ items: { number: string; credits: unknown[] }[] }>().items).toEqual([
      expect.objectContaining({ number: certificate.number, credits: [CLAIMED_CREDIT] }),
    ]);

    const pdf = await get(`/api/v1/certificates/${certificate.number}/pdf`, holder.headers);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Cached: the same bytes the next time.
    expect((await get(`/api/v1/certificates/${certificate.number}/pdf`, holder.headers)).rawPayload).toEqual(
      pdf.rawPayload,
    );

    const other = await tokenOf();
    expect((await get(`/api/v1/certificates/${certificate.number}/pdf`, other.headers)).statusCode).toBe(404);
    expect(
      (await get(`/api/v1/certificates/${certificate.number}/credential`, other.headers)).statusCode,
    ).toBe(404);
    const admin = await tokenOf(['admin']);
    expect(
      (await get(`/api/v1/certificates/${certificate.number}/credential`, admin.headers)).statusCode,
    ).toBe(200);
  });

  it('answers each transcript activity with the statements its certificate carries', async () => {
    const holder = await tokenOf();
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const transcript = await get('/api/v1/me/transcript', holder.headers);
    expect(transcript.statusCode).toBe(200);
    const [item] = transcript.json<{ items: { number: string; statements: Record<string, unknown> }[] }>()
      .items;
    expect(item!.number).toBe(certificate.number);
    expect(item!.statements).toMatchObject({
      accreditation: expect.stringContaining('ACCME'),
      designation: expect.stringContaining('AMA PRA Category 1 Credits™'),
      degree: 'MD',
      moc: [],
      handsOn: expect.objectContaining({
        venue: 'Anatomy teaching centre',
        entrustment: expect.objectContaining({ of: 5 }),
      }),
      lines: [
        expect.stringMatching(/^Participated \d{1,2} [A-Z][a-z]+ \d{4}$/),
        expect.stringMatching(
          /^Hands-on skills lab .*, Anatomy teaching centre; signed off by .+; every step at entrustment level \d of 5/,
        ),
      ],
    });
  });

  it('puts the holder’s name, the credits and the number in the PDF, and the signed credential inside it', async () => {
    const holder = await tokenOf(['learner'], 'Zoë Łukasiewicz-Nguyễn');
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const pdf = (await get(`/api/v1/certificates/${certificate.number}/pdf`, holder.headers)).rawPayload;
    const dir = await mkdtemp(join(tmpdir(), 'certificate-'));
    try {
      const file = join(dir, 'certificate.pdf');
      await writeFile(file, pdf);
      const run = promisify(execFile);
      const { stdout: text } = await run('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Zoë Łukasiewicz-Nguyễn');
      expect(text).toContain(certificate.number);
      expect(text).toContain(CLAIMED_CREDIT.type);
      expect(text).toContain('1.75');
      await run('pdfdetach', ['-saveall', '-o', dir, file]);
      const attached = JSON.parse(await readFile(join(dir, `${certificate.number}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      // The attachment is the credential itself, and it verifies on its own, offline.
      // Named as the certificate names the holder: with the degree from the profile at issue.
      expect((attached.credentialSubject as { name: string }).name).toBe('Zoë Łukasiewicz-Nguyễn, MD');
      const result = await standardVerify(attached, await listsOf(attached));
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('verifies by number for anyone, showing only what a verifier needs', async () => {
    const { certificate } = await completedCourse(testApp.app, { fullName: 'Zoë Łukasiewicz-Nguyễn' });
    const response = await get(`/api/v1/verify/${certificate.number.toLowerCase()}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'valid',
      number: certificate.number,
      holderName: 'Zoë Łukasiewicz-Nguyễn',
      course: certificate.courseTitle,
      courseVersion: 1,
      credits: [CLAIMED_CREDIT],
      issuedAt: certificate.issuedAt.toISOString(),
      expiresAt: null,
      reason: null,
      statusChangedAt: null,
      renewedBy: null,
    });
    expect(response.body).not.toMatch(/@|npi|licence/i);

    const unknown = await get(`/api/v1/verify/${newCertificateNumber()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 'unknown', statusCode: 404 });
    // A typo (one wrong character) is caught by the check character: unknown.
    const typo = certificate.number.slice(0, -1) + (certificate.number.endsWith('0') ? '1' : '0');
    expect((await get(`/api/v1/verify/${typo}`)).json()).toMatchObject({ status: 'unknown' });
  });

  it('answers which certificate renews a certificate, by number, in bulk and on the page', async () => {
    const recertification = await newPublishedCourse(testApp.app, { certificateValidityMonths: 24 });
    const course = await newPublishedCourse(testApp.app, {
      certificateValidityMonths: 24,
      recertificationCourse: recertification.slug,
    });
    const holder = await tokenOf();
    const userId = holder.user.id;
    const { certificate } = await completedCourse(testApp.app, { course, userId });
    const { certificate: renewal } = await completedCourse(testApp.app, { userId, course: recertification });

    // The holder's list says which renews which.
    const mine = (await get('/api/v1/me/certificates', holder.headers)).json<{
      items: { number: string; renews: string | null; renewedBy: string | null }[];
    }>().items;
    expect(mine.find((item) => item.number === certificate.number)).toMatchObject({
      renews: null,
      renewedBy: renewal.number,
    });
    expect(mine.find((item) => item.number === renewal.number)).toMatchObject({
      renews: certificate.number,
      renewedBy: null,
    });

    const old = await get(`/api/v1/verify/${certificate.number}`);
    expect(old.statusCode).toBe(200);
    // Still valid until it expires: the renewal is said beside its status, not instead of it.
    expect(old.json()).toMatchObject({
      status: 'valid',
      number: certificate.number,
      expiresAt: certificate.expiresAt!.toISOString(),
      renewedBy: {
        number: renewal.number,
        url: expect.stringMatching(new RegExp(`/verify/${renewal.number}$`)),
      },
    });
    expect((await get(`/api/v1/verify/${renewal.number}`)).json()).toMatchObject({
      status: 'valid',
      renewedBy: null,
    });
    // The renewal's credential names what it renews, and the standard verifier accepts it.
    const renewalCredential = (
      await get(`/api/v1/certificates/${renewal.number}/credential`, holder.headers)
    ).json<Record<string, unknown> & { evidence: { genre?: string }[] }>();
    expect(renewalCredential.evidence).toContainEqual(expect.objectContaining({ genre: 'Renewal' }));
    const verified = await standardVerify(renewalCredential, await listsOf(renewalCredential));
    expect(verified.error).toBeUndefined();
    expect(verified.verified).toBe(true);
    const bulk = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { numbers: [certificate.number, renewal.number, newCertificateNumber()] },
    });
    expect(
      bulk.json<{ items: { renewedBy: { number: string } | null }[] }>().items.map((item) => item.renewedBy),
    ).toEqual([expect.objectContaining({ number: renewal.number }), null, null]);

    const page = await get(`/verify/${certificate.number}`, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `Renewed by certificate <a href="/verify/${renewal.number}" class="certificate-number">${renewal.number}</a>`,
    );

    const documented = (await get('/api/docs-json')).json<{
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>();
    expect(Object.keys(documented.components.schemas.VerificationDto!.properties)).toContain('renewedBy');
    expect(documented.components.schemas.RenewedByDto!.properties).toEqual({
      number: expect.anything(),
      url: expect.anything(),
    });
  });

  it('verifies up to 1000 numbers at once, one answer per number in order', async () => {
    const { certificate } = await completedCourse(testApp.app);
    const numbers = Array.from({ length: 1000 }, (_, index) =>
      index % 250 === 7 ? certificate.number : newCertificateNumber(),
    );
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { numbers },
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: { number: string; status: string }[] }>().items;
    expect(items.map((item) => item.number)).toEqual(numbers);
    expect(items.map((item) => item.status)).toEqual(
      numbers.map((number) => (number === certificate.number ? 'valid' : 'unknown')),
    );
    const tooMany = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { numbers: [...numbers, certificate.number] },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ message: string }>().message).toContain('at most 1000');
  });

  it('publishes a revocation: the verify API says why, and the standard verifier refuses the credential', async () => {
    const holder = await tokenOf();
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const credential = (
      await get(`/api/v1/certificates/${certificate.number}/credential`, holder.headers)
    ).json<Record<string, unknown>>();
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    const before = await standardVerify(credential, await listsOf(credential));
    expect(before.error).toBeUndefined();
    expect(before.verified).toBe(true);

    const admin = await tokenOf(['admin']);
    const revoked = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/certificates/${certificate.number}/status`,
      headers: admin.headers,
      payload: {
        status: 'revoked',
        reason: 'issued_in_error',
        note: 'Lab attendance was recorded for the wrong person.',
      },
    });
    expect(revoked.statusCode).toBe(200);
    // Verifiers read the public reason; the admin's note stays with the academy.
    const answer = (await get(`/api/v1/verify/${certificate.number}`)).json<{
      status: string;
      reason: string;
    }>();
    expect(answer).toMatchObject({ status: 'revoked', reason: 'Issued in error' });
    expect(JSON.stringify(answer)).not.toContain('wrong person');
    const after = await standardVerify(credential, await listsOf(credential));
    expect(after.verified).toBe(false);
    // Its one status entry is set: suspended or revoked, the verify API says which.
    expect(after.statusResult?.results).toEqual([expect.objectContaining({ status: true })]);

    // Revocation is final.
    const reinstate = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/certificates/${certificate.number}/status`,
      headers: admin.headers,
      payload: { status: 'valid' },
    });
    expect(reinstate.statusCode).toBe(409);
  });

  type Credential = Record<string, unknown> & {
    issuer: { id: string };
    proof: { verificationMethod: string }[];
  };

  it('issues as the academy’s did:web; after a rotation old credentials still verify, new ones name the new key', async () => {
    const holder = await tokenOf();
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const old = (
      await get(`/api/v1/certificates/${certificate.number}/credential`, holder.headers)
    ).json<Credential>();
    expect(old.issuer.id).toBe('did:web:localhost%3A3000');
    const admin = await tokenOf(['admin']);
    const rotation = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/admin/issuer/keys/rotate',
      headers: admin.headers,
    });
    expect(rotation.statusCode).toBe(200);
    const issuer = (await get('/issuer')).json<{
      did: string;
      keys: { id: string; publicKeyMultibase: string; validUntil: string | null; current: boolean }[];
    }>();
    expect(issuer.did).toBe(old.issuer.id);
    const signedWith = (credential: Credential) => credential.proof[0]!.verificationMethod.split('#')[1];
    expect(issuer.keys.find((key) => key.publicKeyMultibase === signedWith(old))).toMatchObject({
      current: false,
    });
    expect(issuer.keys.filter((key) => key.current)).toHaveLength(1);
    expect((await standardVerify(old, await listsOf(old))).verified).toBe(true);

    const { certificate: next } = await completedCourse(testApp.app, { userId: holder.user.id });
    const fresh = (
      await get(`/api/v1/certificates/${next.number}/credential`, holder.headers)
    ).json<Credential>();
    expect(fresh.issuer.id).toBe(old.issuer.id);
    expect(signedWith(fresh)).toBe(issuer.keys.find((key) => key.current)!.publicKeyMultibase);
    expect((await standardVerify(fresh, await listsOf(fresh))).verified).toBe(true);

    // Re-issued after the rotation: the same certificate, signed with the current key, and verifiable.
    const reissue = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/certificates/${certificate.number}/reissue`,
      headers: admin.headers,
    });
    expect(reissue.statusCode).toBe(200);
    const reissued = (
      await get(`/api/v1/certificates/${certificate.number}/credential`, holder.headers)
    ).json<Credential>();
    expect(signedWith(reissued)).toBe(signedWith(fresh));
    expect((await standardVerify(reissued, await listsOf(reissued))).verified).toBe(true);
    expect((await standardVerify(old, await listsOf(old))).verified).toBe(true);
  });

  it('publishes the DID document; a revoked key is marked, what it signed fails, and its certificates are signed again', async () => {
    const holder = await tokenOf();
    const { certificate } = await completedCourse(testApp.app, { userId: holder.user.id });
    const before = (
      await get(`/api/v1/certificates/${certificate.number}/credential`, holder.headers)
    ).json<Credential>();
    const document = await get('/.well-known/did.json');
    expect(document.statusCode).toBe(200);
    expect(document.headers['content-type']).toContain('application/did+ld+json');
    const key = before.proof[0]!.verificationMethod;
    expect(document.json<DidDocument>().assertionMethod).toContain(key);

    const admin = await tokenOf(['admin']);
    const keys = (await get('/issuer')).json<{
      keys: { keyId: string; publicKeyMultibase: string; current: boolean }[];
    }>().keys;
    const signing = keys.find((candidate) => key.endsWith(`#${candidate.publicKeyMultibase}`))!;
    expect(signing.current).toBe(true);
    const issuerKey = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/issuer/keys/${signing.keyId}/revoke`,
      headers: admin.headers,
      payload: { reason: 'Exposed in a misplaced backup' },
    });
    expect(issuerKey.statusCode).toBe(200);
    expect(issuerKey.json<{ reissued: number }>().reissued).toBeGreaterThanOrEqual(1);
    const after = (await get('/.well-known/did.json')).json<DidDocument>();
    expect(after.assertionMethod).not.toContain(key);
    expect(after.verificationMethod.find((method) => method.id === key)?.revoked).toEqual(expect.any(String));
    expect((await standardVerify(before, await listsOf(before))).verified).toBe(false);
    // The holder's download is signed again with the new current key, and verifies.
    const again = (
      await get(`/api/v1/certificates/${certificate.number}/credential`, holder.headers)
    ).json<Credential>();
    expect(again.proof[0]!.verificationMethod).not.toBe(key);
    expect((await standardVerify(again, await listsOf(again))).verified).toBe(true);
  });
});
