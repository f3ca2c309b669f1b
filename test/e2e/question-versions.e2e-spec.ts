import { CoursesService } from '@academy/catalog';
import { newPublishedCourse } from '../factories/courses';
import { sampleContent } from '../factories/course-content';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../factories/questions';
import { bearerToken, newUser, TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const MODULE_ID = sampleContent().modules[0]!.id;

interface QuestionJson {
  id: string;
  lineageId: string;
  courseVersionId: string;
  replacesLineageId: string | null;
  retiredAt: string | null;
  prompt: string;
  difficulty: string | null;
}

interface ErrorJson {
  statusCode: number;
  message: string;
  fields?: Record<string, string[]>;
}

/** The question bank over HTTP: changed only in a draft, the published version left alone. */
describe('a versioned question bank over HTTP', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1/admin${url}`, headers, ...(payload ? { payload } : {}) });

  /** A published course with the sample bank, and a draft started from it. */
  async function courseWithDraft() {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    const publishedIds = await newQuestionBank(testApp.app, courseId, MODULE_ID);
    await testApp.app.get(CoursesService).startDraft(courseId);
    const draft = (await call('GET', `/courses/${courseId}/modules/${MODULE_ID}/questions`)).json<{
      items: QuestionJson[];
    }>().items;
    return { courseId, slug, publishedIds, draft };
  }

  it('refuses to change a published version: adding without a draft, editing or retiring its questions', async () => {
    const { courseId } = await newPublishedCourse(testApp.app);
    const [published] = await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const added = await call(
      'POST',
      `/courses/${courseId}/modules/${MODULE_ID}/questions`,
      SAMPLE_QUESTIONS[0],
    );
    expect(added.statusCode).toBe(409);
    expect(added.json<ErrorJson>().message).toContain('start one');
    const edited = await call('PUT', `/questions/${published}`, {
      ...SAMPLE_QUESTIONS[0],
      prompt: 'Changed',
    });
    expect(edited.statusCode).toBe(409);
    expect(edited.json<ErrorJson>().message).toContain('Start a new draft');
    expect((await call('DELETE', `/questions/${published}`)).statusCode).toBe(409);
    expect((await call('GET', `/questions/${published}`)).json<QuestionJson>()).toMatchObject({
      prompt: SAMPLE_QUESTIONS[0]!.prompt,
      retiredAt: null,
    });
  });

  it('edits, replaces and retires in the draft, keeping lineage; the published questions stay as they were', async () => {
    const { publishedIds, draft } = await courseWithDraft();
    const [single, trueFalse, ordering] = draft as [QuestionJson, QuestionJson, QuestionJson];
    expect(draft.map((question) => question.lineageId).sort()).toEqual([...publishedIds].sort());

    const edited = await call('PUT', `/questions/${single.id}`, {
      ...SAMPLE_QUESTIONS[0],
      prompt: 'Which landmark comes first?',
      difficulty: 'easy',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<QuestionJson>()).toMatchObject({
      id: single.id,
      lineageId: single.lineageId,
      prompt: 'Which landmark comes first?',
      difficulty: 'easy',
    });

    const replaced = await call('POST', `/questions/${trueFalse.id}/replacement`, {
      ...SAMPLE_QUESTIONS[1],
      prompt: 'Small pulls give a purer sample.',
      correct: true,
    });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json<QuestionJson>()).toMatchObject({ replacesLineageId: trueFalse.lineageId });
    expect((await call('GET', `/questions/${trueFalse.id}`)).json<QuestionJson>().retiredAt).not.toBeNull();

    const retired = await call('DELETE', `/questions/${ordering.id}`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json<QuestionJson>().retiredAt).not.toBeNull();

    for (const [index, id] of publishedIds.entries()) {
      expect((await call('GET', `/questions/${id}`)).json<QuestionJson>()).toMatchObject({
        prompt: SAMPLE_QUESTIONS[index]!.prompt,
        retiredAt: null,
      });
    }
  });

  it('names the field of a bad question in a 4xx', async () => {
    const { draft } = await courseWithDraft();
    const target = draft[0]!;
    const cases: [object, string][] = [
      [{ ...SAMPLE_QUESTIONS[0], options: [{ id: 'a', text: 'Only one' }], correct: 'a' }, 'options'],
      [{ ...SAMPLE_QUESTIONS[0], correct: 'z' }, 'correct'],
      [{ ...SAMPLE_QUESTIONS[0], difficulty: 'brutal' }, 'difficulty'],
      [{ ...SAMPLE_QUESTIONS[0], prompt: '' }, 'prompt'],
    ];
    for (const [body, field] of cases) {
      const response = await call('PUT', `/questions/${target.id}`, body);
      expect(response.statusCode).toBe(400);
      const error = response.json<ErrorJson>();
      expect(error.fields?.[field]?.length).toBeGreaterThan(0);
      expect(error.message).toContain(field);
    }
    const numeric = await call('POST', `/questions/${target.id}/replacement`, {
      type: 'numeric',
      prompt: 'How many mL per pull?',
      explanation: 'Small pulls.',
      reference: 'Lesson: Small pulls',
    });
    expect(numeric.statusCode).toBe(400);
    expect(numeric.json<ErrorJson>().fields?.answer?.length).toBeGreaterThan(0);
    expect((await call('PUT', `/questions/${MODULE_ID}`, SAMPLE_QUESTIONS[0])).statusCode).toBe(404);
  });

  it('shows only the chosen type’s fields without a script, keeps what was written, and says what is missing next to it', async () => {
    const { courseId, draft } = await courseWithDraft();
    const session = await new BrowserSession(testApp.app).signIn(admin);
    const base = `/admin/courses/${courseId}/modules/${MODULE_ID}/questions`;

    const blank = await session.request('GET', `${base}/new`);
    expect(blank.statusCode).toBe(200);
    // The type chosen first (one right answer): its choices shown, the number fields hidden and unsent.
    expect(blank.body).toMatch(/<fieldset data-types="single multiple ordering"\s*>/);
    expect(blank.body).toMatch(/<fieldset class="field-row" data-types="numeric" hidden disabled>/);

    const switched = await session.submit(base, {
      type: 'numeric',
      prompt: 'How many mL per pull?',
      intent: 'switch-type',
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.body).toMatch(/<fieldset class="field-row" data-types="numeric"\s*>/);
    expect(switched.body).toMatch(/<fieldset data-types="single multiple ordering" hidden disabled>/);
    expect(switched.body).toContain('How many mL per pull?</textarea>');
    // The preview is the quiz page's markup for a number answer.
    expect(switched.body).toContain('<span class="prompt">How many mL per pull?</span>');
    expect(switched.body).toContain('id="preview_q" name="preview_q" type="number"');

    const missing = await session.submit(`${base}/${draft[0]!.id}/edit`, {
      type: 'single',
      prompt: '',
      choice_a: 'PSIS',
      choice_b: 'ASIS',
      correct: 'a',
      explanation: 'Because.',
      reference: 'Lesson: The PSIS',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("id='prompt-error'");
    expect(missing.body).toContain('Write the question.');
    expect(missing.body).toContain('value="PSIS"');

    const saved = await session.submit(`${base}/${draft[0]!.id}/edit`, {
      type: 'single',
      prompt: 'Which landmark first?',
      choice_a: 'PSIS',
      choice_b: 'ASIS',
      correct: 'a',
      explanation: 'Because.',
      reference: 'Lesson: The PSIS',
      difficulty: 'moderate',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const bank = await session.request('GET', saved.headers.location as string);
    expect(bank.body).toContain('Question saved in the draft.');
    expect(bank.body).toContain('Which landmark first?');

    // A question is edited only under its own course's bank.
    const other = await newPublishedCourse(testApp.app);
    const elsewhere = await session.request(
      'GET',
      `/admin/courses/${other.courseId}/modules/${MODULE_ID}/questions/${draft[0]!.id}/edit`,
    );
    expect(elsewhere.statusCode).toBe(404);

    // The published version's page offers nothing to change.
    const versions = (await testApp.app.get(CoursesService).history(courseId)).map(
      (version) => version.number,
    );
    const published = await session.request('GET', `${base}?version=${Math.min(...versions.slice(0, 2))}`);
    expect(published.body).toContain('its questions do not change');
    expect(published.body).not.toContain('>Edit<');
  });
});
