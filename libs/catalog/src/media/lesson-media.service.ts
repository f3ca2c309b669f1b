import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import {
  APP_CONFIG,
  AuditService,
  Clock,
  Database,
  FieldValidationException,
  RequestContext,
} from '@academy/core';
import type { AppConfig, ByteRange, RangedFile } from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import type { CourseContent, Lesson } from '../content/course-content.types';
import type { FigureDto, LessonVideoDto } from '../content/course-content';
import { CoursesService } from '../courses/courses.service';
import { LessonMediaRepository } from './lesson-media.repository';
import { MediaService } from './media.service';
import { embedAddress } from './video-hosts';
import { sniffVideoType, videoDurationMs } from './video-probe';
import { webVttProblem } from './webvtt';

/** The widths figures are resized to at upload (narrower than the original only). */
export const FIGURE_WIDTHS = [320, 640, 960, 1280] as const;
export const VIDEO_MAX_BYTES = 100 * 1024 * 1024;
export const CAPTIONS_MAX_BYTES = 1024 * 1024;
// Chunks small enough that a range read fetches little more than it sends.
const VIDEO_CHUNK_BYTES = 256 * 1024;
const CHUNKS_PER_INSERT = 16;
const CHUNKS_PER_READ = 4;

export interface FigureUpload {
  bytes: Buffer;
  fileName: string;
  alt?: string;
  caption?: string;
}

export interface VideoUpload {
  file?: { bytes: Buffer; fileName: string };
  url?: string;
  captions?: { bytes: Buffer };
  title?: string;
}

function findLesson(content: CourseContent, lessonId: string): Lesson {
  const lesson = content.modules.flatMap((module) => module.lessons).find((each) => each.id === lessonId);
  if (!lesson) {
    throw new CatalogError(CatalogErrorCode.LESSON_NOT_FOUND, 'This course has no such lesson.');
  }
  return lesson;
}

/** The image widths a figure of this width is offered at: the variants narrower than it, and itself. */
export function figureWidths(width: number): number[] {
  return [...FIGURE_WIDTHS.filter((candidate) => candidate < width), width];
}

/**
 * A lesson's figures (images with alt text, resized at upload for responsive pages) and its
 * video (an uploaded MP4/WebM kept in chunks, or a link to an allowed host), always captioned.
 * Adding them edits the course draft, as any authoring change does.
 */
