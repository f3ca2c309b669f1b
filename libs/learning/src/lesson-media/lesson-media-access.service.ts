import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database } from '@academy/core';
import type { RangedFile } from '@academy/core';
import { CatalogService, LessonMediaService, webVttTranscript } from '@academy/catalog';
import type { Lesson } from '@academy/catalog';
import { figureWidths } from '@academy/catalog';
import { StudyRecordRepository } from '../credit/study-record.repository';
import { LearningService, unlockedModuleIds } from '../enrolments/learning.service';
import { LearningError, LearningErrorCode } from '../learning-error';

/** Staff may see every published lesson, as they see every course. */
const STAFF_ROLES = ['admin', 'instructor'];

export interface Reader {
  userId: string;
  roles: readonly string[];
}

/** How the lesson page shows a lesson's figures and video. */
export interface LessonMediaModel {
  figures: {
    src: string;
    srcset: string;
    sizes: string;
    alt: string;
    caption?: string;
    width: number;
    height: number;
  }[];
  video: {
    title: string;
    src?: string;
    type?: string;
    captionsSrc: string;
    watchUrl?: string;
    embedUrl?: string;
    transcript?: string[];
  } | null;
}

const base = (slug: string, lessonId: string) => `/learning/${slug}/lessons/${lessonId}`;

/**
 * A lesson's media for those who may see the lesson (its enrolled learners and staff), and the
 * video time a learner watched, credited to time on task only as far as it is plausible.
 */
@Injectable()
export class LessonMediaAccessService {
  constructor(
    private readonly db: Database,
    private readonly learning: LearningService,
    private readonly catalog: CatalogService,
    private readonly media: LessonMediaService,
    private readonly records: StudyRecordRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The lesson as the reader may see it: on their enrolment's version, or the published one for staff. */
  async lessonFor(reader: Reader, slug: string, lessonId: string): Promise<Lesson> {
    const enrolled = await this.learning.myCourse(reader.userId, slug).catch((error: unknown) => {
      if (error instanceof LearningError && reader.roles.some((role) => STAFF_ROLES.includes(role))) {
        return null;
      }
      throw error;
    });
    const content = enrolled ? enrolled.course.content : (await this.catalog.getPublished(slug)).content;
    const module = content.modules.find((each) => each.lessons.some((lesson) => lesson.id === lessonId));
    const lesson = module?.lessons.find((each) => each.id === lessonId);
    if (!module || !lesson) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This course has no such lesson.');
    }
    // A learner sees a lesson's media once its module is open to them, as the lesson itself.
    if (enrolled && !unlockedModuleIds(content, enrolled.passed).has(module.id)) {
      throw new LearningError(
        LearningErrorCode.MODULE_LOCKED,
        'This lesson’s module is not open to you yet.',
      );
    }
    return lesson;
  }

  async figure(reader: Reader, slug: string, lessonId: string, mediaId: string, width?: number) {
    const lesson = await this.lessonFor(reader, slug, lessonId);
    if (!lesson.figures?.some((figure) => figure.mediaId === mediaId)) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This lesson has no such image.');
    }
    return this.media.figureImage(mediaId, width);
  }

  async video(reader: Reader, slug: string, lessonId: string): Promise<RangedFile> {
    const lesson = await this.lessonFor(reader, slug, lessonId);
    if (!lesson.video?.videoId) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This lesson has no video file.');
    }
    return this.media.videoFile(lesson.video.videoId);
  }

  async captions(reader: Reader, slug: string, lessonId: string) {
    const lesson = await this.lessonFor(reader, slug, lessonId);
    if (!lesson.video) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This lesson has no video.');
    }
    return this.media.captions(lesson.video.captionsId);
  }

  /** The figures (with their responsive sizes) and video of a lesson, for its page. */
  async pageModel(slug: string, lesson: Lesson): Promise<LessonMediaModel> {
    const at = base(slug, lesson.id);
    const figures = (lesson.figures ?? []).map((figure) => {
      const src = `${at}/figures/${figure.mediaId}`;
      const widths = figureWidths(figure.width);
      return {
        src: widths.length > 1 ? `${src}?w=${widths.at(-2)}` : src,
        srcset: widths
          .map((width) => `${width === figure.width ? src : `${src}?w=${width}`} ${width}w`)
          .join(', '),
        // The lesson column is at most about 46rem wide; on a phone, the screen less its margins.
        sizes: '(max-width: 48rem) calc(100vw - 2rem), 46rem',
        alt: figure.alt,
        caption: figure.caption,
        width: figure.width,
        height: figure.height,
      };
    });
    const video = lesson.video;
    if (!video) {
      return { figures, video: null };
    }
    return {
      figures,
      video: {
        title: video.title,
        captionsSrc: `${at}/captions.vtt`,
        ...(video.videoId
          ? { src: `${at}/video`, type: video.contentType, watchUrl: `${at}/watched` }
          : {
              embedUrl: video.embedUrl,
              transcript: webVttTranscript((await this.media.captions(video.captionsId)).body),
            }),
      },
    };
  }

  /**
   * Credits video a learner watched in a lesson: the first report starts the clock; each later
   * one counts no more than it claims, the wall-clock time since the previous report, or what is
   * left of the video's length. Answers the seconds credited now.
   */
  async reportWatched(
    userId: string,
    slug: string,
    lessonId: string,
    seconds: number,
  ): Promise<{ creditedSeconds: number }> {
    const { enrolment, course } = await this.learning.myCourse(userId, slug);
    const lesson = course.content.modules
      .flatMap((module) => module.lessons)
      .find((each) => each.id === lessonId);
    const lengthMs = Math.round((lesson?.video?.durationSeconds ?? 0) * 1000);
    if (!lesson?.video?.videoId || lengthMs <= 0) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This lesson has no video to watch here.');
    }
    const now = this.clock.now();
    return this.db.withTransaction(async () => {
      const credited = await this.records.creditWatched(
        enrolment.id,
        lessonId,
        lengthMs,
        seconds * 1000,
        now,
      );
      if (credited === null) {
        // Starting the video is study, as opening the lesson is.
        await this.records.recordActivity(enrolment.id, 'lesson', now);
      } else if (credited > 0) {
        await this.records.recordVideoActivity(enrolment.id, credited, now);
      }
      if (credited === null) {
        await this.audit.record({
          action: 'video.started',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: { lessonId },
        });
      }
      return { creditedSeconds: (credited ?? 0) / 1000 };
    });
  }
}
