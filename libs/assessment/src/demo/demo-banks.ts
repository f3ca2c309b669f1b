import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';
import type { QuestionInput } from '../questions/question-bank.service';

export interface QuestionBankDocument {
  courseSlug: string;
  banks: { moduleId: string; questions: QuestionInput[] }[];
}

/** The flagship course's question banks, shipped with the demo academy. */
export function demoQuestionBanks(): QuestionBankDocument {
  return JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'libs/assessment/src/demo/flagship-question-banks.json'), 'utf8'),
  ) as QuestionBankDocument;
}
