import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles } from '@academy/core';
import { DashboardService } from './dashboard.service';
import { DashboardDto, DashboardQueryDto, toDashboardDto } from './dto/dashboard.dto';

@ApiTags('accreditation')
@Controller('api/v1/admin/dashboard')
@Roles('admin')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  /** Read the admin dashboard numbers */
  @Get()
  @ApiOkResponse({
    type: DashboardDto,
    description:
      'The numbers behind the admin dashboard: completion funnel, certificates and verifications per month (UTC), pass rate per module.',
  })
  @ApiErrors(400, 401, 403)
  async get(@Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return toDashboardDto(await this.dashboards.dashboard(query));
  }
}
