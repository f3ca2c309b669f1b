import type { LightMyRequestResponse } from 'fastify';
import { certifiedLearner } from '../factories/certificates';
import { multipartFile, tinyPng } from '../factories/images';
import { outsideCreditBody, tinyPdf } from '../factories/outside-credits';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

type Fields = Record<string, string | number>;

/** The fields as multipart text fields, with the file. */
const withFile = (fields: Fields, file: { name: string; type: string; bytes: Buffer }) =>
  multipartFile(
    'file',
    file.name,
    file.type,
    file.bytes,
    Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, String(value)])),
  );

// A Windows program, renamed to look like a certificate.
const PROGRAM = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(256, 0x41)]);

describe('outside credits over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  async function learner() {
    const user = await newUser(testApp.app, { roles: ['learner'] });
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, user)}` };
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
      testApp.app.inject({
        method,
        url,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const upload = (form: { payload: Buffer; contentType: string }) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/me/outside-credits',
        headers: { ...headers, 'content-type': form.contentType },
        payload: form.payload,
      });
    return { user, headers, call, upload };
  }

  const fieldsOf = (response: LightMyRequestResponse) =>
    Object.keys(response.json<{ fields?: Record<string, string[]> }>().fields ?? {});

  it('adds a credit with its PDF, lists it self-reported, downloads the file back byte for byte, and deletes it', async () => {
    const { call, upload } = await learner();
    const pdf = tinyPdf('ASRM 2026');

    const added = await upload(
      withFile(outsideCreditBody(), { name: 'asrm.pdf', type: 'application/pdf', bytes: pdf }),
    );
    expect(added.statusCode).toBe(201);
    const credit = added.json<{ id: string; file: { href: string } }>();
    expect(credit).toMatchObject({
      provider: 'American Society for Regenerative Medicine',
      completedOn: '2025-05-14',
      creditType: 'AMA PRA Category 1 Credit™',
      otherCreditType: false,
      amount: 6.25,
      selfReported: true,
      file: { name: 'asrm.pdf', contentType: 'application/pdf', size: pdf.length },
    });
    const plain = await call(
      'POST',
      '/api/v1/me/outside-credits',
      outsideCreditBody({
        creditType: 'Other',
        otherCreditType: 'ABIM MOC points',
        amount: 10,
        completedOn: '2025-06-01',
      }),
    );
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).toMatchObject({ creditType: 'ABIM MOC points', otherCreditType: true, file: null });

    const list = await call('GET', '/api/v1/me/outside-credits?limit=1');
    expect(list.json()).toMatchObject({ total: 2, items: [{ id: plain.json<{ id: string }>().id }] });

    const file = await call('GET', credit.file.href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="?asrm\.pdf"?$/);
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.rawPayload.equals(pdf)).toBe(true);

    expect((await call('DELETE', `/api/v1/me/outside-credits/${credit.id}`)).statusCode).toBe(204);
    expect((await call('GET', credit.file.href)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/me/outside-credits')).json()).toMatchObject({ total: 1 });
  });

  it('answers bad input with a 400 naming the field', async () => {
    const { call, upload } = await learner();
    const cases: [Fields, string][] = [
      [outsideCreditBody({ completedOn: '2999-01-01' }), 'completedOn'],
      [outsideCreditBody({ completedOn: '1949-12-31' }), 'completedOn'],
      [outsideCreditBody({ completedOn: '2025-02-30' }), 'completedOn'],
      [outsideCreditBody({ completedOn: '14/05/2025' }), 'completedOn'],
      [outsideCreditBody({ amount: 1.3 }), 'amount'],
      [outsideCreditBody({ amount: 0 }), 'amount'],
      [outsideCreditBody({ amount: 100.25 }), 'amount'],
      [outsideCreditBody({ creditType: 'CME points' }), 'creditType'],
      [outsideCreditBody({ creditType: 'Other' }), 'otherCreditType'],
      [outsideCreditBody({ provider: '   ' }), 'provider'],
      [outsideCreditBody({ activity: 'x'.repeat(301) }), 'activity'],
    ];
    for (const [body, field] of cases) {
      const response = await call('POST', '/api/v1/me/outside-credits', body);
      expect([response.statusCode, fieldsOf(response)]).toEqual([400, [field]]);
      expect(response.json<{ message: string }>().message).toContain(field);
    }
    // Multipart fields go through the same rules as JSON.
    const multipart = await upload(
      withFile(outsideCreditBody({ amount: 'two' }), {
        name: 'c.pdf',
        type: 'application/pdf',
        bytes: tinyPdf(),
      }),
    );
    expect([multipart.statusCode, fieldsOf(multipart)]).toEqual([400, ['amount']]);
    expect((await call('GET', '/api/v1/me/outside-credits')).json()).toMatchObject({ total: 0 });
  });

  it('judges the file by its content: a program renamed .pdf is refused, a PNG is kept as a PNG', async () => {
    const { call, upload } = await learner();

    const program = await upload(
      withFile(outsideCreditBody(), { name: 'certificate.pdf', type: 'application/pdf', bytes: PROGRAM }),
    );
    expect(program.statusCode).toBe(415);
    expect(program.json()).toMatchObject({
      code: 'FILE_TYPE_REFUSED',
      fields: { file: [expect.stringContaining('PDF, PNG or JPEG')] },
    });

    const huge = await upload(
      withFile(outsideCreditBody(), {
        name: 'scan.pdf',
        type: 'application/pdf',
        bytes: Buffer.concat([tinyPdf(), Buffer.alloc(5 * 1024 * 1024)]),
      }),
    );
    expect(huge.statusCode).toBe(413);
    expect(fieldsOf(huge)).toEqual(['file']);

    const png = await upload(
      withFile(outsideCreditBody(), {
        name: 'scan.exe',
        type: 'application/octet-stream',
        bytes: tinyPng(4),
      }),
    );
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ file: { name: 'scan.png', contentType: 'image/png' } });
    expect((await call('GET', '/api/v1/me/outside-credits')).json()).toMatchObject({ total: 1 });
  });

  it('answers another learner’s credit and file as 404, the same as an unknown id', async () => {
    const owner = await learner();
    const other = await learner();
    const added = await owner.upload(
      withFile(outsideCreditBody(), { name: 'c.pdf', type: 'application/pdf', bytes: tinyPdf() }),
    );
    const { id } = added.json<{ id: string }>();
    const unknown = '00000000-0000-4000-8000-000000000000';

    for (const path of [
      `/api/v1/me/outside-credits/${id}/file`,
      `/api/v1/me/outside-credits/${unknown}/file`,
    ]) {
      const response = await other.call('GET', path);
      expect(response.statusCode).toBe(404);
      expect(response.json<{ code: string }>().code).toBe('OUTSIDE_CREDIT_NOT_FOUND');
    }
    const theirs = await other.call('DELETE', `/api/v1/me/outside-credits/${id}`);
    const nobodys = await other.call('DELETE', `/api/v1/me/outside-credits/${unknown}`);
    expect([theirs.statusCode, nobodys.statusCode]).toEqual([404, 404]);
    expect(theirs.json<{ message: string }>().message).toBe(nobodys.json<{ message: string }>().message);
    expect((await other.call('GET', '/api/v1/me/outside-credits')).json()).toMatchObject({
      total: 0,
      items: [],
    });
    expect((await owner.call('GET', `/api/v1/me/outside-credits/${id}/file`)).statusCode).toBe(200);
  });

  it('lists an outside credit apart on the API transcript, never on the credential or in the PARS learner file', async () => {
    const { user, number } = await certifiedLearner(testApp.app);
    const token = await bearerToken(testApp.app, user);
    const transcript = () =>
      testApp.app.inject({
        method: 'GET',
        url: '/api/v1/me/transcript',
        headers: { authorization: `Bearer ${token}` },
      });
    const before = (await transcript()).json<{ totals: unknown }>();
    const added = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/outside-credits',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(outsideCreditBody({ provider: 'Elsewhere Institute of Orthobiologics' })),
    });
    expect(added.statusCode).toBe(201);
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const adminToken = await bearerToken(testApp.app, admin);

    const credential = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${number}/credential`,
      headers: { authorization: `Bearer ${token}` },
    });
    const pars = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/admin/reports/accme/learners/csv',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(credential.statusCode).toBe(200);
    expect(pars.statusCode).toBe(200);
    // The transcript lists it apart, self-reported, and its totals stay the academy's own.
    const after = (await transcript()).json<{ totals: unknown; outsideCredits: unknown }>();
    expect(after.totals).toEqual(before.totals);
    expect(after.outsideCredits).toEqual({
      items: [
        expect.objectContaining({ provider: 'Elsewhere Institute of Orthobiologics', selfReported: true }),
      ],
      totals: [{ type: 'AMA PRA Category 1 Credit™', amount: 6.25 }],
    });
    for (const body of [credential.body, pars.body]) {
      expect(body).not.toContain('Elsewhere Institute');
      expect(body).not.toContain('Annual meeting 2026');
    }
  });

  describe('the page', () => {
    async function signedIn() {
      const user = await newUser(testApp.app, { roles: ['learner'] });
      const session = await new BrowserSession(testApp.app).signIn(user);
      const send = async (fields: Fields, file?: { name: string; type: string; bytes: Buffer }) => {
        const token = await session.csrfToken('/me/outside-credits');
        return session.upload(
          `/me/outside-credits?_csrf=${encodeURIComponent(token)}`,
          withFile(fields, file ?? { name: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) }),
        );
      };
      return { user, session, send };
    }

    it('adds a credit from the multipart form, lists it self-reported with its file, and deletes it after confirming', async () => {
      const { session, send } = await signedIn();

      const added = await send(outsideCreditBody(), {
        name: 'asrm.pdf',
        type: 'application/pdf',
        bytes: tinyPdf(),
      });
      expect([added.statusCode, added.headers.location]).toEqual([303, '/me/outside-credits?done=added']);
      const page = await session.request('GET', '/me/outside-credits?done=added');
      expect(page.body).toContain('Outside credit added');
      expect(page.body).toContain('Self-reported');
      expect(page.body).toContain('14 May 2025');
      expect(page.body).toContain('6.25 AMA PRA Category 1 Credit™');
      const fileHref = /href="(\/me\/outside-credits\/[0-9a-f-]{36}\/file)"/.exec(page.body)![1]!;
      const deleteHref = /href="(\/me\/outside-credits\/[0-9a-f-]{36}\/delete)"/.exec(page.body)![1]!;
      expect((await session.request('GET', fileHref)).rawPayload.equals(tinyPdf())).toBe(true);

      const transcript = await session.request('GET', '/me/transcript');
      expect(transcript.body).toContain('Credits from other providers (self-reported)');
      expect(transcript.body).toContain('Annual meeting 2026: orthobiologics track');

      const confirm = await session.request('GET', deleteHref);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('Delete this outside credit?');
      const deleted = await session.submit(deleteHref);
      expect([deleted.statusCode, deleted.headers.location]).toEqual([
        303,
        '/me/outside-credits?done=deleted',
      ]);
      expect((await session.request('GET', '/me/outside-credits')).body).toContain('No outside credits yet');
    });

    it('shows problems next to their fields, keeping what was typed', async () => {
      const { send } = await signedIn();

      const future = await send(outsideCreditBody({ completedOn: '2999-01-01', activity: 'Spine & joints' }));
      expect(future.statusCode).toBe(400);
      expect(future.body).toMatch(/id='completedOn-error'>Cannot be in the future\./);
      expect(future.body).toContain('value="Spine &amp; joints"');

      const missing = await send(outsideCreditBody({ provider: '', creditType: 'Other' }));
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain("id='provider-error'");
      expect(missing.body).toContain("id='otherCreditType-error'");

      const program = await send(outsideCreditBody(), {
        name: 'certificate.pdf',
        type: 'application/pdf',
        bytes: PROGRAM,
      });
      expect(program.statusCode).toBe(415);
      expect(program.body).toMatch(/id='file-error'>Must be a PDF, PNG or JPEG/);

      const huge = await send(outsideCreditBody(), {
        name: 'scan.pdf',
        type: 'application/pdf',
        bytes: Buffer.concat([tinyPdf(), Buffer.alloc(5 * 1024 * 1024)]),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.body).toMatch(/id='file-error'>The file is larger than 5 MB/);
    });

    it('answers another learner’s credit as not found', async () => {
      const owner = await signedIn();
      const other = await signedIn();
      await owner.send(outsideCreditBody(), { name: 'c.pdf', type: 'application/pdf', bytes: tinyPdf() });
      const id = /\/me\/outside-credits\/([0-9a-f-]{36})\/delete/.exec(
        (await owner.session.request('GET', '/me/outside-credits')).body,
      )![1]!;

      expect((await other.session.request('GET', `/me/outside-credits/${id}/file`)).statusCode).toBe(404);
      expect((await other.session.request('GET', `/me/outside-credits/${id}/delete`)).statusCode).toBe(404);
      expect((await other.session.submit(`/me/outside-credits/${id}/delete`)).statusCode).toBe(404);
      expect((await owner.session.request('GET', `/me/outside-credits/${id}/file`)).statusCode).toBe(200);
    });
  });
});
