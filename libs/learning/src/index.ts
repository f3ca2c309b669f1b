export * from './enrolments/learning.service';
export * from './learning-error';
export * from './learning.module';
export * from './credit/credit.service';
