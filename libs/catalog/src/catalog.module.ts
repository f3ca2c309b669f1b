import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminCoursesController } from './controllers/admin-courses.controller';
import { DraftPages } from './controllers/authoring-pages';
import { CourseAuthoringPagesController } from './controllers/course-authoring.pages.controller';
import { DisclosureAuthoringPagesController } from './controllers/disclosure-authoring.pages.controller';
import { CourseImportPagesController } from './controllers/course-import.pages.controller';
import { CourseImportRepository } from './imports/course-import.repository';
import { CourseImportService } from './imports/course-import.service';
import { LessonAuthoringPagesController } from './controllers/lesson-authoring.pages.controller';
import { ModuleAuthoringPagesController } from './controllers/module-authoring.pages.controller';
import { CatalogController } from './controllers/catalog.controller';
import { CatalogPagesController } from './controllers/catalog.pages.controller';
import { CatalogService } from './courses/catalog.service';
import { CourseVersionEntity } from './courses/course-version.entity';
import { CourseEntity } from './courses/course.entity';
import { CourseRepository } from './courses/course.repository';
import { MediaController } from './controllers/media.controller';
import { MediaAssetEntity } from './media/media-asset.entity';
import { MediaRepository } from './media/media.repository';
import { MediaService } from './media/media.service';
import { LessonMediaRepository } from './media/lesson-media.repository';
import { LessonMediaService } from './media/lesson-media.service';
import { LessonMediaController } from './controllers/lesson-media.controller';
import { CoursesService } from './courses/courses.service';
import { CourseBankRegistry } from './content/course-bank';
import { ReleaseScheduledVersionsJob } from './courses/release-scheduled.job';

const SERVICES = [
  CourseRepository,
  CoursesService,
  CatalogService,
  MediaRepository,
  MediaService,
  LessonMediaRepository,
  LessonMediaService,
  CourseBankRegistry,
  ReleaseScheduledVersionsJob,
];

/** Courses and their versions, without HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([CourseEntity, CourseVersionEntity, MediaAssetEntity])],
  providers: SERVICES,
  exports: SERVICES,
})
export class CatalogCoreModule {}

/** Authoring and the public catalog over HTTP. */
@Module({
  imports: [CatalogCoreModule],
  // The authoring pages share how a draft page is built and changed.
  providers: [DraftPages, CourseImportRepository, CourseImportService],
  controllers: [
    CatalogController,
    AdminCoursesController,
    CatalogPagesController,
    MediaController,
    CourseImportPagesController,
    LessonMediaController,
    CourseAuthoringPagesController,
    DisclosureAuthoringPagesController,
    ModuleAuthoringPagesController,
    LessonAuthoringPagesController,
  ],
  exports: [CatalogCoreModule],
})
export class CatalogModule {}
