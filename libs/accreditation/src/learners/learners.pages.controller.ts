import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AfterPost,
  formProblem,
  FormWithFieldErrors,
  Page,
  pageNumberOf,
  pagination,
  parseForm,
  Roles,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { accommodatedMinutes, extraTimeInWords } from '@academy/assessment';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  AccommodationForm,
  EndAccommodationForm,
  ExtendAttemptForm,
  GrantAttemptForm,
} from './dto/learner-forms.dto';
import { LearnerRecord, LearnersService } from './learners.service';

const VIEWS = 'libs/accreditation/views';
const PAGE_SIZE = 20;

type Model = Record<string, unknown>;
type Fields = Record<string, string[]>;

interface FormState {
  values?: Record<string, unknown>;
  fields?: Fields;
  formError?: string;
}

interface LearnerPageState {
  notice?: string;
  attemptForm?: FormState;
  accommodationForm?: FormState;
  endForm?: FormState;
  extendForm?: FormState & { attemptId: string };
}

const DONE: Record<string, string> = {
  attempt: 'Another attempt granted: the learner can start it now (the retry wait, if any, still applies).',
  accommodation:
    'Accommodation saved: every timed quiz the learner starts from now on gives them the extra time.',
  accommodation_ended: 'Accommodation ended. Attempts already started keep their time.',
  extended:
    'The open attempt now runs longer: the learner’s timer shows the new time when the page is next loaded.',
};

const BOOKING_WORDS: Record<string, string> = {
  confirmed: 'Seat confirmed',
  waitlisted: 'On the waitlist',
  offered: 'Seat offered, waiting for an answer',
  cancelled: 'Cancelled',
  declined: 'Offer declined',
  expired: 'Offer expired',
};

const ATTEMPT_WORDS: Record<string, string> = {
  open: 'In progress',
  submitted: 'Submitted',
  expired: 'Time ran out',
};

const PERCENT_CHOICES = [0, 25, 50, 100];

/** A refusal of an action, next to its field when it names one, else above the form. */
function problemState(error: unknown, values: Record<string, unknown>): FormState {
  const problem = formProblem(error);
  return { values, fields: problem.fields, ...(problem.formError ? { formError: problem.formError } : {}) };
}

/**
 * Learner support for admins: find a learner by name, e-mail or NPI; one page with their
 * courses, quizzes, labs, credit and certificates; and the forms to grant another quiz attempt,
 * extra quiz time, or more time on an open attempt, each with its reason.
 */
@ApiExcludeController()
@Controller('admin/learners')
@Roles('admin')
export class LearnersPagesController {
  constructor(private readonly learners: LearnersService) {}

