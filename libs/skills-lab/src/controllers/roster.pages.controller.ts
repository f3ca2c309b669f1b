import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AfterPost,
  Clock,
  durationInWords,
  formProblem,
  Page,
  parseForm,
  readerOf,
  Roles,
  sendDownload,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { Reader, SeeOther } from '@academy/core';
import { ATTENDANCES, AttendanceFormDto, CheckInFormDto, SignFormDto } from '../dto/roster-forms.dto';
import { CurrentUser, UserPrincipal, UsersService } from '@academy/identity';
import { requirementMet, stepsBelowLevel, unrecordedSteps } from '../attendance/checklist-rules';
import {
  NO_SUCH_TICKET,
  RosterActor,
  RosterEntry,
  RosterService,
  TicketCheck,
} from '../attendance/roster.service';
import { checkInClosedWords, checkInState } from '../attendance/check-in-window';
import { formatTicketCode } from '../bookings/ticket';
import { labMomentInWords, labTime, readerInZone } from '../labs/lab-time';
import { Attendance, ENTRUSTMENT_LEVELS } from '../labs/lab.types';
import { labSummary, statusInWords } from './lab-page-models';

const VIEWS = 'libs/skills-lab/views';
const ROSTER = `${VIEWS}/roster.hbs`;
const CHECKLIST = `${VIEWS}/checklist.hbs`;
const ATTENDANCE_WORDS: Record<Attendance, string> = { present: 'Present', late: 'Late', absent: 'Absent' };

type Model = Record<string, unknown>;
type Form = Record<string, unknown>;

/** What the roster page shows besides the roster: the query after a change, or a form's state. */
interface RosterPageState {
  done?: Form;
  ticketCode?: string;
  fields?: Record<string, string[]>;
  notice?: string;
  formError?: string;
  /** The ticket just scanned or typed: whose it is, and any warning. */
  ticket?: TicketCheck;
}

/** The page's user as the roster sees them, with the page's reader for times in words. */
function actorOf(user: UserPrincipal, request: FastifyRequest): RosterActor {
  return { userId: user.userId, roles: user.roles, reader: readerOf(request) };
}

/** A booking's state as the instructor at the desk reads it. */
function bookingStateWords(check: TicketCheck): string {
  const { booking } = check;
  switch (booking.status) {
    case 'confirmed':
      return 'Seat confirmed';
    case 'waitlisted':
      return booking.position
        ? `On the waitlist (number ${booking.position}), no seat`
        : 'On the waitlist, no seat';
    case 'offered':
      return 'Seat offered, not yet accepted';
    case 'cancelled':
      return 'Cancelled';
    case 'declined':
      return 'Offer declined';
    case 'expired':
      return 'Offer expired';
  }
}

/** A learner as the instructor addresses them: "Dr Ada Lovelace, MD · Orthopaedics". */
function learnerLine(entry: RosterEntry): string {
  return [entry.learner.degree, entry.learner.specialty].filter((part) => part).join(' · ');
}

/**
 * The instructor's pages: their labs, the roster with check-in by ticket and attendance, and each
 * learner's procedural checklist. Admins may run any lab (they reach it from the lab admin page).
 */
@ApiExcludeController()
@Controller('instructor/labs')
@Roles('instructor', 'admin')
export class RosterPagesController {
  constructor(
    private readonly roster: RosterService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Page(`${VIEWS}/instructor-labs.hbs`)
  async myLabs(@CurrentUser() user: UserPrincipal): Promise<Model> {
    const labs = await this.roster.myLabs(user.userId);
    return {
      title: 'My labs',
      isAdmin: user.roles.includes('admin'),
      labs: labs.map((lab) => ({ ...labSummary(lab), past: lab.endsAt < this.clock.now() })),
    };
  }

  @Get(':id')
  @Page(`${VIEWS}/roster.hbs`)
  async rosterPage(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<Model> {
    return this.rosterModel(actorOf(user, request), user, id, { done: query });
  }

  /** The roster as CSV, for the accreditation file (the lab's instructors and admins). */
  @Get(':id/roster.csv')
  async rosterCsv(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.roster.rosterCsvDownload(actorOf(user, request), id));
  }

  /** The printable sign-in sheet (PDF) for the accreditation file. */
  @Get(':id/sign-in-sheet.pdf')
  async signInSheet(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.roster.signInSheetDownload(actorOf(user, request), id));
  }

