import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  AuditService,
  Clock,
  Database,
  FieldValidationException,
  fieldProblems,
  pgConstraint,
  RequestContext,
} from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { COURSE_DOCUMENT_FORMAT, CourseContentDto } from '../content/course-content';
import type { CourseContent } from '../content/course-content.types';
import { CourseDocumentDto, plainContent } from '../content/course-document';
import { ContentChange, diffContent } from '../content/content-diff';
import { contentHash } from '../content/content-hash';
import { UnmetRule, unmetPublishRules } from '../content/publish-rules';
import { CourseVersionEntity } from './course-version.entity';
import { CourseEntity } from './course.entity';
import { CourseOverviewRow, CourseRepository } from './course.repository';

/** What a new course starts with: a title and nothing else yet. */
function emptyContent(title: string): CourseContent {
  return {
    title,
    summary: '',
    topics: [],
    targetAudience: '',
    accreditationStatement: '',
    designationStatement: '',
    passingScore: 80,
    skillsLabRequired: false,
    credits: [],
    people: [],
    modules: [],
  };
}

/**
 * Authoring: courses, their drafts, publication and history. A draft is saved whole with the
 * revision it was read at, so two authors cannot overwrite each other; publishing freezes it.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly db: Database,
    private readonly courses: CourseRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  overview(page: { limit: number; offset: number }): Promise<{ rows: CourseOverviewRow[]; total: number }> {
    return this.courses.findOverview(page);
  }

  async getCourse(courseId: string): Promise<CourseEntity> {
    const course = await this.courses.findCourse(courseId);
    if (!course) {
      throw new CatalogError(CatalogErrorCode.COURSE_NOT_FOUND, 'No such course.');
    }
    return course;
  }

  /** Creates a course with an empty draft, version 1. */
  async createCourse(
    slug: string,
    title: string,
  ): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    return this.createWithDraft(slug, emptyContent(title), 'course.created');
  }

  private async createWithDraft(
    slug: string,
    content: CourseContent,
    action: 'course.created' | 'course.imported',
  ): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    try {
      return await this.db.withTransaction(async () => {
        const now = this.clock.now();
        const course = await this.courses.insertCourse({
          slug,
          createdAt: now,
          createdByUserId: RequestContext.current()?.actorUserId ?? null,
        });
        const draft = await this.insertDraft(course.id, 1, content);
        await this.recordCourseEvent(action, course.id, { slug, version: 1 });
        return { course, draft };
      });
    } catch (error) {
      if (pgConstraint(error) === 'course_slug_key') {
        throw new CatalogError(
          CatalogErrorCode.SLUG_TAKEN,
          `A course with the address "${slug}" already exists.`,
          'slug',
        );
      }
      throw error;
    }
  }

  private insertDraft(
    courseId: string,
    number: number,
    content: CourseContent,
  ): Promise<CourseVersionEntity> {
    const now = this.clock.now();
    return this.courses.insertVersion({
      courseId,
      number,
      status: 'draft',
      revision: 1,
      content: plainContent(content),
      contentHash: null,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      publishedByUserId: null,
      archivedAt: null,
    });
  }

  async getDraft(courseId: string): Promise<CourseVersionEntity> {
    await this.getCourse(courseId);
    const draft = await this.courses.findDraft(courseId);
    if (!draft) {
      throw new CatalogError(
        CatalogErrorCode.NO_DRAFT,
        'This course has no draft; start one from the published version.',
      );
    }
    return draft;
  }

  /** Starts a new draft from the latest version, keeping its module and lesson ids. */
  async startDraft(courseId: string): Promise<CourseVersionEntity> {
    await this.getCourse(courseId);
    try {
      return await this.db.withTransaction(async () => {
        const latest = await this.courses.findVersion(
          courseId,
          await this.courses.latestVersionNumber(courseId),
        );
        if (latest?.status === 'draft') {
          throw new CatalogError(CatalogErrorCode.DRAFT_EXISTS, 'This course already has a draft.');
        }
        const draft = await this.insertDraft(
          courseId,
          (latest?.number ?? 0) + 1,
          latest?.content ?? emptyContent('Untitled'),
        );
        await this.recordCourseEvent('course.draft_started', courseId, {
          version: draft.number,
          from: latest?.number ?? null,
        });
        return draft;
      });
    } catch (error) {
      throw asDraftRace(error);
    }
  }

  /** Saves the whole draft if it is still at `revision`; answers the saved draft (revision + 1). */
  async saveDraft(courseId: string, revision: number, content: CourseContent): Promise<CourseVersionEntity> {
    const draft = await this.getDraft(courseId);
    return this.db.withTransaction(async () => {
      const saved = await this.courses.updateDraftContent(
        draft.id,
        revision,
        plainContent(content),
        this.clock.now(),
      );
      if (!saved) {
        throw CatalogError.staleRevision(
          'Someone saved this draft after you opened it. Reload to see their changes, then edit again.',
        );
      }
      await this.recordCourseEvent('course.draft_saved', courseId, {
        version: saved.number,
        revision: saved.revision,
      });
      return saved;
    });
  }

  /**
   * Applies an author's change to a copy of the draft read at `revision`, checks the result
   * against the document rules and saves it; a change based on an older revision is refused.
   */
  async editDraft(
    courseId: string,
    revision: number,
    change: (content: CourseContent) => void,
  ): Promise<CourseVersionEntity> {
    const draft = await this.getDraft(courseId);
    if (draft.revision !== revision) {
      throw CatalogError.staleRevision(
        'Someone saved this draft after you opened it. Reload to see their changes, then edit again.',
      );
    }
    const content = structuredClone(draft.content);
    change(content);
    const errors = await validate(plainToInstance(CourseContentDto, content), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    if (errors.length > 0) {
      throw new FieldValidationException(fieldProblems(errors));
    }
    return this.saveDraft(courseId, revision, content);
  }

  /** The rules the draft does not yet meet (empty when it can be published). */
  async checklist(courseId: string): Promise<{ draft: CourseVersionEntity; unmet: UnmetRule[] }> {
    const draft = await this.getDraft(courseId);
    return { draft, unmet: unmetPublishRules(draft.content, this.clock.now()) };
  }

  /**
   * Publishes the draft as it was at `revision`: refused with every unmet rule, otherwise frozen
   * with its content hash; the previous publication is archived (learners keep their version).
   */
  async publish(courseId: string, revision: number): Promise<CourseVersionEntity> {
    const { draft, unmet } = await this.checklist(courseId);
    if (unmet.length > 0) {
      throw CatalogError.publishRulesUnmet(unmet);
    }
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      const hash = contentHash(draft.content);
      await this.courses.archivePublished(courseId, now);
      const published = await this.courses.publishDraft(draft.id, revision, {
        contentHash: hash,
        now,
        userId: RequestContext.current()?.actorUserId ?? null,
      });
      if (!published) {
        throw CatalogError.staleRevision(
          'The draft changed since you reviewed it. Review the checklist again, then publish.',
        );
      }
      await this.recordCourseEvent('course.published', courseId, {
        version: draft.number,
        contentHash: hash,
      });
      return (await this.courses.findVersionById(draft.id))!;
    });
  }

  async history(courseId: string): Promise<CourseVersionEntity[]> {
    await this.getCourse(courseId);
    return this.courses.findVersionHistory(courseId);
  }

  async getVersion(courseId: string, number: number): Promise<CourseVersionEntity> {
    const version = await this.courses.findVersion(courseId, number);
    if (!version) {
      throw new CatalogError(CatalogErrorCode.VERSION_NOT_FOUND, `This course has no version ${number}.`);
    }
    return version;
  }

  async diff(courseId: string, from: number, to: number): Promise<ContentChange[]> {
    const [before, after] = await Promise.all([
      this.getVersion(courseId, from),
      this.getVersion(courseId, to),
    ]);
    return diffContent(before.content, after.content);
  }

  async exportVersion(courseId: string, number: number): Promise<CourseDocumentDto> {
    const [course, version] = await Promise.all([
      this.getCourse(courseId),
      this.getVersion(courseId, number),
    ]);
    return { format: COURSE_DOCUMENT_FORMAT, slug: course.slug, content: version.content };
  }

  /**
   * Imports a document as a new draft: of a new course when the slug is new, else the next
   * version of that course (refused while it has a draft).
   */
  async importDocument(
    document: CourseDocumentDto,
  ): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    const existing = await this.courses.findCourseBySlug(document.slug);
    if (!existing) {
      return this.createWithDraft(document.slug, document.content, 'course.imported');
    }
    try {
      return await this.db.withTransaction(async () => {
        if (await this.courses.findDraft(existing.id)) {
          throw new CatalogError(
            CatalogErrorCode.DRAFT_EXISTS,
            'This course already has a draft; publish or discard it first.',
          );
        }
        const number = (await this.courses.latestVersionNumber(existing.id)) + 1;
        const draft = await this.insertDraft(existing.id, number, document.content);
        await this.recordCourseEvent('course.imported', existing.id, {
          slug: document.slug,
          version: number,
        });
        return { course: existing, draft };
      });
    } catch (error) {
      throw asDraftRace(error);
    }
  }

  /** Every change to a course is audited the same way: what, which course, the version details. */
  private async recordCourseEvent(
    action: string,
    courseId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record({ action, subjectType: 'course', subjectId: courseId, details });
  }
}

/** A second draft racing in (the one-draft index, or the same version number) reads as DRAFT_EXISTS. */
function asDraftRace(error: unknown): unknown {
  const constraint = pgConstraint(error);
  return constraint === 'course_version_one_draft' || constraint === 'course_version_course_id_number_key'
    ? new CatalogError(CatalogErrorCode.DRAFT_EXISTS, 'This course already has a draft.')
    : error;
}
