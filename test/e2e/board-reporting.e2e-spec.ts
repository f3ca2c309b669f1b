import { parse as parseCsv } from 'csv-parse/sync';
import {
  boardReportBatch,
  mocCompletion,
  readyBoardReport,
  reportingLearner,
  resultFile,
} from '../factories/board-reports';
import { multipartFile } from '../factories/images';
import { bearerToken, newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

interface Problem {
  message: string;
  fields?: Record<string, string[]>;
}

/** The board reporting queue over HTTP: the admin API, who may use it, its refusals, the admin page. */
describe('board reporting', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, as = headers) =>
    testApp.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });

  it('lists queued records, makes a batch file, sends it again the same, imports results and re-queues a rejection', async () => {
    const learner = await reportingLearner(testApp.app, { fullName: 'Dr Nadia Quispe' });
    const { certificate } = await mocCompletion(testApp.app, learner.id);
    const listed = await call('GET', '/api/v1/admin/board-reports?state=queued&board=ABIM');
    expect(listed.statusCode).toBe(200);
    const record = listed
      .json<{
        items: { id: string; certificateNumber: string; board: string; state: string; missing: string[] }[];
      }>()
      .items.find((item) => item.certificateNumber === certificate.number);
    expect(record).toMatchObject({ board: 'ABIM', state: 'queued', missing: [] });

    // The learner sees it on the certificate's page and the transcript.
    const holder = new BrowserSession(testApp.app);
    await holder.signIn(learner);
    for (const page of [`/me/certificates/${certificate.number}`, '/me/transcript']) {
      const shown = await holder.request('GET', page);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toMatch(/Queued for the American Board of Internal Medicine: due \d+ \w+ \d{4}/);
    }

    const made = await call('POST', '/api/v1/admin/board-reports/batches');
    expect(made.statusCode).toBe(201);
    expect(made.headers['content-type']).toBe('text/csv; charset=utf-8');
    const number = Number(made.headers['x-batch-number']);
    expect(made.headers['content-disposition']).toContain(`pars-board-batch-${number}.csv`);
    const rows: string[][] = parseCsv(made.body);
    expect(rows[0]).toContain('Provider Record ID');
    expect(
      rows.some((row) => row.includes(record!.id) && row.includes('Nadia') && row.includes('Quispe')),
    ).toBe(true);
    const again = await call('GET', `/api/v1/admin/board-reports/batches/${number}/csv`);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(made.body);
    const batches = await call('GET', '/api/v1/admin/board-reports/batches');
    expect(batches.json<{ items: { number: number; awaiting: number }[] }>().items[0]).toMatchObject({
      number,
      awaiting: rows.length - 1,
    });

    const csv = resultFile(made.body, { answer: () => ['Rejected', 'Learner not found with this board ID'] });
    const imported = await call('POST', '/api/v1/admin/board-reports/results', { batch: number, csv });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ batch: number, accepted: 0, rejected: rows.length - 1 });
    const rejectedPage = await holder.request('GET', `/me/certificates/${certificate.number}`);
    expect(rejectedPage.body).toContain('Rejected by ABIM: Learner not found with this board ID');
    const requeued = await call('POST', `/api/v1/admin/board-reports/${record!.id}/requeue`);
    expect(requeued.statusCode).toBe(200);
    expect(requeued.json()).toMatchObject({
      state: 'queued',
      batch: null,
      rejectionReason: 'Learner not found with this board ID',
    });
    const twice = await call('POST', `/api/v1/admin/board-reports/${record!.id}/requeue`);
    expect(twice.statusCode).toBe(409);
  });

  it('is for admins only: a learner and an instructor are refused every route', async () => {
    const batch = await boardReportBatch(testApp.app);
    for (const roles of [['learner'], ['instructor']] as const) {
      const user = await newUser(testApp.app, { roles: [...roles] });
      const as = { authorization: `Bearer ${await bearerToken(testApp.app, user)}` };
      const calls: [method: 'GET' | 'POST', url: string, body?: Record<string, unknown>][] = [
        ['GET', '/api/v1/admin/board-reports'],
        ['GET', '/api/v1/admin/board-reports/batches'],
        ['POST', '/api/v1/admin/board-reports/batches'],
        ['GET', `/api/v1/admin/board-reports/batches/${batch.batch.number}/csv`],
        [
          'POST',
          '/api/v1/admin/board-reports/results',
          { batch: batch.batch.number, csv: resultFile(batch.content) },
        ],
        ['POST', '/api/v1/admin/board-reports/00000000-0000-4000-8000-000000000000/requeue'],
      ];
      for (const [method, url, body] of calls) {
        expect([roles[0], method, url, (await call(method, url, body, as)).statusCode]).toEqual([
          roles[0],
          method,
          url,
          403,
        ]);
      }
    }
  });

  it('refuses a bad result file with 400, naming the row and column, and applies nothing', async () => {
    const batch = await boardReportBatch(testApp.app);
    const good = resultFile(batch.content);
    // A row of no record of the batch: the last cell of the second data row is another id.
    const lines = good.trimEnd().split('\r\n');
    const bad = [
      ...lines,
      lines[1]!.replace(/[0-9a-f-]{36}(?=,Accepted)/, '00000000-0000-4000-8000-000000000000'),
    ].join('\r\n');
    const refused = await call('POST', '/api/v1/admin/board-reports/results', {
      batch: batch.batch.number,
      csv: bad,
    });
    expect(refused.statusCode).toBe(400);
    const problem = refused.json<Problem>();
    expect(problem.message).toContain(`Row ${lines.length + 1}, column Provider Record ID`);
    expect(problem.fields?.csv?.[0]).toContain(`Row ${lines.length + 1}`);
    const noResult = await call('POST', '/api/v1/admin/board-reports/results', {
      batch: batch.batch.number,
      csv: good.replace(/,Accepted,/, ',,'),
    });
    expect(noResult.statusCode).toBe(400);
    expect(noResult.json<Problem>().message).toContain('Row 2, column Result');
    for (const body of [{ batch: batch.batch.number }, { batch: batch.batch.number, csv: 42 }]) {
      const response = await call('POST', '/api/v1/admin/board-reports/results', body);
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().message).toContain('csv');
    }
    const wrongBatch = await call('POST', '/api/v1/admin/board-reports/results', {
      batch: 'three',
      csv: good,
    });
    expect(wrongBatch.statusCode).toBe(400);
    expect(wrongBatch.json<Problem>().message).toContain('batch');
    // The good file still applies: nothing of the refused ones was.
    const applied = await call('POST', '/api/v1/admin/board-reports/results', {
      batch: batch.batch.number,
      csv: good,
    });
    expect(applied.statusCode).toBe(200);
  });

  it('shows the page: records with what they lack, the batch downloaded, results imported from a file', async () => {
    const learner = await reportingLearner(testApp.app, { profile: { birthDate: null } });
    await mocCompletion(testApp.app, learner.id);
    await readyBoardReport(testApp.app);
    const session = new BrowserSession(testApp.app);
    await session.signIn(admin);
    const page = await session.request('GET', '/admin/board-reporting?state=queued');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Board reporting</h1>');
    expect(page.body).toContain('Missing:</strong> date of birth');
    const badFilter = await session.request('GET', '/admin/board-reporting?state=lost');
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.body).toContain('Must be one of queued, in_batch, accepted, rejected');

    const download = await session.submit('/admin/board-reporting/batches');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    const number = Number(
      /pars-board-batch-(\d+)\.csv/.exec(String(download.headers['content-disposition']))![1],
    );
    const token = await session.csrfToken('/admin/board-reporting');
    const wrong = await session.upload(
      `/admin/board-reporting/results?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'results.csv', 'text/csv', Buffer.from('Result\nAccepted\n'), {
        batch: String(number),
      }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('has no Provider Record ID column');
    const imported = await session.upload(
      `/admin/board-reporting/results?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'results.csv', 'text/csv', Buffer.from(resultFile(download.body)), {
        batch: String(number),
      }),
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toMatch(new RegExp(`Batch ${number}: \\d+ accepted, 0 rejected`));
  });
});
