import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { sampleContent } from '../../../../test/factories/course-content';
import { COURSE_DOCUMENT_FORMAT } from './course-content';
import { CourseDocumentDto } from './course-document';
import { importProblems, problemInWords } from './import-report';

async function reportOf(raw: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(CourseDocumentDto, raw), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return importProblems(errors).map(problemInWords);
}

describe('importProblems', () => {
  it('finds nothing in a valid document', async () => {
    expect(
      await reportOf({ format: COURSE_DOCUMENT_FORMAT, slug: 'fine', content: sampleContent() }),
    ).toEqual([]);
  });

  it('says each problem by its place in the file, in words', async () => {
    const content = sampleContent() as unknown as {
      summary?: string;
      modules: { lessons: Record<string, unknown>[]; quiz: Record<string, unknown> }[];
      people: { disclosure: { disclosedOn: string } }[];
    };
    delete content.summary;
    delete content.modules[1]!.lessons[0]!.title;
    content.modules[0]!.quiz.questionCount = 'eight';
    content.people[0]!.disclosure.disclosedOn = 'last spring';
    const report = await reportOf({ format: 'something/else', slug: 'Not A Slug', content, extra: 1 });
    expect(report).toEqual(
      expect.arrayContaining([
        'Module 2, lesson 1: the title is missing.',
        'Module 1, quiz: the number of questions should be a whole number.',
        'Person 1 (Dr Ines Calloway), disclosure: the disclosure date is not a date written year-month-day (e.g. 2026-09-01).',
        'Course details: the summary is missing.',
        'The file: the address (slug) should be lower-case words joined by hyphens (e.g. bone-marrow-harvesting).',
        `The file: the format is not ${COURSE_DOCUMENT_FORMAT}: this is not a course document exported by the academy.`,
        'The file: the extra is not part of a course document; remove it.',
      ]),
    );
    expect(report.join(' ')).not.toMatch(/content\.|modules\.\d|must be/);
  });
});
