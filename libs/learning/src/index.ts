export * from './enrolments/learning.service';
export * from './learning-error';
export * from './learning.module';
export * from './credit/credit.service';
export * from './course-steps/course-steps';
export * from './course-steps/course-step-registry';
export * from './course-steps/course-checklist.service';
export * from './lesson-media/lesson-media-access.service';
export {
  OutsideCreditsService,
  creditTypeName,
  type OutsideCredit,
  type OutsideTranscript,
} from './outside-credits/outside-credits.service';
export { OutsideCreditDto, toOutsideCreditDto } from './outside-credits/dto/outside-credit.dto';