@Injectable()
export class LessonMediaService {
  constructor(
    private readonly db: Database,
    private readonly repository: LessonMediaRepository,
    private readonly images: MediaService,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds a figure at the end of a draft lesson; its alt text is required. */
  async addFigure(
    courseId: string,
    lessonId: string,
    upload: FigureUpload,
    revision?: number,
  ): Promise<FigureDto> {
    const alt = upload.alt?.trim() ?? '';
    const caption = upload.caption?.trim() || undefined;
    if (alt === '') {
      throw new FieldValidationException({
        alt: ['Describe what the image shows (its alt text), for readers who cannot see it.'],
      });
    }
    const draft = await this.draftAt(courseId, revision);
    findLesson(draft.content, lessonId);
    const asset = await this.images.upload(upload.bytes, upload.fileName);
    const image = sharp(upload.bytes, { limitInputPixels: 50_000_000, animated: false });
    const metadata = await image.metadata().catch(() => {
      throw new CatalogError(
        CatalogErrorCode.MEDIA_TYPE_REFUSED,
        'That image could not be read. Save it again as PNG, JPEG or WebP and upload it.',
        'file',
      );
    });
    const width = metadata.autoOrient?.width ?? metadata.width;
    const height = metadata.autoOrient?.height ?? metadata.height;
    const variants = await Promise.all(
      figureWidths(width)
        .slice(0, -1)
        .map(async (variantWidth) => ({
          width: variantWidth,
          bytes: await sharp(upload.bytes, { limitInputPixels: 50_000_000 })
            .autoOrient()
            .resize({ width: variantWidth })
            .toFormat(
              asset.contentType === 'image/png'
                ? 'png'
                : asset.contentType === 'image/jpeg'
                  ? 'jpeg'
                  : 'webp',
            )
            .toBuffer(),
        })),
    );
    const figure: FigureDto = { mediaId: asset.id, alt, width, height, ...(caption ? { caption } : {}) };
    await this.db.withTransaction(async () => {
      await this.repository.setImageSize(asset.id, width, height);
      for (const variant of variants) {
        await this.repository.insertVariant(
          asset.id,
          variant.width,
          asset.contentType === 'image/gif' ? 'image/webp' : asset.contentType,
          variant.bytes,
        );
      }
      await this.courses.editDraft(courseId, draft.revision, (content) => {
        const lesson = findLesson(content, lessonId);
        lesson.figures = [...(lesson.figures ?? []), figure];
      });
      await this.audit.record({
        action: 'lesson.figure_added',
        subjectType: 'course',
        subjectId: courseId,
        details: { lessonId, mediaId: asset.id, variants: variants.map((variant) => variant.width) },
      });
    });
    return figure;
  }

  /** Sets a draft lesson's video: an uploaded file or an allowed link, with WebVTT captions. */
  async setVideo(
    courseId: string,
    lessonId: string,
    upload: VideoUpload,
    revision?: number,
  ): Promise<LessonVideoDto> {
    const problems: Record<string, string[]> = {};
    const url = upload.url?.trim() || undefined;
    if (!upload.file && !url) {
      problems.file = ['Upload the video as an MP4 or WebM file, or give a link to it.'];
    }
    if (upload.file && url) {
      problems.url = ['Give either a video file or a link, not both.'];
    }
    if (!upload.captions || upload.captions.bytes.length === 0) {
      problems.captions = [
        'Add the video’s captions as a WebVTT (.vtt) file: every lesson video needs captions.',
      ];
    }
    const embed = url ? embedAddress(url, this.config.videoHosts) : undefined;
    if (embed && 'problem' in embed) {
      problems.url = [embed.problem];
    }
    if (Object.keys(problems).length > 0) {
      throw new FieldValidationException(problems);
    }
    const captions = upload.captions!.bytes;
    if (captions.length > CAPTIONS_MAX_BYTES) {
      throw new CatalogError(
        CatalogErrorCode.MEDIA_TOO_LARGE,
        'Captions files may be at most 1 MB.',
        'captions',
      );
    }
    const captionsProblem = webVttProblem(captions);
    if (captionsProblem) {
      throw new CatalogError(CatalogErrorCode.MEDIA_TYPE_REFUSED, captionsProblem, 'captions');
    }
    const file = upload.file;
    let probed: { contentType: string; durationMs: number } | undefined;
    if (file) {
      if (file.bytes.length > VIDEO_MAX_BYTES) {
        throw new CatalogError(CatalogErrorCode.MEDIA_TOO_LARGE, VIDEO_TOO_LARGE, 'file');
      }
      const contentType = sniffVideoType(file.bytes);
      if (!contentType) {
        throw new CatalogError(
          CatalogErrorCode.MEDIA_TYPE_REFUSED,
          'Upload the video as an MP4 or WebM file; this file is neither.',
          'file',
        );
      }
      const durationMs = videoDurationMs(file.bytes, contentType);
      if (!durationMs) {
        throw new CatalogError(
          CatalogErrorCode.MEDIA_TYPE_REFUSED,
          'This video file does not say how long it plays. Export it again as MP4 or WebM from your video editor.',
          'file',
        );
      }
      probed = { contentType, durationMs };
    }
    const draft = await this.draftAt(courseId, revision);
    const lesson = findLesson(draft.content, lessonId);
    const actor = RequestContext.current()?.actorUserId ?? null;
    const now = this.clock.now();
    return this.db.withTransaction(async () => {
      const captionsText = captions.toString('utf8').replace(/^\uFEFF/, '');
      const captionsId = await this.repository.insertOrFindCaptions(
        createHash('sha256').update(captions).digest('hex'),
        captionsText,
        now,
        actor,
      );
      let video: LessonVideoDto = {
        captionsId,
        title: upload.title?.trim() || lesson.title,
        embedUrl: embed && 'url' in embed ? embed.url : undefined,
      };
      if (file && probed) {
        const stored = await this.repository.insertVideo({
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          contentType: probed.contentType as 'video/mp4' | 'video/webm',
          byteSize: file.bytes.length,
          chunkSize: VIDEO_CHUNK_BYTES,
          durationMs: probed.durationMs,
          fileName: file.fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'video',
          createdAt: now,
          createdByUserId: actor,
        });
        if (stored.created) {
          const chunkCount = Math.ceil(file.bytes.length / VIDEO_CHUNK_BYTES);
          for (let first = 0; first < chunkCount; first += CHUNKS_PER_INSERT) {
            const chunks = [];
            for (let seq = first; seq < Math.min(first + CHUNKS_PER_INSERT, chunkCount); seq++) {
              chunks.push(file.bytes.subarray(seq * VIDEO_CHUNK_BYTES, (seq + 1) * VIDEO_CHUNK_BYTES));
            }
            await this.repository.insertChunks(stored.id, first, chunks);
          }
        }
        video = {
          videoId: stored.id,
          contentType: probed.contentType,
          durationSeconds: probed.durationMs / 1000,
          captionsId,
          title: video.title,
        };
      }
      await this.courses.editDraft(courseId, draft.revision, (content) => {
        findLesson(content, lessonId).video = JSON.parse(JSON.stringify(video)) as LessonVideoDto;
      });
      await this.audit.record({
        action: 'lesson.video_set',
        subjectType: 'course',
        subjectId: courseId,
        details: { lessonId, videoId: video.videoId ?? null, embedUrl: video.embedUrl ?? null, captionsId },
      });
      return video;
    });
  }

  /** Takes a figure or the video off a draft lesson. */
  async remove(courseId: string, lessonId: string, what: { figure: string } | 'video', revision: number) {
    await this.db.withTransaction(async () => {
      await this.courses.editDraft(courseId, revision, (content) => {
        const lesson = findLesson(content, lessonId);
        if (what === 'video') {
          delete lesson.video;
        } else {
          lesson.figures = (lesson.figures ?? []).filter((figure) => figure.mediaId !== what.figure);
        }
      });
      await this.audit.record({
        action: what === 'video' ? 'lesson.video_removed' : 'lesson.figure_removed',
        subjectType: 'course',
        subjectId: courseId,
        details: { lessonId, ...(what === 'video' ? {} : { mediaId: what.figure }) },
      });
    });
  }

  /** The draft, refused when the author saw an older revision of it. */
  private async draftAt(courseId: string, revision: number | undefined) {
    const draft = await this.courses.getDraft(courseId);
    if (revision !== undefined && draft.revision !== revision) {
      throw CatalogError.staleRevision(
        'Someone saved this draft after you opened it. Reload to see their changes, then add the media again.',
      );
    }
    return draft;
  }

  /** A figure's image at one of its offered widths (the original for any other), for serving. */
  async figureImage(mediaId: string, width?: number): Promise<{ type: string; etag: string; body: Buffer }> {
    const asset = await this.images.get(mediaId);
    const variant = width !== undefined ? await this.repository.findVariant(mediaId, width) : null;
    return variant
      ? { type: variant.contentType, etag: `"${asset.sha256}-${width}"`, body: variant.bytes }
      : { type: asset.contentType, etag: `"${asset.sha256}"`, body: asset.bytes };
  }

  /** A stored video, read by range from its chunks as it is sent. */
  async videoFile(videoId: string): Promise<RangedFile> {
    const video = await this.repository.findVideo(videoId);
    if (!video) {
      throw new CatalogError(CatalogErrorCode.MEDIA_NOT_FOUND, 'No such video.');
    }
    return {
      type: video.contentType,
      etag: `"${video.sha256}"`,
      size: video.byteSize,
      read: (range: ByteRange) => Readable.from(this.chunksOf(video.id, video.chunkSize, range)),
    };
  }

  private async *chunksOf(videoId: string, chunkSize: number, range: ByteRange): AsyncGenerator<Buffer> {
    const first = Math.floor(range.start / chunkSize);
    const last = Math.floor(range.end / chunkSize);
    for (let from = first; from <= last; from += CHUNKS_PER_READ) {
      const rows = await this.repository.findChunks(
        videoId,
        from,
        Math.min(from + CHUNKS_PER_READ - 1, last),
      );
      for (const row of rows) {
        const offset = row.seq * chunkSize;
        const start = Math.max(range.start - offset, 0);
        const end = Math.min(range.end - offset + 1, row.bytes.length);
        yield row.bytes.subarray(start, end);
      }
    }
  }

  /** A video's WebVTT captions. */
  async captions(captionsId: string): Promise<{ etag: string; body: string }> {
    const captions = await this.repository.findCaptions(captionsId);
    if (!captions) {
      throw new CatalogError(CatalogErrorCode.MEDIA_NOT_FOUND, 'No such captions.');
    }
    return { etag: `"${captions.sha256}"`, body: captions.body };
  }
}

export const VIDEO_TOO_LARGE =
  'Videos may be at most 100 MB. Shorten the video or export it at a lower resolution.';
