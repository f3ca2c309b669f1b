import { CoursesService } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse, newSlug } from '../factories/courses';
import { multipartFile } from '../factories/images';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../factories/questions';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

interface ExportedDocument {
  format: string;
  slug: string;
  content: { modules: { id: string; title: string; questions?: Record<string, unknown>[] }[] } & Record<
    string,
    unknown
  >;
}

describe('question banks in course files, the version diff and the publish checklist', () => {
  let testApp: TestApp;
  let headers: Record<string, string>;
  let session: BrowserSession;
  const moduleId = sampleContent().modules[0]!.id;

  beforeAll(async () => {
    testApp = await createTestApp();
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
    session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
  });

  afterAll(() => testApp.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    testApp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** A published course (version 2) whose first module's bank holds the three sample questions. */
  async function courseWithBank(): Promise<{ courseId: string; slug: string; questionIds: string[] }> {
    const course = await newPublishedCourse(testApp.app);
    const questionIds = await newQuestionBank(testApp.app, course.courseId, moduleId);
    return { ...course, questionIds };
  }

  async function download(courseId: string, version: number): Promise<ExportedDocument> {
    const response = await session.request('GET', `/admin/courses/${courseId}/versions/${version}/export`);
    expect(response.statusCode).toBe(200);
    return response.json<ExportedDocument>();
  }

  async function upload(document: unknown) {
    const token = await session.csrfToken('/admin/courses/import');
    return session.upload(
      `/admin/courses/import?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'course.json', 'application/json', Buffer.from(JSON.stringify(document))),
    );
  }

  async function createFrom(preview: { body: string }): Promise<string> {
    const uploadId = /\/admin\/courses\/import\/([0-9a-f-]{36})\/create/.exec(preview.body)?.[1];
    expect(uploadId).toBeDefined();
    const created = await session.submit(`/admin/courses/import/${uploadId}/create`);
    expect(created.statusCode).toBe(303);
    return /\/admin\/courses\/([0-9a-f-]{36})\?notice=imported$/.exec(
      created.headers.location as string,
    )![1]!;
  }

  it('downloads a version with its questions and imports it as a new course with the same bank', async () => {
    const { courseId } = await courseWithBank();
    const exported = await download(courseId, 2);
    const questions = exported.content.modules[0]!.questions!;
    expect(questions.map((question) => question.prompt).sort()).toEqual(
      SAMPLE_QUESTIONS.map((question) => question.prompt).sort(),
    );
    expect(JSON.stringify(questions)).not.toMatch(/lineage|[0-9a-f]{8}-[0-9a-f]{4}-/i);

    const preview = await upload({ ...exported, slug: newSlug('bank') });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('3 questions');
    expect(preview.body).toContain('0 questions');
    const newCourseId = await createFrom(preview);

    const again = await call('GET', `/api/v1/admin/courses/${newCourseId}/versions/1/export`);
    expect(again.statusCode).toBe(200);
    expect(again.json<ExportedDocument>().content.modules[0]!.questions).toEqual(questions);
    const bankPage = await session.request(
      'GET',
      `/admin/courses/${newCourseId}/modules/${moduleId}/questions`,
    );
    expect(bankPage.statusCode).toBe(200);
    expect(bankPage.body).toContain('Posterior superior iliac spine');
  });

  it('still imports a file exported before banks travelled with courses', async () => {
    const { courseId } = await courseWithBank();
    const current = await upload(await download(courseId, 2));
    expect(current.body).toContain(
      'The draft’s question banks become the file’s: the questions of version 2 that the file keeps go on with their item statistics; those it leaves out are retired in the draft.',
    );
    const older = await download(courseId, 2);
    for (const module of older.content.modules) {
      delete module.questions;
    }
    const asNewCourse = await upload({ ...older, slug: newSlug('old') });
    expect(asNewCourse.statusCode).toBe(200);
    expect(asNewCourse.body).toContain('no questions in the file');
    await createFrom(asNewCourse);

    // As the next version of its own course, the draft keeps the course's questions.
    const asNextVersion = await upload(older);
    expect(asNextVersion.statusCode).toBe(200);
    expect(asNextVersion.body).toContain('no questions in the file: keeps the course’s current ones');
    expect(asNextVersion.body).not.toContain('question banks become the file’s');
    await createFrom(asNextVersion);
    const draft = await call('GET', `/api/v1/admin/courses/${courseId}/versions/3/export`);
    expect(draft.json<ExportedDocument>().content.modules[0]!.questions).toHaveLength(3);
  });

  it('reports bad questions by module and question, in words, and creates nothing', async () => {
    const { courseId } = await courseWithBank();
    const document = await download(courseId, 2);
    const single = document.content.modules[0]!.questions!.find((question) => question.type === 'single')!;
    document.content.modules[1]!.questions = [
      { ...single },
      { ...single },
      { ...single, correct: 'z' },
      { ...single, lineageId: 'from-another-academy' },
    ];
    const slug = newSlug('badq');
    const report = await upload({ ...document, slug });
    expect(report.statusCode).toBe(400);
    expect(report.body).toContain('Module 2, question 3: the correct answer is not one of the choices.');
    expect(report.body).toContain(
      'Module 2, question 4: a lineage id is not carried in a course file (each academy gives its own); remove it.',
    );
    expect(report.body).not.toContain('>Create draft</button>');

    // The JSON API refuses the same file, naming the field.
    const { designationStatement: _written, ...content } = document.content;
    const api = await call('POST', '/api/v1/admin/courses/import', { ...document, slug, content });
    expect(api.statusCode).toBe(400);
    expect(api.body).toContain('questions');
    expect(api.body).toContain('Module 2, question 3: the correct answer is not one of the choices.');
    const created = await call('GET', '/api/v1/admin/courses?limit=100');
    expect(created.body).not.toContain(slug);
  });

  it('asks for a second review after a question edit, and shows question changes in the version diff', async () => {
    const { courseId, questionIds } = await courseWithBank();
    await testApp.app.get(CoursesService).startDraft(courseId);
    const checklist = await session.request('GET', `/admin/courses/${courseId}/checklist`);
    const reviewed = /name="revision" value="(\d+)"/.exec(checklist.body)?.[1];
    expect(reviewed).toBeDefined();

    const bank = await call('GET', `/api/v1/admin/courses/${courseId}/modules/${moduleId}/questions`);
    const copies = bank.json<{ items: { id: string; prompt: string }[] }>().items;
    const copyOf = (index: number) => copies.find((copy) => copy.prompt === SAMPLE_QUESTIONS[index]!.prompt)!;
    expect(questionIds).toHaveLength(3);
    const edited = await call('PUT', `/api/v1/admin/questions/${copyOf(0).id}`, {
      ...SAMPLE_QUESTIONS[0],
      correct: 'a',
    });
    expect(edited.statusCode).toBe(200);

    const stale = await session.submit(`/admin/courses/${courseId}/publish`, { revision: reviewed! });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(
      'The draft changed since you reviewed it. Review the checklist again, then publish.',
    );
    const reviewedAgain = /name="revision" value="(\d+)"/.exec(
      (await session.request('GET', `/admin/courses/${courseId}/checklist`)).body,
    )?.[1];
    expect(Number(reviewedAgain)).toBe(Number(reviewed) + 1);

    const added = await call('POST', `/api/v1/admin/courses/${courseId}/modules/${moduleId}/questions`, {
      ...SAMPLE_QUESTIONS[1],
      prompt: 'Small pulls keep the sample purer.',
      correct: true,
    });
    expect(added.statusCode).toBe(201);
    const retired = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/questions/${copyOf(2).id}`,
      headers,
    });
    expect(retired.statusCode).toBe(200);
    const revision = /name="revision" value="(\d+)"/.exec(
      (await session.request('GET', `/admin/courses/${courseId}/checklist`)).body,
    )?.[1];
    expect(Number(revision)).toBe(Number(reviewed) + 3);
    const published = await session.submit(`/admin/courses/${courseId}/publish`, { revision: revision! });
    expect(published.statusCode).toBe(303);

    const history = await session.request('GET', `/admin/courses/${courseId}/history?from=2&to=3`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Question bank changes');
    const title = sampleContent().modules[0]!.title;
    expect(history.body).toContain(
      `<strong>edited</strong> ${title} › “${SAMPLE_QUESTIONS[0]!.prompt}” <span class="muted">(the correct answer)</span>`,
    );
    expect(history.body).toContain(`<strong>added</strong> ${title} › “Small pulls keep the sample purer.”`);
    expect(history.body).toContain(`<strong>retired</strong> ${title} › “${SAMPLE_QUESTIONS[2]!.prompt}”`);

    const diff = await call('GET', `/api/v1/admin/courses/${courseId}/versions/2/diff/3`);
    expect(
      diff
        .json<{ questionChanges: { change: string }[] }>()
        .questionChanges.map((c) => c.change)
        .sort(),
    ).toEqual(['added', 'edited', 'retired']);
  });
});
