import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { EnrolDto, EnrolmentDto, EnrolmentListDto, toEnrolmentDto } from '../dto/enrolment.dto';
import { LearningService } from '../enrolments/learning.service';
import { LearningError, LearningErrorCode } from '../learning-error';

@ApiTags('learning')
@Controller('api/v1/me/enrollments')
@Roles('learner')
export class EnrolmentsController {
  constructor(private readonly learning: LearningService) {}

  /** List my enrolments */
  @Get()
  @ApiOkResponse({ type: EnrolmentListDto, description: 'The caller’s courses with progress.' })
  @ApiErrors(401, 403)
  async list(@CurrentUser() user: UserPrincipal): Promise<EnrolmentListDto> {
    return { items: (await this.learning.myCourses(user.userId)).map(toEnrolmentDto) };
  }

  /** Acknowledge a course's disclosures */
  @Post(':courseId/disclosures')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: EnrolmentDto,
    description: 'The disclosures are acknowledged; the first module opens.',
  })
  @ApiErrors(400, 401, 403, 404)
  async acknowledge(
    @CurrentUser() user: UserPrincipal,
    @Param('courseId') rawCourse: string,
  ): Promise<EnrolmentDto> {
    const course = await this.learning.myCourses(user.userId);
    const summary = course.find(
      (candidate) => candidate.course.courseId === rawCourse || candidate.course.slug === rawCourse,
    );
    if (!summary) {
      throw new LearningError(LearningErrorCode.NOT_ENROLLED, 'You are not enrolled in this course.');
    }
    await this.learning.acknowledgeDisclosures(user.userId, summary.course.slug);
    const updated = (await this.learning.myCourses(user.userId)).find(
      (candidate) => candidate.enrolment.id === summary.enrolment.id,
    )!;
    return toEnrolmentDto(updated);
  }

  /** Enrol in a course */
  @Post()
  @ApiCreatedResponse({ type: EnrolmentDto, description: 'Enrolled in the published version.' })
  @ApiOkResponse({ type: EnrolmentDto, description: 'Already enrolled.' })
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
