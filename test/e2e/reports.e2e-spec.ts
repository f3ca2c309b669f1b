import { PARS_ACTIVITY_COLUMNS, PARS_LEARNER_COLUMNS } from '@academy/accreditation';
import { AcademyData, generateAcademyData } from '../factories/academy-data';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

/** The few entities Handlebars writes into attributes. */
const decodeEntities = (text: string): string =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

describe('reports over HTTP', () => {
  let testApp: TestApp;
  let data: AcademyData;
  let admin: { email: string; password: string };
  let token: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    data = await generateAcademyData(testApp.app, { learners: 120, seed: 9 });
    admin = await newUser(testApp.app, { roles: ['admin'] });
    token = await bearerToken(testApp.app, admin);
  }, 60_000);

  afterAll(() => testApp.close());

  const get = (url: string, bearer = token) =>
    testApp.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });

  it('answers the activity report as JSON with its filters', async () => {
    const flagship = data.courses[0]!;
    const response = await get(`/api/v1/admin/reports/activity?courseId=${flagship.courseId}&version=2`);
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      filters: Record<string, unknown>;
      rows: { courseId: string; version: number; enrolled: number }[];
      total: { enrolled: number; certified: number };
    }>();
    expect(body.filters).toEqual({ courseId: flagship.courseId, version: 2, from: null, to: null });
    expect(body.rows.map((row) => [row.courseId, row.version])).toEqual([[flagship.courseId, 2]]);
    expect(body.total.enrolled).toBe(body.rows[0]!.enrolled);
    expect(body.total.enrolled).toBeGreaterThan(0);
  });

  it.each([
    ['activity/csv', 'Course'],
    ['evaluations/csv', 'Question'],
    ['learning-gain/csv', 'Course'],
    ['accme/activities/csv', PARS_ACTIVITY_COLUMNS[0]],
    ['accme/learners/csv', PARS_LEARNER_COLUMNS[0]],
  ])('downloads %s as a CSV file', async (report, firstColumn) => {
    const response = await get(`/api/v1/admin/reports/${report}?from=2026-01-01`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="[a-z-]+-2026-01-01-to-now\.csv"$/,
    );
    expect(response.body.split('\r\n')[0]!.startsWith(firstColumn)).toBe(true);
  });

  it('gives the ACCME files the templates’ header rows, and one learner row per completion', async () => {
    const activities = await get('/api/v1/admin/reports/accme/activities/csv');
    expect(activities.body.split('\r\n')[0]).toBe(PARS_ACTIVITY_COLUMNS.join(','));
    const learners = await get('/api/v1/admin/reports/accme/learners/csv');
    const lines = learners.body.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(PARS_LEARNER_COLUMNS.join(','));
    const json = (await get('/api/v1/admin/reports/accme/learners')).json<{
      columns: string[];
      rows: string[][];
    }>();
    expect(json.columns).toEqual([...PARS_LEARNER_COLUMNS]);
    expect(lines).toHaveLength(json.rows.length + 1);
    expect(json.rows.length).toBeGreaterThan(0);
  });

  it('reads any learner’s transcript, and 404 for an unknown one', async () => {
    const learnerId = data.learnerIds[0]!;
    const response = await get(`/api/v1/admin/reports/transcript/${learnerId}?from=2025-01-01`);
    expect(response.statusCode).toBe(200);
    expect(response.json<{ learner: { id: string } }>().learner.id).toBe(learnerId);
    const unknown = await get('/api/v1/admin/reports/transcript/6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01');
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ['version=2', 'version'],
    ['courseId=abc', 'courseId'],
    ['from=2026-13-01', 'from'],
    ['to=2026-02-30', 'to'],
    ['from=2026-06-01&to=2026-05-01', 'to'],
    ['courseId=6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01&version=first', 'version'],
    ['format=xlsx', 'format'],
  ])('refuses ?%s with a 400 naming %s, JSON or CSV', async (search, field) => {
    for (const report of ['activity', 'activity/csv', 'accme/learners/csv']) {
      const response = await get(`/api/v1/admin/reports/${report}?${search}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      const body = response.json<{ message: string; fields: Record<string, string[]> }>();
      expect(Object.keys(body.fields)).toEqual([field]);
      expect(body.message).toContain(field);
    }
  });

  it('is for admins only', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    const response = await get('/api/v1/admin/reports/activity', await bearerToken(testApp.app, learner));
    expect(response.statusCode).toBe(403);
  });

  describe('pages', () => {
    let session: BrowserSession;

    beforeAll(async () => {
      session = new BrowserSession(testApp.app);
      await session.signIn(admin);
    });

    it('shows the activity report with its filters and links to the CSV with the same filters', async () => {
      const flagship = data.courses[0]!;
      const response = await session.request(
        'GET',
        `/admin/reports?courseId=${flagship.courseId}&from=2026-01-01`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Activity by course version');
      expect(response.body).toContain(flagship.title);
      const csvLink = /href="(\/admin\/reports\/activity\/csv[^"]*)"/.exec(response.body)![1]!;
      expect(decodeEntities(csvLink)).toBe(
        `/admin/reports/activity/csv?courseId=${flagship.courseId}&from=2026-01-01`,
      );
      const csv = await session.request('GET', decodeEntities(csvLink));
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.body.split('\r\n')[0]).toMatch(/^Course,Version,Enrolled/);
    });

    it.each(['/admin/reports/evaluations', '/admin/reports/learning-gain', '/admin/reports/accme'])(
      'shows %s',
      async (path) => {
        const response = await session.request('GET', path);
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain('<table');
      },
    );

    it('marks a bad filter next to its field, with a 400', async () => {
      const response = await session.request('GET', '/admin/reports?from=2026-06-01&to=2026-05-01');
      expect(response.statusCode).toBe(400);
      expect(response.body).toMatch(/id="to"[^>]*aria-invalid="true"/);
      expect(response.body).toContain('Must be on or after from.');
    });

    it('finds a learner and shows their transcript', async () => {
      const [holder] = (
        await testApp.app.inject({
          method: 'GET',
          url: '/api/v1/admin/reports/accme/learners',
          headers: { authorization: `Bearer ${token}` },
        })
      ).json<{ rows: string[][] }>().rows;
      const lastName = holder![PARS_LEARNER_COLUMNS.indexOf('Learner Last Name')]!;
      const search = await session.request(
        'GET',
        `/admin/reports/transcripts?q=${encodeURIComponent(lastName)}`,
      );
      expect(search.statusCode).toBe(200);
      const link = /href="(\/admin\/reports\/transcripts\/[0-9a-f-]{36})"/.exec(search.body)![1]!;
      const transcript = await session.request('GET', link);
      expect(transcript.statusCode).toBe(200);
      expect(transcript.body).toContain('Transcript: ');
      expect(transcript.body).toContain(`${link}/csv`);
    });
  });
});
