import { Injectable, OnModuleInit } from '@nestjs/common';
import type { CourseModule } from '@academy/catalog';
import { Clock, dateInWords, timeInWords } from '@academy/core';
import type { Reader } from '@academy/core';
import { CourseStepRegistry } from '@academy/learning';
import type { CourseStep, CourseStepContext, CourseStepSource } from '@academy/learning';
import { LabRepository } from '../labs/lab.repository';
import type { LabWithQueue } from '../labs/lab.types';
import { BookingRepository, BookingWithPosition } from './booking.repository';

const BOOK = 'Book a seat in a skills lab';
const SIGN_OFF = 'Have your skills-lab checklist signed off';
const LOCKED_SIGN_OFF: CourseStep = {
  key: 'lab-sign-off',
  title: SIGN_OFF,
  status: 'locked',
  required: true,
  detail: 'Opens once you have a seat in a lab: an instructor signs your checklist there.',
};

function quoted(modules: CourseModule[]): string {
  return modules.map((module) => `“${module.title}”`).join(', ');
}

/**
 * The skills lab's two steps in a course's checklist (booking a seat, the checklist signed off),
 * for courses that require a lab. Registered with learning's checklist at start: learning cannot
 * import the skills lab, which depends on it.
 */
@Injectable()
export class LabCourseSteps implements CourseStepSource, OnModuleInit {
  readonly place = 'after-modules' as const;

