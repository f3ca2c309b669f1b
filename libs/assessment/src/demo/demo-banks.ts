import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';
import type { QuestionInput } from '../questions/question-bank.service';

/** A shipped question, tagged with the (1-based) objective of its module it measures. */
export type DemoQuestion = QuestionInput & { objective?: number };

export interface QuestionBankDocument {
  courseSlug: string;
  banks: { moduleId: string; questions: DemoQuestion[] }[];
  /**
   * The pre-test's own pool, separate from the module banks: each question names its module and
   * that module's objective (both 1-based). Seeded into the pre-test's pool, which the pre-test draws from.
   */
  pretest?: { questions: (DemoQuestion & { module: number })[] };
}

const DEMO_BANK_FILES = [
  'flagship-question-banks.json',
  'recertification-bank.json',
  'diagnostic-question-banks.json',
];

/** The demo courses' question banks, shipped with the demo academy, in the demo courses' order. */
export function demoQuestionBanks(): QuestionBankDocument[] {
  return DEMO_BANK_FILES.map(
    (file) =>
      JSON.parse(
        readFileSync(join(PROJECT_ROOT, 'libs/assessment/src/demo', file), 'utf8'),
      ) as QuestionBankDocument,
  );
}
