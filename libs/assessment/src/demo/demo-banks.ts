import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';
import type { QuestionInput } from '../questions/question-bank.service';

export interface QuestionBankDocument {
  courseSlug: string;
  banks: { moduleId: string; questions: QuestionInput[] }[];
  /** The pre-test's own pool: each question names its module (`module`) and objective by position. */
  pretest?: { questions: (QuestionInput & { module?: number })[] };
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