  /** The QR code on a ticket points here: the roster with the code ready to check in (never on GET). */
  @Get(':id/check-in')
  @Page(`${VIEWS}/roster.hbs`)
  async checkInPage(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Query('ticket') ticket: unknown,
  ): Promise<Model> {
    const actor = actorOf(user, request);
    const code = typeof ticket === 'string' ? ticket.trim().slice(0, 40) : '';
    const check = code ? await this.roster.checkTicket(actor, id, code) : null;
    if (code && !check) {
      return this.rosterModel(actor, user, id, {
        ticketCode: code,
        fields: { ticketCode: [NO_SUCH_TICKET] },
      });
    }
    return this.rosterModel(actor, user, id, {
      ticketCode: check ? formatTicketCode(check.booking.ticketCode) : code,
      ticket: check ?? undefined,
      notice:
        check && !check.problem
          ? `Ticket scanned: ${check.holder.fullName}. Check the name on their ID, then press Check in.`
          : undefined,
    });
  }

  private async rosterModel(
    actor: RosterActor,
    user: UserPrincipal,
    labId: string,
    options: RosterPageState,
  ): Promise<Model> {
    const { lab, entries } = await this.roster.roster(actor, labId);
    const now = this.clock.now();
    const reader: Reader = actor.reader ? { ...actor.reader, now } : readerInZone(null, now);
    const seated = entries.filter((entry) => entry.booking.status === 'confirmed');
    const waiting = entries.filter((entry) => entry.booking.status !== 'confirmed');
    const grace = this.roster.signOffGraceMs;
    const checkInOpen = checkInState(lab, now, grace) === 'open';
    const ticket = options.ticket;
    return {
      title: `Roster: ${lab.title}`,
      lab: labSummary(lab),
      isAdmin: user.roles.includes('admin'),
      checkInOpen,
      checkInClosed: checkInClosedWords(lab, reader, grace),
      graceWords: durationInWords(grace),
      ticket: ticket
        ? {
            holderName: ticket.holder.fullName,
            degree: ticket.holder.degree,
            specialty: ticket.holder.specialty,
            state: bookingStateWords(ticket),
            attendance: ticket.booking.attendance ? ATTENDANCE_WORDS[ticket.booking.attendance] : null,
            attendanceAt:
              ticket.booking.attendanceAt && ticket.booking.attendance !== 'absent'
                ? labMomentInWords(ticket.booking.attendanceAt, lab.timeZone, reader)
                : null,
            labTitle: ticket.ticketLab.title,
            labWhen: labMomentInWords(ticket.ticketLab.startsAt, ticket.ticketLab.timeZone, reader),
            otherLab: ticket.ticketLab.id !== lab.id,
            warning: ticket.warning,
            ok: ticket.problem === null,
          }
        : null,
      checkedIn: seated.filter(
        (entry) => entry.booking.attendance === 'present' || entry.booking.attendance === 'late',
      ).length,
      seated: seated.map((entry) => ({
        bookingId: entry.booking.id,
        name: entry.learner.fullName,
        about: learnerLine(entry),
        attendance: entry.booking.attendance,
        attendanceText: entry.booking.attendance
          ? ATTENDANCE_WORDS[entry.booking.attendance]
          : 'Not checked in',
        attended: entry.booking.attendance === 'present' || entry.booking.attendance === 'late',
        signed: entry.booking.signedOffAt !== null,
        requirementMet: entry.booking.requirementMet,
        stepsRecorded: entry.entries.length,
        attendances: ATTENDANCES.map((value) => ({
          value,
          label: ATTENDANCE_WORDS[value],
          current: entry.booking.attendance === value,
          // Only during the session (and its grace), never once signed.
          blocked: entry.booking.signedOffAt !== null || !checkInOpen,
        })),
      })),
      waiting: waiting.map((entry) => ({
        name: entry.learner.fullName,
        about: learnerLine(entry),
        status: statusInWords(entry.booking),
      })),
      stepsTotal: lab.checklist.length,
      ticketCode: options.ticketCode ?? '',
      fields: options.fields ?? {},
      notice: options.notice ?? (options.done ? doneNotice(options.done, entries) : undefined),
      formError: options.formError,
    };
  }

  @Post(':id/check-in')
  @AfterPost()
  async checkIn(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: Form | undefined,
  ): Promise<SeeOther> {
    const actor = actorOf(user, request);
    const form = await parseForm(CheckInFormDto, body);
    const typed = typeof body?.ticketCode === 'string' ? body.ticketCode.trim().slice(0, 60) : '';
    if (!form.ok) {
      throw new ShowPage(
        ROSTER,
        await this.rosterModel(actor, user, id, { ticketCode: typed, fields: form.fields }),
      );
    }
    try {
      const booking = await this.roster.checkIn(actor, id, form.value.ticketCode);
      return { url: `/instructor/labs/${id}?checkedIn=${booking.id}` };
    } catch (error) {
      const { message, status, fields } = formProblem(error);
      // A known ticket that cannot be checked in here: its holder is shown with the warning, once.
      const ticket =
        'ticketCode' in fields ? null : await this.roster.checkTicket(actor, id, form.value.ticketCode);
      const problem =
        'ticketCode' in fields
          ? { fields: { ticketCode: [message] } }
          : ticket?.warning === message
            ? {}
            : { formError: message };
      throw new ShowPage(
        ROSTER,
        await this.rosterModel(actor, user, id, {
          ticketCode: typed,
          ticket: ticket ?? undefined,
          ...problem,
        }),
        status,
      );
    }
  }