  @Get()
  @Page(`${VIEWS}/admin-learners.hbs`)
  async search(@Query() query: Record<string, unknown>): Promise<Model> {
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const page = pageNumberOf(query.page);
    const found = q
      ? await this.learners.search({ q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
      : { items: [], total: 0 };
    const path = `/admin/learners?q=${encodeURIComponent(q)}`;
    return {
      title: 'Learners',
      q,
      searched: q !== '',
      total: found.total,
      learners: found.items.map((user) => ({
        id: user.id,
        fullName: user.fullName,
        email: user.email,
        npi: user.npi,
        degree: user.degree,
        disabled: user.disabledAt !== null,
      })),
      pagination:
        found.total > PAGE_SIZE
          ? pagination(page, found.total, PAGE_SIZE, (n) => (n === 1 ? path : `${path}&page=${n}`))
          : null,
    };
  }

  @Get(':id')
  @Page(`${VIEWS}/admin-learner.hbs`)
  async show(@UuidParam('id') id: string, @Query() query: Record<string, unknown>): Promise<Model> {
    const notice = typeof query.done === 'string' ? DONE[query.done] : undefined;
    return this.model(id, { notice });
  }

  @Post(':id/extra-attempts')
  @FormWithFieldErrors()
  @AfterPost()
  async grantAttempt(
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    const form = await parseForm(GrantAttemptForm, body);
    if (!form.ok) {
      return this.again(id, { attemptForm: { values: form.values, fields: form.fields } });
    }
    const [enrolmentId, moduleId] = form.value.quiz.split(':') as [string, string];
    try {
      await this.learners.grantAttempt(
        id,
        { enrolmentId, moduleId, reason: form.value.reason },
        admin.userId,
      );
    } catch (error) {
      const state = problemState(error, { ...form.value });
      // The service names enrolmentId or moduleId: on the page both are the quiz choice.
      const fields = Object.fromEntries(
        Object.entries(state.fields ?? {}).map(([field, errors]) => [
          field === 'enrolmentId' || field === 'moduleId' ? 'quiz' : field,
          errors,
        ]),
      );
      return this.again(id, { attemptForm: { ...state, fields } });
    }
    return { url: `/admin/learners/${id}?done=attempt#quizzes` };
  }

  @Post(':id/accommodation')
  @FormWithFieldErrors()
  @AfterPost()
  async accommodate(
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    const form = await parseForm(AccommodationForm, body);
    if (!form.ok) {
      return this.again(id, { accommodationForm: { values: form.values, fields: form.fields } });
    }
    try {
      await this.learners.accommodate(id, form.value, admin.userId);
    } catch (error) {
      return this.again(id, { accommodationForm: problemState(error, { ...form.value }) });
    }
    return { url: `/admin/learners/${id}?done=accommodation#accommodation` };
  }

  @Post(':id/accommodation/end')
  @FormWithFieldErrors()
  @AfterPost()
  async endAccommodation(@UuidParam('id') id: string, @Body() body: unknown): Promise<SeeOther> {
    const form = await parseForm(EndAccommodationForm, body);
    if (!form.ok) {
      return this.again(id, { endForm: { values: form.values, fields: form.fields } });
    }
    await this.learners.endAccommodation(id, form.value.reason);
    return { url: `/admin/learners/${id}?done=accommodation_ended#accommodation` };
  }

  @Post(':id/attempts/:attemptId/extend')
  @FormWithFieldErrors()
  @AfterPost()
  async extendAttempt(
    @UuidParam('id') id: string,
    @UuidParam('attemptId') attemptId: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const form = await parseForm(ExtendAttemptForm, body);
    if (!form.ok) {
      return this.again(id, { extendForm: { attemptId, values: form.values, fields: form.fields } });
    }
    try {
      await this.learners.extendAttempt(id, attemptId, form.value.minutes, form.value.reason);
    } catch (error) {
      return this.again(id, { extendForm: { attemptId, ...problemState(error, { ...form.value }) } });
    }
    return { url: `/admin/learners/${id}?done=extended#attempts` };
  }

  private async again(id: string, state: LearnerPageState): Promise<never> {
    throw new ShowPage(`${VIEWS}/admin-learner.hbs`, await this.model(id, state), 400);
  }

  private async model(id: string, state: LearnerPageState): Promise<Model> {
    const record = await this.learners.record(id);
    return learnerPageModel(record, state);
  }
}

/** The one-page learner view: what the template shows, in words. */
export function learnerPageModel(record: LearnerRecord, state: LearnerPageState): Model {
  const { user } = record;
  const quizChoices = record.enrolments.flatMap((detail) =>
    detail.quizzes
      .filter((quiz) => !quiz.passed)
      .map((quiz) => ({
        value: `${detail.enrolment.id}:${quiz.moduleId}`,
        label: `${detail.course.content.title}: ${quiz.moduleTitle} (${quiz.attemptsUsed} of ${quiz.attemptsLimit} attempts used)`,
      })),
  );
  const chosenQuiz = state.attemptForm?.values?.quiz;
  const percent = Number(
    state.accommodationForm?.values?.extraTimePercent ?? record.accommodation?.extraTimePercent ?? 50,
  );
  return {
    title: user.fullName,
    notice: state.notice,
    learner: {
      id: user.id,
      fullName: user.fullName,
      email: user.email,
      npi: user.npi,
      degree: user.degree,
      specialty: user.specialty,
      disabled: user.disabledAt !== null,
    },
    enrolments: record.enrolments.map((detail) => ({
      id: detail.enrolment.id,
      title: detail.course.content.title,
      slug: detail.course.slug,
      version: detail.course.number,
      enrolledAt: detail.enrolment.enrolledAt,
      progress: detail.progress,
      lessons: `${detail.lessonsSeen} of ${detail.lessonsTotal}`,
      quizzesLine: `${detail.quizzesPassed} of ${detail.quizzesTotal}`,
      evaluated: detail.evaluated,
      lab: detail.labRequired ? (detail.labCompleted ? 'Signed off' : 'Not yet') : 'Not required',
      quizzes: detail.quizzes.map((quiz) => ({
        ...quiz,
        accommodatedMinutes:
          quiz.timeLimitMinutes && record.accommodation
            ? accommodatedMinutes(quiz.timeLimitMinutes, record.accommodation)
            : null,
        state: quiz.passed
          ? 'Passed'
          : quiz.attemptsUsed >= quiz.attemptsLimit
            ? 'No attempts left'
            : `${quiz.attemptsLimit - quiz.attemptsUsed} attempt${quiz.attemptsLimit - quiz.attemptsUsed === 1 ? '' : 's'} left`,
        exhausted: !quiz.passed && quiz.attemptsUsed >= quiz.attemptsLimit,
      })),
      credits: (detail.credit?.credits ?? []).map((credit) => ({
        type: credit.type,
        claimed: credit.claimed,
        claimedAt: credit.claimedAt,
        max: credit.max,
      })),
    })),
    attempts: record.attempts.map((attempt) => {
      const open = attempt.status === 'open';
      return {
        id: attempt.id,
        quiz: `${attempt.courseTitle}: ${attempt.moduleTitle}`,
        number: attempt.number,
        status: ATTEMPT_WORDS[attempt.status] ?? attempt.status,
        startedAt: attempt.startedAt,
        deadlineAt: attempt.deadlineAt,
        score: attempt.score,
        result: attempt.passed === null ? '' : attempt.passed ? 'Passed' : 'Not passed',
        extendable: open && attempt.deadlineAt !== null,
        minutesId: `extend-minutes-${attempt.id}`,
        reasonId: `extend-reason-${attempt.id}`,
        extendForm:
          state.extendForm?.attemptId === attempt.id
            ? state.extendForm
            : { values: { minutes: 10 }, fields: {} },
      };
    }),
    accommodation: record.accommodation
      ? {
          words: extraTimeInWords(record.accommodation),
          reason: record.accommodation.reason,
          grantedAt: record.accommodation.grantedAt,
        }
      : null,
    bookings: record.bookings.map(({ booking, lab }) => ({
      lab: lab.title,
      startsAt: lab.startsAt,
      status: BOOKING_WORDS[booking.status] ?? booking.status,
      attendance: booking.attendance,
      signedOff: booking.signedOffAt !== null,
    })),
    certificates: record.certificates.map((certificate) => ({
      number: certificate.number,
      course: certificate.courseTitle,
      issuedAt: certificate.issuedAt,
      status: certificate.status,
    })),
    quizChoices: quizChoices.map((choice) => ({ ...choice, selected: choice.value === chosenQuiz })),
    percentChoices: PERCENT_CHOICES.map((value) => ({
      value,
      label: value === 0 ? 'None' : value === 100 ? 'Double time (+100%)' : `+${value}%`,
      selected: value === percent,
    })),
    attemptForm: state.attemptForm ?? { values: {}, fields: {} },
    accommodationForm: state.accommodationForm ?? {
      values: { extraMinutes: record.accommodation?.extraMinutes ?? 0 },
      fields: {},
    },
    endForm: state.endForm ?? { values: {}, fields: {} },
  };
}
