import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, Roles, SlugParam, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { AttemptsService } from '../attempts/attempts.service';
import {
  AnswersDto,
  AttemptDto,
  GivenAnswerDto,
  QuizStatusDto,
  SubmitDto,
  toAttemptDto,
  toQuizStatusDto,
} from '../dto/quiz.dto';

@ApiTags('quizzes')
@Controller('api/v1/me')
@Roles('learner')
export class QuizzesController {
  constructor(private readonly attempts: AttemptsService) {}

  /** Read a module quiz and my attempts */
  @Get('courses/:slug/modules/:moduleId/quiz')
  @ApiOkResponse({
    type: QuizStatusDto,
    description: 'The module quiz: its rules and the learner’s attempts (no questions).',
  })
  @ApiErrors(400, 401, 403, 404)
  async status(
    @SlugParam() slug: string,
    @UuidParam('moduleId') moduleId: string,
    @CurrentUser() user: UserPrincipal,
  ): Promise<QuizStatusDto> {
    return toQuizStatusDto(await this.attempts.status(user.userId, slug, moduleId), moduleId);
  }

  /** Start (or resume) a quiz attempt */
  @Post('courses/:slug/modules/:moduleId/quiz/attempts')
  @ApiCreatedResponse({ type: AttemptDto, description: 'A new attempt.' })
  @ApiOkResponse({ type: AttemptDto, description: 'The attempt already open.' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async start(
    @SlugParam() slug: string,
    @UuidParam('moduleId') moduleId: string,
    @CurrentUser() user: UserPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttemptDto> {
    const { attemptId, created, view } = await this.attempts.start(user.userId, slug, moduleId);
    reply.status(created ? 201 : 200);
    return toAttemptDto(view ?? (await this.attempts.view(user.userId, attemptId)));
  }

  /** Read a quiz attempt */
  @Get('attempts/:attemptId')
  @ApiOkResponse({ type: AttemptDto })
  @ApiErrors(400, 401, 403, 404)
  async view(
    @UuidParam('attemptId') attemptId: string,
    @CurrentUser() user: UserPrincipal,
  ): Promise<AttemptDto> {
    return toAttemptDto(await this.attempts.view(user.userId, attemptId));
  }

  /** Save answers to an attempt */
  @Put('attempts/:attemptId/answers')
  @ApiOkResponse({ type: AttemptDto, description: 'Answers saved; the attempt stays open.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async save(
    @UuidParam('attemptId') attemptId: string,
    @Body() body: AnswersDto,
    @CurrentUser() user: UserPrincipal,
  ): Promise<AttemptDto> {
    return toAttemptDto(await this.attempts.saveAnswers(user.userId, attemptId, body.answers));
  }

  /** Save one answer or flag */
  @Put('attempts/:attemptId/questions/:questionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'One answer or flag kept as given (the attempt stays open); a small write for saving as the learner goes.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async give(
    @UuidParam('attemptId') attemptId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: GivenAnswerDto,
    @CurrentUser() user: UserPrincipal,
  ): Promise<void> {
    await this.attempts.giveAnswer(user.userId, attemptId, questionId, body);
  }

  /** Submit an attempt for grading */
  @Post('attempts/:attemptId/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: AttemptDto,
    description: 'The graded attempt, with as much review as the quiz allows.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async submit(
    @UuidParam('attemptId') attemptId: string,
    @Body() body: SubmitDto,
    @CurrentUser() user: UserPrincipal,
  ): Promise<AttemptDto> {
    return toAttemptDto(await this.attempts.submit(user.userId, attemptId, body.answers ?? {}));
  }
}
