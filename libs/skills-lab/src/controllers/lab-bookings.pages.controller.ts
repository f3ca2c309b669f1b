import { Controller, Get, Inject, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogService } from '@academy/catalog';
import {
  APP_CONFIG,
  AppConfig,
  Clock,
  formProblem,
  qrSvg,
  renderPage,
  Roles,
  SlugParam,
  UuidParam,
} from '@academy/core';
import { CurrentUser, UserPrincipal, UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { BookingService, BookingView } from '../bookings/booking.service';
import { formatTicketCode } from '../bookings/ticket';
import { labTime } from '../labs/lab-time';
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
  @Render(`${VIEWS}/course-labs.hbs`)
  async courseLabs(@CurrentUser() user: UserPrincipal, @SlugParam() slug: string): Promise<Model> {
    return this.courseLabsModel(user, slug);
  }

  private async courseLabsModel(user: UserPrincipal, slug: string, extra: Model = {}): Promise<Model> {
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
        ...labSummary(lab),
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
        await this.courseLabsModel(user, slug, { formError: problem.message }),
        problem.status,
      );
    }
  }

  @Get('me/bookings')
  @Render(`${VIEWS}/my-bookings.hbs`)
  async myBookings(@CurrentUser() user: UserPrincipal): Promise<Model> {
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
          when: labPeriod(lab),
          venueName: lab.venueName,
          status: booking.status,
          statusText: statusInWords(booking),
          active: ACTIVE_STATUSES.includes(booking.status),
          offerExpires:
            booking.status === 'offered' ? labTime(booking.offerExpiresAt!, lab.timeZone) : undefined,
          requirementMet: booking.requirementMet,
          signed: booking.signedOffAt !== null,
        })),
    };
  }

  @Get('me/bookings/:id')
  @Render(`${VIEWS}/booking.hbs`)
  async booking(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Query('notice') notice: unknown,
  ): Promise<Model> {
    const view = await this.bookings.myBooking(user.userId, id);
    return this.bookingModel(view, { notice: noticeFor(notice, view) });
  }

  private async bookingModel(view: BookingView, extra: Model = {}): Promise<Model> {
    const { booking, lab } = view;
    const now = this.clock.now();
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
      lab: { ...labSummary(lab), courseSlug: await this.courseSlug(lab.courseId) },
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
      offer:
        booking.status === 'offered' ? { expires: labTime(booking.offerExpiresAt!, lab.timeZone) } : null,
      cancel:
        changeable && (booking.status === 'waitlisted' || (confirmed && now < lab.cancellationCutoffAt))
          ? {
              label: confirmed ? 'Cancel my seat' : 'Leave the waitlist',
              cutoff: confirmed ? labTime(lab.cancellationCutoffAt, lab.timeZone) : undefined,
            }
          : null,
      cancellationClosed:
        changeable && confirmed && now >= lab.cancellationCutoffAt
          ? labTime(lab.cancellationCutoffAt, lab.timeZone)
          : undefined,
      signature: booking.signedOffAt
        ? {
            by: signer?.fullName ?? 'your instructor',
            at: labTime(booking.signedOffAt, lab.timeZone),
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

  @Post('me/bookings/:id/cancel')
  async cancel(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
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
        await this.bookingModel(view, { formError: problem.message }),
        problem.status,
      );
    }
  }
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
