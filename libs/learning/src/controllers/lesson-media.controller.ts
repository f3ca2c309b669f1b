import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FieldValidationException, Roles, sendRanged, SlugParam, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { LessonMediaAccessService } from '../lesson-media/lesson-media-access.service';

/** A figure's width as asked in `?w=`; any other value means the original. */
function widthOf(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^\d{2,5}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * A lesson's figures, video and captions for those who may see the lesson (its enrolled
 * learners and staff), and the player's reports of video watched.
 */
@ApiExcludeController()
@Controller('learning/:slug/lessons/:lessonId')
@Roles('learner', 'admin', 'instructor')
export class LessonMediaController {
  constructor(private readonly media: LessonMediaAccessService) {}

  @Get('figures/:mediaId')
  async figure(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
    @UuidParam('mediaId') mediaId: string,
    @Query('w') width: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const image = await this.media.figure(user, slug, lessonId, mediaId, widthOf(width));
    await sendRanged(
      reply,
      {
        type: image.type,
        etag: image.etag,
        size: image.body.length,
        read: ({ start, end }) => bufferStream(image.body.subarray(start, end + 1)),
      },
      request,
    );
  }

  @Get('video')
  async video(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendRanged(reply, await this.media.video(user, slug, lessonId), request);
  }

  @Get('captions.vtt')
  async captions(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const captions = await this.media.captions(user, slug, lessonId);
    const body = Buffer.from(captions.body, 'utf8');
    await sendRanged(
      reply,
      {
        type: 'text/vtt; charset=utf-8',
        etag: captions.etag,
        size: body.length,
        read: ({ start, end }) => bufferStream(body.subarray(start, end + 1)),
      },
      request,
    );
  }

  @Post('watched')
  @Roles('learner')
  @HttpCode(HttpStatus.OK)
  async watched(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: unknown,
  ): Promise<{ creditedSeconds: number }> {
    // JSON from the player's script; a number typed in a form (no script) reads the same.
    const raw = (body as { seconds?: unknown } | null)?.seconds;
    const seconds = typeof raw === 'string' && /^\d{1,3}(\.\d{1,3})?$/.test(raw) ? Number(raw) : raw;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
      throw new FieldValidationException({ seconds: ['seconds must be a number of seconds from 0 to 600'] });
    }
    return this.media.reportWatched(user.userId, slug, lessonId, seconds);
  }
}

function bufferStream(bytes: Buffer) {
  return Readable.from([bytes]);
}
