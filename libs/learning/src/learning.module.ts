import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@academy/identity';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogCoreModule } from '@academy/catalog';
import { CreditController } from './controllers/credit.controller';
import { CourseChecklistService } from './course-steps/course-checklist.service';
import { CourseStepRegistry } from './course-steps/course-step-registry';
import { EnrolmentsController } from './controllers/enrolments.controller';
import { CreditService } from './credit/credit.service';
import { StudyRecordRepository } from './credit/study-record.repository';
import { LearningPagesController } from './controllers/learning.pages.controller';
import { EnrolmentEntity } from './enrolments/enrolment.entity';
import { EnrolmentRepository } from './enrolments/enrolment.repository';
import { LearningService } from './enrolments/learning.service';
import { LessonMediaController } from './controllers/lesson-media.controller';
import { LessonMediaAccessService } from './lesson-media/lesson-media-access.service';
import { OutsideCreditRepository } from './outside-credits/outside-credit.repository';
import { OutsideCreditsController } from './outside-credits/outside-credits.controller';
import {
  OutsideCreditPageModels,
  OutsideCreditsPagesController,
  UploadProblemOnPage,
} from './outside-credits/outside-credits.pages.controller';
import { OutsideCreditsService } from './outside-credits/outside-credits.service';

/** Enrolment and study, without HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([EnrolmentEntity]), CatalogCoreModule, IdentityCoreModule],
  providers: [
    EnrolmentRepository,
    StudyRecordRepository,
    LearningService,
    CreditService,
    CourseStepRegistry,
    CourseChecklistService,
    LessonMediaAccessService,
    OutsideCreditRepository,
    OutsideCreditsService,
  ],
  exports: [
    LearningService,
    CreditService,
    CourseStepRegistry,
    CourseChecklistService,
    LessonMediaAccessService,
    OutsideCreditsService,
  ],
})
export class LearningCoreModule {}

/** Enrolment and study over HTTP. */
@Module({
  imports: [LearningCoreModule],
  controllers: [
    EnrolmentsController,
    LearningPagesController,
    CreditController,
    LessonMediaController,
    OutsideCreditsController,
    OutsideCreditsPagesController,
  ],
  providers: [OutsideCreditPageModels, UploadProblemOnPage],
})
export class LearningModule {}
