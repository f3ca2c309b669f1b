import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Render,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AfterPost, FieldValidationException, Roles, ShowPage } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { renderMarkdown } from '../content/markdown';
import { ImageFormDto, LessonFormDto } from '../dto/authoring-forms.dto';
import { MediaService } from '../media/media.service';
import { ImageUpload } from './media.controller';
import { DraftAt, DraftPages, DraftPlace, findLesson, Form, VIEWS } from './authoring-pages';

const NOTICES: Record<string, string> = {
  image: 'Image uploaded and added at the end of the lesson. Move it where it belongs.',
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
  ) {}

  @Get(':id/modules/:moduleId/lessons/:lessonId')
  @Render(`${VIEWS}/lesson.hbs`)
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
      lesson.videoUrl = form.videoUrl || undefined;
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
    const alt = (form.alt || file.originalname.replace(/\.[a-z]+$/i, '')).replace(/[[\]]/g, '');
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}/lessons/${at.lessonId}?notice=image`;
    return this.pages.change(at, form.revision, back, (content) => {
      const lesson = findLesson(content, at);
      lesson.markdown = `${lesson.markdown.trimEnd()}\n\n![${alt}](/media/${asset.id})\n`;
    });
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
