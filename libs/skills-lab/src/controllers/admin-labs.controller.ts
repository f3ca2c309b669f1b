import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ApiErrors, PageQueryDto, Roles, UuidParam } from '@academy/core';
import { LabScheduleService } from '../labs/lab-schedule.service';
import { BookingService } from '../bookings/booking.service';
import {
  AdminLabDto,
  AdminLabListDto,
  BookingDto,
  LabScheduleDto,
  NewLabDto,
  toAdminLabDto,
  toBookingDto,
  toLabSchedule,
} from '../dto/lab.dto';

export class BookForDto {
  @ApiProperty({ format: 'uuid', description: 'The learner to book' })
  @IsUUID('all', { message: 'userId must be a user id' })
  userId!: string;
}

export class LabQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the labs of this course' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a course id' })
  courseId?: string;
}

@ApiTags('skills labs')
@Controller('api/v1/admin/labs')
@Roles('admin')
export class AdminLabsController {
  constructor(
    private readonly schedule: LabScheduleService,
    private readonly bookings: BookingService,
  ) {}

  /** List every skills lab */
  @Get()
  @ApiOkResponse({ type: AdminLabListDto, description: 'Every lab, latest start first.' })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: LabQueryDto): Promise<AdminLabListDto> {
    const page = await this.schedule.list(query);
    return { items: page.items.map(toAdminLabDto), total: page.total };
  }

  /** Schedule a skills lab */
  @Post()
  @ApiCreatedResponse({ type: AdminLabDto, description: 'The lab is scheduled.' })
  @ApiErrors(400, 401, 403, 404)
  async create(@Body() body: NewLabDto): Promise<AdminLabDto> {
    return toAdminLabDto(await this.schedule.schedule(body.courseId, toLabSchedule(body)));
  }

  /** Read a skills lab with its bookings */
  @Get(':id')
  @ApiOkResponse({ type: AdminLabDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@UuidParam('id') id: string): Promise<AdminLabDto> {
    return toAdminLabDto(await this.bookings.getLab(id));
  }

  /** Book a learner into a skills lab */
  @Post(':id/bookings')
  @ApiCreatedResponse({
    type: BookingDto,
    description:
      'Books a learner (e.g. a walk-in), outside the booking window if need be; every other rule holds.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async bookFor(@UuidParam('id') id: string, @Body() body: BookForDto): Promise<BookingDto> {
    return toBookingDto(await this.bookings.book(body.userId, id, { byAdmin: true }));
  }

  /** Change a skills lab */
  @Put(':id')
  @ApiOkResponse({
    type: AdminLabDto,
    description: 'The lab is changed; new seats are offered to the waitlist.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async change(@UuidParam('id') id: string, @Body() body: LabScheduleDto): Promise<AdminLabDto> {
    return toAdminLabDto(await this.schedule.change(id, toLabSchedule(body)));
  }
}
