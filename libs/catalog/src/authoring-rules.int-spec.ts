import { Database, FakeClock } from '@academy/core';
import { sampleContent } from '../../../test/factories/course-content';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { CatalogError, CatalogErrorCode } from './catalog-error';
import { CatalogCoreModule } from './catalog.module';
import { contentHash } from './content/content-hash';
import type { Person } from './content/course-content.types';
import { CoursesService } from './courses/courses.service';
import { GeneratedDesignation1795307800000 } from '../../../migrations/1795307800000-GeneratedDesignation';

const AMA_SENTENCE =
  'Physicians should claim only the credit commensurate with the extent of their participation in the activity.';

describe('authoring rules on PostgreSQL: disclosures and the designation statement', () => {
  let context: TestContext;
  let courses: CoursesService;
  let db: Database;
  let counter = 0;

  const refusalOf = async (promise: Promise<unknown>): Promise<CatalogError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof CatalogError) {
        return error;
      }
      throw error;
    }
    throw new Error('expected a refusal');
  };

  const readyCourse = async () => {
    const { course, draft } = await courses.createCourse(`rules-${++counter}`, 'Placeholder');
    const saved = await courses.saveDraft(course.id, draft.revision, sampleContent());
    return { courseId: course.id, revision: saved.revision };
  };

  const faculty = sampleContent().people[0]!;
  const withRelationships = (relationships: Person['disclosure']['relationships'], mitigation?: string) => ({
    name: faculty.name,
    credentials: faculty.credentials,
    role: faculty.role,
    disclosure: { disclosedOn: '2026-06-01', relationships, ...(mitigation ? { mitigation } : {}) },
  });

  beforeAll(async () => {
    context = await createTestContext([CatalogCoreModule], {
      clock: new FakeClock(new Date('2026-11-21T12:00:00Z')),
    });
    courses = context.get(CoursesService);
    db = context.get(Database);
  });

  afterAll(() => context.close());

  it('edits a disclosure in the draft, audited, and leaves the published version as learners saw it', async () => {
    const { courseId, revision } = await readyCourse();
    const published = await courses.publish(courseId, revision);
    const draft = await courses.startDraft(courseId);

    const saved = await courses.updatePerson(
      courseId,
      draft.revision,
      faculty.id,
      withRelationships(
        [{ company: 'Acme Biologics', nature: 'Consulting fees', relevant: true }],
        'Content peer reviewed by a planner without relationships.',
      ),
    );
    expect(saved.content.people[0]!.disclosure.relationships).toEqual([
      { company: 'Acme Biologics', nature: 'Consulting fees', relevant: true },
    ]);
    const frozen = await courses.getVersion(courseId, published.number);
    expect(frozen.content.people[0]!.disclosure.relationships).toEqual([]);
    expect(frozen.contentHash).toBe(published.contentHash);

    const events = await db.execute<{ action: string }>(
      `SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY occurred_at`,
      [courseId],
    );
    expect(events.rows.map((event) => event.action)).toContain('course.disclosure_changed');
    await courses.removePerson(courseId, saved.revision, faculty.id);
    const after = await db.execute<{ action: string }>(
      `SELECT action FROM audit_event WHERE subject_id = $1 AND action = 'course.disclosure_removed'`,
      [courseId],
    );
    expect(after.rows).toHaveLength(1);
    expect((await courses.getDraft(courseId)).content.people).toEqual([]);
    // The database itself refuses to change a published version's disclosures.
    await expect(
      db.execute(`UPDATE course_version SET content = content || '{"people": []}'::jsonb WHERE id = $1`, [
        published.id,
      ]),
    ).rejects.toThrow(/frozen/);
  });

  it('refuses a relationship that ended more than 24 months before the disclosure, saying why', async () => {
    const { courseId, revision } = await readyCourse();
    const refusal = await refusalOf(
      courses.updatePerson(
        courseId,
        revision,
        faculty.id,
        withRelationships([{ company: 'Acme Biologics', nature: 'Speaker fees', endedOn: '2024-05-31' }]),
      ),
    );
    expect(refusal.code).toBe(CatalogErrorCode.DISCLOSURE_REFUSED);
    expect(refusal.message).toBe(
      'Dr Ines Calloway: the relationship with Acme Biologics (speaker fees) ended on 31 May 2024, more than 24 months before the disclosure of 1 June 2026. Only relationships of the past 24 months are disclosed: remove it.',
    );
    // One ended within the window is kept.
    const saved = await courses.updatePerson(
      courseId,
      revision,
      faculty.id,
      withRelationships([
        { company: 'Acme Biologics', nature: 'Speaker fees', endedOn: '2024-06-01', relevant: false },
      ]),
    );
    expect(saved.content.people[0]!.disclosure.relationships[0]!.endedOn).toBe('2024-06-01');
  });

  it('will not publish a relevant relationship until its mitigation is recorded', async () => {
    const { courseId, revision } = await readyCourse();
    const unmitigated = await courses.updatePerson(
      courseId,
      revision,
      faculty.id,
      withRelationships([{ company: 'Acme Biologics', nature: 'Consulting fees' }]),
    );
    const refusal = await refusalOf(courses.publish(courseId, unmitigated.revision));
    expect(refusal.code).toBe(CatalogErrorCode.PUBLISH_RULES_UNMET);
    expect(refusal.unmet.map((rule) => rule.message)).toEqual([
      'Dr Ines Calloway: record how the relevant financial relationships (Acme Biologics) were mitigated.',
    ]);
    const mitigated = await courses.updatePerson(
      courseId,
      unmitigated.revision,
      faculty.id,
      withRelationships(
        [{ company: 'Acme Biologics', nature: 'Consulting fees' }],
        'Slides reviewed by an independent planner.',
      ),
    );
    await expect(courses.publish(courseId, mitigated.revision)).resolves.toMatchObject({
      status: 'published',
    });
  });

  it('writes the designation statement from the credits and stamps it into the published version', async () => {
    const { course, draft } = await courses.createCourse(`rules-${++counter}`, 'Placeholder');
    const content = sampleContent({ credits: [{ type: 'AMA PRA Category 1 Credit™', max: 3.5 }] });
    const saved = await courses.saveDraft(course.id, draft.revision, content);
    expect(saved.content.designationStatement).toBeUndefined();
    const published = await courses.publish(course.id, saved.revision);
    expect(published.content.designationStatement).toBe(
      `The Regen Academy designates this enduring material for a maximum of 3.50 AMA PRA Category 1 Credits™. ${AMA_SENTENCE}`,
    );
    expect(published.contentHash).toBe(contentHash(published.content));
  });

  it('refuses a typed statement that contradicts the credits, and accepts the written one', async () => {
    const { courseId, revision } = await readyCourse();
    const contradicting = sampleContent({
      designationStatement:
        'Regen Academy designates this enduring material for a maximum of 12 AMA PRA Category 1 Credits™.',
    });
    const refusal = await refusalOf(courses.saveDraft(courseId, revision, contradicting));
    expect(refusal.code).toBe(CatalogErrorCode.DESIGNATION_WRITTEN);
    expect(refusal.field).toBe('designationStatement');
    const written = sampleContent();
    written.designationStatement = courses.designationOf(written);
    await expect(courses.saveDraft(courseId, revision, written)).resolves.toMatchObject({ status: 'draft' });
  });

  it('migrates drafts with a free-text statement to the written one; published versions keep theirs', async () => {
    const { courseId, revision } = await readyCourse();
    const published = await courses.publish(courseId, revision);
    const draft = await courses.startDraft(courseId);
    // A draft as it was stored before the migration, with a statement typed by hand.
    await db.execute(`ALTER TABLE course_version DROP CONSTRAINT course_version_draft_designation_written`);
    await db.execute(
      `UPDATE course_version SET content = content || '{"designationStatement": "Free text, 9 credits"}'::jsonb WHERE id = $1`,
      [draft.id],
    );
    const runner = db.dataSource.createQueryRunner();
    try {
      await new GeneratedDesignation1795307800000().up(runner);
    } finally {
      await runner.release();
    }
    const migrated = await courses.getDraft(courseId);
    expect(migrated.content.designationStatement).toBeUndefined();
    expect(courses.designationOf(migrated.content)).toContain(
      'a maximum of 2.00 AMA PRA Category 1 Credits™',
    );
    expect((await courses.getVersion(courseId, published.number)).content.designationStatement).toBe(
      published.content.designationStatement,
    );
  });
});
