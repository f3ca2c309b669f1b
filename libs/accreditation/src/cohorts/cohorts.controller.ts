import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, PageQueryDto, Roles, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { CohortsService } from './cohorts.service';
import {
  CohortDetailDto,
  CohortDto,
  CohortPageDto,
  CohortMemberListDto,
  NewCohortDto,
  toCohortDetailDto,
  toCohortDto,
  toUploadReportDto,
  UploadReportDto,
} from './dto/cohort.dto';

/** Cohorts for admins: a named group enrolled into one course from a list. */
@ApiTags('cohorts')
@Controller('api/v1/admin/cohorts')
@Roles('admin')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  /** List cohorts */
  @Get()
  @ApiOkResponse({ type: CohortPageDto, description: 'Cohorts, newest first.' })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<CohortPageDto> {
    const page = await this.cohorts.list(query);
    return { items: page.items.map(toCohortDto), total: page.total };
  }

  /** Create a cohort */
  @Post()
  @ApiCreatedResponse({ type: CohortDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async create(@Body() body: NewCohortDto, @CurrentUser() admin: UserPrincipal): Promise<CohortDto> {
    return toCohortDto(await this.cohorts.create(body.name, body.courseId, admin.userId));
  }

  /** Read a cohort */
  @Get(':id')
  @ApiOkResponse({
    type: CohortDetailDto,
    description: 'The cohort with where each member stands in its course.',
  })
  @ApiErrors(400, 401, 403, 404)
  async detail(@UuidParam('id') id: string): Promise<CohortDetailDto> {
    return toCohortDetailDto(await this.cohorts.detail(id));
  }

  /** Add members to a cohort from a list */
  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: UploadReportDto,
    description:
      'Enrols everyone on the list who has an account, invites the others by e-mail (enrolled as they sign up), and answers each line by its number. Sending a list again enrols nobody twice.',
  })
  @ApiErrors(400, 401, 403, 404, 413)
  async addMembers(
    @UuidParam('id') id: string,
    @Body() body: CohortMemberListDto,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<UploadReportDto> {
    return toUploadReportDto(await this.cohorts.addMembers(id, body.list, admin.userId));
  }
}
