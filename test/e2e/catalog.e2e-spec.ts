import { newPublishedCourse, newReadyDraft } from '../factories/courses';
import { createTestApp, TestApp } from '../support/test-app';

describe('public catalog', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('lists published courses in the contract shape, searchable, paginated, without drafts', async () => {
    const published = await newPublishedCourse(testApp.app, {
      title: 'Sternal Aspiration Safety',
      topics: ['sternum'],
    });
    await newReadyDraft(testApp.app, { title: 'Sternal Draft Not Yet Public' });
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/courses?q=sternal' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          id: published.courseId,
          slug: published.slug,
          title: 'Sternal Aspiration Safety',
          modules: [
            { kind: 'anatomy', title: 'Landmarks' },
            { kind: 'extraction', title: 'Aspiration' },
          ],
          credits: [{ type: 'AMA PRA Category 1 Credit™', max: 2 }],
        }),
      ],
    });
    const paged = await testApp.app.inject({ method: 'GET', url: '/api/v1/courses?limit=1&offset=0' });
    expect(paged.json<{ items: unknown[]; total: number }>().items).toHaveLength(1);
  });

  it('answers a course by id or slug with what a physician needs before enrolling', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app, { title: 'Landmarks Refresher' });
    const bySlug = (await testApp.app.inject({ method: 'GET', url: `/api/v1/courses/${slug}` })).json<
      Record<string, unknown>
    >();
    const byId = (await testApp.app.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` })).json<
      Record<string, unknown>
    >();
    expect(byId).toEqual(bySlug);
    expect(bySlug).toMatchObject({
      title: 'Landmarks Refresher',
      version: 1,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      skillsLabRequired: true,
      accreditationStatement: expect.stringContaining('ACCME'),
      people: [
        expect.objectContaining({
          name: 'Dr Ines Calloway',
          disclosure: expect.objectContaining({ relationships: [] }),
        }),
      ],
      modules: [
        expect.objectContaining({ objectives: ['Identify the posterior superior iliac spine by palpation'] }),
        expect.anything(),
      ],
    });
    expect(JSON.stringify(bySlug)).not.toContain('markdown');
    expect(
      (await testApp.app.inject({ method: 'GET', url: '/api/v1/courses/no-such-course' })).statusCode,
    ).toBe(404);
  });

  it('renders the catalog and course pages for anonymous visitors', async () => {
    const { slug } = await newPublishedCourse(testApp.app, { title: 'Trocar Depth Control' });
    const list = await testApp.app.inject({
      method: 'GET',
      url: '/courses?q=trocar',
      headers: { accept: 'text/html' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/courses/${slug}"`);
    expect(list.body).toContain('1 course found');
    const page = await testApp.app.inject({
      method: 'GET',
      url: `/courses/${slug}`,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Trocar Depth Control',
      'Identify the posterior superior iliac spine',
      'Dr Ines Calloway',
      'Hands-on skills lab required',
      'ACCME',
    ]) {
      expect(page.body).toContain(text);
    }
    const missing = await testApp.app.inject({
      method: 'GET',
      url: '/courses/not-published-anywhere',
      headers: { accept: 'text/html' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('No published course at this address.');
  });
});
