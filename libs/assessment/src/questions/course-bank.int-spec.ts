import { CatalogCoreModule, CatalogErrorCode, contentHash, CoursesService } from '@academy/catalog';
import type { CourseDocumentDto } from '@academy/catalog';
import { FakeClock, FieldValidationException } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse, newSlug } from '../../../../test/factories/courses';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../../../../test/factories/questions';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AssessmentCoreModule } from '../assessment.module';
import { QuestionBankService } from './question-bank.service';

describe('question banks travel with the course: export, import, hash, diff and the draft revision', () => {
  let context: TestContext;
  let bank: QuestionBankService;
  let courses: CoursesService;
  const moduleId = sampleContent().modules[0]!.id;

  beforeAll(async () => {
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock: new FakeClock(new Date('2026-11-21T09:00:00Z')) },
    );
    bank = context.get(QuestionBankService);
    courses = context.get(CoursesService);
  });

  afterAll(() => context.close());

  /** A published course whose first module's bank holds the three sample questions. */
  async function courseWithBank() {
    const course = await newPublishedCourse(context.module);
    const questionIds = await newQuestionBank(context.module, course.courseId, moduleId);
    const latest = (await courses.history(course.courseId))[0]!.number;
    return { ...course, questionIds, latest };
  }

  /** The active questions' texts of the first module's bank, in bank order. */
  const prompts = async (courseId: string, number?: number) =>
    (await bank.versionBank(courseId, moduleId, number)).items
      .filter((item) => item.retiredAt === null)
      .map((item) => item.body.prompt);
  // Questions added in one go share a creation time here (the clock stands still): compare as sets.
  const sorted = (texts: string[]) => [...texts].sort();
  const samplePrompts = sorted(SAMPLE_QUESTIONS.map((question) => question.prompt));

  it('exports each module’s questions without ids, and a new course imported from the file has the same bank', async () => {
    const { courseId, latest } = await courseWithBank();
    const exported = await courses.exportVersion(courseId, latest);
    const questions = exported.content.modules[0]!.questions!;
    expect(questions).toHaveLength(3);
    expect(exported.content.modules[1]!.questions).toEqual([]);
    expect(questions.find((question) => question.type === 'single')).toEqual({
      type: 'single',
      prompt: SAMPLE_QUESTIONS[0]!.prompt,
      options: SAMPLE_QUESTIONS[0]!.options,
      correct: 'b',
      explanation: SAMPLE_QUESTIONS[0]!.explanation,
      reference: SAMPLE_QUESTIONS[0]!.reference,
      tags: ['landmarks'],
    });
    // No row id, lineage or replaced lineage: only the choices' own ids.
    expect(JSON.stringify(questions)).not.toMatch(/lineage|replaces|[0-9a-f]{8}-[0-9a-f]{4}-/i);

    // The published version's hash is the hash of what the export carries.
    const published = await courses.getVersion(courseId, latest);
    expect(published.contentHash).toBe(contentHash(exported.content));

    const copy = JSON.parse(JSON.stringify({ ...exported, slug: newSlug('bank') })) as CourseDocumentDto;
    delete copy.content.designationStatement;
    const { course, draft } = await courses.importDocument(copy);
    // A new course's bank is the file's, in the file's order.
    expect(await prompts(course.id)).toEqual(questions.map((question) => question.prompt));
    // The draft stores its content without the banks; the banks are the bank's.
    expect(JSON.stringify(draft.content)).not.toContain('"questions"');
    const again = await courses.exportVersion(course.id, draft.number);
    expect(again.content.modules[0]!.questions).toEqual(questions);
  });

  it('imports a new version of the same course: kept questions keep their lineage, edits revise, others are added or retired', async () => {
    const { courseId, questionIds, latest } = await courseWithBank();
    const [single, trueFalse, ordering] = questionIds as [string, string, string];
    const exported = await courses.exportVersion(courseId, latest);
    const exportedOf = (type: string) =>
      exported.content.modules[0]!.questions!.find((question) => question.type === type)!;
    const [first, second] = [exportedOf('single'), exportedOf('true_false')];
    const added = {
      type: 'numeric',
      prompt: 'How many mL per pull?',
      unit: 'mL',
      answer: 2,
      tolerance: 0.5,
      explanation: 'Small pulls.',
      reference: 'Lesson: Small pulls',
    };
    const document = JSON.parse(JSON.stringify(exported)) as CourseDocumentDto;
    delete document.content.designationStatement;
    // The single-answer question kept as it is, the true/false one with a new explanation,
    // the ordering one left out, a numeric one added.
    document.content.modules[0]!.questions = [first, { ...second, explanation: 'Rewritten.' }, added];

    const { draft } = await courses.importDocument(document);
    expect(draft.number).toBe(latest + 1);
    const items = (await bank.versionBank(courseId, moduleId, draft.number)).items;
    const byLineage = (lineageId: string) => items.find((item) => item.lineageId === lineageId)!;
    expect(byLineage(single).retiredAt).toBeNull();
    expect(byLineage(trueFalse).answerKey.explanation).toBe('Rewritten.');
    expect(byLineage(ordering).retiredAt).not.toBeNull();
    expect(sorted(await prompts(courseId, draft.number))).toEqual(
      sorted([first.prompt as string, second.prompt as string, added.prompt]),
    );

    const changes = await courses.questionChanges(courseId, latest, draft.number);
    const title = sampleContent().modules[0]!.title;
    expect(changes).toHaveLength(3);
    expect(changes).toEqual(
      expect.arrayContaining([
        { change: 'edited', module: title, question: second.prompt, detail: 'the explanation' },
        { change: 'added', module: title, question: added.prompt },
        { change: 'retired', module: title, question: SAMPLE_QUESTIONS[2]!.prompt },
      ]),
    );
  });

  it('imports an older file without questions: a new course starts with an empty bank, a next version keeps its bank', async () => {
    const { courseId, latest } = await courseWithBank();
    const exported = await courses.exportVersion(courseId, latest);
    const older = JSON.parse(JSON.stringify(exported)) as CourseDocumentDto;
    delete older.content.designationStatement;
    for (const module of older.content.modules) {
      delete module.questions;
    }
    const next = await courses.importDocument(older);
    expect(sorted(await prompts(courseId, next.draft.number))).toEqual(samplePrompts);
    expect(await courses.questionChanges(courseId, latest, next.draft.number)).toEqual([]);

    const fresh = await courses.importDocument({ ...older, slug: newSlug('old') });
    expect(await prompts(fresh.course.id)).toEqual([]);
  });

  it('refuses questions with problems, each by its module and question, in words', async () => {
    const content = sampleContent();
    const document = {
      format: 'regen-academy/course@1',
      slug: newSlug('bad'),
      content: {
        ...content,
        modules: content.modules.map((module, index) =>
          index === 1
            ? {
                ...module,
                questions: [
                  { ...SAMPLE_QUESTIONS[1] },
                  { ...SAMPLE_QUESTIONS[0], correct: 'z' },
                  { type: 'essay', prompt: 'Discuss.' },
                  { ...SAMPLE_QUESTIONS[1], id: '3b8a6d2e-9c1f-4a7b-8e2d-7f6a5b4c3d25', prompt: '' },
                ],
              }
            : module,
        ),
      },
    } as unknown as CourseDocumentDto;
    expect(courses.bankProblems(document.content.modules)).toEqual([
      'Module 2, question 2: the correct answer is not one of the choices.',
      'Module 2, question 3: the question type "essay" is not one of the choices (single, multiple, true_false, numeric, ordering).',
      'Module 2, question 4: an id is not carried in a course file (each academy gives its own); remove it.',
      'Module 2, question 4: the question text is empty.',
    ]);
    const refused = await courses.importDocument(document).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FieldValidationException);
    expect(await courses.overview({ limit: 1000, offset: 0 })).not.toMatchObject({
      rows: expect.arrayContaining([expect.objectContaining({ slug: document.slug })]),
    });
  });

  it('counts every question change as a draft change: a checklist reviewed before it cannot publish', async () => {
    const { courseId, questionIds } = await courseWithBank();
    const draft = await courses.startDraft(courseId);
    const copyOf = async (lineageId: string) =>
      (await bank.versionBank(courseId, moduleId)).items.find((item) => item.lineageId === lineageId)!;
    let revision = draft.revision;
    const moved = async () => {
      const now = (await courses.getDraft(courseId)).revision;
      expect(now).toBe(revision + 1);
      revision = now;
    };

    const reviewed = revision;
    await bank.edit((await copyOf(questionIds[0]!)).id, { ...SAMPLE_QUESTIONS[0]!, correct: 'a' });
    await moved();
    await expect(courses.publish(courseId, reviewed)).rejects.toMatchObject({
      code: CatalogErrorCode.STALE_REVISION,
    });
    await bank.add(courseId, moduleId, { ...SAMPLE_QUESTIONS[1]!, prompt: 'Another statement.' });
    await moved();
    await bank.retire((await copyOf(questionIds[2]!)).id);
    await moved();
    await bank.replace((await copyOf(questionIds[1]!)).id, {
      ...SAMPLE_QUESTIONS[1]!,
      prompt: 'A better statement.',
    });
    await moved();

    const published = await courses.publish(courseId, revision);
    const changes = await courses.questionChanges(courseId, published.number - 1, published.number);
    const title = sampleContent().modules[0]!.title;
    expect(changes).toHaveLength(4);
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          change: 'edited',
          module: title,
          question: SAMPLE_QUESTIONS[0]!.prompt,
          detail: 'the correct answer',
        },
        { change: 'added', module: title, question: 'Another statement.' },
        {
          change: 'replaced',
          module: title,
          question: 'A better statement.',
          before: SAMPLE_QUESTIONS[1]!.prompt,
        },
        { change: 'retired', module: title, question: SAMPLE_QUESTIONS[2]!.prompt },
      ]),
    );
    // The hash of the published version covers the edited key: it differs from the version before.
    const before = await courses.getVersion(courseId, published.number - 1);
    expect(published.contentHash).not.toBe(before.contentHash);
  });
});
