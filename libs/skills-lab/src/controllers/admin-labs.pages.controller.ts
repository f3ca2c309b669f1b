import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogService } from '@academy/catalog';
import {
  dayInWords,
  formProblem,
  FormWithFieldErrors,
  isTimeZone,
  Page,
  pageLinks,
  pageNumberOf,
  pagination,
  parseForm,
  placeOf,
  readWallTime,
  renderPage,
  Roles,
  timeZoneChoices,
  timeZoneRefusal,
  UuidParam,
} from '@academy/core';
import { UsersService } from '@academy/identity';
import { BookingService } from '../bookings/booking.service';
import { LabFormDto, NewLabFormDto } from '../dto/lab-form.dto';
import { LabSchedule, LabScheduleService } from '../labs/lab-schedule.service';
import { ChecklistStep, DEFAULT_CHECKLIST, ENTRUSTMENT_LEVELS, LabWithQueue } from '../labs/lab.types';
import { labSummary, wallTime } from './lab-page-models';

const VIEWS = 'libs/skills-lab/views';
const PAGE_SIZE = 20;
const WALL_FIELDS = [
  'startsAt',
  'endsAt',
  'bookingOpensAt',
  'bookingClosesAt',
  'cancellationCutoffAt',
] as const;

// How the service's field names read next to the form's fields.
const FIELD_WORDS: [RegExp, string][] = [
  [/\bstartsAt\b/g, 'the start'],
  [/\bendsAt\b/g, 'the end'],
  [/\bbookingOpensAt\b/g, 'the booking opening'],
  [/\bbookingClosesAt\b/g, 'the booking closing'],
  [/\bcancellationCutoffAt\b/g, 'the cancellation cutoff'],
  [/\btimeZone\b/g, 'the time zone'],
  [/\binstructorIds\b/g, 'the instructors'],
];

type Model = Record<string, unknown>;
type Form = Record<string, unknown>;
type Fields = Record<string, string[]>;

/** A service message about a field, in the words of the form. */
function forPeople(message: string): string {
  const text = FIELD_WORDS.reduce((result, [pattern, words]) => result.replace(pattern, words), message);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The form's values as strings (what the fields show again), and the instructors as a list. */
function formValues(body: Form | undefined): Form {
  const values: Form = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (key !== '_csrf' && key !== 'instructorIds' && typeof value === 'string') {
      values[key] = value;
    }
  }
  const instructors = body?.instructorIds;
  values.instructorIds = (instructors === undefined ? [] : ([] as unknown[]).concat(instructors)).filter(
    (id): id is string => typeof id === 'string',
  );
  return values;
}

/** The form's field values for an existing lab: wall times in its zone. */
function labValues(lab: LabWithQueue): Form {
  return {
    title: lab.title,
    venueName: lab.venueName,
    venueAddress: lab.venueAddress,
    timeZone: lab.timeZone,
    capacity: String(lab.capacity),
    offerHoldHours: String(lab.offerHoldMinutes / 60),
    instructorIds: lab.instructorIds,
    ...Object.fromEntries(WALL_FIELDS.map((field) => [field, wallTime(lab[field], lab.timeZone)])),
    // A time the clocks show twice keeps the one the lab has.
    ...Object.fromEntries(
      WALL_FIELDS.flatMap((field) => {
        const reading = readWallTime(wallTime(lab[field], lab.timeZone), lab.timeZone);
        return reading.kind === 'repeated'
          ? [
              [
                `${field}Occurrence`,
                reading.first.instant.getTime() === lab[field].getTime() ? 'first' : 'second',
              ],
            ]
          : [];
      }),
    ),
  };
}

const FIELD_LABELS: Record<(typeof WALL_FIELDS)[number], string> = {
  startsAt: 'Starts',
  endsAt: 'Ends',
  bookingOpensAt: 'Booking opens',
  bookingClosesAt: 'Booking closes',
  cancellationCutoffAt: 'Learners may cancel until',
};

/** "01:30 on Sunday 1 November 2026": a wall time as the form's reader says it. */
function wallTimeInWords(value: string): string {
  const day = new Date(`${value.slice(0, 10)}T12:00:00Z`);
  return `${value.slice(11, 16)} on ${dayInWords(day, { zone: 'UTC', now: new Date(0) })}`;
}

/**
 * The times of the form the clocks show twice in its zone, each with the choice of which one:
 * "the first (GMT‑7)" or "the second (GMT‑8)".
 */
