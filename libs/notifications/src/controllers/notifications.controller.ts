import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Authenticated, PageQueryDto, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  NotificationDto,
  NotificationListDto,
  toNotificationDto,
  toNotificationListDto,
} from '../dto/notification.dto';
import { NotificationsService } from '../notifications.service';

@ApiTags('notifications')
@Controller('api/v1/me/notifications')
@Authenticated()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** List my notifications */
  @Get()
  @ApiOkResponse({ type: NotificationListDto, description: 'The caller’s messages, newest first.' })
  @ApiErrors(400, 401)
  async list(@CurrentUser() user: UserPrincipal, @Query() query: PageQueryDto): Promise<NotificationListDto> {
    return toNotificationListDto(await this.notifications.inbox(user.userId, query));
  }

  /** Mark a notification read */
  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NotificationDto, description: 'The message, marked read (again is harmless).' })
  @ApiErrors(400, 401, 404)
  async markRead(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<NotificationDto> {
    return toNotificationDto(await this.notifications.markRead(user.userId, id));
  }
}