  constructor(
    private readonly registry: CourseStepRegistry,
    private readonly bookings: BookingRepository,
    private readonly labs: LabRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /** Two queries for the bookings and their labs, and one per course for its upcoming labs. */
  async stepsFor(contexts: CourseStepContext[], reader: Reader): Promise<Map<string, CourseStep[]>> {
    const withLab = contexts.filter((context) => context.course.content.skillsLabRequired);
    const steps = new Map<string, CourseStep[]>();
    if (withLab.length === 0) {
      return steps;
    }
    const now = this.clock.now();
    const bookings = await this.bookings.findForEnrolments(withLab.map((context) => context.enrolmentId));
    const courseIds = [...new Set(withLab.map((context) => context.course.courseId))];
    const labs = new Map(
      (await this.labs.findByIds([...new Set(bookings.map((booking) => booking.labId))])).map((lab) => [
        lab.id,
        lab,
      ]),
    );
    const upcoming = new Map<string, LabWithQueue[]>();
    for (const courseId of courseIds) {
      upcoming.set(courseId, await this.labs.findUpcomingForCourse(courseId, now));
    }
    for (const context of withLab) {
      const mine = bookings.filter((booking) => booking.enrolmentId === context.enrolmentId);
      steps.set(
        context.enrolmentId,
        this.stepsOf(context, mine, labs, upcoming.get(context.course.courseId) ?? [], reader, now),
      );
    }
    return steps;
  }

  private stepsOf(
    context: CourseStepContext,
    bookings: BookingWithPosition[],
    labs: Map<string, LabWithQueue>,
    upcoming: LabWithQueue[],
    reader: Reader,
    now: Date,
  ): CourseStep[] {
    const labsPage = `/learning/${context.course.slug}/labs`;
    const when = (date: Date) => timeInWords(date, reader);
    const describe = (booking: BookingWithPosition) => {
      const lab = labs.get(booking.labId);
      return lab ? `“${lab.title}” (${when(lab.startsAt)}, ${lab.venueName})` : 'your lab';
    };
    if (context.labCompleted) {
      const signed = bookings.find((booking) => booking.requirementMet && booking.signedOffAt);
      return [
        { key: 'lab-booking', title: BOOK, status: 'done', required: true, detail: 'Done.' },
        {
          key: 'lab-sign-off',
          title: SIGN_OFF,
          status: 'done',
          required: true,
          detail: signed?.signedOffAt
            ? `Signed off at the required levels on ${dateInWords(signed.signedOffAt, reader)}.`
            : 'Requirement met.',
          action: signed
            ? { label: 'See your signed checklist', href: `/me/bookings/${signed.id}` }
            : undefined,
        },
      ];
    }
    const pending = bookings.find(
      (booking) =>
        (booking.status === 'confirmed' || booking.status === 'offered' || booking.status === 'waitlisted') &&
        booking.attendance === null,
    );
    if (pending?.status === 'confirmed') {
      return [
        {
          key: 'lab-booking',
          title: BOOK,
          status: 'done',
          required: true,
          detail: `You have a seat in ${describe(pending)}.`,
        },
        {
          key: 'lab-sign-off',
          title: SIGN_OFF,
          status: 'open',
          required: true,
          detail: `Go to ${describe(pending)} with your ticket: the instructor observes each step and signs your checklist there.`,
          action: { label: 'See your ticket', href: `/me/bookings/${pending.id}` },
        },
      ];
    }
    if (pending?.status === 'offered') {
      return [
        {
          key: 'lab-booking',
          title: BOOK,
          status: 'open',
          required: true,
          detail: `A seat in ${describe(pending)} is offered to you${
            pending.offerExpiresAt ? ` until ${when(pending.offerExpiresAt)}` : ''
          }: accept it to keep it.`,
          action: { label: 'Accept or decline the seat', href: `/me/bookings/${pending.id}` },
        },
        LOCKED_SIGN_OFF,
      ];
    }
    if (pending?.status === 'waitlisted') {
      return [
        {
          key: 'lab-booking',
          title: BOOK,
          status: 'waiting',
          required: true,
          detail: `You are number ${pending.position ?? 1} on the waitlist of ${describe(pending)}. When a seat frees up it is offered to you, and you are told.`,
          action: { label: 'See your place', href: `/me/bookings/${pending.id}` },
        },
        LOCKED_SIGN_OFF,
      ];
    }
    const attended = bookings.find((booking) => booking.attendance !== null);
    if (attended && attended.attendance !== 'absent' && !attended.signedOffAt) {
      return [
        { key: 'lab-booking', title: BOOK, status: 'done', required: true, detail: 'Done.' },
        {
          key: 'lab-sign-off',
          title: SIGN_OFF,
          status: 'waiting',
          required: true,
          detail: `You attended ${describe(attended)}; your instructor has not signed your checklist yet.`,
          action: { label: 'See your checklist', href: `/me/bookings/${attended.id}` },
        },
      ];
    }
    const before = attended
      ? attended.attendance === 'absent'
        ? `You were marked absent at ${describe(attended)}. `
        : `Your checklist from ${describe(attended)} was signed below the required levels; book another lab to repeat those steps. `
      : '';
    return [this.bookingStep(context, upcoming, before, labsPage, when, now), LOCKED_SIGN_OFF];
  }

  /** The booking step when the learner holds no place: open, locked by quizzes, or waiting for a lab. */
  private bookingStep(
    context: CourseStepContext,
    upcoming: LabWithQueue[],
    before: string,
    labsPage: string,
    when: (date: Date) => string,
    now: Date,
  ): CourseStep {
    const modules = context.course.content.modules;
    const missingFor = (lab: LabWithQueue | null) =>
      modules.filter(
        (module) =>
          (lab?.requiredModuleIds ? lab.requiredModuleIds.includes(module.id) : module.quiz !== undefined) &&
          !context.passed.has(module.id),
      );
    const passedEnough = upcoming.filter((lab) => missingFor(lab).length === 0);
    const bookable = passedEnough.filter((lab) => now >= lab.bookingOpensAt && now < lab.bookingClosesAt);
    const step = { key: 'lab-booking', title: BOOK, required: true } as const;
    if (bookable.length > 0) {
      return {
        ...step,
        status: 'open',
        detail: `${before}${bookable.length === 1 ? 'One lab is' : `${bookable.length} labs are`} open for booking; the first starts ${when(bookable[0]!.startsAt)}.`,
        action: { label: 'Book a lab', href: labsPage },
      };
    }
    const missing = missingFor(upcoming[0] ?? null);
    if (missing.length > 0) {
      return {
        ...step,
        status: 'locked',
        detail: `${before}Opens once you pass the quiz${missing.length === 1 ? '' : 'zes'} of ${quoted(missing)}.`,
      };
    }
    const opening = passedEnough.find((lab) => now < lab.bookingOpensAt);
    return {
      ...step,
      status: 'waiting',
      detail: opening
        ? `${before}Booking for “${opening.title}” opens ${when(opening.bookingOpensAt)}.`
        : `${before}No skills lab is open for booking yet; labs appear on the course’s lab page as soon as the academy schedules one.`,
      action: { label: 'See the labs', href: labsPage },
    };
  }
}
