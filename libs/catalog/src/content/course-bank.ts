import { Injectable } from '@nestjs/common';
import type { ImportProblem } from './import-report';

/** A version of a course, as a bank source is told about it. */
export interface BankVersionRef {
  courseId: string;
  versionId: string;
  number: number;
}

/** One question of a module's bank as a course document carries it: no internal or lineage ids. */
export type DocumentQuestion = Record<string, unknown>;

/**
 * The pre-test's pool is kept as a bank of its own under this id, where a module's id would be
 * (the pre-test's attempts are recorded under it too). Its questions name the module whose
 * objective they measure: by position in a course document (`module`), by id between catalog
 * and the bank's feature (`objectiveModule`).
 */
export const PRETEST_POOL_ID = '00000000-0000-4000-8000-000000000000';

/** Which bank a document's questions are for: a module's, or the pre-test's pool. */
export type BankPool = 'module' | 'pretest';

/** One change to a module's question bank between two versions, in words an author recognises. */
export interface QuestionBankChange {
  change: 'added' | 'edited' | 'retired' | 'replaced';
  /** The module's title in the later version (the earlier one's when it was removed). */
  module: string;
  /** The question's text (the replacement's, for a replacement). */
  question: string;
  /** What it was: the earlier text of an edited question, the text of the one replaced. */
  before?: string;
  /** What changed in an edit, e.g. "the correct answer, the explanation". */
  detail?: string;
}

/**
 * The feature that keeps each module's question bank (assessment). Catalog owns course documents,
 * content hashes and version diffs but not the questions' tables; assessment depends on catalog,
 * so it registers here at start (`onModuleInit`), as features add steps to learning's checklist.
 */
export interface CourseBankSource {
  /**
   * Each module's active questions in a version, in bank order, as a course document carries them;
   * the pre-test pool's under PRETEST_POOL_ID, each naming its module by id (`objectiveModule`).
   */
  documentOf(versionId: string): Promise<Map<string, DocumentQuestion[]>>;
  /** Problems of one bank's questions in an uploaded document, placed by question ("question 3"). */
  problemsOf(questions: unknown[], pool: BankPool): ImportProblem[];
  /**
   * Makes a new draft's banks the document's, in the draft's transaction: for each module listed,
   * its bank becomes exactly those questions (a question the draft started with and the file keeps
   * keeps its lineage); modules not listed keep what the draft started with.
   */
  importInto(draft: BankVersionRef, banks: Map<string, DocumentQuestion[]>): Promise<void>;
  /** Question changes from `before` to `after`, given each module's title by id. */
  changesBetween(
    before: BankVersionRef,
    after: BankVersionRef,
    moduleTitles: Map<string, string>,
  ): Promise<QuestionBankChange[]>;
}

/**
 * The one place catalog reaches a course's question banks. Without a source (catalog alone, in
 * its own tests) courses have no banks: exports carry none and imported banks are refused.
 */
@Injectable()
export class CourseBankRegistry {
  private source: CourseBankSource | null = null;

  register(source: CourseBankSource): void {
    this.source = source;
  }

  get available(): boolean {
    return this.source !== null;
  }

  async documentOf(versionId: string): Promise<Map<string, DocumentQuestion[]>> {
    return this.source ? this.source.documentOf(versionId) : new Map();
  }

  problemsOf(questions: unknown[], pool: BankPool = 'module'): ImportProblem[] {
    if (!this.source) {
      return questions.length > 0
        ? [{ place: 'questions', problem: 'this academy cannot import question banks' }]
        : [];
    }
    return this.source.problemsOf(questions, pool);
  }

  async importInto(draft: BankVersionRef, banks: Map<string, DocumentQuestion[]>): Promise<void> {
    if (banks.size > 0 && this.source) {
      await this.source.importInto(draft, banks);
    }
  }

  async changesBetween(
    before: BankVersionRef,
    after: BankVersionRef,
    moduleTitles: Map<string, string>,
  ): Promise<QuestionBankChange[]> {
    return this.source ? this.source.changesBetween(before, after, moduleTitles) : [];
  }
}
