import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, PageQueryDto, Roles, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { toVerificationRecordPageDto, VerificationRecordPageDto } from './dto/verifier.dto';
import { VerifierActivityService } from './verifier-activity.service';

@ApiTags('verification')
@Controller('api/v1')
export class VerifierController {
  constructor(private readonly activity: VerifierActivityService) {}

  /** List my organisation's checks */
  @Get('verifier/verifications')
  @Roles('verifier')
  @ApiOkResponse({
    type: VerificationRecordPageDto,
    description:
      "The checks made by the caller's verifier organisation (its API keys and its members), newest first.",
  })
  @ApiErrors(400, 401, 403)
  async mine(
    @Query() query: PageQueryDto,
    @CurrentUser() user: UserPrincipal,
  ): Promise<VerificationRecordPageDto> {
    return toVerificationRecordPageDto(await this.activity.verificationsOf(user.organisationId, query));
  }

  /** List an organisation's checks */
  @Get('admin/organisations/:id/verifications')
  @Roles('admin')
  @ApiOkResponse({ type: VerificationRecordPageDto, description: "An organisation's checks, newest first." })
  @ApiErrors(400, 401, 403, 404)
  async ofOrganisation(
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<VerificationRecordPageDto> {
    return toVerificationRecordPageDto(await this.activity.verificationsOf(id, query));
  }
}
