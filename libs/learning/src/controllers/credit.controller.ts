import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, FieldValidationException, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { CreditService } from '../credit/credit.service';
import { ClaimsDto, CreditStatusDto, EvaluationDto } from '../dto/credit.dto';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const courseSlugPipe = {
  transform(value: unknown): string {
    if (typeof value !== 'string' || value.length > 100 || !SLUG.test(value)) {
      throw new FieldValidationException({ slug: ['slug must be a course address'] });
    }
    return value;
  },
};

@ApiTags('learning')
@Controller('api/v1/me/courses/:slug')
@Roles('learner')
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  /** Read where I stand for credit */
  @Get('credit')
  @ApiOkResponse({
    type: CreditStatusDto,
    description: 'What is left before credit, and how much may be claimed and why.',
  })
  @ApiErrors(400, 401, 403, 404)
  status(
    @CurrentUser() user: UserPrincipal,
    @Param('slug', courseSlugPipe) slug: string,
  ): Promise<CreditStatusDto> {
    return this.credit.status(user.userId, slug);
  }

  /** Submit the course evaluation */
  @Post('evaluation')
  @ApiCreatedResponse({ type: CreditStatusDto })
  @ApiErrors(400, 401, 403, 404, 409)
  evaluate(
    @CurrentUser() user: UserPrincipal,
    @Param('slug', courseSlugPipe) slug: string,
    @Body() body: EvaluationDto,
  ): Promise<CreditStatusDto> {
    return this.credit.submitEvaluation(user.userId, slug, body);
  }

  /** Claim credit for a course */
  @Post('credit-claims')
  @ApiCreatedResponse({ type: CreditStatusDto })
  @ApiErrors(400, 401, 403, 404, 409)
  claim(
    @CurrentUser() user: UserPrincipal,
    @Param('slug', courseSlugPipe) slug: string,
    @Body() body: ClaimsDto,
  ): Promise<CreditStatusDto> {
    return this.credit.claim(user.userId, slug, body.claims, body.reportTo);
  }
}
