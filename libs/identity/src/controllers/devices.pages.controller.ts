import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AfterPost, Authenticated, Page, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { SessionCookie } from '../auth/session-cookie';
import { deviceInWords } from '../sessions/device-words';
import { SessionsService } from '../sessions/sessions.service';

const VIEWS = 'libs/identity/views';
const NOTICES: Record<string, string> = {
  one: 'That device is signed out.',
  others: 'Every other device is signed out.',
};

/** "Signed-in devices": every live session and API token of the account, each with its own sign-out. */
@ApiExcludeController()
@Controller('profile/devices')
@Authenticated()
export class DevicesPagesController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get()
  @Page(`${VIEWS}/devices.hbs`)
  async list(
    @CurrentUser() user: UserPrincipal,
    @Query('done') done: unknown,
  ): Promise<Record<string, unknown>> {
    const live = await this.sessions.liveFor(user.userId);
    return {
      title: 'Signed-in devices',
      notice: typeof done === 'string' ? NOTICES[done] : undefined,
      devices: live.map((session) => ({
        id: session.id,
        current: session.id === user.sessionId,
        device: deviceInWords(session.userAgent),
        kindLabel: session.kind === 'api' ? 'API token' : 'Browser',
        ip: session.ip,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
      })),
      others: live.some((session) => session.id !== user.sessionId),
    };
  }

  /** Signs one of the account's devices out; this one too, then back to sign-in. */
  @Post(':id/sign-out')
  async signOut(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    await this.sessions.revokeOwn(user.userId, id);
    if (id === user.sessionId) {
      this.cookie.clear(request, reply);
      return reply.redirect('/login', 303);
    }
    return reply.redirect('/profile/devices?done=one', 303);
  }

  @Post('sign-out-others')
  @AfterPost()
  async signOutOthers(@CurrentUser() user: UserPrincipal): Promise<SeeOther> {
    await this.sessions.revokeOthers(user.userId, user.sessionId);
    return { url: '/profile/devices?done=others' };
  }
}
