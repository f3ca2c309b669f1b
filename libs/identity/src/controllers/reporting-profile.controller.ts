import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Authenticated } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import {
  ReportingProfileDto,
  toReportingProfileDto,
  UpdateReportingProfileDto,
} from '../dto/reporting-profile.dto';
import { ReportingProfileService } from '../reporting/reporting-profile.service';

@ApiTags('me')
@Controller('api/v1/me/reporting-profile')
@Authenticated()
export class ReportingProfileController {
  constructor(private readonly profiles: ReportingProfileService) {}

  /** Read my reporting profile */
  @Get()
  @ApiOkResponse({
    type: ReportingProfileDto,
    description: 'The caller’s reporting profile, and exactly what ACCME’s PARS receives from it.',
  })
  @ApiErrors(401)
  async get(@CurrentUser() user: UserPrincipal): Promise<ReportingProfileDto> {
    return toReportingProfileDto(await this.profiles.profile(user.userId));
  }

  /** Change my reporting profile */
  @Put()
  @ApiOkResponse({
    type: ReportingProfileDto,
    description:
      'The profile after the edit, applied all or nothing: date of birth (MM/DD), licences and board IDs with consent.',
  })
  @ApiErrors(400, 401)
  async update(
    @CurrentUser() user: UserPrincipal,
    @Body() body: UpdateReportingProfileDto,
  ): Promise<ReportingProfileDto> {
    return toReportingProfileDto(await this.profiles.update(user.userId, body));
  }
}
