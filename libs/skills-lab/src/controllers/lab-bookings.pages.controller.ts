import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogService } from '@academy/catalog';
import {
  APP_CONFIG,
  AppConfig,
  Clock,
  durationInWords,
  formProblem,
  Page,
  qrSvg,
  readerOf,
  renderPage,
  Roles,
  SlugParam,
  UuidParam,
} from '@academy/core';
import type { Reader } from '@academy/core';
import { CurrentUser, UserPrincipal, UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { BookingService, BookingView } from '../bookings/booking.service';
import { formatTicketCode } from '../bookings/ticket';
import { labMomentInWords } from '../labs/lab-time';
import { ACTIVE_STATUSES } from '../labs/lab.types';
import { LabError, LabErrorCode } from '../skills-lab-error';
import { sendCalendar } from './bookings.controller';
import { labPeriod, labSummary, statusInWords } from './lab-page-models';

const VIEWS = 'libs/skills-lab/views';

type Model = Record<string, unknown>;

/** The learner's side of skills labs: a course's labs, booking, the ticket, cancelling, offers. */
@ApiExcludeController()
@Controller()
@Roles('learner')
export class LabBookingsPagesController {
  constructor(
    private readonly bookings: BookingService,
    private readonly learning: LearningService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('learning/:slug/labs')
  @Page(`${VIEWS}/course-labs.hbs`)
  async courseLabs(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
  ): Promise<Model> {
    return this.courseLabsModel(readerOf(request), user, slug);
  }

  private async courseLabsModel(
    reader: Reader,
    user: UserPrincipal,
    slug: string,
    extra: Model = {},
  ): Promise<Model> {
    const { course } = await this.learning.enrolmentFor(user.userId, slug);
    const [labs, mine] = await Promise.all([
      this.bookings.upcomingLabs(course.courseId),
      this.bookings.myBookings(user.userId),
    ]);
    const places = new Map(
      mine
        .filter((view) => ACTIVE_STATUSES.includes(view.booking.status))
        .map((view) => [view.booking.labId, view.booking]),
    );
    const items = [];
    for (const lab of labs) {
      const place = places.get(lab.id);
      const eligible = place ? null : await this.bookings.eligibility(user.userId, lab);
      const reason = eligible instanceof LabError ? eligible : null;
      items.push({
        ...labSummary(lab, reader),
        place: place ? { id: place.id, status: statusInWords(place) } : null,
        canBook: !place && !reason,
        reason: reason?.message,
        missingModules:
          reason?.code === LabErrorCode.MODULES_NOT_PASSED ? reason.problems?.modules : undefined,
      });
    }
    return {
      title: `Skills labs: ${course.content.title}`,
      slug,
      courseTitle: course.content.title,
      labs: items,
      ...extra,
    };
  }

  @Post('labs/:id/book')
  async book(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    try {
      const { booking } = await this.bookings.book(user.userId, id);
      return reply.redirect(`/me/bookings/${booking.id}?notice=booked`, 303);
    } catch (error) {
      const problem = formProblem(error);
      const lab = await this.bookings.getLab(id);
      const { slug } = await this.catalog.getPublished(lab.courseId);
      return renderPage(
        request,
        reply,
        `${VIEWS}/course-labs.hbs`,
        await this.courseLabsModel(readerOf(request), user, slug, { formError: problem.message }),
        problem.status,
      );
    }
  }

  @Get('me/bookings')
  @Page(`${VIEWS}/my-bookings.hbs`)
  async myBookings(@Req() request: FastifyRequest, @CurrentUser() user: UserPrincipal): Promise<Model> {
    const reader = readerOf(request);
    const views = await this.bookings.myBookings(user.userId);
    // What still holds a seat or a place comes first; within each group, newest first.
    const active = (view: BookingView) => (ACTIVE_STATUSES.includes(view.booking.status) ? 0 : 1);
    return {
      title: 'My bookings',
      bookings: [...views]
        .sort((a, b) => active(a) - active(b))
        .map(({ booking, lab }) => ({
          id: booking.id,
          labTitle: lab.title,
          period: labPeriod(lab),
          yourTime: labSummary(lab, reader).yourTime,
          venueName: lab.venueName,
          status: booking.status,
          statusText: statusInWords(booking),
          active: ACTIVE_STATUSES.includes(booking.status),
          offerExpires:
            booking.status === 'offered'
              ? labMomentInWords(booking.offerExpiresAt!, lab.timeZone, reader)
              : undefined,
          requirementMet: booking.requirementMet,
          signed: booking.signedOffAt !== null,
        })),
    };
  }

  @Get('me/bookings/:id')
  @Page(`${VIEWS}/booking.hbs`)
  async booking(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Query('notice') notice: unknown,
  ): Promise<Model> {
    const view = await this.bookings.myBooking(user.userId, id);
    return this.bookingModel(view, readerOf(request), { notice: noticeFor(notice, view) });
  }

  private async bookingModel(view: BookingView, reader: Reader, extra: Model = {}): Promise<Model> {
    const { booking, lab } = view;
    const now = this.clock.now();
    const when = (date: Date) => labMomentInWords(date, lab.timeZone, reader);
    const confirmed = booking.status === 'confirmed';
    const checkInUrl = `${this.config.publicUrl}/instructor/labs/${lab.id}/check-in?ticket=${booking.ticketCode}`;
    const [signer] = booking.signedOffBy ? await this.users.byIds([booking.signedOffBy]) : [];
    const changeable = booking.attendance === null;
    return {
      title: lab.title,
      booking: {
        id: booking.id,
        status: booking.status,
        statusText: statusInWords(booking),
        position: booking.position,
        attendance: booking.attendance,
      },
      lab: {
        ...labSummary(lab, reader),
        courseSlug: await this.courseSlug(lab.courseId),
        holdWords: durationInWords(lab.offerHoldMinutes * 60_000),
      },
      confirmed,
      // The ticket is for check-in; once attendance is recorded it has done its job.
      ticket:
        confirmed && booking.attendance === null
          ? {
              code: formatTicketCode(booking.ticketCode),
              qr: await qrSvg(checkInUrl, 'QR code of your ticket, for the instructor to scan'),
            }
          : null,
      // The calendar file: the event while confirmed, its cancellation once cancelled.
      calendar: confirmed || (booking.status === 'cancelled' && booking.confirmedAt !== null),
      offer: booking.status === 'offered' ? { expires: when(booking.offerExpiresAt!) } : null,
      cancel: cancellable(view, now)
        ? {
            label: confirmed ? 'Cancel my seat' : 'Leave the waitlist',
            cutoff: confirmed ? when(lab.cancellationCutoffAt) : undefined,
          }
        : null,
      cancellationClosed:
        changeable && confirmed && now >= lab.cancellationCutoffAt
          ? when(lab.cancellationCutoffAt)
          : undefined,
      signature: booking.signedOffAt
        ? {
            by: signer?.fullName ?? 'your instructor',
            at: when(booking.signedOffAt),
            requirementMet: booking.requirementMet,
          }
        : null,
      ...extra,
    };
  }

  private async courseSlug(courseId: string): Promise<string | null> {
    return (await this.catalog.getPublished(courseId).catch(() => null))?.slug ?? null;
  }

  @Get('me/bookings/:id/calendar.ics')
  async calendar(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCalendar(reply, await this.bookings.calendar(user.userId, id));
  }

  /** Before a seat or a place is given up: what happens to it, and whether the learner could book again. */
  @Get('me/bookings/:id/cancel')
  async cancelConfirmation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const view = await this.bookings.myBooking(user.userId, id);
    if (!cancellable(view, this.clock.now())) {
      // Nothing to give up any more (cancelled, checked in, past the cutoff): the booking says why.
      return reply.redirect(`/me/bookings/${id}`, 303);
    }
    return renderPage(
      request,
      reply,
      `${VIEWS}/booking-cancel.hbs`,
      this.cancelModel(view, readerOf(request)),
    );
  }

  private cancelModel(view: BookingView, reader: Reader): Model {
    const { booking, lab } = view;
    const now = this.clock.now();
    const when = (date: Date) => labMomentInWords(date, lab.timeZone, reader);
    const seat = booking.status === 'confirmed';
    // Who else is waiting: the learner's own place does not count when they are in the queue.
    const othersWaiting = lab.waitlistLength - (booking.status === 'waitlisted' ? 1 : 0);
    const bookingOpen = now < lab.bookingClosesAt;
    return {
      title: seat ? `Cancel your seat: ${lab.title}` : `Leave the waitlist: ${lab.title}`,
      booking: { id: booking.id, position: booking.position },
      lab: labSummary(lab, reader),
      seat,
      othersWaiting,
      holdWords: durationInWords(lab.offerHoldMinutes * 60_000),
      bookingOpen,
      bookingCloses: when(lab.bookingClosesAt),
      // After a cancelled seat goes to the waitlist, the lab is full again while anyone waits.
      rebookJoinsWaitlist: seat ? othersWaiting > 0 : lab.seatsTaken >= lab.capacity,
      confirmLabel: seat ? 'Yes, cancel my seat' : 'Yes, leave the waitlist',
      keepLabel: seat ? 'Keep my seat' : 'Stay on the waitlist',
    };
  }

  @Post('me/bookings/:id/cancel')
  async cancel(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    // Only the confirmation page's form cancels; anything else (an old page's button) asks first.
    if ((body as { confirm?: unknown } | undefined)?.confirm !== 'yes') {
      return reply.redirect(`/me/bookings/${id}/cancel`, 303);
    }
    return this.act(request, reply, user, id, 'cancelled', () => this.bookings.cancel(user.userId, id));
  }

  @Post('me/bookings/:id/accept')
  async accept(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.act(request, reply, user, id, 'accepted', () => this.bookings.accept(user.userId, id));
  }

  @Post('me/bookings/:id/decline')
  async decline(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.act(request, reply, user, id, 'declined', () => this.bookings.decline(user.userId, id));
  }

  /** Runs a change to the booking and shows it again, with a notice or the problem. */
  private async act(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserPrincipal,
    id: string,
    done: string,
    change: () => Promise<BookingView>,
  ): Promise<void> {
    try {
      await change();
      return reply.redirect(`/me/bookings/${id}?notice=${done}`, 303);
    } catch (error) {
      const problem = formProblem(error);
      const view = await this.bookings.myBooking(user.userId, id);
      return renderPage(
        request,
        reply,
        `${VIEWS}/booking.hbs`,
        await this.bookingModel(view, readerOf(request), { formError: problem.message }),
        problem.status,
      );
    }
  }
}

/** Whether the learner may give up this booking now: a waitlist place, or a seat before the cutoff, before check-in. */
function cancellable({ booking, lab }: BookingView, now: Date): boolean {
  return (
    booking.attendance === null &&
    (booking.status === 'waitlisted' || (booking.status === 'confirmed' && now < lab.cancellationCutoffAt))
  );
}

/** The notice after a change, read from the booking as it is now (the query only names the change). */
function noticeFor(notice: unknown, { booking }: BookingView): string | undefined {
  switch (notice) {
    case 'booked':
      return booking.status === 'confirmed'
        ? 'Seat confirmed. Show the ticket below when you arrive.'
        : booking.status === 'waitlisted'
          ? `The lab is full: you are number ${booking.position} on the waitlist. If a seat frees up, it is offered to you.`
          : undefined;
    case 'cancelled':
      return booking.status === 'cancelled' ? 'Your booking is cancelled.' : undefined;
    case 'accepted':
      return booking.status === 'confirmed'
        ? 'Seat confirmed. Show the ticket below when you arrive.'
        : undefined;
    case 'declined':
      return booking.status === 'declined'
        ? 'You declined the seat; it goes to the next person waiting.'
        : undefined;
    default:
      return undefined;
  }
}
