import { FakeClock } from '@academy/core';
import { sampleContent } from '../../../test/factories/course-content';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { CatalogError, CatalogErrorCode } from './catalog-error';
import { CatalogCoreModule } from './catalog.module';
import { CoursesService } from './courses/courses.service';

describe('MOC points and licensure topics on PostgreSQL: checked at every draft save and at publication', () => {
  let context: TestContext;
  let courses: CoursesService;

  beforeAll(async () => {
    context = await createTestContext([CatalogCoreModule], {
      clock: new FakeClock(new Date('2026-11-21T12:00:00Z')),
    });
    courses = context.get(CoursesService);
  });

  afterAll(() => context.close());

  it('refuses a draft whose MOC points exceed the AMA credit, naming the field, and keeps what was saved', async () => {
    const { course, draft } = await courses.createCourse('moc-rules', 'Placeholder');
    const content = sampleContent({
      credits: [{ type: 'AMA PRA Category 1 Credit™', max: 2 }],
      moc: [{ board: 'ABIM', points: 2, types: ['MK'] }],
      licensureTopics: [{ jurisdiction: 'TX', topic: 'Pain management' }],
    });
    const saved = await courses.saveDraft(course.id, draft.revision, content);

    const refusal = await courses
      .saveDraft(course.id, saved.revision, {
        ...content,
        moc: [{ board: 'ABIM', points: 2.5, types: ['MK'] }],
      })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CatalogError);
    expect((refusal as CatalogError).code).toBe(CatalogErrorCode.MOC_REFUSED);
    expect((refusal as CatalogError).problems).toEqual({
      'moc.0.points': ['MOC points may be at most 2, the AMA PRA Category 1 Credits™ designated (got 2.5).'],
    });

    // Lowering the credit below the points is refused the same way: the cap follows the credit.
    const lowered = await courses
      .editDraft(course.id, saved.revision, (draftContent) => {
        draftContent.credits = [{ type: 'AMA PRA Category 1 Credit™', max: 1 }];
      })
      .catch((error: unknown) => error);
    expect((lowered as CatalogError).problems).toEqual({
      'moc.0.points': ['MOC points may be at most 1, the AMA PRA Category 1 Credits™ designated (got 2).'],
    });

    const kept = await courses.getDraft(course.id);
    expect(kept.revision).toBe(saved.revision);
    expect(kept.content.moc).toEqual([{ board: 'ABIM', points: 2, types: ['MK'] }]);
    expect(kept.content.licensureTopics).toEqual([{ jurisdiction: 'TX', topic: 'Pain management' }]);

    const published = await courses.publish(course.id, saved.revision);
    expect(published.content.moc).toEqual([{ board: 'ABIM', points: 2, types: ['MK'] }]);
  });

  it('refuses a board the academy does not report to and a licensure topic of no state', async () => {
    const { course, draft } = await courses.createCourse('moc-boards', 'Placeholder');
    const refusal = await courses
      .saveDraft(
        course.id,
        draft.revision,
        sampleContent({
          moc: [{ board: 'ABP', points: 1, types: ['LL'] }],
          licensureTopics: [{ jurisdiction: 'ZZ', topic: 'Opioids' }],
        }),
      )
      .catch((error: unknown) => error);
    expect((refusal as CatalogError).problems).toEqual({
      'moc.0.board': ['ABP is not a board the academy reports to; choose one of ABA, ABIM, ABOS.'],
      'licensureTopics.0.jurisdiction': [
        'ZZ is not a US state or territory; use its two-letter code, such as TX.',
      ],
    });
  });
});
