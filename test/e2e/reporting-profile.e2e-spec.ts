import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const URL = '/api/v1/me/reporting-profile';

/** The parts of an error answer these tests read. */
interface ErrorBody {
  statusCode: number;
  message: string;
  fields?: Record<string, string[]>;
}

/**
 * The reporting profile over HTTP: a learner records their date of birth (month and day),
 * licences and board IDs with consent, and reads back exactly what PARS will receive.
 */
describe('reporting profile API', () => {
  let testApp: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
  });

  afterAll(() => testApp.close());

  const put = (body: Record<string, unknown>) =>
    testApp.app.inject({ method: 'PUT', url: URL, headers, payload: body });

  /** The fields a refusal names, after checking it is a 400. */
  const refusedFields = async (body: Record<string, unknown>): Promise<Record<string, string[]>> => {
    const response = await put(body);
    expect(response.statusCode).toBe(400);
    return response.json<ErrorBody>().fields ?? {};
  };

  it('answers 401 without a sign-in, for reading and for writing', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    expect(
      (await testApp.app.inject({ method: 'PUT', url: URL, payload: { birthDate: '03/14' } })).statusCode,
    ).toBe(401);
  });

  it('saves the profile and shows it back as PARS will receive it', async () => {
    const saved = await put({
      birthDate: '03/14',
      licences: [
        { jurisdiction: 'TX', number: 'Q1234' },
        { jurisdiction: 'ca', number: 'A123456' },
      ],
      boards: [
        { board: 'ABIM', boardId: '123456', consent: true },
        { board: 'ABS', boardId: '98765', consent: false },
      ],
    });
    expect(saved.statusCode).toBe(200);

    const response = await testApp.app.inject({ method: 'GET', url: URL, headers });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      birthDate: '03/14',
      licences: [
        { jurisdiction: 'CA', number: 'A123456' },
        { jurisdiction: 'TX', number: 'Q1234' },
      ],
      asReported: {
        birthDate: '03/14',
        licences: [
          { state: 'California', number: 'A123456' },
          { state: 'Texas', number: 'Q1234' },
        ],
        boards: [
          {
            board: 'ABIM',
            boardName: 'American Board of Internal Medicine',
            boardId: '123456',
            consent: true,
            consentedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
          },
          {
            board: 'ABS',
            boardName: 'American Board of Surgery',
            boardId: '98765',
            consent: false,
            consentedAt: null,
          },
        ],
      },
    });
  });

  it('refuses a day the month does not have and a month that does not exist, naming birthDate', async () => {
    expect(await refusedFields({ birthDate: '02/30' })).toEqual({
      birthDate: ['February has no day 30 (it has at most 29 days).'],
    });
    expect(await refusedFields({ birthDate: '13/01' })).toEqual({
      birthDate: ['There is no month 13: give the month as 01 to 12, then the day (MM/DD).'],
    });
  });

  it('refuses a board ID of the wrong shape and a board PARS does not report to', async () => {
    expect(await refusedFields({ boards: [{ board: 'ABIM', boardId: '12345', consent: true }] })).toEqual({
      'boards.0.boardId': [
        'An ABIM ID is 6 digits (from your American Board of Internal Medicine record, without spaces or dashes).',
      ],
    });
    const unknown = await refusedFields({ boards: [{ board: 'ABXYZ', boardId: '123456', consent: true }] });
    expect(Object.keys(unknown)).toEqual(['boards.0.board']);
    expect(unknown['boards.0.board']![0]).toMatch(/^board must be one of ABA, ABIM/);
  });

  it('refuses a licence number of the wrong shape for a state with a known pattern, and a state listed twice', async () => {
    expect(
      await refusedFields({
        licences: [
          { jurisdiction: 'NY', number: '123456' },
          { jurisdiction: 'TX', number: '123456' },
        ],
      }),
    ).toEqual({ 'licences.1.number': ['A Texas licence number is one letter and 4 digits, such as Q1234.'] });
    expect(
      await refusedFields({
        licences: [
          { jurisdiction: 'TX', number: 'Q1234' },
          { jurisdiction: 'tx', number: 'Q5678' },
        ],
      }),
    ).toEqual({ 'licences.1.jurisdiction': ['Give one licence per state: Texas is listed twice.'] });
  });

  it('leaves the profile as it was after a refused edit', async () => {
    const refused = await put({
      boards: [{ board: 'ABIM', boardId: 'not digits', consent: true }],
      licences: [],
    });
    expect(refused.statusCode).toBe(400);
    const body = (await testApp.app.inject({ method: 'GET', url: URL, headers })).json<{
      licences: unknown[];
      boards: { board: string }[];
    }>();
    expect(body.licences).toHaveLength(2);
    expect(body.boards.map((board) => board.board)).toEqual(['ABIM', 'ABS']);
  });

  it('removes the date of birth when given null, and PARS then receives an empty cell', async () => {
    const removed = await put({ birthDate: null });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ birthDate: null, asReported: { birthDate: '' } });
  });

  describe('the page form', () => {
    const PAGE = '/me/reporting-profile';

    it('shows a licence number’s problem on its own row and keeps what was typed; removes a row when asked', async () => {
      const session = await new BrowserSession(testApp.app).signIn(
        await newUser(testApp.app, { roles: ['learner'] }),
      );
      const refused = await session.submit(PAGE, {
        birthMonth: '03',
        birthDay: '14',
        licenceState: ['CA', 'TX', ''],
        licenceNumber: ['A123456', '123456', ''],
        board: ['ABIM', ''],
        boardId: ['123456', ''],
        consent: ['0'],
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(
        `<p class='field-error' id='licenceNumber-1-error'>A Texas licence number is one letter and 4 digits, such as Q1234. </p>`,
      );
      expect(refused.body).toMatch(/id="licenceNumber-1"[^>]*value="123456"/);
      expect(refused.body).toMatch(/id="licenceNumber-1"[^>]*aria-invalid="true"/);

      const saved = await session.submit(PAGE, {
        birthMonth: '03',
        birthDay: '14',
        licenceState: ['CA', 'TX', ''],
        licenceNumber: ['A123456', 'Q1234', ''],
        board: ['ABIM', ''],
        boardId: ['123456', ''],
        consent: ['0'],
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/me/reporting-profile?saved=1');

      // The kept rows come back as rows 0 (California) and 1 (Texas): remove the first.
      await session.submit(PAGE, {
        birthMonth: '03',
        birthDay: '14',
        licenceState: ['CA', 'TX', '', ''],
        licenceNumber: ['A123456', 'Q1234', '', ''],
        removeLicence: ['0'],
        board: ['ABIM', ''],
        boardId: ['123456', ''],
      });
      const page = await session.request('GET', PAGE);
      expect(page.body).toContain('<li>Texas Q1234</li>');
      expect(page.body).not.toContain('<li>California A123456</li>');
      // The consent box was left unticked: the board stays, not reported.
      expect(page.body).toContain(
        'American Board of Internal Medicine, ID 123456: <strong>not reported</strong>',
      );
    });

    it('refuses half a date of birth beside the field', async () => {
      const session = await new BrowserSession(testApp.app).signIn(
        await newUser(testApp.app, { roles: ['learner'] }),
      );
      const refused = await session.submit(PAGE, { birthMonth: '02' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(
        `<p class='field-error' id='birthDate-error'>Choose both the month and the day of your birth, or neither. </p>`,
      );
    });
  });
});
