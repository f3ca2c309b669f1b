import { COURSE_DOCUMENT_FORMAT } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { multipartFile } from '../factories/images';
import { newPublishedCourse, newReadyDraft, newSlug } from '../factories/courses';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const AMA_SENTENCE =
  'Physicians should claim only the credit commensurate with the extent of their participation in the activity.';

describe('authoring API and pages: disclosures, the designation statement, import and export', () => {
  let testApp: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    testApp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const facultyId = sampleContent().people[0]!.id;
  const person = (relationships: object[], mitigation?: string) => ({
    name: 'Dr Ines Calloway',
    credentials: 'MD',
    role: 'faculty',
    disclosure: { disclosedOn: '2026-06-01', relationships, ...(mitigation ? { mitigation } : {}) },
  });

  it('edits a disclosure in the draft; a relationship outside the 24 months is refused in words', async () => {
    const draft = await newReadyDraft(testApp.app);
    const base = `/api/v1/admin/courses/${draft.courseId}/draft/people`;

    const old = await call('PUT', `${base}/${facultyId}`, {
      revision: draft.revision,
      person: person([{ company: 'Acme Biologics', nature: 'Speaker fees', endedOn: '2023-03-03' }]),
    });
    expect(old.statusCode).toBe(400);
    expect(old.json<{ message: string }>().message).toContain(
      'ended on 3 March 2023, more than 24 months before the disclosure of 1 June 2026',
    );

    const edited = await call('PUT', `${base}/${facultyId}`, {
      revision: draft.revision,
      person: person([{ company: 'Acme Biologics', nature: 'Consulting fees', relevant: true }]),
    });
    expect(edited.statusCode).toBe(200);
    const saved = edited.json<{
      revision: number;
      content: { people: { id: string; disclosure: unknown }[] };
    }>();
    expect(saved.content.people[0]).toMatchObject({
      id: facultyId,
      disclosure: {
        relationships: [{ company: 'Acme Biologics', nature: 'Consulting fees', relevant: true }],
      },
    });

    // Publishing waits for the mitigation of the relevant relationship.
    const refused = await call('POST', `/api/v1/admin/courses/${draft.courseId}/draft/publish`, {
      revision: saved.revision,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ message: string }>().message).toContain(
      'Dr Ines Calloway: record how the relevant financial relationships (Acme Biologics) were mitigated.',
    );

    const unknown = await call('PUT', `${base}/00000000-0000-4000-8000-000000000000`, {
      revision: saved.revision,
      person: person([]),
    });
    expect(unknown.statusCode).toBe(404);

    const added = await call('POST', base, {
      revision: saved.revision,
      person: { ...person([]), name: 'Dr Noor Haddad', role: 'planner' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json<{ content: { people: unknown[] } }>().content.people).toHaveLength(2);
  });

  it('never changes a published version: editing needs a draft', async () => {
    const { courseId } = await newPublishedCourse(testApp.app);
    const response = await call('PUT', `/api/v1/admin/courses/${courseId}/draft/people/${facultyId}`, {
      revision: 1,
      person: person([]),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ message: string }>().message).toContain('start one from the published version');
  });

  it('refuses a typed designation statement that contradicts the credits, naming the field', async () => {
    const draft = await newReadyDraft(testApp.app);
    const response = await call('PUT', `/api/v1/admin/courses/${draft.courseId}/draft`, {
      revision: draft.revision,
      content: sampleContent({
        designationStatement: 'The academy designates this for 40 credits.',
      }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/^designationStatement is no longer typed/);
  });

  it('publishes the statement written from the credits, which the catalog shows', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app, {
      credits: [{ type: 'AMA PRA Category 1 Credit™', max: 6.25 }],
    });
    const version = await call('GET', `/api/v1/admin/courses/${courseId}/versions/1`);
    expect(version.json<{ content: { designationStatement: string } }>().content.designationStatement).toBe(
      `The Regen Academy designates this enduring material for a maximum of 6.25 AMA PRA Category 1 Credits™. ${AMA_SENTENCE}`,
    );
    const page = await testApp.app.inject({ method: 'GET', url: `/courses/${slug}` });
    expect(page.body).toContain('a maximum of 6.25 AMA PRA Category 1 Credits™');
  });

  it('shows learners the relevant relationships with their mitigation, not those unrelated to the content', async () => {
    const [faculty] = sampleContent().people;
    const { slug } = await newPublishedCourse(testApp.app, {
      people: [
        {
          ...faculty!,
          disclosure: {
            disclosedOn: '2026-06-01',
            relationships: [
              { company: 'Acme Biologics', nature: 'Consulting fees', relevant: true },
              { company: 'Orbis Devices', nature: 'Stock', relevant: false, endedOn: '2025-01-31' },
            ],
            mitigation: 'Slides reviewed by an independent planner.',
          },
        },
      ],
    });
    const page = await testApp.app.inject({ method: 'GET', url: `/courses/${slug}` });
    expect(page.body).toContain('<li>Acme Biologics: Consulting fees</li>');
    expect(page.body).toContain('Mitigation: Slides reviewed by an independent planner.');
    expect(page.body).not.toContain('Orbis Devices');
  });

  it('imports an uploaded file: problems by their place, then a preview, then the draft, once', async () => {
    const session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
    const token = await session.csrfToken('/admin/courses/import');
    const upload = (document: unknown) =>
      session.upload(
        `/admin/courses/import?_csrf=${encodeURIComponent(token)}`,
        multipartFile('file', 'course.json', 'application/json', Buffer.from(JSON.stringify(document))),
      );

    const broken = sampleContent() as unknown as { modules: { lessons: Record<string, unknown>[] }[] };
    delete broken.modules[1]!.lessons[0]!.title;
    const report = await upload({ format: COURSE_DOCUMENT_FORMAT, slug: newSlug('imp'), content: broken });
    expect(report.statusCode).toBe(400);
    expect(report.body).toContain('Module 2, lesson 1: the title is missing.');
    expect(report.body).not.toContain('>Create draft</button>');

    const slug = newSlug('imp');
    const preview = await upload({ format: COURSE_DOCUMENT_FORMAT, slug, content: sampleContent() });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain(`A new course at <code>/courses/${slug}</code>`);
    const uploadId = /\/admin\/courses\/import\/([0-9a-f-]{36})\/create/.exec(preview.body)?.[1];
    expect(uploadId).toBeDefined();

    const created = await session.submit(`/admin/courses/import/${uploadId}/create`);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(/^\/admin\/courses\/[0-9a-f-]{36}\?notice=imported$/);
    const again = await session.submit(`/admin/courses/import/${uploadId}/create`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This upload is no longer waiting');

    const notJson = await session.upload(
      `/admin/courses/import?_csrf=${encodeURIComponent(token)}`,
      multipartFile(
        'file',
        'course.json',
        'application/json',
        Buffer.from('{"format": "regen-academy/course@1",\n  "slug": }'),
      ),
    );
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('The file is not valid JSON: something unexpected at line 2, column 11.');
  });

  it('exports a version as a download named after the course and the version', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    const session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
    const response = await session.request('GET', `/admin/courses/${courseId}/versions/1/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=${slug}-version-1.json`);
    const document = response.json<{ format: string; slug: string; content: { modules: object[] } }>();
    expect(document).toMatchObject({ format: COURSE_DOCUMENT_FORMAT, slug });
    // Every module carries its question bank (none yet here), so an import knows it is the whole bank.
    expect(
      document.content.modules.map((module) => ('questions' in module ? module.questions : null)),
    ).toEqual([[], []]);
    const bad = await session.request('GET', `/admin/courses/${courseId}/versions/first/export`);
    expect(bad.statusCode).toBe(404);
  });
});
