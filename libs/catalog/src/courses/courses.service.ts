import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  APP_CONFIG,
  AuditService,
  Clock,
  Database,
  FieldValidationException,
  fieldProblems,
  pgConstraint,
  RequestContext,
} from '@academy/core';
import { dayStartsAt } from '@academy/core';
import type { AppConfig } from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { COURSE_DOCUMENT_FORMAT, CourseContentDto } from '../content/course-content';
import type { CourseContent } from '../content/course-content.types';
import {
  CourseDocumentDto,
  plainContent,
  pretestToDocument,
  splitDocumentContent,
} from '../content/course-document';
import { CourseBankRegistry, PRETEST_POOL_ID } from '../content/course-bank';
import { contentEstimate } from '../content/content-estimate';
import type { ContentEstimate } from '../content/content-estimate';
import { lintCourse } from '../content/item-lint';
import type { CourseLint, LintPretestQuestion, LintQuestion } from '../content/item-lint';
import type { BankVersionRef, DocumentQuestion, QuestionBankChange } from '../content/course-bank';
import { problemInWords } from '../content/import-report';
import { ContentChange, diffContent } from '../content/content-diff';
import { contentHash } from '../content/content-hash';
import { UnmetRule, unmetPublishRules } from '../content/publish-rules';
import { designationStatement } from '../content/designation';
import { disclosureRefusals } from '../content/disclosure-rules';
import { mocProblems, problemsByField } from '../content/moc-rules';
import type { Person } from '../content/course-content.types';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly banks: CourseBankRegistry,
  ) {}

  /** The designation statement the content's credits give, in the academy's name. */
  designationOf(content: Pick<CourseContent, 'credits' | 'activityFormat'>): string {
    return designationStatement(content, this.config.cmeProviderName);
  }

  /** The boards the academy reports MOC to (MOC_BOARDS), by code. */
  /** The zone of the academy's calendar, which date-only rules (release, expiry) are read in. */
  get academyTimeZone(): string {
    return this.config.academyTimeZone;
  }

  get reportedBoards(): string[] {
    return this.config.mocBoards.map((setting) => setting.board);
  }

  /**
   * What a draft must hold before it is stored, whoever sends it (API, page, import): no
   * disclosure the ACCME rules refuse, no designation statement but the one the credits
   * give (drafts keep none; publishing writes it), and MOC points and licensure topics the
   * rules allow (so the author hears of them at once, not at publication). Answers the content
   * as stored.
   */
  private admissible(content: CourseContent): CourseContent {
    const stored = plainContent(content);
    const written = stored.designationStatement?.trim() ?? '';
    if (written !== '' && written !== this.designationOf(stored)) {
      throw new CatalogError(
        CatalogErrorCode.DESIGNATION_WRITTEN,
        'designationStatement is no longer typed: the academy writes it from the credits designated and the activity format. Leave it out.',
        'designationStatement',
      );
    }
    delete stored.designationStatement;
    const refusals = stored.people.flatMap((person) => disclosureRefusals(person, this.clock.now()));
    if (refusals.length > 0) {
      throw new CatalogError(CatalogErrorCode.DISCLOSURE_REFUSED, refusals.join(' '), 'people');
    }
    const moc = mocProblems(stored, this.reportedBoards);
    if (moc.length > 0) {
      const error = new CatalogError(
        CatalogErrorCode.MOC_REFUSED,
        moc.map((problem) => problem.message).join(' '),
        moc[0]!.field,
      );
      error.problems = problemsByField(moc);
      throw error;
    }
    return stored;
  }

  /**
   * A version naming its recertification course names another course that exists, and sets a
   * validity: only certificates that expire are renewed. Not the course itself: a learner takes
   * a course once, so it could never renew its own certificates.
   */
  private async checkRecertification(ownSlug: string, content: CourseContent): Promise<void> {
    const renewing = content.recertificationCourse;
    if (renewing === undefined) {
      return;
    }
    const refuse = (message: string) =>
      new CatalogError(CatalogErrorCode.RECERTIFICATION_REFUSED, message, 'recertificationCourse');
    if (!content.certificateValidityMonths) {
      throw refuse(
        'recertificationCourse renews certificates that expire: set certificateValidityMonths too, or leave recertificationCourse out.',
      );
    }
    if (renewing === ownSlug) {
      throw refuse(
        'recertificationCourse must name another course: a learner takes each course once, so a course cannot renew its own certificates.',
      );
    }
    if (!(await this.courses.findCourseBySlug(renewing))) {
      throw refuse(
        `recertificationCourse names no course: there is no course with the address "${renewing}".`,
      );
    }
  }

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
    banks: Map<string, DocumentQuestion[]> = new Map(),
  ): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    await this.checkRecertification(slug, content);
    try {
      return await this.db.withTransaction(async () => {
        const now = this.clock.now();
        const course = await this.courses.insertCourse({
          slug,
          createdAt: now,
          createdByUserId: RequestContext.current()?.actorUserId ?? null,
        });
        const draft = await this.insertDraft(course.id, 1, content);
        await this.banks.importInto(bankRef(draft), banks);
        await this.recordCourseEvent(action, course.id, { slug, version: 1, ...bankDetails(banks) });
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
      content: this.admissible(content),
      contentHash: null,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      publishedByUserId: null,
      archivedAt: null,
      opensAt: null,
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
        // The copy drops the version's stamped statement (which may be free text from before
        // statements were written, or name the provider differently): the draft's is written.
        const { designationStatement: _stamped, ...copy } = latest?.content ?? emptyContent('Untitled');
        // MOC with a board no longer reported to (MOC_BOARDS changed) is left behind, or the
        // new draft could not be stored at all; the author sees the boards that remain.
        if (copy.moc) {
          copy.moc = copy.moc.filter((entry) => this.reportedBoards.includes(entry.board));
        }
        const draft = await this.insertDraft(courseId, (latest?.number ?? 0) + 1, copy);
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
    await this.checkRecertification((await this.getCourse(courseId)).slug, content);
    return this.db.withTransaction(async () => {
      const saved = await this.courses.updateDraftContent(
        draft.id,
        revision,
        this.admissible(content),
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

  /**
   * The rules the draft does not yet meet (empty when it can be published), its content time
   * estimate beside the credit designated, and the item-writing linter's warnings over its banks
   * (warnings never stop a publication).
   */
  async checklist(courseId: string): Promise<{
    draft: CourseVersionEntity;
    unmet: UnmetRule[];
    estimate: ContentEstimate;
    lint: CourseLint;
  }> {
    const draft = await this.getDraft(courseId);
    return {
      draft,
      unmet: unmetPublishRules(draft.content, this.clock.now(), this.reportedBoards, this.academyTimeZone),
      estimate: contentEstimate(draft.content),
      lint: await this.lintOf(draft),
    };
  }

  /** The linter over a version's content and banks. */
  async lintOf(version: CourseVersionEntity): Promise<CourseLint> {
    const banks = await this.banks.documentOf(version.id);
    const pretest = pretestToDocument(banks.get(PRETEST_POOL_ID) ?? [], version.content.modules);
    return lintCourse(
      version.content,
      banks as Map<string, unknown[]> as Map<string, LintQuestion[]>,
      pretest as unknown[] as LintPretestQuestion[],
    );
  }

  /**
   * Publishes the draft as it was at `revision`: refused with every unmet rule, otherwise frozen
   * with its content hash. A release date still ahead (in the academy's zone) schedules it: new
   * enrolments stay on the current version until the release date, when it opens (a version
   * scheduled before is replaced). Otherwise the previous publication is archived at once
   * (learners keep their version).
   */
  async publish(courseId: string, revision: number): Promise<CourseVersionEntity> {
    const draft = await this.getDraft(courseId);
    const unmet = unmetPublishRules(draft.content, this.clock.now(), this.reportedBoards);
    if (unmet.length > 0) {
      throw CatalogError.publishRulesUnmet(unmet);
    }
    await this.checkRecertification((await this.getCourse(courseId)).slug, draft.content);
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      // The published version carries its designation statement, hashed with what learners see.
      const content = { ...draft.content, designationStatement: this.designationOf(draft.content) };
      // The hash covers the question banks too (learners see them); the revision check below
      // guarantees they are the ones reviewed, since every question change bumps the revision.
      const hash = this.banks.available
        ? contentHash(content, await this.banks.documentOf(draft.id))
        : contentHash(content);
      const opensAt = scheduledOpening(content.releaseDate, this.config.academyTimeZone, now);
      await this.courses.archiveScheduled(courseId, now);
      if (!opensAt) {
        await this.courses.archivePublished(courseId, now);
      }
      const published = await this.courses.publishDraft(draft.id, revision, {
        content,
        contentHash: hash,
        now,
        userId: RequestContext.current()?.actorUserId ?? null,
        opensAt,
      });
      if (!published) {
        throw CatalogError.staleRevision(
          'The draft changed since you reviewed it. Review the checklist again, then publish.',
        );
      }
      await this.recordCourseEvent(opensAt ? 'course.scheduled' : 'course.published', courseId, {
        version: draft.number,
        contentHash: hash,
        ...(opensAt ? { opensAt: opensAt.toISOString() } : {}),
      });
      return (await this.courses.findVersionById(draft.id))!;
    });
  }

  /**
   * Opens every scheduled version whose release date has come: it becomes the published version
   * and the one before is archived. Answers how many opened.
   */
  async releaseDue(): Promise<number> {
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      const due = await this.courses.lockDueScheduled(now);
      for (const version of due) {
        await this.courses.archivePublished(version.courseId, now);
        await this.courses.openScheduled(version.id, now);
        await this.recordCourseEvent('course.published', version.courseId, {
          version: version.number,
          scheduled: true,
        });
      }
      return due.length;
    });
  }

  /** The version of a course waiting for its release date, if any. */
  scheduled(courseId: string): Promise<{ number: number; opensAt: Date } | null> {
    return this.courses.findScheduled(courseId);
  }

  /** Adds a person (faculty, planner, reviewer) with their disclosure to the draft. */
  async addPerson(courseId: string, revision: number, person: Person): Promise<CourseVersionEntity> {
    const saved = await this.editDraft(courseId, revision, (content) => {
      content.people.push(person);
    });
    await this.recordCourseEvent('course.disclosure_added', courseId, {
      version: saved.number,
      personId: person.id,
      relationships: person.disclosure.relationships.length,
    });
    return saved;
  }

  /**
   * Replaces a person's entry and disclosure in the draft. Only a draft can change: a published
   * version, with the disclosures learners were shown, stays as it was.
   */
  async updatePerson(
    courseId: string,
    revision: number,
    personId: string,
    person: Omit<Person, 'id'>,
  ): Promise<CourseVersionEntity> {
    const saved = await this.editDraft(courseId, revision, (content) => {
      const index = content.people.findIndex((candidate) => candidate.id === personId);
      if (index < 0) {
        throw new CatalogError(CatalogErrorCode.PERSON_NOT_FOUND, 'This draft lists nobody with that id.');
      }
      content.people[index] = { ...person, id: personId };
    });
    await this.recordCourseEvent('course.disclosure_changed', courseId, {
      version: saved.number,
      personId,
      relationships: person.disclosure.relationships.length,
    });
    return saved;
  }

  /** Takes a person and their disclosure off the draft. */
  async removePerson(courseId: string, revision: number, personId: string): Promise<CourseVersionEntity> {
    const saved = await this.editDraft(courseId, revision, (content) => {
      content.people = content.people.filter((person) => person.id !== personId);
    });
    await this.recordCourseEvent('course.disclosure_removed', courseId, { version: saved.number, personId });
    return saved;
  }

  /** One person of the draft, to edit. */
  async getPerson(
    courseId: string,
    personId: string,
  ): Promise<{ draft: CourseVersionEntity; person: Person }> {
    const draft = await this.getDraft(courseId);
    const person = draft.content.people.find((candidate) => candidate.id === personId);
    if (!person) {
      throw new CatalogError(CatalogErrorCode.PERSON_NOT_FOUND, 'This draft lists nobody with that id.');
    }
    return { draft, person };
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

  /** What changed in the modules' question banks from version `from` to version `to`. */
  async questionChanges(courseId: string, from: number, to: number): Promise<QuestionBankChange[]> {
    const before = await this.getVersion(courseId, from);
    const after = await this.getVersion(courseId, to);
    const titles = new Map<string, string>([
      ...before.content.modules.map((module): [string, string] => [module.id, module.title]),
      ...after.content.modules.map((module): [string, string] => [module.id, module.title]),
    ]);
    return this.banks.changesBetween(bankRef(before), bankRef(after), titles);
  }

  /**
   * The version as one document: its content and, when question banks are kept, each module's
   * active questions (without internal or lineage ids), as the next import will read them.
   */
  async exportVersion(courseId: string, number: number): Promise<CourseDocumentDto> {
    const [course, version] = await Promise.all([
      this.getCourse(courseId),
      this.getVersion(courseId, number),
    ]);
    const content =
      version.status === 'draft'
        ? { ...version.content, designationStatement: this.designationOf(version.content) }
        : version.content;
    if (!this.banks.available) {
      return { format: COURSE_DOCUMENT_FORMAT, slug: course.slug, content };
    }
    const banks = await this.banks.documentOf(version.id);
    return {
      format: COURSE_DOCUMENT_FORMAT,
      slug: course.slug,
      content: {
        ...content,
        modules: content.modules.map((module) => ({ ...module, questions: banks.get(module.id) ?? [] })),
        // A pool serves only a course with a pre-test; the document keeps it with the pre-test
        // (an empty pool is left out, as the content hash leaves it out).
        ...(content.pretest && (banks.get(PRETEST_POOL_ID) ?? []).length > 0
          ? {
              pretest: {
                ...content.pretest,
                questions: pretestToDocument(banks.get(PRETEST_POOL_ID) ?? [], content.modules),
              },
            }
          : {}),
      },
    };
  }

  /**
   * Records that something of the draft outside its content document changed (a question of
   * its banks): its revision moves on, so a publish checklist reviewed before is reviewed again.
   * Runs first in the change's transaction, so the draft row is locked for the rest of it.
   */
  async markDraftChanged(courseId: string, versionId: string): Promise<number | null> {
    return this.courses.bumpDraftRevision(versionId, courseId, this.clock.now());
  }

  /**
   * Imports a document as a new draft: of a new course when the slug is new, else the next
   * version of that course (refused while it has a draft).
   */
  async importDocument(
    document: CourseDocumentDto,
  ): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    const { content, banks } = splitDocumentContent(document.content);
    const problems = this.bankProblems(document.content.modules, document.content.pretest);
    if (problems.length > 0) {
      throw new FieldValidationException({ questions: problems });
    }
    const existing = await this.courses.findCourseBySlug(document.slug);
    if (!existing) {
      return this.createWithDraft(document.slug, content, 'course.imported', banks);
    }
    await this.checkRecertification(document.slug, content);
    try {
      return await this.db.withTransaction(async () => {
        if (await this.courses.findDraft(existing.id)) {
          throw new CatalogError(
            CatalogErrorCode.DRAFT_EXISTS,
            'This course already has a draft; publish or discard it first.',
          );
        }
        const number = (await this.courses.latestVersionNumber(existing.id)) + 1;
        const draft = await this.insertDraft(existing.id, number, content);
        await this.banks.importInto(bankRef(draft), banks);
        await this.recordCourseEvent('course.imported', existing.id, {
          slug: document.slug,
          version: number,
          ...bankDetails(banks),
        });
        return { course: existing, draft };
      });
    } catch (error) {
      throw asDraftRace(error);
    }
  }

  /**
   * Problems of a document's question banks, each by module and question, in words. Takes the
   * modules as uploaded (perhaps not yet valid), so they are reported with the file's other problems.
   */
  bankProblems(modules: unknown, pretest?: unknown): string[] {
    if (!Array.isArray(modules)) {
      return [];
    }
    const objectivesOf = (module: unknown): number | undefined => {
      const objectives = (module as { objectives?: unknown } | null)?.objectives;
      return Array.isArray(objectives) ? objectives.length : undefined;
    };
    const objectiveProblem = (question: unknown, count: number | undefined): string | null => {
      const objective = (question as { objective?: unknown } | null)?.objective;
      return typeof objective === 'number' && count !== undefined && objective > count
        ? `the objective (${objective}) is not one of its module’s ${count} objectives`
        : null;
    };
    const problems = modules.flatMap((module: unknown, index) => {
      const questions = (module as { questions?: unknown } | null)?.questions;
      if (!Array.isArray(questions)) {
        return [];
      }
      const found = [
        ...this.banks.problemsOf(questions),
        ...questions.flatMap((question: unknown, at) => {
          const problem = objectiveProblem(question, objectivesOf(module));
          return problem ? [{ place: `question ${at + 1}`, problem }] : [];
        }),
      ];
      return found.map((problem) =>
        problemInWords({ ...problem, place: `Module ${index + 1}, ${problem.place}` }),
      );
    });
    const pool = (pretest as { questions?: unknown } | null | undefined)?.questions;
    if (Array.isArray(pool)) {
      const found = [
        ...this.banks.problemsOf(pool, 'pretest'),
        ...pool.flatMap((question: unknown, at) => {
          const position = (question as { module?: unknown } | null)?.module;
          const module = typeof position === 'number' ? (modules[position - 1] as unknown) : undefined;
          if (typeof position === 'number' && module === undefined) {
            return [
              {
                place: `question ${at + 1}`,
                problem: `the module (${position}) is not one of the course’s ${modules.length} modules`,
              },
            ];
          }
          const problem = module ? objectiveProblem(question, objectivesOf(module)) : null;
          return problem ? [{ place: `question ${at + 1}`, problem }] : [];
        }),
      ];
      problems.push(
        ...found.map((problem) => problemInWords({ ...problem, place: `Pre-test, ${problem.place}` })),
      );
    }
    return problems;
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

function bankRef(version: CourseVersionEntity): BankVersionRef {
  return { courseId: version.courseId, versionId: version.id, number: version.number };
}

/** How many questions an import brought, for its audit event (none for an older file). */
function bankDetails(banks: Map<string, DocumentQuestion[]>): Record<string, number> {
  return banks.size === 0
    ? {}
    : { questions: [...banks.values()].reduce((sum, questions) => sum + questions.length, 0) };
}

/** A second draft racing in (the one-draft index, or the same version number) reads as DRAFT_EXISTS. */
function asDraftRace(error: unknown): unknown {
  const constraint = pgConstraint(error);
  return constraint === 'course_version_one_draft' || constraint === 'course_version_course_id_number_key'
    ? new CatalogError(CatalogErrorCode.DRAFT_EXISTS, 'This course already has a draft.')
    : error;
}

/**
 * When a version published now opens: the start of its release date in the academy's zone when
 * that is still ahead, else null (it opens at once).
 */
export function scheduledOpening(releaseDate: string | undefined, zone: string, now: Date): Date | null {
  const opensAt = releaseDate ? dayStartsAt(releaseDate, zone) : null;
  return opensAt && opensAt > now ? opensAt : null;
}
