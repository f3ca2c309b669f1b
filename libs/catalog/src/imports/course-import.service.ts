import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Clock, Database, RequestContext } from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { CourseDocumentDto, parseCourseDocument } from '../content/course-document';
import { disclosureRefusals } from '../content/disclosure-rules';
import { importProblems, mocProblemInWords, problemInWords } from '../content/import-report';
import { mocProblems } from '../content/moc-rules';
import { unmetPublishRules } from '../content/publish-rules';
import { CourseRepository } from '../courses/course.repository';
import { CoursesService } from '../courses/courses.service';
import type { CourseEntity } from '../courses/course.entity';
import type { CourseVersionEntity } from '../courses/course-version.entity';
import { CourseImportRepository } from './course-import.repository';
import { jsonErrorOffset } from './json-position';

/** The most an uploaded course document may weigh. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** How long an upload waits for its "Create draft". */
const UPLOAD_KEPT_MS = 24 * 60 * 60 * 1000;

/** What creating the draft from an upload will make, for the author to check first. */
export interface ImportPreview {
  slug: string;
  title: string;
  /** Null for a new course; else the course the draft becomes the next version of. */
  existing: { courseId: string; nextVersion: number } | null;
  modules: {
    number: number;
    kind: string;
    title: string;
    lessons: string[];
    quiz: boolean;
    /** Questions the file brings for the module's bank; null when it brings no bank (an older export). */
    questions: number | null;
  }[];
  /** The pre-test's draw and the questions the file brings for its own pool (null: none in the file); null without a pre-test. */
  pretest: { questionCount: number; questions: number | null } | null;
  credits: { type: string; max: number }[];
  people: { name: string; role: string; relationships: number }[];
  designation: string;
  /** The file's own designation statement when the written one replaces it. */
  replacedStatement: string | null;
  /** What publishing will still ask for (the draft can be created anyway). */
  unmet: string[];
}

export type ImportInspection =
  | { ok: false; problems: string[] }
  | { ok: true; uploadId: string; fileName: string; preview: ImportPreview };