  @Post(':id/bookings/:bookingId/attendance')
  @AfterPost()
  async attendance(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Body() body: Form | undefined,
  ): Promise<SeeOther> {
    const actor = actorOf(user, request);
    const form = await parseForm(AttendanceFormDto, body);
    if (!form.ok) {
      const formError = Object.values(form.fields).flat().join(' ');
      throw new ShowPage(ROSTER, await this.rosterModel(actor, user, id, { formError }));
    }
    try {
      await this.roster.setAttendance(actor, id, bookingId, form.value.attendance);
      return { url: `/instructor/labs/${id}?marked=${bookingId}#learner-${bookingId}` };
    } catch (error) {
      const { message, status } = formProblem(error);
      throw new ShowPage(ROSTER, await this.rosterModel(actor, user, id, { formError: message }), status);
    }
  }

  @Get(':id/bookings/:bookingId')
  @Page(`${VIEWS}/checklist.hbs`)
  async checklist(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Query('notice') notice: unknown,
  ): Promise<Model> {
    return this.checklistModel(user, id, bookingId, { notice });
  }

  private async checklistModel(
    user: UserPrincipal,
    labId: string,
    bookingId: string,
    options: { notice?: unknown; values?: Form; fields?: Record<string, string[]>; formError?: string },
  ): Promise<Model> {
    const { lab, entry } = await this.roster.checklist(user, labId, bookingId);
    const { booking } = entry;
    const recorded = new Map(entry.entries.map((item) => [item.stepId, item]));
    const isAdmin = user.roles.includes('admin');
    const signed = booking.signedOffAt !== null;
    const [signer] = booking.signedOffBy ? await this.users.byIds([booking.signedOffBy]) : [];
    const missing = unrecordedSteps(lab.checklist, entry.entries);
    const below = stepsBelowLevel(lab.checklist, entry.entries);
    const attended = booking.attendance === 'present' || booking.attendance === 'late';
    const now = this.clock.now();
    const sessionClosed = checkInClosedWords(lab, readerInZone(null, now), this.roster.signOffGraceMs);
    return {
      title: `Checklist: ${entry.learner.fullName}`,
      lab: labSummary(lab),
      learner: { name: entry.learner.fullName, about: learnerLine(entry) },
      bookingId: booking.id,
      attended,
      attendanceText: booking.attendance ? ATTENDANCE_WORDS[booking.attendance] : 'Not checked in',
      sessionClosed: signed ? null : sessionClosed,
      editable: attended && (signed ? isAdmin : sessionClosed === null),
      amending: signed && isAdmin,
      signed,
      signature: signed
        ? {
            by: signer?.fullName ?? 'an instructor',
            at: labTime(booking.signedOffAt!, lab.timeZone),
            requirementMet: booking.requirementMet,
          }
        : null,
      canSign: attended && !signed && missing.length === 0 && sessionClosed === null,
      stepsToGo: missing.length,
      wouldMeet: requirementMet(lab.checklist, entry.entries, true),
      belowCount: below.length,
      signerName: user.fullName,
      steps: lab.checklist.map((step, index) => {
        const saved = recorded.get(step.id);
        const typed = options.values?.[`level_${step.id}`];
        const level = typeof typed === 'string' && typed !== '' ? Number(typed) : saved?.level;
        const typedComment = options.values?.[`comment_${step.id}`];
        const comment = options.values
          ? (typeof typedComment === 'string' ? typedComment.trim() : '').slice(0, 2000)
          : saved?.comment;
        return {
          id: step.id,
          number: index + 1,
          title: step.title,
          requiredLevel: step.requiredLevel,
          requiredLabel: ENTRUSTMENT_LEVELS.find((candidate) => candidate.level === step.requiredLevel)
            ?.label,
          recordedLevel: saved?.level,
          recordedLabel: ENTRUSTMENT_LEVELS.find((candidate) => candidate.level === saved?.level)?.label,
          below: saved !== undefined && saved.level < step.requiredLevel,
          comment: comment ?? '',
          errors: options.fields?.[step.id],
          errorId: `step-${step.id}`,
          levels: ENTRUSTMENT_LEVELS.map((candidate) => ({
            level: candidate.level,
            label: candidate.label,
            checked: candidate.level === level,
            required: candidate.level === step.requiredLevel,
          })),
        };
      }),
      notice: checklistNotice(options.notice, booking.requirementMet),
      fields: options.fields ?? {},
      formError: options.formError,
    };
  }

