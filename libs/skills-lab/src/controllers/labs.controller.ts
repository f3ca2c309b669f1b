import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CatalogService, courseKeyParam } from '@academy/catalog';
import { ApiErrors, Public, UuidParam } from '@academy/core';
import { BookingService } from '../bookings/booking.service';
import { LabDto, LabListDto, toLabDto } from '../dto/lab.dto';

@ApiTags('skills labs')
@Controller('api/v1')
export class LabsController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly bookings: BookingService,
  ) {}

  /** List a course's upcoming skills labs */
  @Get('courses/:id/labs')
  @Public()
  @ApiOkResponse({
    type: LabListDto,
    description: 'Upcoming skills labs of a published course, soonest first.',
  })
  @ApiErrors(400, 404)
  async forCourse(@Param('id', courseKeyParam('id')) id: string): Promise<LabListDto> {
    const course = await this.catalog.getPublished(id);
    return { items: (await this.bookings.upcomingLabs(course.courseId)).map(toLabDto) };
  }

  /** Read a skills lab */
  @Get('labs/:id')
  @Public()
  @ApiOkResponse({ type: LabDto, description: 'One skills lab with seats left and its waitlist length.' })
  @ApiErrors(400, 404)
  async get(@UuidParam('id') id: string): Promise<LabDto> {
    return toLabDto(await this.bookings.getLab(id));
  }
}
