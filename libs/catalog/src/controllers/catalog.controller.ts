import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Public } from '@academy/core';
import { CatalogService } from '../courses/catalog.service';
import {
  CatalogPageDto,
  CatalogQueryDto,
  CourseDetailDto,
  toCatalogItemDto,
  toCourseDetailDto,
} from '../dto/catalog.dto';
import { courseKey } from './course-key.pipe';

@ApiTags('catalog')
@Controller('api/v1/courses')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Search the course catalog */
  @Get()
  @Public()
  @ApiOkResponse({
    type: CatalogPageDto,
    description: 'The published catalog, searchable and filterable, paginated.',
  })
  @ApiErrors(400)
  async list(@Query() query: CatalogQueryDto): Promise<CatalogPageDto> {
    const page = await this.catalog.list(query);
    return { items: page.rows.map(toCatalogItemDto), total: page.total };
  }

  /** Read a published course */
  @Get(':idOrSlug')
  @Public()
  @ApiOkResponse({ type: CourseDetailDto, description: 'A published course by id or slug.' })
  @ApiErrors(400, 404)
  async get(@Param('idOrSlug', courseKey) idOrSlug: string): Promise<CourseDetailDto> {
    return toCourseDetailDto(await this.catalog.getPublished(idOrSlug));
  }
}