/** Reads the bytes of an uploaded file as text, or null when they are not UTF-8 text. */
function textOf(bytes: Buffer): string | null {
  if (bytes.includes(0)) {
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Where the text stops being JSON, as a line and column an editor shows. */
function jsonProblem(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === null || offset >= text.length) {
    return 'The file is not valid JSON: it ends before the document does. Export the course again, or check the file was not cut short.';
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `The file is not valid JSON: something unexpected at line ${line}, column ${column}. Open it in a text editor and fix it there, or export the course again.`;
}

/**
 * Importing an exported course document: the uploaded file is checked and every problem reported
 * by its place in the file; a clean file is kept (in the database, for any replica) with a
 * preview of what it will create, until its author creates the draft from it.
 */
@Injectable()
export class CourseImportService {
  constructor(
    private readonly db: Database,
    private readonly uploads: CourseImportRepository,
    private readonly courseRepository: CourseRepository,
    private readonly courses: CoursesService,
    private readonly clock: Clock,
  ) {}

  async inspect(bytes: Buffer, fileName: string): Promise<ImportInspection> {
    if (bytes.length === 0) {
      return { ok: false, problems: ['The file is empty: choose the .json file the export downloaded.'] };
    }
    const text = textOf(bytes);
    if (text === null) {
      return {
        ok: false,
        problems: [
          'The file is not text: choose the .json file the course export downloaded, not a PDF or a spreadsheet.',
        ],
      };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text) as unknown;
    } catch {
      return { ok: false, problems: [jsonProblem(text)] };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return {
        ok: false,
        problems: ['The file holds JSON but not a course document: export the course again.'],
      };
    }
    const document = plainToInstance(CourseDocumentDto, raw);
    const errors = await validate(document, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const body = (raw as { content?: { modules?: unknown; pretest?: unknown } }).content;
      return {
        ok: false,
        problems: [
          ...importProblems(errors).map(problemInWords),
          ...this.courses.bankProblems(body?.modules, body?.pretest),
        ],
      };
    }
    const now = this.clock.now();
    const content = document.content;
    const problems = content.people.flatMap((person, index) =>
      disclosureRefusals(person, now).map((refusal) => `Person ${index + 1} (${refusal}`.replace(':', '):')),
    );
    problems.push(
      ...mocProblems(content, this.courses.reportedBoards).map((problem) =>
        mocProblemInWords(problem, content),
      ),
    );
    problems.push(...this.courses.bankProblems(content.modules, content.pretest));
    const existing = await this.courseRepository.findCourseBySlug(document.slug);
    let nextVersion = 1;
    if (existing) {
      if (await this.courseRepository.findDraft(existing.id)) {
        problems.push(
          `The file: the course at the address "${document.slug}" already has a draft. Publish or discard that draft first, or change the address (slug) in the file to import it as a new course.`,
        );
      }
      nextVersion = (await this.courseRepository.latestVersionNumber(existing.id)) + 1;
    }
    if (problems.length > 0) {
      return { ok: false, problems };
    }
    const designation = this.courses.designationOf(content);
    const written = content.designationStatement?.trim() ?? '';
    const preview: ImportPreview = {
      slug: document.slug,
      title: content.title,
      existing: existing ? { courseId: existing.id, nextVersion } : null,
      modules: content.modules.map((module, index) => ({
        number: index + 1,
        kind: module.kind,
        title: module.title,
        lessons: module.lessons.map((lesson) => lesson.title),
        quiz: module.quiz !== undefined,
        questions: module.questions?.length ?? null,
      })),
      pretest: content.pretest
        ? {
            questionCount: content.pretest.questionCount,
            questions: content.pretest.questions?.length ?? null,
          }
        : null,
      credits: content.credits.map(({ type, max }) => ({ type, max })),
      people: content.people.map((person) => ({
        name: person.name,
        role: person.role,
        relationships: person.disclosure.relationships.length,
      })),
      designation,
      replacedStatement: written !== '' && written !== designation ? written : null,
      unmet: unmetPublishRules(content, now, this.courses.reportedBoards, this.courses.academyTimeZone).map(
        (rule) => rule.message,
      ),
    };
    const userId = RequestContext.current()?.actorUserId;
    if (!userId) {
      throw new CatalogError(CatalogErrorCode.IMPORT_NOT_FOUND, 'Sign in again to import a course.');
    }
    await this.uploads.deleteUploadsBefore(new Date(now.getTime() - UPLOAD_KEPT_MS));
    const uploadId = await this.uploads.insertUpload({ document: raw, fileName, userId, now });
    return { ok: true, uploadId, fileName, preview };
  }

  /**
   * Creates the draft from an upload, once: the upload is taken in the same transaction, so a
   * second click (or a second tab) finds it gone. The written designation statement replaces
   * the file's own.
   */
  async createDraft(uploadId: string): Promise<{ course: CourseEntity; draft: CourseVersionEntity }> {
    return this.db.withTransaction(async () => {
      const upload = await this.uploads.consumeUpload(uploadId, this.userId(), this.oldestKept());
      if (!upload) {
        throw this.gone();
      }
      const document = await parseCourseDocument(upload.document);
      delete document.content.designationStatement;
      return this.courses.importDocument(document);
    });
  }

  private userId(): string {
    return RequestContext.current()?.actorUserId ?? '00000000-0000-0000-0000-000000000000';
  }

  private oldestKept(): Date {
    return new Date(this.clock.now().getTime() - UPLOAD_KEPT_MS);
  }

  private gone(): CatalogError {
    return new CatalogError(
      CatalogErrorCode.IMPORT_NOT_FOUND,
      'This upload is no longer waiting: its draft was already created, or it is more than a day old. Upload the file again.',
    );
  }
}
