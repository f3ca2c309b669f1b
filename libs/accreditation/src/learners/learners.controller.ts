import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  AccommodationDto,
  EndAccommodationDto,
  ExtendAttemptDto,
  ExtendedAttemptDto,
  GrantAttemptDto,
  LearnerPageDto,
  LearnerRecordDto,
  LearnerSearchQueryDto,
} from './dto/learner-support.dto';
import { toLearnerRecordDto, toLearnerSummaryDto } from './dto/learner-record.mapper';
import { LearnersService } from './learners.service';

/** Learner support for admins: find a learner, read their record, act on their quizzes. */
@ApiTags('learner support')
@Controller('api/v1/admin/learners')
@Roles('admin')
export class LearnersController {
  constructor(private readonly learners: LearnersService) {}

  /** Search learners */
  @Get()
  @ApiOkResponse({
    type: LearnerPageDto,
    description: 'Learners whose name, e-mail or NPI holds `q` (any case), by name.',
  })
  @ApiErrors(400, 401, 403)
  async search(@Query() query: LearnerSearchQueryDto): Promise<LearnerPageDto> {
    const found = await this.learners.search(query);
    return {
      items: found.items.map(toLearnerSummaryDto),
      total: found.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Read a learner's record */
  @Get(':id')
  @ApiOkResponse({
    type: LearnerRecordDto,
    description: 'Enrolments with progress, quiz attempts, labs, credit and certificates.',
  })
  @ApiErrors(400, 401, 403, 404)
  async record(@UuidParam('id') id: string): Promise<LearnerRecordDto> {
    return toLearnerRecordDto(await this.learners.record(id));
  }

  /** Grant a learner an extra quiz attempt */
  @Post(':id/extra-attempts')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The quiz allows the learner one more attempt (audited).' })
  @ApiErrors(400, 401, 403, 404, 409)
  async grantAttempt(
    @UuidParam('id') id: string,
    @Body() body: GrantAttemptDto,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    await this.learners.grantAttempt(id, body, admin.userId);
  }

  /** Give a learner extra time on timed quizzes */
  @Put(':id/accommodation')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'Every timed quiz the learner starts from now on gives them the extra time (audited; replaces any before).',
  })
  @ApiErrors(400, 401, 403, 404)
  async accommodate(
    @UuidParam('id') id: string,
    @Body() body: AccommodationDto,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    await this.learners.accommodate(id, body, admin.userId);
  }

  /** End a learner's extra time */
  @Post(':id/accommodation/end')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The accommodation ends; attempts already started keep their time (audited).',
  })
  @ApiErrors(400, 401, 403, 404)
  async endAccommodation(@UuidParam('id') id: string, @Body() body: EndAccommodationDto): Promise<void> {
    await this.learners.endAccommodation(id, body.reason);
  }

  /** Extend a learner's open attempt */
  @Post(':id/attempts/:attemptId/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ExtendedAttemptDto,
    description: 'The open timed attempt runs that many minutes longer (audited).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async extendAttempt(
    @UuidParam('id') id: string,
    @UuidParam('attemptId') attemptId: string,
    @Body() body: ExtendAttemptDto,
  ): Promise<ExtendedAttemptDto> {
    const deadline = await this.learners.extendAttempt(id, attemptId, body.minutes, body.reason);
    return { deadlineAt: deadline.toISOString() };
  }
}
