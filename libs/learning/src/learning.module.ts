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
  ],
  exports: [
    LearningService,
    CreditService,
    CourseStepRegistry,
    CourseChecklistService,
    LessonMediaAccessService,
  ],
})
export class LearningCoreModule {}

/** Enrolment and study over HTTP. */
@Module({
  imports: [LearningCoreModule],
  controllers: [EnrolmentsController, LearningPagesController, CreditController, LessonMediaController],
})
export class LearningModule {}
