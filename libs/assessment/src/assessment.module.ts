import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogCoreModule } from '@academy/catalog';
import { LearningCoreModule } from '@academy/learning';
import { AttemptEntity } from './attempts/attempt.entity';
import { AttemptRepository } from './attempts/attempt.repository';
import { AttemptsService } from './attempts/attempts.service';
import { PretestCourseStep } from './attempts/pretest-course-step';
import { AdminQuestionsController } from './controllers/admin-questions.controller';
import { ItemAnalysisPagesController } from './controllers/item-analysis.pages.controller';
import { QuestionBankPagesController } from './controllers/question-bank.pages.controller';
import { QuizPagesController } from './controllers/quiz.pages.controller';
import { QuizzesController } from './controllers/quizzes.controller';
import { QuestionBankService } from './questions/question-bank.service';
import { QuestionBankCourseSource } from './questions/course-bank-source';
import { QuestionEntity } from './questions/question.entity';
import { QuestionRepository } from './questions/question.repository';
import { QuizSupportRepository } from './support/quiz-support.repository';
import { QuizSupportService } from './support/quiz-support.service';

const SERVICES = [
  QuestionRepository,
  QuestionBankService,
  AttemptRepository,
  AttemptsService,
  QuizSupportRepository,
  QuizSupportService,
];

/** Question banks and quiz attempts, without HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([QuestionEntity, AttemptEntity]), CatalogCoreModule, LearningCoreModule],
  providers: [...SERVICES, PretestCourseStep, QuestionBankCourseSource],
  exports: SERVICES,
})
export class AssessmentCoreModule {}

/** Question banks and quizzes over HTTP. */
@Module({
  imports: [AssessmentCoreModule, CatalogCoreModule],
  controllers: [
    QuizzesController,
    AdminQuestionsController,
    QuizPagesController,
    QuestionBankPagesController,
    ItemAnalysisPagesController,
  ],
})
export class AssessmentModule {}
