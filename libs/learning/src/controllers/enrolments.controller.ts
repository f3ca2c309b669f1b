import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { EnrolDto, EnrolmentDto, EnrolmentListDto, toEnrolmentDto } from '../dto/enrolment.dto';
import { LearningService } from '../enrolments/learning.service';

@ApiTags('learning')
@ApiBearerAuth()
@Controller('api/v1/me/enrollments')
@Roles('learner')
export class EnrolmentsController {
  constructor(private readonly learning: LearningService) {}

  @Get()
  @ApiOkResponse({ type: EnrolmentListDto, description: 'The caller’s courses with progress.' })
  @ApiErrors(401, 403)
  async list(@CurrentUser() user: UserPrincipal): Promise<EnrolmentListDto> {
    return { items: (await this.learning.myCourses(user.userId)).map(toEnrolmentDto) };
  }

  @Post()
  @ApiCreatedResponse({
    type: EnrolmentDto,
    description: 'Enrolled (201), or already enrolled (200), on the published version.',
  })
  @ApiErrors(400, 401, 403, 404)
  async enrol(
    @CurrentUser() user: UserPrincipal,
    @Body() body: EnrolDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnrolmentDto> {
    const { created, enrolment } = await this.learning.enrol(user.userId, body.courseId);
    reply.status(created ? 201 : 200);
    const summary = (await this.learning.myCourses(user.userId)).find(
      (candidate) => candidate.enrolment.id === enrolment.id,
    )!;
    return toEnrolmentDto(summary);
  }
}
