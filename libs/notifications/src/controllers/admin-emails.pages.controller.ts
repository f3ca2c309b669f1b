import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Page, pageLinks, pageNumberOf, pagination, Roles, UuidParam } from '@academy/core';
import { toFailedEmailDto } from '../dto/notification.dto';
import { NotificationsService } from '../notifications.service';

const VIEWS = 'libs/notifications/views';
const PAGE_SIZE = 25;

/** The e-mails given up, with the server's reason, and a button to try one again. */
@ApiExcludeController()
@Controller('admin/emails')
@Roles('admin')
export class AdminEmailsPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Page(`${VIEWS}/admin-emails.hbs`)
  async list(@Query() query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const page = pageNumberOf(query.page);
    const { items, total } = await this.notifications.failedEmails({
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return {
      title: 'E-mail not delivered',
      notice:
        query.retried === '1'
          ? 'Queued for another attempt. It leaves this list once it is sent.'
          : undefined,
      total,
      items: items.map(toFailedEmailDto),
      pagination: pagination(page, total, PAGE_SIZE, pageLinks('/admin/emails')),
    };
  }

  @Post(':id/retry')
  async retry(@UuidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.notifications.retryEmail(id);
    await reply.redirect('/admin/emails?retried=1', 303);
  }
}
