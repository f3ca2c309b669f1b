import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, FieldValidationException, Roles, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { RosterService } from '../attendance/roster.service';
import {
  AdminLabListDto,
  AttendanceDto,
  CheckInDto,
  RosterDto,
  RosterEntryDto,
  StepRecordDto,
  toAdminLabDto,
  toRosterEntryDto,
} from '../dto/lab.dto';

const STEP_ID = /^[a-z0-9-]{1,40}$/;

/** Instructors run their labs here; admins may run any. */
@ApiTags('skills labs')
@ApiBearerAuth()
@Controller('api/v1')
@Roles('instructor', 'admin')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @Get('instructor/labs')
  @ApiOkResponse({ type: AdminLabListDto, description: 'The labs the caller teaches, from a week ago on.' })
  @ApiErrors(401, 403)
  async myLabs(@CurrentUser() user: UserPrincipal): Promise<AdminLabListDto> {
    const labs = await this.roster.myLabs(user.userId);
    return { items: labs.map(toAdminLabDto), total: labs.length };
  }

  @Get('labs/:id/roster')
  @ApiOkResponse({
    type: RosterDto,
    description: 'Seats, offers and the waitlist, with attendance and checklists.',
  })
  @ApiErrors(400, 401, 403, 404)
  async get(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<RosterDto> {
    const { lab, entries } = await this.roster.roster(user, id);
    return { lab: toAdminLabDto(lab), items: entries.map((entry) => toRosterEntryDto(entry, lab.checklist)) };
  }

  @Post('labs/:id/check-in')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RosterEntryDto, description: 'The ticket’s learner, checked in.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async checkIn(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: CheckInDto,
  ): Promise<RosterEntryDto> {
    const booking = await this.roster.checkIn(user, id, body.ticketCode, body.attendance);
    return this.entry(user, id, booking.id);
  }

  @Put('labs/:id/bookings/:bookingId/attendance')
  @ApiOkResponse({ type: RosterEntryDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async attendance(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Body() body: AttendanceDto,
  ): Promise<RosterEntryDto> {
    await this.roster.setAttendance(user, id, bookingId, body.attendance);
    return this.entry(user, id, bookingId);
  }

  @Get('labs/:id/bookings/:bookingId/checklist')
  @ApiOkResponse({ type: RosterEntryDto })
  @ApiErrors(400, 401, 403, 404)
  async checklist(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
  ): Promise<RosterEntryDto> {
    return this.entry(user, id, bookingId);
  }

  @Put('labs/:id/bookings/:bookingId/checklist/:stepId')
  @ApiOkResponse({
    type: RosterEntryDto,
    description: 'The step is recorded at an entrustment level (after signing: admins only, audited).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async recordStep(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Param('stepId') stepId: string,
    @Body() body: StepRecordDto,
  ): Promise<RosterEntryDto> {
    if (!STEP_ID.test(stepId)) {
      throw new FieldValidationException({ stepId: ['stepId must be a checklist step id'] });
    }
    await this.roster.recordStep(user, id, bookingId, { stepId, level: body.level, comment: body.comment });
    return this.entry(user, id, bookingId);
  }

  @Post('labs/:id/bookings/:bookingId/checklist/sign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: RosterEntryDto,
    description: 'Signed by the caller; requirementMet says if the levels suffice.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async sign(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
  ): Promise<RosterEntryDto> {
    await this.roster.sign(user, id, bookingId);
    return this.entry(user, id, bookingId);
  }

  private async entry(user: UserPrincipal, labId: string, bookingId: string): Promise<RosterEntryDto> {
    const { lab, entry } = await this.roster.checklist(user, labId, bookingId);
    return toRosterEntryDto(entry, lab.checklist);
  }
}