  /** Saves every step whose level or comment changed, in checklist order. */
  @Post(':id/bookings/:bookingId')
  @AfterPost()
  async recordSteps(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Body() body: Form | undefined,
  ): Promise<SeeOther> {
    const form = body ?? {};
    const { lab, entry } = await this.roster.checklist(user, id, bookingId);
    const { changes, fields } = stepChanges(form, lab.checklist, entry.entries);
    let formError = 'Some steps could not be saved; see the messages by each step.';
    let status = 400;
    if (Object.keys(fields).length === 0) {
      try {
        for (const change of changes) {
          await this.roster.recordStep(user, id, bookingId, change);
        }
        const notice = changes.length > 0 ? 'saved' : 'unchanged';
        return { url: `/instructor/labs/${id}/bookings/${bookingId}?notice=${notice}` };
      } catch (error) {
        ({ message: formError, status } = formProblem(error));
      }
    }
    const model = await this.checklistModel(user, id, bookingId, { values: form, fields, formError });
    throw new ShowPage(CHECKLIST, model, status);
  }

  @Post(':id/bookings/:bookingId/sign')
  @AfterPost()
  async sign(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @UuidParam('bookingId') bookingId: string,
    @Body() body: Form | undefined,
  ): Promise<SeeOther> {
    const form = await parseForm(SignFormDto, body);
    if (!form.ok) {
      throw new ShowPage(CHECKLIST, await this.checklistModel(user, id, bookingId, { fields: form.fields }));
    }
    try {
      await this.roster.sign(user, id, bookingId);
      return { url: `/instructor/labs/${id}/bookings/${bookingId}?notice=signed` };
    } catch (error) {
      const { message, status } = formProblem(error);
      throw new ShowPage(
        CHECKLIST,
        await this.checklistModel(user, id, bookingId, { formError: message }),
        status,
      );
    }
  }
}

/**
 * The checklist form's steps (`level_<step>` and `comment_<step>`, one pair per step of the lab):
 * what changed against what is recorded, or a problem by each step that cannot be saved.
 */
function stepChanges(
  form: Form,
  steps: readonly { id: string }[],
  recordedEntries: readonly { stepId: string; level: number; comment?: string | null }[],
): { changes: { stepId: string; level: number; comment: string }[]; fields: Record<string, string[]> } {
  const recorded = new Map(recordedEntries.map((item) => [item.stepId, item]));
  const typed = (name: string): string => (typeof form[name] === 'string' ? form[name].trim() : '');
  const fields: Record<string, string[]> = {};
  const changes: { stepId: string; level: number; comment: string }[] = [];
  for (const step of steps) {
    const rawLevel = typed(`level_${step.id}`);
    const comment = typed(`comment_${step.id}`);
    const saved = recorded.get(step.id);
    if (comment.length > 2000) {
      fields[step.id] = ['The comment must be at most 2000 characters.'];
    } else if (rawLevel === '') {
      if (comment !== '' && comment !== (saved?.comment ?? '')) {
        fields[step.id] = ['Choose a level to save the comment with.'];
      }
    } else if (!ENTRUSTMENT_LEVELS.some((candidate) => String(candidate.level) === rawLevel)) {
      fields[step.id] = ['Choose one of the five levels.'];
    } else if (!saved || saved.level !== Number(rawLevel) || (saved.comment ?? '') !== comment) {
      changes.push({ stepId: step.id, level: Number(rawLevel), comment });
    }
  }
  return { changes, fields };
}

/** The roster's notice after a check-in or an attendance change, naming the learner. */
function doneNotice(query: Form, entries: RosterEntry[]): string | undefined {
  const find = (id: unknown) => entries.find((entry) => entry.booking.id === id);
  const checkedIn = find(query.checkedIn);
  if (checkedIn?.booking.attendance) {
    return `${checkedIn.learner.fullName} is checked in (${checkedIn.booking.attendance}).`;
  }
  const marked = find(query.marked);
  if (marked?.booking.attendance) {
    return `${marked.learner.fullName} is marked ${marked.booking.attendance}.`;
  }
  return undefined;
}

function checklistNotice(notice: unknown, met: boolean): string | undefined {
  switch (notice) {
    case 'saved':
      return 'Levels saved.';
    case 'unchanged':
      return 'Nothing changed.';
    case 'signed':
      return met
        ? 'Checklist signed. The learner meets the skills-lab requirement.'
        : 'Checklist signed. Some steps are below the required level, so the requirement is not met.';
    default:
      return undefined;
  }
}