function occurrenceChoices(values: Form): Model[] {
  const zone = typeof values.timeZone === 'string' ? values.timeZone : '';
  if (!isTimeZone(zone)) {
    return [];
  }
  return WALL_FIELDS.flatMap((field) => {
    const value = values[field];
    const reading = typeof value === 'string' && value ? readWallTime(value, zone) : null;
    if (reading?.kind !== 'repeated') {
      return [];
    }
    const chosen = values[`${field}Occurrence`];
    return [
      {
        field,
        name: `${field}Occurrence`,
        legend: `${FIELD_LABELS[field]}: ${wallTimeInWords(value as string)} happens twice in ${placeOf(zone)}, because the clocks go back that night. Which one?`,
        choices: (['first', 'second'] as const).map((which) => ({
          value: which,
          label: `the ${which} (${reading[which].offset.replace(/-/g, '\u2011')})`,
          checked: chosen === which,
        })),
      },
    ];
  });
}

/** Admins schedule labs and change them; the roster pages are open to them too. */
@ApiExcludeController()
@Controller('admin/labs')
@Roles('admin')
export class AdminLabsPagesController {
  constructor(
    private readonly schedule: LabScheduleService,
    private readonly bookings: BookingService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @Page(`${VIEWS}/admin-labs.hbs`)
  async list(@Query('page') rawPage: unknown): Promise<Model> {
    const page = pageNumberOf(rawPage);
    const [{ items, total }, courses] = await Promise.all([
      this.schedule.list({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.courseTitles(),
    ]);
    const instructors = new Map(
      (await this.users.byIds(items.flatMap((lab) => lab.instructorIds))).map((user) => [
        user.id,
        user.fullName,
      ]),
    );
    return {
      title: 'Skills labs',
      total,
      labs: items.map((lab) => ({
        ...labSummary(lab),
        courseTitle: courses.get(lab.courseId) ?? 'A course no longer published',
        instructors: lab.instructorIds.map((id) => instructors.get(id) ?? 'Unknown').join(', '),
      })),
      pagination: pagination(page, total, PAGE_SIZE, pageLinks('/admin/labs')),
    };
  }

  @Get('new')
  @Page(`${VIEWS}/lab-form.hbs`)
  async newLab(): Promise<Model> {
    return this.formModel(null, { values: { offerHoldHours: '24', instructorIds: [] } });
  }

  @Post()
  @FormWithFieldErrors()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form | undefined,
  ): Promise<void> {
    const values = formValues(body);
    const form = await parseForm(NewLabFormDto, values);
    let fields: Fields = form.ok ? {} : form.fields;
    let formError: string | undefined;
    const schedule = form.ok ? toSchedule(form.value, fields) : null;
    if (form.ok && schedule) {
      try {
        const lab = await this.schedule.schedule(form.value.courseId, schedule);
        return reply.redirect(`/admin/labs/${lab.id}?notice=scheduled`, 303);
      } catch (error) {
        ({ fields, formError } = problemsOf(error));
      }
    }
    const model = await this.formModel(null, { values, fields, formError });
    return renderPage(request, reply, `${VIEWS}/lab-form.hbs`, model, 400);
  }

  @Get(':id')
  @Page(`${VIEWS}/lab-form.hbs`)
  async edit(@UuidParam('id') id: string, @Query('notice') notice: unknown): Promise<Model> {
    const lab = await this.bookings.getLab(id);
    return this.formModel(lab, {
      values: labValues(lab),
      notice:
        notice === 'scheduled' ? 'The lab is scheduled.' : notice === 'saved' ? 'Changes saved.' : undefined,
    });
  }

  @Post(':id')
  @FormWithFieldErrors()
  async change(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form | undefined,
  ): Promise<void> {
    const lab = await this.bookings.getLab(id);
    const values = formValues(body);
    const form = await parseForm(LabFormDto, values);
    let fields: Fields = form.ok ? {} : form.fields;
    let formError: string | undefined;
    const schedule = form.ok ? toSchedule(form.value, fields) : null;
    if (schedule) {
      try {
        // The page does not edit these: keep what the lab has.
        await this.schedule.change(id, {
          ...schedule,
          checklist: lab.checklist,
          requiredModuleIds: lab.requiredModuleIds,
        });
        return reply.redirect(`/admin/labs/${id}?notice=saved`, 303);
      } catch (error) {
        ({ fields, formError } = problemsOf(error));
      }
    }
    const model = await this.formModel(lab, { values, fields, formError });
    return renderPage(request, reply, `${VIEWS}/lab-form.hbs`, model, 400);
  }

  private async formModel(
    lab: LabWithQueue | null,
    state: { values: Form; fields?: Fields; formError?: string; notice?: string },
  ): Promise<Model> {
    const [courses, instructors] = await Promise.all([
      this.catalog.list({ limit: 100, offset: 0 }),
      this.schedule.instructors(),
    ]);
    const chosen = (state.values.instructorIds as string[] | undefined) ?? [];
    const checklist: ChecklistStep[] = lab?.checklist ?? DEFAULT_CHECKLIST;
    return {
      title: lab ? `Edit lab: ${lab.title}` : 'Schedule a skills lab',
      lab: lab ? labSummary(lab) : null,
      action: lab ? `/admin/labs/${lab.id}` : '/admin/labs',
      courses: lab
        ? []
        : courses.rows.map((course) => ({
            id: course.courseId,
            title: course.content.title,
            hasLab: course.content.skillsLabRequired,
            selected: course.courseId === state.values.courseId,
          })),
      courseTitle: lab ? ((await this.courseTitles()).get(lab.courseId) ?? null) : null,
      instructors: instructors.map((user) => ({
        id: user.id,
        fullName: user.fullName,
        about: [user.degree, user.specialty].filter((part) => part).join(' · '),
        checked: chosen.includes(user.id),
      })),
      checklist: checklist.map((step, index) => ({
        number: index + 1,
        title: step.title,
        requiredLevel: step.requiredLevel,
        requiredLabel: ENTRUSTMENT_LEVELS.find((level) => level.level === step.requiredLevel)?.label,
      })),
      timeZones: timeZoneChoices(),
      occurrences: occurrenceChoices(state.values),
      values: state.values,
      fields: state.fields ?? {},
      formError:
        state.formError ??
        (Object.keys(state.fields ?? {}).length > 0 ? 'Please correct the fields marked below.' : undefined),
      notice: state.notice,
    };
  }

  private async courseTitles(): Promise<Map<string, string>> {
    const { rows } = await this.catalog.list({ limit: 100, offset: 0 });
    return new Map(rows.map((course) => [course.courseId, course.content.title]));
  }
}

/**
 * The schedule the form names, with its wall times read in its time zone; null (with the
 * problems added to `fields`) when a time or the zone cannot be read.
 */
function toSchedule(form: LabFormDto, fields: Fields): LabSchedule | null {
  if (!isTimeZone(form.timeZone)) {
    fields.timeZone = [timeZoneRefusal('Time zone', form.timeZone)];
    return null;
  }
  const times: Partial<Record<(typeof WALL_FIELDS)[number], Date>> = {};
  for (const field of WALL_FIELDS) {
    const value = form[field];
    if (value === undefined) {
      continue;
    }
    const reading = readWallTime(value, form.timeZone);
    switch (reading.kind) {
      case 'instant':
        times[field] = reading.instant;
        break;
      case 'invalid':
        fields[field] = ['This is not a date and time of the calendar.'];
        break;
      case 'skipped':
        fields[field] = [
          `${wallTimeInWords(value)} does not exist in ${placeOf(form.timeZone)}: the clocks go forward from ${reading.before} to ${reading.after} that night. Choose a time before ${reading.before} or from ${reading.after}.`,
        ];
        break;
      case 'repeated': {
        const which = form[`${field}Occurrence`];
        if (which) {
          times[field] = reading[which].instant;
        } else {
          fields[field] = [
            `${wallTimeInWords(value)} happens twice in ${placeOf(form.timeZone)}, because the clocks go back that night: choose the first or the second below.`,
          ];
        }
        break;
      }
    }
  }
  if (Object.keys(fields).length > 0 || !times.startsAt || !times.endsAt) {
    return null;
  }
  return {
    title: form.title,
    venueName: form.venueName,
    venueAddress: form.venueAddress,
    timeZone: form.timeZone,
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    capacity: form.capacity,
    bookingOpensAt: times.bookingOpensAt,
    bookingClosesAt: times.bookingClosesAt,
    cancellationCutoffAt: times.cancellationCutoffAt,
    offerHoldHours: form.offerHoldHours,
    instructorIds: form.instructorIds,
  };
}

/** A service refusal, next to its field when it names one. */
function problemsOf(error: unknown): { fields: Fields; formError?: string } {
  const problem = formProblem(error);
  return {
    fields: Object.fromEntries(
      Object.entries(problem.fields).map(([field, messages]) => [field, messages.map(forPeople)]),
    ),
    formError: problem.formError,
  };
}
