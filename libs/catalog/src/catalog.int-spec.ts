import { AuditService, Database, FakeClock } from '@academy/core';
import { sampleContent } from '../../../test/factories/course-content';
import { countQueries } from '../../../test/support/query-counter';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { CatalogError, CatalogErrorCode } from './catalog-error';
import { CatalogCoreModule } from './catalog.module';
import { contentHash } from './content/content-hash';
import { parseCourseDocument } from './content/course-document';
import { CatalogService } from './courses/catalog.service';
import { CoursesService } from './courses/courses.service';

describe('catalog services on PostgreSQL', () => {
  let context: TestContext;
  let courses: CoursesService;
  let catalog: CatalogService;
  let db: Database;
  let counter = 0;

  const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      if (error instanceof CatalogError) {
        return error.code;
      }
      throw error;
    }
  };

  /** A course whose draft holds complete content, saved once (revision 2). */
  const readyCourse = async (overrides: Parameters<typeof sampleContent>[0] = {}) => {
    const { course, draft } = await courses.createCourse(`course-${++counter}`, 'Placeholder');
    const saved = await courses.saveDraft(
      course.id,
      draft.revision,
      sampleContent({ title: `Course ${counter}`, ...overrides }),
    );
    return { course, draft: saved };
  };

  beforeAll(async () => {
    context = await createTestContext([CatalogCoreModule], {
      clock: new FakeClock(new Date('2026-11-21T12:00:00Z')),
    });
    courses = context.get(CoursesService);
    catalog = context.get(CatalogService);
    db = context.get(Database);
  });

  afterAll(() => context.close());

  it('refuses to publish with every unmet rule listed, then publishes once they are met', async () => {
    const { course, draft } = await courses.createCourse('empty-course', 'Empty');
    let refusal: CatalogError | undefined;
    try {
      await courses.publish(course.id, draft.revision);
    } catch (error) {
      refusal = error as CatalogError;
    }
    expect(refusal?.code).toBe(CatalogErrorCode.PUBLISH_RULES_UNMET);
    expect(refusal?.unmet.map((unmet) => unmet.rule)).toEqual(
      expect.arrayContaining(['modules', 'credits', 'accreditationStatement', 'disclosures', 'expiryDate']),
    );
    expect(Object.keys(refusal?.problems ?? {})).toContain('credits');

    const saved = await courses.saveDraft(course.id, draft.revision, sampleContent());
    const published = await courses.publish(course.id, saved.revision);
    expect(published).toMatchObject({
      status: 'published',
      number: 1,
      // The published document carries the designation statement written from its credits.
      contentHash: contentHash({
        ...sampleContent(),
        designationStatement: courses.designationOf(sampleContent()),
      }),
    });
    const events = await context.get(AuditService).list({ subjectId: course.id, limit: 10, offset: 0 });
    expect(events.items.map((event) => event.action).reverse()).toEqual([
      'course.created',
      'course.draft_saved',
      'course.published',
    ]);
  });

  it('keeps a published version frozen, in the service and in the database', async () => {
    const { course, draft } = await readyCourse();
    const published = await courses.publish(course.id, draft.revision);
    await expect(codeOf(courses.saveDraft(course.id, published.revision, sampleContent()))).resolves.toBe(
      CatalogErrorCode.NO_DRAFT,
    );
    await expect(
      db.dataSource.query(
        `UPDATE course_version SET content = jsonb_set(content, '{title}', '"Hacked"') WHERE id = $1`,
        [published.id],
      ),
    ).rejects.toThrow(/frozen/);
    await expect(
      db.dataSource.query(`DELETE FROM course_version WHERE id = $1`, [published.id]),
    ).rejects.toThrow(/cannot be deleted/);
    await expect(
      db.dataSource.query(
        `UPDATE course_version SET status = 'draft', content_hash = NULL, published_at = NULL WHERE id = $1`,
        [published.id],
      ),
    ).rejects.toThrow(/frozen/);
    const again = await courses.getVersion(course.id, 1);
    expect(again.content.title).toBe(published.content.title);
  });

  it('editing a published course starts a new draft; publishing it archives the old version, which stays readable', async () => {
    const { course, draft } = await readyCourse();
    await courses.publish(course.id, draft.revision);
    const second = await courses.startDraft(course.id);
    expect(second.number).toBe(2);
    const { designationStatement: stamped, ...copied } = (await courses.getVersion(course.id, 1)).content;
    expect(stamped).toBe(courses.designationOf(copied));
    expect(second.content).toEqual(copied);
    await expect(codeOf(courses.startDraft(course.id))).resolves.toBe(CatalogErrorCode.DRAFT_EXISTS);

    const changed = { ...second.content, summary: 'Now with a sternal approach comparison.' };
    const saved = await courses.saveDraft(course.id, second.revision, changed);
    await courses.publish(course.id, saved.revision);
    const history = await courses.history(course.id);
    expect(history.map((version) => [version.number, version.status])).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ]);
    expect((await courses.getVersion(course.id, 1)).content.summary).toBe(sampleContent().summary);
    const diff = await courses.diff(course.id, 1, 2);
    expect(diff).toEqual([
      expect.objectContaining({
        change: 'changed',
        path: 'summary',
        after: 'Now with a sternal approach comparison.',
      }),
    ]);
    expect((await catalog.getPublished(course.slug)).number).toBe(2);
  });

  it('lets only one of two authors saving the same revision win', async () => {
    const { course, draft } = await readyCourse();
    const results = await Promise.allSettled([
      courses.saveDraft(course.id, draft.revision, sampleContent({ summary: 'First author' })),
      courses.saveDraft(course.id, draft.revision, sampleContent({ summary: 'Second author' })),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect((rejected?.reason as CatalogError).code).toBe(CatalogErrorCode.STALE_REVISION);
    await expect(codeOf(courses.publish(course.id, draft.revision))).resolves.toBe(
      CatalogErrorCode.STALE_REVISION,
    );
  });

  it('publishes exactly once when two admins publish at the same time', async () => {
    const { course, draft } = await readyCourse();
    const results = await Promise.allSettled([
      courses.publish(course.id, draft.revision),
      courses.publish(course.id, draft.revision),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const history = await courses.history(course.id);
    expect(history.map((version) => version.status)).toEqual(['published']);
  });

  it('exports a version and imports it back as a new draft with equal content', async () => {
    const { course, draft } = await readyCourse();
    const published = await courses.publish(course.id, draft.revision);
    const document = await courses.exportVersion(course.id, 1);
    const parsed = await parseCourseDocument(
      JSON.parse(JSON.stringify({ ...document, slug: 'imported-copy' })),
    );
    const imported = await courses.importDocument(parsed);
    expect(imported.draft).toMatchObject({ status: 'draft', number: 1 });
    // A draft keeps no statement of its own: the one written from the credits is stamped again at publication.
    const republished = {
      ...imported.draft.content,
      designationStatement: courses.designationOf(imported.draft.content),
    };
    expect(republished).toEqual(published.content);
    expect(contentHash(republished)).toBe(published.contentHash);

    const sameSlug = await courses.importDocument(
      await parseCourseDocument(JSON.parse(JSON.stringify(document))),
    );
    expect(sameSlug.draft.number).toBe(2);
    await expect(codeOf(courses.importDocument(parsed))).resolves.toBe(CatalogErrorCode.DRAFT_EXISTS);
  });

  it('refuses a second course with the same address', async () => {
    await courses.createCourse('unique-address', 'One');
    await expect(codeOf(courses.createCourse('unique-address', 'Two'))).resolves.toBe(
      CatalogErrorCode.SLUG_TAKEN,
    );
  });

  it('answers the catalog list and a course page with one query each, however many modules', async () => {
    for (let index = 0; index < 3; index++) {
      const { course, draft } = await readyCourse({ topics: ['zygomatic counting topic'] });
      await courses.publish(course.id, draft.revision);
    }
    const list = () => catalog.list({ q: 'zygomatic', limit: 20, offset: 0 });
    // The first page listing new versions also reads their content, once: it is frozen since
    // publication, so later pages take it from memory.
    expect(await countQueries(db.dataSource, list)).toBe(2);
    expect(await countQueries(db.dataSource, list)).toBe(1);
    const page = await list();
    expect(page.total).toBe(3);
    const pageQueries = await countQueries(db.dataSource, () => catalog.getPublished(page.rows[0]!.slug));
    expect(pageQueries).toBe(1);
  });

  it('searches by title and topic and filters by credit type and skills lab', async () => {
    const lab = await readyCourse({ title: 'Sacral Alar Harvest Workshop', topics: ['orthobiologics'] });
    await courses.publish(lab.course.id, lab.draft.revision);
    const online = await readyCourse({
      title: 'Buffy Coat Processing Online',
      topics: ['centrifugation'],
      skillsLabRequired: false,
      credits: [{ type: 'ANCC contact hours', max: 1.5 }],
    });
    await courses.publish(online.course.id, online.draft.revision);
    const unpublished = await readyCourse({ title: 'Sacral Alar Draft Only' });

    const titles = async (filter: Partial<Parameters<CatalogService['list']>[0]>) =>
      (await catalog.list({ limit: 50, offset: 0, ...filter })).rows.map((row) => row.content.title);
    expect(await titles({ q: 'sacral alar' })).toEqual(['Sacral Alar Harvest Workshop']);
    expect(await titles({ q: 'centrifugation' })).toEqual(['Buffy Coat Processing Online']);
    expect(await titles({ q: 'Buffy Co' })).toEqual(['Buffy Coat Processing Online']);
    expect(await titles({ creditType: 'ANCC contact hours' })).toEqual(['Buffy Coat Processing Online']);
    expect(await titles({ q: 'orthobiologics', hasSkillsLab: false })).toEqual([]);
    expect(await titles({ q: 'orthobiologics', hasSkillsLab: true })).toEqual([
      'Sacral Alar Harvest Workshop',
    ]);
    expect(await titles({ q: 'centrifugation', hasSkillsLab: false })).toEqual([
      'Buffy Coat Processing Online',
    ]);
    expect(await titles({ q: '100%_\\' })).toEqual([]);
    await expect(codeOf(catalog.getPublished(unpublished.course.slug))).resolves.toBe(
      CatalogErrorCode.COURSE_NOT_FOUND,
    );
  });
});
