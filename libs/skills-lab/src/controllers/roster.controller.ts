import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiErrors,
  ApiFileResponse,
  Clock,
  FieldValidationException,
  Roles,
  sendDownload,
  UuidParam,
} from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { NO_SUCH_TICKET, RosterActor, RosterService } from '../attendance/roster.service';
import { readerInZone } from '../labs/lab-time';
import { LabError, LabErrorCode } from '../skills-lab-error';
import {
  AdminLabListDto,
  AttendanceDto,
  CheckInDto,
  RosterDto,
  RosterEntryDto,
  StepRecordDto,
  TicketCheckDto,
  TicketQueryDto,
  toAdminLabDto,
  toRosterEntryDto,
  toTicketCheckDto,
} from '../dto/lab.dto';

const STEP_ID = /^[a-z0-9-]{1,40}$/;

/** Instructors run their labs here; admins may run any. */
@ApiTags('skills labs')
@Controller('api/v1')
@Roles('instructor', 'admin')
export class RosterController {
  constructor(
    private readonly roster: RosterService,
    private readonly clock: Clock,
  ) {}

  /** The caller as the roster sees them, with times said in their stored zone (or the venue's). */
  private actor(user: UserPrincipal): RosterActor {
    return { userId: user.userId, roles: user.roles, reader: readerInZone(user.timeZone, this.clock.now()) };
  }

  /** List the labs I teach */
  @Get('instructor/labs')
  @ApiOkResponse({ type: AdminLabListDto, description: 'The labs the caller teaches, from a week ago on.' })
  @ApiErrors(401, 403)
  async myLabs(@CurrentUser() user: UserPrincipal): Promise<AdminLabListDto> {
    const labs = await this.roster.myLabs(user.userId);
    return { items: labs.map(toAdminLabDto), total: labs.length };
  }

  /** Read a lab's roster */
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

  /** Check a learner in by ticket */
  @Post('labs/:id/check-in')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RosterEntryDto, description: 'The ticket’s learner, checked in.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async checkIn(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: CheckInDto,
  ): Promise<RosterEntryDto> {
    const booking = await this.roster.checkIn(this.actor(user), id, body.ticketCode, body.attendance);
    return this.entry(user, id, booking.id);
  }

  /** Look up a ticket */
  @Get('labs/:id/ticket')
  @ApiOkResponse({
    type: TicketCheckDto,
    description:
      'Whose the ticket is (name, degree, booking state) and, for a ticket of another lab or session or a booking without a seat, a warning naming the holder. Nothing is recorded.',
  })
  @ApiErrors(400, 401, 403, 404)
  async ticket(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Query() query: TicketQueryDto,
  ): Promise<TicketCheckDto> {
    const check = await this.roster.checkTicket(this.actor(user), id, query.ticketCode);
    if (!check) {
      throw new LabError(LabErrorCode.BAD_TICKET, NO_SUCH_TICKET, 'ticketCode');
    }
    return toTicketCheckDto(check);
  }

  /** Download a lab's roster as CSV */
  @Get('labs/:id/roster.csv')
  @ApiFileResponse('The roster as CSV (UTF-8, CRLF), for the accreditation file.', 'text/csv')
  @ApiErrors(400, 401, 403, 404)
  async rosterCsv(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.roster.rosterCsvDownload(this.actor(user), id));
  }

  /** Download a lab's sign-in sheet (PDF) */
  @Get('labs/:id/sign-in-sheet.pdf')
  @ApiFileResponse(
    'A printable sign-in sheet: one row per booked learner with a box to sign.',
    'application/pdf',
  )
  @ApiErrors(400, 401, 403, 404)
  async signInSheet(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.roster.signInSheetDownload(this.actor(user), id));
  }

  /** Record a learner's attendance */
  @Put('labs/:id/bookings/:bookingId/attendance')
  @ApiOkResponse({ type: RosterEntryDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async attendance(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Body() body: AttendanceDto,
  ): Promise<RosterEntryDto> {
    await this.roster.setAttendance(this.actor(user), id, bookingId, body.attendance);
    return this.entry(user, id, bookingId);
  }

  /** Read a learner's skills checklist */
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

  /** Record a checklist step */
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

  /** Sign a learner's checklist */
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
