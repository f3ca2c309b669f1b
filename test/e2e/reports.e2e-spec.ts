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
  let admin: { id: string; email: string; password: string };
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
      // RFC 6266: a token needs no quotes.
      /^attachment; filename="?[a-z-]+-2026-01-01-to-now\.csv"?$/,
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

  describe('ACCME Activity IDs', () => {
    const put = (courseVersionId: string, body: unknown, bearer = token) =>
      testApp.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/reports/accme/activities/${courseVersionId}`,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    type ParsJson = {
      columns: string[];
      rows: string[][];
      courseVersionIds: string[];
      missingActivityIds: number;
    };
    const learners = async (search = '') =>
      (await get(`/api/v1/admin/reports/accme/learners${search}`)).json<ParsJson>();
    const accmeIdOf = (row: string[]) => row[PARS_LEARNER_COLUMNS.indexOf('ACCME Activity ID')];

    it('records the id PARS assigned to a version, and both files carry it from then on', async () => {
      const flagship = data.courses[0]!;
      const v2 = flagship.versions[1]!.versionId;
      const scope = `?courseId=${flagship.courseId}&version=2`;
      const before = await learners(scope);
      expect(before.rows.length).toBeGreaterThan(0);
      expect(before.missingActivityIds).toBe(before.rows.length);
      expect(new Set(before.rows.map(accmeIdOf))).toEqual(new Set(['']));

      const response = await put(v2, { accmeActivityId: '202212345' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        courseVersionId: v2,
        accmeActivityId: '202212345',
        recordedByUserId: admin.id,
      });
      const after = await learners(scope);
      expect(after.missingActivityIds).toBe(0);
      expect(new Set(after.rows.map(accmeIdOf))).toEqual(new Set(['202212345']));
      expect(new Set(after.courseVersionIds)).toEqual(new Set([v2]));
      const activities = (await get(`/api/v1/admin/reports/accme/activities${scope}`)).json<ParsJson>();
      expect(activities.courseVersionIds).toEqual([v2]);
      expect(activities.rows[0]![PARS_ACTIVITY_COLUMNS.indexOf('ACCME Activity ID')]).toBe('202212345');
      expect(activities.missingActivityIds).toBe(0);
      const csv = (await get(`/api/v1/admin/reports/accme/learners/csv${scope}`)).body.split('\r\n');
      expect(csv[1]!.startsWith('Add,202212345,')).toBe(true);
      // Every completion of the other versions still lacks one, and the answer says how many.
      const all = await learners();
      expect(all.missingActivityIds).toBe(all.courseVersionIds.filter((id) => id !== v2).length);
      expect(all.missingActivityIds).toBeGreaterThan(0);
    });

    it('refuses an id another version holds with a 409, and an unknown version with a 404', async () => {
      const flagship = data.courses[0]!;
      const [v1, v2] = flagship.versions.map((version) => version.versionId);
      expect((await put(v2!, { accmeActivityId: '202254321' })).statusCode).toBe(200);
      const taken = await put(v1!, { accmeActivityId: '202254321' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({
        code: 'ACCME_ACTIVITY_ID_TAKEN',
        fields: { accmeActivityId: [expect.stringContaining(`${flagship.slug}-v2`)] },
      });
      const unknown = await put('6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01', { accmeActivityId: '202299999' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json<{ code: string }>().code).toBe('COURSE_VERSION_NOT_FOUND');
    });

    it.each([
      [{ accmeActivityId: 'PARS-1' }, 'accmeActivityId'],
      [{ accmeActivityId: '12345' }, 'accmeActivityId'],
      [{ accmeActivityId: 202212345 }, 'accmeActivityId'],
      [{}, 'accmeActivityId'],
      [{ accmeActivityId: '202212345', note: 'x' }, 'note'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const response = await put(data.courses[0]!.versions[0]!.versionId, body);
      expect(response.statusCode).toBe(400);
      const answer = response.json<{ message: string; fields: Record<string, string[]> }>();
      expect(Object.keys(answer.fields)).toEqual([field]);
      expect(answer.message).toContain(field);
    });

    it('is for admins only', async () => {
      const learner = await newUser(testApp.app, { roles: ['learner'] });
      const response = await put(
        data.courses[0]!.versions[0]!.versionId,
        { accmeActivityId: '202277777' },
        await bearerToken(testApp.app, learner),
      );
      expect(response.statusCode).toBe(403);
      const activities = (await get('/api/v1/admin/reports/accme/activities')).json<ParsJson>();
      expect(activities.rows.flat()).not.toContain('202277777');
    });
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

    it('records an activity’s ACCME Activity ID from its row and comes back to the same filters', async () => {
      const second = data.courses[1]!;
      const versionId = second.versions[0]!.versionId;
      const filters = `courseId=${second.courseId}&from=2025-01-01`;
      const page = await session.request('GET', `/admin/reports/accme?${filters}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/\d+ completion\(s\) have no ACCME Activity ID/);
      const action = /<form method="post" action="(\/admin\/reports\/accme\/activities\/[^"]+)"/.exec(
        page.body,
      )![1]!;
      expect(decodeEntities(action)).toBe(`/admin/reports/accme/activities/${versionId}?${filters}`);

      const bad = await session.submit(decodeEntities(action), { accmeActivityId: 'ABC' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(
        new RegExp(`id="accme-id-${versionId}"[^>]*value="ABC"[^>]*aria-invalid="true"`),
      );
      expect(bad.body).toContain('Must be the 6 to 12 digits PARS assigned');

      const saved = await session.submit(decodeEntities(action), { accmeActivityId: '202288888' });
      expect(saved.statusCode).toBe(303);
      expect(decodeEntities(saved.headers.location as string)).toBe(
        `/admin/reports/accme?${filters}&done=accme_id_recorded`,
      );
      const back = await session.request('GET', saved.headers.location as string);
      expect(back.body).toContain('ACCME Activity ID recorded');
      expect(back.body).toMatch(new RegExp(`id="accme-id-${versionId}"[^>]*value="202288888"`));
      expect(back.body).not.toContain('have no ACCME Activity ID');

      // Another version's id: a problem next to the field, nothing recorded.
      const holder = data.courses[0]!.versions[0]!.versionId;
      await testApp.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/reports/accme/activities/${holder}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ accmeActivityId: '202266666' }),
      });
      const taken = await session.submit(decodeEntities(action), { accmeActivityId: '202266666' });
      expect(taken.statusCode).toBe(400);
      expect(taken.body).toContain('202266666 is already recorded for');
    });

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
      const lastName = holder![PARS_LEARNER_COLUMNS.indexOf('Last Name')]!;
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
