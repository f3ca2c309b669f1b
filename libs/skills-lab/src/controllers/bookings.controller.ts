import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse, Roles, sendDownload, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { BookingService } from '../bookings/booking.service';
import { BookingDto, BookingListDto, toBookingDto } from '../dto/lab.dto';

/** Sends a booking's calendar file; the API and the booking page both offer it. */
export async function sendCalendar(
  reply: FastifyReply,
  file: { filename: string; ics: string },
): Promise<void> {
  await sendDownload(reply, {
    type: 'text/calendar; charset=utf-8',
    fileName: file.filename,
    body: file.ics,
  });
}

@ApiTags('skills labs')
@Controller('api/v1')
@Roles('learner')
export class BookingsController {
  constructor(private readonly bookings: BookingService) {}

  /** Book a seat in a skills lab */
  @Post('labs/:id/bookings')
  @ApiCreatedResponse({
    type: BookingDto,
    description: 'A confirmed seat, or a place on the waitlist (with its position) when the lab is full.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async book(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<BookingDto> {
    return toBookingDto(await this.bookings.book(user.userId, id));
  }

  /** List my bookings */
  @Get('me/bookings')
  @ApiOkResponse({ type: BookingListDto, description: 'The caller’s bookings, newest first.' })
  @ApiErrors(401, 403)
  async list(@CurrentUser() user: UserPrincipal): Promise<BookingListDto> {
    return { items: (await this.bookings.myBookings(user.userId)).map(toBookingDto) };
  }

  /** Read one of my bookings */
  @Get('me/bookings/:id')
  @ApiOkResponse({ type: BookingDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<BookingDto> {
    return toBookingDto(await this.bookings.myBooking(user.userId, id));
  }

  /** Cancel a booking */
  @Post('me/bookings/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: BookingDto,
    description: 'Cancelled (a seat, before the cutoff), or left the waitlist, or declined an offer.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async cancel(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<BookingDto> {
    return toBookingDto(await this.bookings.cancel(user.userId, id));
  }

  /** Accept an offered seat */
  @Post('me/bookings/:id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: BookingDto, description: 'The offered seat is confirmed.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async accept(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<BookingDto> {
    return toBookingDto(await this.bookings.accept(user.userId, id));
  }

  /** Decline an offered seat */
  @Post('me/bookings/:id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: BookingDto,
    description: 'The offer is declined; the seat goes to the next person waiting.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async decline(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<BookingDto> {
    return toBookingDto(await this.bookings.decline(user.userId, id));
  }

  /** Download a booking as iCalendar */
  @Get('me/bookings/:id/calendar')
  @ApiFileResponse('The booking as an iCalendar (RFC 5545) file; a CANCEL once cancelled.', 'text/calendar')
  @ApiErrors(400, 401, 403, 404, 409)
  async calendar(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCalendar(reply, await this.bookings.calendar(user.userId, id));
  }
}
