import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, PageQueryDto, Roles, UuidParam } from '@academy/core';
import { EmailRetryDto, FailedEmailListDto, toFailedEmailDto } from '../dto/notification.dto';
import { NotificationsService } from '../notifications.service';

/** E-mails the platform gave up on, for admins: why, and another try. */
@ApiTags('admin')
@Controller('api/v1/admin/emails')
@Roles('admin')
export class AdminEmailsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** List failed e-mails */
  @Get('failed')
  @ApiOkResponse({
    type: FailedEmailListDto,
    description: 'E-mails given up (the server refused them for good, or every attempt failed), with why.',
  })
  @ApiErrors(400, 401, 403)
  async failed(@Query() query: PageQueryDto): Promise<FailedEmailListDto> {
    const { items, total } = await this.notifications.failedEmails(query);
    return { items: items.map(toFailedEmailDto), total };
  }

  /** Retry a failed e-mail */
  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: EmailRetryDto, description: 'Queued for another attempt (audited).' })
  @ApiErrors(400, 401, 403, 404)
  async retry(@UuidParam('id') id: string): Promise<EmailRetryDto> {
    await this.notifications.retryEmail(id);
    return { id, status: 'pending' };
  }
}
