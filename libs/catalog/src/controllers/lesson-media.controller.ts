import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  Post,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor, UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { catchError, Observable, throwError } from 'rxjs';
import { ApiErrors, MultipartFieldsRule, Roles, UuidParam } from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { FigureDto, LessonVideoDto } from '../content/course-content';
import { MEDIA_MAX_BYTES } from '../media/media.service';
import { LessonMediaService, VIDEO_MAX_BYTES, VIDEO_TOO_LARGE } from '../media/lesson-media.service';

type Files = Record<string, UploadedMultipartFile[] | undefined>;

/** The upload's size limit said in words, in place of the parser's "File too large". */
function tooLargeAs(message: string, field: string): new () => NestInterceptor {
  @Injectable()
  class TooLarge implements NestInterceptor {
    intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next
        .handle()
        .pipe(
          catchError((error: unknown) =>
            throwError(() =>
              error instanceof PayloadTooLargeException
                ? new CatalogError(CatalogErrorCode.MEDIA_TOO_LARGE, message, field)
                : error,
            ),
          ),
        );
    }
  }
  return TooLarge;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const first = (files: Files | undefined, name: string) => {
  const file = files?.[name]?.[0];
  return file?.buffer ? file : undefined;
};

/** One upload for the API and the authoring page: a figure's image (5 MB), its text fields under the string rule. */
export const FigureUpload = [
  tooLargeAs('Images may be at most 5 MB.', 'file'),
  FileFieldsInterceptor([{ name: 'file', maxCount: 1 }], {
    limits: { fileSize: MEDIA_MAX_BYTES, files: 1, fields: 10 },
  }),
  MultipartFieldsRule,
];

/** A video (100 MB) and its captions, for the API and the authoring page. */
export const VideoUpload = [
  tooLargeAs(VIDEO_TOO_LARGE, 'file'),
  FileFieldsInterceptor(
    [
      { name: 'file', maxCount: 1 },
      { name: 'captions', maxCount: 1 },
    ],
    { limits: { fileSize: VIDEO_MAX_BYTES, files: 2, fields: 10 } },
  ),
  MultipartFieldsRule,
];

/** Figures and videos of a draft lesson, for authors and the API. */
@ApiTags('authoring')
@Controller('api/v1/admin/courses/:id/lessons/:lessonId')
@Roles('admin')
export class LessonMediaController {
  constructor(private readonly media: LessonMediaService) {}

  /** Add a figure to a draft lesson */
  @Post('figures')
  @UseInterceptors(...FigureUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary', description: 'PNG, JPEG, WebP or GIF, at most 5 MB' },
        alt: { type: 'string', maxLength: 500, description: 'What the image shows (required)' },
        caption: { type: 'string', maxLength: 1000 },
      },
      required: ['file', 'alt'],
    },
  })
  @ApiCreatedResponse({ type: FigureDto, description: 'The figure, added at the end of the draft lesson.' })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415)
  async addFigure(
    @UuidParam('id') courseId: string,
    @UuidParam('lessonId') lessonId: string,
    @UploadedFiles() files: Files | undefined,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<FigureDto> {
    const file = first(files, 'file');
    if (!file) {
      throw new CatalogError(
        CatalogErrorCode.MEDIA_TYPE_REFUSED,
        'file must be an image (PNG, JPEG, WebP or GIF) sent as multipart/form-data',
        'file',
      );
    }
    return this.media.addFigure(courseId, lessonId, {
      bytes: file.buffer!,
      fileName: file.originalname,
      alt: text(body?.alt),
      caption: text(body?.caption),
    });
  }

  /** Set a draft lesson's video and captions */
  @Post('video')
  @UseInterceptors(...VideoUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary', description: 'MP4 or WebM, at most 100 MB' },
        url: { type: 'string', description: 'Or a link on an allowed host (VIDEO_HOSTS)' },
        captions: { type: 'string', format: 'binary', description: 'WebVTT captions (required)' },
        title: { type: 'string', maxLength: 200 },
      },
      required: ['captions'],
    },
  })
  @ApiCreatedResponse({ type: LessonVideoDto, description: 'The draft lesson’s video, captioned.' })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415)
  async setVideo(
    @UuidParam('id') courseId: string,
    @UuidParam('lessonId') lessonId: string,
    @UploadedFiles() files: Files | undefined,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<LessonVideoDto> {
    const file = first(files, 'file');
    const captions = first(files, 'captions');
    return this.media.setVideo(courseId, lessonId, {
      file: file ? { bytes: file.buffer!, fileName: file.originalname } : undefined,
      url: text(body?.url),
      captions: captions ? { bytes: captions.buffer! } : undefined,
      title: text(body?.title),
    });
  }
}
