import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogCoreModule } from '@academy/catalog';
import { EnrolmentsController } from './controllers/enrolments.controller';
import { LearningPagesController } from './controllers/learning.pages.controller';
import { EnrolmentEntity } from './enrolments/enrolment.entity';
import { EnrolmentRepository } from './enrolments/enrolment.repository';
import { LearningService } from './enrolments/learning.service';

/** Enrolment and study, without HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([EnrolmentEntity]), CatalogCoreModule],
  providers: [EnrolmentRepository, LearningService],
  exports: [LearningService],
})
export class LearningCoreModule {}

/** Enrolment and study over HTTP. */
@Module({
  imports: [LearningCoreModule],
  controllers: [EnrolmentsController, LearningPagesController],
})
export class LearningModule {}
