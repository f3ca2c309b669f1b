export * from './assessment-error';
export * from './assessment.module';
export * from './attempts/attempts.service';
export * from './questions/question-bank.service';
export * from './questions/question.types';
export * from './demo/demo-banks';
export { correctResponse } from './questions/grading';
