import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Render,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FieldValidationException, renderPage, Roles, UuidParam } from '@academy/core';
import { renderMarkdown } from '../content/markdown';
import { MediaService } from '../media/media.service';
import { ImageUpload } from './media.controller';
import { DraftPages, VIEWS, Form, text, optional, findLesson } from './authoring-pages';

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
  async lesson(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Query('notice') notice: unknown,
  ): Promise<Form> {
    return this.pages.lessonModel(id, moduleId, lessonId, {
      notice:
        notice === 'image'
          ? 'Image uploaded and added at the end of the lesson. Move it where it belongs.'
          : notice === 'saved'
            ? 'Lesson saved.'
            : undefined,
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId')
  async saveLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
  ): Promise<void> {
    const place = { courseId: id, moduleId, lessonId };
    if (body.action === 'preview') {
      return renderPage(
        request,
        reply,
        `${VIEWS}/lesson.hbs`,
        await this.pages.lessonModel(id, moduleId, lessonId, { markdown: text(body, 'markdown') }),
      );
    }
    const back = `/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}?notice=saved`;
    return this.pages.change(request, reply, place, body, back, (content) => {
      const lesson = findLesson(content, place);
      lesson.title = text(body, 'title');
      lesson.markdown = typeof body.markdown === 'string' ? body.markdown.replace(/\r\n/g, '\n') : '';
      lesson.videoUrl = optional(text(body, 'videoUrl'));
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/image')
  @UseInterceptors(...ImageUpload)
  async uploadImage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<void> {
    const place = { courseId: id, moduleId, lessonId };
    let asset: { id: string };
    try {
      if (!file?.buffer) {
        throw new FieldValidationException({ file: ['Choose an image to upload.'] });
      }
      asset = await this.media.upload(file.buffer, file.originalname);
    } catch (error) {
      return this.pages.showProblems(request, reply, place, error);
    }
    const alt = (text(body, 'alt') || file.originalname.replace(/\.[a-z]+$/i, '')).replace(/[[\]]/g, '');
    const back = `/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}?notice=image`;
    return this.pages.change(request, reply, place, body, back, (content) => {
      const lesson = findLesson(content, place);
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
