export * from './assessment-error';
export * from './assessment.module';
export * from './attempts/attempts.service';
export * from './support/quiz-support.service';
export * from './support/accommodation';
export type { AttemptSummaryRow, QuizAccommodation } from './support/quiz-support.repository';
export * from './questions/question-bank.service';
export * from './questions/question.types';
export * from './demo/demo-banks';
export { correctResponse } from './questions/grading';
export { answersAsShown } from './attempts/served-choices';
export type { ServedQuestion } from './attempts/served-choices';
export {
  ITEM_FLAGS,
  MIN_RESPONSES_TO_FLAG,
  NEGATIVE_DISCRIMINATION_BELOW,
  TOO_EASY_ABOVE,
  TOO_HARD_BELOW,
} from './questions/item-analysis';
export type { ItemFlag, ItemStatistics, OptionFrequency } from './questions/item-analysis';
