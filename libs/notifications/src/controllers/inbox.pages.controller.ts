import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, Page, pageLinks, pageNumberOf, pagination, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { toNotificationDto } from '../dto/notification.dto';
import { isLocalPath } from '../local-path';
import { NotificationsService } from '../notifications.service';

const VIEWS = 'libs/notifications/views';
const PAGE_SIZE = 20;

@ApiExcludeController()
@Controller('inbox')
@Authenticated()
export class InboxPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Page(`${VIEWS}/inbox.hbs`)
  async inbox(
    @CurrentUser() user: UserPrincipal,
    @Query() query: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const page = pageNumberOf(query.page);
    const inbox = await this.notifications.inbox(user.userId, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return {
      title: inbox.unread > 0 ? `Inbox (${inbox.unread} unread)` : 'Inbox',
      notice: query.read === '1' ? 'Marked as read.' : undefined,
      total: inbox.total,
      unread: inbox.unread,
      items: inbox.items.map((notification) => {
        const dto = toNotificationDto(notification);
        return {
          ...dto,
          // Links are app paths; anything else is not rendered as a link.
          link: dto.link && isLocalPath(dto.link) ? dto.link : null,
          unread: dto.readAt === null,
        };
      }),
      pagination: pagination(page, inbox.total, PAGE_SIZE, pageLinks('/inbox')),
    };
  }

  @Post(':id/read')
  async markRead(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: { page?: unknown } | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.notifications.markRead(user.userId, id);
    const page = pageNumberOf(body?.page);
    const query = new URLSearchParams({ ...(page > 1 ? { page: String(page) } : {}), read: '1' });
    await reply.redirect(`/inbox?${query.toString()}#notification-${id}`, 303);
  }
}
