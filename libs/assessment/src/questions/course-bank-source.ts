import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CourseBankRegistry } from '@academy/catalog';
import { PRETEST_POOL_ID } from '@academy/catalog';
import type {
  BankPool,
  BankVersionRef,
  CourseBankSource,
  DocumentQuestion,
  ImportProblem,
  QuestionBankChange,
} from '@academy/catalog';
import { AuditService, Clock } from '@academy/core';
import { splitQuestion } from './question-bank.service';
import {
  changedParts,
  documentObjectiveTag,
  documentProblems,
  documentToInput,
  questionToDocument,
  sameDocument,
} from './question-document';
import type { QuestionEntity } from './question.entity';
import { QuestionRepository } from './question.repository';

/**
 * The question banks in course documents, content hashes and version diffs. Registered with
 * catalog's bank registry at start: catalog cannot import assessment, which depends on it.
 */
@Injectable()
export class QuestionBankCourseSource implements CourseBankSource, OnModuleInit {
  constructor(
    private readonly registry: CourseBankRegistry,
    private readonly questions: QuestionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async documentOf(versionId: string): Promise<Map<string, DocumentQuestion[]>> {
    const banks = new Map<string, DocumentQuestion[]>();
    for (const question of await this.questions.findActiveForVersion(versionId)) {
      banks.set(question.moduleId, [...(banks.get(question.moduleId) ?? []), questionToDocument(question)]);
    }
    return banks;
  }

  problemsOf(questions: unknown[], pool: BankPool): ImportProblem[] {
    return documentProblems(questions, pool);
  }

  /**
   * Each listed module's bank becomes the document's. The draft started with copies of the
   * previous version's items (the carry-over trigger): a copy the document keeps as it is stays
   * (its lineage and statistics go on), one whose text the document keeps but changes is revised,
   * the document's other questions are added, and the copies it leaves out are retired.
   */
  async importInto(draft: BankVersionRef, banks: Map<string, DocumentQuestion[]>): Promise<void> {
    const now = this.clock.now();
    for (const [moduleId, documents] of banks) {
      const started = await this.questions.findActive(draft.versionId, moduleId);
      const pool = new Map(started.map((question) => [question.id, question]));
      const unmatched: DocumentQuestion[] = [];
      for (const document of documents) {
        const same = [...pool.values()].find((question) =>
          sameDocument(questionToDocument(question), document),
        );
        if (same) {
          pool.delete(same.id);
        } else {
          unmatched.push(document);
        }
      }
      const kept = documents.length - unmatched.length;
      let revised = 0;
      let added = 0;
      for (const [index, document] of unmatched.entries()) {
        const input = documentToInput(document);
        const { body, key } = splitQuestion(input);
        const record = {
          type: body.type,
          body,
          answerKey: { key, explanation: input.explanation, reference: input.reference },
          tags: input.tags ?? [],
          difficulty: input.difficulty ?? null,
          ...documentObjectiveTag(moduleId, document),
          lintNotes: input.lintNotes ?? [],
        };
        const earlier = [...pool.values()].find(
          (question) => question.type === body.type && question.body.prompt === body.prompt,
        );
        if (earlier) {
          pool.delete(earlier.id);
          await this.questions.revise(earlier.id, record, now);
          revised += 1;
          continue;
        }
        const id = randomUUID();
        await this.questions.insert({
          id,
          courseId: draft.courseId,
          courseVersionId: draft.versionId,
          lineageId: id,
          replacesLineageId: null,
          revisedAt: null,
          moduleId,
          ...record,
          // A millisecond apart, so the bank keeps the file's order (banks are ordered by creation).
          createdAt: new Date(now.getTime() + index),
          retiredAt: null,
        });
        added += 1;
      }
      for (const question of pool.values()) {
        await this.questions.retire(question.id, now);
      }
      await this.audit.record({
        action: 'question.bank_imported',
        subjectType: 'course',
        subjectId: draft.courseId,
        details: { version: draft.number, moduleId, kept, revised, added, retired: pool.size },
      });
    }
  }

  async changesBetween(
    before: BankVersionRef,
    after: BankVersionRef,
    moduleTitles: Map<string, string>,
  ): Promise<QuestionBankChange[]> {
    // One after the other: inside a transaction, queries share one connection.
    const left = await this.questions.findAllOfVersion(before.versionId);
    const right = await this.questions.findAllOfVersion(after.versionId);
    const active = (rows: QuestionEntity[]) =>
      new Map(rows.filter((row) => row.retiredAt === null).map((row) => [row.lineageId, row]));
    const was = active(left);
    const is = active(right);
    const title = (moduleId: string) =>
      moduleId === PRETEST_POOL_ID
        ? 'Pre-test'
        : (moduleTitles.get(moduleId) ?? 'A module no longer in the course');
    const changes: QuestionBankChange[] = [];
    const replacedLineages = new Set<string>();
    for (const [lineageId, question] of is) {
      const earlier = was.get(lineageId);
      const base = { module: title(question.moduleId), question: question.body.prompt };
      if (earlier) {
        const parts = changedParts(earlier, question);
        if (parts.length > 0) {
          changes.push({
            ...base,
            change: 'edited',
            ...(earlier.body.prompt !== question.body.prompt ? { before: earlier.body.prompt } : {}),
            detail: parts.join(', '),
          });
        }
        continue;
      }
      const replaced = question.replacesLineageId ? was.get(question.replacesLineageId) : undefined;
      if (replaced) {
        replacedLineages.add(replaced.lineageId);
        changes.push({ ...base, change: 'replaced', before: replaced.body.prompt });
      } else {
        changes.push({ ...base, change: 'added' });
      }
    }
    for (const [lineageId, question] of was) {
      if (!is.has(lineageId) && !replacedLineages.has(lineageId)) {
        changes.push({ change: 'retired', module: title(question.moduleId), question: question.body.prompt });
      }
    }
    // In the order of the later version's modules, then as the banks list them.
    const order = [...moduleTitles.values()];
    return changes
      .map((change, index) => ({ change, index }))
      .sort((a, b) => rank(order, a.change.module) - rank(order, b.change.module) || a.index - b.index)
      .map(({ change }) => change);
  }
}

function rank(order: string[], title: string): number {
  const index = order.indexOf(title);
  return index < 0 ? order.length : index;
}
