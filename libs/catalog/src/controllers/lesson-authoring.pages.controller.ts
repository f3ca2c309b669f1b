import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
  UploadedFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AfterPost, FieldValidationException, formProblem, Page, Roles, ShowPage } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { renderMarkdown } from '../content/markdown';
import { ImageFormDto, LessonFormDto } from '../dto/authoring-forms.dto';
import { MediaService } from '../media/media.service';
import { ImageUpload } from './media.controller';
import { FigureUpload, VideoUpload } from './lesson-media.controller';
import { LessonMediaService } from '../media/lesson-media.service';

type Files = Record<string, UploadedMultipartFile[] | undefined>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const revisionOf = (body: Form): number | undefined =>
  typeof body.revision === 'string' && /^\d{1,9}$/.test(body.revision) ? Number(body.revision) : undefined;
const lessonUrl = (at: DraftPlace) =>
  `/admin/courses/${at.courseId}/modules/${at.moduleId}/lessons/${at.lessonId}`;
import { DraftAt, DraftPages, DraftPlace, findLesson, Form, VIEWS } from './authoring-pages';

const NOTICES: Record<string, string> = {
  image: 'Image uploaded and added at the end of the lesson. Move it where it belongs.',
  figure: 'Figure added after the lesson text.',
  'figure-removed': 'Figure removed.',
  video: 'Video and captions saved.',
  'video-removed': 'Video removed.',
  saved: 'Lesson saved.',
};

/** Authoring a lesson: its text (Markdown, previewed), its estimated time and its images. */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class LessonAuthoringPagesController {
  constructor(
    private readonly pages: DraftPages,
    private readonly media: MediaService,
    private readonly lessonMedia: LessonMediaService,
  ) {}

  @Get(':id/modules/:moduleId/lessons/:lessonId')
  @Page(`${VIEWS}/lesson.hbs`)
  async lesson(@DraftAt() at: DraftPlace, @Query('notice') notice: unknown): Promise<Form> {
    return this.pages.lessonModel(at.courseId, at.moduleId!, at.lessonId!, {
      notice: typeof notice === 'string' ? NOTICES[notice] : undefined,
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId')
  @AfterPost()
  async saveLesson(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(LessonFormDto, body, at);
    // Line ends as a browser sends them (CRLF) are stored as LF.
    const markdown = (form.markdown ?? '').replace(/\r\n/g, '\n');
    if (form.action === 'preview') {
      const model = await this.pages.lessonModel(at.courseId, at.moduleId!, at.lessonId!, { markdown });
      throw new ShowPage(`${VIEWS}/lesson.hbs`, model, 200);
    }
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}/lessons/${at.lessonId}?notice=saved`;
    return this.pages.change(at, form.revision, back, (content) => {
      const lesson = findLesson(content, at);
      lesson.title = form.title ?? '';
      lesson.markdown = markdown;
      if (form.removeVideoLink) {
        delete lesson.videoUrl;
      }
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/image')
  @UseInterceptors(...ImageUpload)
  @AfterPost()
  async uploadImage(
    @DraftAt() at: DraftPlace,
    @Body() body: Form,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<SeeOther> {
    const form = await this.pages.parse(ImageFormDto, body, at);
    if (!file?.buffer) {
      throw await this.pages.problemsPage(
        at,
        new FieldValidationException({ file: ['Choose an image to upload.'] }),
      );
    }
    const asset = await this.media.upload(file.buffer, file.originalname).catch(async (error: unknown) => {
      throw await this.pages.problemsPage(at, error);
    });
    const alt = form.alt.replace(/[[\]]/g, '');
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}/lessons/${at.lessonId}?notice=image`;
    return this.pages.change(at, form.revision, back, (content) => {
      const lesson = findLesson(content, at);
      lesson.markdown = `${lesson.markdown.trimEnd()}\n\n![${alt}](/media/${asset.id})\n`;
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/figures')
  @UseInterceptors(...FigureUpload)
  @AfterPost()
  async addFigure(
    @DraftAt() at: DraftPlace,
    @Body() body: Form,
    @UploadedFiles() files: Files | undefined,
  ): Promise<SeeOther> {
    const file = files?.file?.[0];
    const values = { alt: text(body.alt), caption: text(body.caption) };
    try {
      if (!file?.buffer) {
        throw new FieldValidationException({ file: ['Choose the image to add.'] });
      }
      await this.lessonMedia.addFigure(
        at.courseId,
        at.lessonId!,
        { bytes: file.buffer, fileName: file.originalname, ...values },
        revisionOf(body),
      );
    } catch (error) {
      throw await this.mediaProblem(at, 'figure', error, values);
    }
    return { url: `${lessonUrl(at)}?notice=figure#figures` };
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/video')
  @UseInterceptors(...VideoUpload)
  @AfterPost()
  async setVideo(
    @DraftAt() at: DraftPlace,
    @Body() body: Form,
    @UploadedFiles() files: Files | undefined,
  ): Promise<SeeOther> {
    const file = files?.file?.[0];
    const captions = files?.captions?.[0];
    const values = { url: text(body.url), title: text(body.title) };
    try {
      await this.lessonMedia.setVideo(
        at.courseId,
        at.lessonId!,
        {
          file: file?.buffer ? { bytes: file.buffer, fileName: file.originalname } : undefined,
          captions: captions?.buffer ? { bytes: captions.buffer } : undefined,
          ...values,
        },
        revisionOf(body),
      );
    } catch (error) {
      throw await this.mediaProblem(at, 'video', error, values);
    }
    return { url: `${lessonUrl(at)}?notice=video#video` };
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/media/remove')
  @AfterPost()
  async removeMedia(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const figure = text(body.figure);
    try {
      await this.lessonMedia.remove(
        at.courseId,
        at.lessonId!,
        figure ? { figure } : 'video',
        revisionOf(body) ?? -1,
      );
    } catch (error) {
      throw await this.pages.problemsPage(at, error);
    }
    return { url: `${lessonUrl(at)}?notice=${figure ? 'figure-removed' : 'video-removed'}` };
  }

  /** The lesson page again with the media form's problems next to its fields and its values kept. */
  private async mediaProblem(
    at: DraftPlace,
    form: 'figure' | 'video',
    error: unknown,
    values: Record<string, string | undefined>,
  ): Promise<ShowPage> {
    const problem = formProblem(error);
    const model = await this.pages.lessonModel(at.courseId, at.moduleId!, at.lessonId!, {
      [form]: { errors: problem.fields, formError: problem.formError, values },
    });
    return new ShowPage(`${VIEWS}/lesson.hbs`, model, problem.status);
  }

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  async preview(@Res() reply: FastifyReply, @Body() body: Form): Promise<void> {
    // The live preview of the lesson editor: the same renderer learners get.
    await reply
      .type('text/html; charset=utf-8')
      .send(renderMarkdown(typeof body.markdown === 'string' ? body.markdown : ''));
  }
}
