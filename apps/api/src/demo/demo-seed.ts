import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import {
  CatalogRow,
  CatalogService,
  CoursesService,
  LessonMediaService,
  demoCourseDocuments,
  demoFigures,
  parseCourseDocument,
} from '@academy/catalog';
import { CreditService, LearningService } from '@academy/learning';
import {
  answersAsShown,
  AttemptsService,
  correctResponse,
  demoQuestionBanks,
  QuestionBankService,
} from '@academy/assessment';
import { TZDate } from '@date-fns/tz';
import { AppConfig, Clock, FakeClock, QuietWiringLogger, Role, toCsv } from '@academy/core';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  ApiKeysService,
  PasswordService,
  ReportingProfileService,
  TwoFactorService,
  UserEntity,
  UsersService,
} from '@academy/identity';
import { BookingService, LabScheduleService, LabWithQueue, RosterService } from '@academy/skills-lab';
import { BoardReportingService, LedgerService } from '@academy/accreditation';
import { CertificatesService, ExpiryRemindersService } from '@academy/certificates';
import { AppModule } from '../app.module';
import { SeedClock } from './seed-clock';

export interface DemoAccount {
  email: string;
  fullName: string;
  roles: Role[];
  what: string;
}

/** The demo academy's people; later features add what they study and hold. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@demo.regen.academy',
    fullName: 'Dr Amara Okafor',
    roles: ['admin'],
    what: 'academy admin and author',
  },
  {
    email: 'instructor@demo.regen.academy',
    fullName: 'Dr Lukas Brandt',
    roles: ['instructor'],
    what: 'skills-lab instructor',
  },
  {
    email: 'learner@demo.regen.academy',
    fullName: 'Dr Sofia Marquez',
    roles: ['learner'],
    what: 'physician part-way through the flagship course',
  },
  {
    email: 'certified@demo.regen.academy',
    fullName: 'Dr Kenji Watanabe',
    roles: ['learner'],
    what: 'physician who completed the flagship course',
  },
  {
    email: 'expiring@demo.regen.academy',
    fullName: 'Dr Elena Petrova',
    roles: ['learner'],
    what: 'physician whose hands-on certificate expires in about seven weeks',
  },
  {
    email: 'renewed@demo.regen.academy',
    fullName: 'Dr Rafael Ortega',
    roles: ['learner'],
    what: 'physician who renewed an expired certificate through the recertification course',
  },
  {
    email: 'verifier@demo.regen.academy',
    fullName: 'Dana Whitfield',
    roles: ['verifier'],
    what: 'verifier at the Demo Accreditation Council',
  },
];

/** The accreditation body the demo verifier works for. */
const DEMO_ORGANISATION = 'Demo Accreditation Council';

const LEARNER_PROFILE = { degree: 'MD', specialty: 'Orthopaedic surgery' } as const;

/** Physicians of the demo cohort who fill most of the next skills lab (not printed at start). */
const DEMO_COHORT = [
  'Dr Hannah Keller',
  'Dr Omar Haddad',
  'Dr Priya Raman',
  'Dr Tomasz Nowak',
  'Dr Grace Mensah',
  'Dr Mateo Rossi',
  'Dr Ingrid Solberg',
].map((fullName, index) => ({ fullName, email: `cohort${index + 1}@demo.regen.academy` }));

/**
 * Seeds the demo academy before the server listens, in an application context of its own whose
 * clock travels back to record a believable history: no request is ever served on that clock,
 * and once this returns the academy is complete, the certified physician's certificate signed
 * and rendered.
 */
export async function seedDemoAcademy(options: {
  config: AppConfig;
  databaseUrl: string;
}): Promise<DemoAccount[]> {
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...options, clock: new SeedClock(), http: false }),
    { bufferLogs: true },
  );
  context.useLogger(new QuietWiringLogger(context.get(PinoLogger)));
  try {
    const accounts = await seedDemo(context, options.config.demoPassword, options.config.demoTotpSecret);
    // Every certificate the seed issued, signed and rendered (a run does at most 50).
    const certificates = context.get(CertificatesService);
    while ((await certificates.completeArtifacts()) > 0) {
      // Until a run finds nothing left.
    }
    return accounts;
  } finally {
    await context.close();
  }
}

/**
 * Seeds the demo academy through the real services, so demo data obeys every rule real data
 * does. Safe to run at every start: existing accounts are kept and given the demo password, and
 * the staff accounts (admin, instructor, verifier) the demo's authenticator secret when one is
 * given (their second factor, required for admins and verifiers).
 */
export async function seedDemo(
  app: INestApplicationContext,
  password: string,
  totpSecret?: string,
): Promise<DemoAccount[]> {
  const users = app.get(UsersService);
  const passwords = app.get(PasswordService);
  // Each password is hashed on a thread of its own: the accounts are made side by side.
  await sideBySide(
    app,
    DEMO_ACCOUNTS.map((account) => async () => {
      const existing = await users.findByEmail(account.email);
      if (!existing) {
        const isLearner = account.roles.includes('learner');
        await users.createByAdmin({
          email: account.email,
          fullName: account.fullName,
          password,
          roles: account.roles,
          ...(isLearner ? { profile: LEARNER_PROFILE } : {}),
        });
      } else if (!(await passwords.verify(existing.passwordHash, password))) {
        await users.resetPassword(existing.id, password);
      }
    }),
  );
  if (totpSecret) {
    for (const account of DEMO_ACCOUNTS.filter((demo) => !demo.roles.includes('learner'))) {
      const staff = await users.findByEmail(account.email);
      await app.get(TwoFactorService).enrolTotpWithSecret(staff!.id, totpSecret);
    }
  }
  await seedDemoOrganisation(app);
  await seedDemoCourses(app);
  for (const banks of demoQuestionBanks()) {
    const published = await app
      .get(CatalogService)
      .getPublished(banks.courseSlug)
      .catch(() => null);
    if (published) {
      await app.get(QuestionBankService).importBanks(banks);
    }
  }
  // Scheduled before anyone's story starts: the certified physician attends one of these labs
  // (and the certificate lives schedule labs of their own).
  const labs = await scheduleDemoLabs(app);
  // The people of the demo, side by side.
  await sideBySide(app, [
    () => studyFlagship(app, 'learner@demo.regen.academy', 1),
    () => seedCertifiedPhysician(app, labs),
    ...(labs ? DEMO_COHORT.map((member) => () => joinWinterCohort(app, labs, member, password)) : []),
    () => seedExpiringCertificate(app),
    () => seedRenewedCertificate(app),
  ]);
  // A signed checkpoint of the ledger the seed wrote (none when a restart added nothing).
  await app.get(LedgerService).makeCheckpoint('demo_seed', { ifChanged: true });
  return DEMO_ACCOUNTS;
}

/**
 * Runs strands of the demo's story that concern different people side by side, each on a
 * timeline of its own (the seed's clock), and waits for every one: the first failure is
 * thrown once all have stopped. On any other clock (a test's), one after another.
 */
async function sideBySide(app: INestApplicationContext, strands: (() => Promise<unknown>)[]): Promise<void> {
  const clock = app.get(Clock);
  if (!(clock instanceof SeedClock)) {
    for (const strand of strands) {
      await strand();
    }
    return;
  }
  const outcomes = await Promise.allSettled(strands.map((strand) => clock.onItsOwnTimeline(strand)));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    throw failed.reason;
  }
}

/**
 * The demo verifier's accreditation body, the verifier a member of it and the manager of its
 * API keys, so the demo shows keys being made and revoked (all made once).
 */
async function seedDemoOrganisation(app: INestApplicationContext): Promise<void> {
  const apiKeys = app.get(ApiKeysService);
  const users = app.get(UsersService);
  const organisation =
    (await apiKeys.listOrganisations()).find((candidate) => candidate.name === DEMO_ORGANISATION) ??
    (await apiKeys.createOrganisation(DEMO_ORGANISATION));
  const verifier = await users.joinOrganisation(organisation.id, 'verifier@demo.regen.academy');
  await users.setOrganisationManager(organisation.id, verifier.id, true);
}

const FLAGSHIP = 'bone-marrow-harvesting';

/** Passes a module quiz the way a learner does: start an attempt, answer it right, submit. */
async function passQuiz(
  app: INestApplicationContext,
  userId: string,
  moduleId: string,
  slug = FLAGSHIP,
): Promise<void> {
  const attempts = app.get(AttemptsService);
  if ((await attempts.status(userId, slug, moduleId)).passed) {
    return;
  }
  const { attemptId } = await attempts.start(userId, slug, moduleId);
  const view = await attempts.view(userId, attemptId);
  const answers = Object.fromEntries(
    view.questions.map((question) => [question.id, correctResponse(question.answerKey.key)]),
  );
  await attempts.submit(userId, attemptId, answersAsShown(view.attempt.served, answers));
}

/**
 * A physician studies the flagship course: every lesson and quiz of the first `modulesPassed`
 * modules, then the first lesson of the next (the demo learner has passed the anatomy quiz and
 * started on extraction; the certified physician has read every lesson and passed every quiz).
 */
async function studyFlagship(
  app: INestApplicationContext,
  email: string,
  modulesPassed: number | 'all',
): Promise<void> {
  const user = await app.get(UsersService).findByEmail(email);
  const flagship = await app
    .get(CatalogService)
    .getPublished(FLAGSHIP)
    .catch(() => null);
  if (!user || !flagship) {
    return;
  }
  const learning = app.get(LearningService);
  const modules = flagship.content.modules;
  const passed = modulesPassed === 'all' ? modules.length : modulesPassed;
  // With the seed's clock (npm start), the study happens over the past weeks, a lesson every
  // twenty minutes, so the time on task supports a credit claim.
  const clock = app.get(Clock);
  const travel = clock instanceof SeedClock ? clock : null;
  travel?.travelTo(new Date(Date.now() - 21 * 86_400_000));
  await learning.enrol(user.id, FLAGSHIP);
  await learning.acknowledgeDisclosures(user.id, FLAGSHIP);
  for (const [index, module] of modules.entries()) {
    if (index > passed) {
      break;
    }
    // Part-way: the first lesson of the module after the last one passed.
    const lessons = index < passed ? module.lessons : module.lessons.slice(0, 1);
    for (const lesson of lessons) {
      await learning.openLesson(user.id, FLAGSHIP, lesson.id);
      travel?.advance(20 * 60_000);
    }
    if (index < passed) {
      await passQuiz(app, user.id, module.id);
    }
  }
  travel?.travelTo(null);
}

/**
 * The certified physician's story: he studies the whole flagship course, attends the lab held
 * three days ago, then evaluates the course and claims his credit, which issues his certificate.
 */
async function seedCertifiedPhysician(app: INestApplicationContext, labs: DemoLabs | null): Promise<void> {
  await studyFlagship(app, 'certified@demo.regen.academy', 'all');
  if (labs) {
    await attendPastLab(app, labs);
  }
  await seedDemoCompletion(app);
}

/**
 * The certified physician evaluates the course and claims the credit their study time supports;
 * with the lab already signed off, that last step issues the certificate.
 */
async function seedDemoCompletion(app: INestApplicationContext): Promise<void> {
  const user = await app.get(UsersService).findByEmail('certified@demo.regen.academy');
  const credits = app.get(CreditService);
  const status = user ? await credits.status(user.id, FLAGSHIP).catch(() => null) : null;
  if (!user || !status) {
    return;
  }
  if (!status.evaluationSubmitted) {
    await credits.submitEvaluation(user.id, FLAGSHIP, {
      objectivesMet: 5,
      freeOfCommercialBias: 5,
      relevantToPractice: 5,
      intendedChange: 'Limit each pull to a few millilitres and reposition the needle between pulls.',
    });
  }
  const ama = status.credits.find((credit) => credit.type.startsWith('AMA PRA'));
  if (ama && ama.claimed === null && ama.allowed > 0) {
    // An orthopaedic surgeon: his reporting profile has what PARS needs, and he has the
    // completion reported to his board (when the academy reports to it).
    const profiles = app.get(ReportingProfileService);
    if ((await profiles.profile(user.id)).boards.length === 0) {
      await profiles.update(user.id, {
        birthDate: '04/17',
        licences: [{ jurisdiction: 'CA', number: 'G-84213' }],
        boards: [{ board: 'ABOS', boardId: '204817', consent: true }],
      });
    }
    const reportTo = status.boards.some((board) => board.board === 'ABOS') ? ['ABOS'] : undefined;
    await credits.claim(user.id, FLAGSHIP, [{ type: ama.type, amount: ama.allowed }], reportTo);
    await reportToBoards(app);
  }
}

/**
 * The admin sends the queued board reports to PARS in a batch file, and PARS accepts every row:
 * the certified physician's transcript says his completion was reported.
 */
async function reportToBoards(app: INestApplicationContext): Promise<void> {
  const reporting = app.get(BoardReportingService);
  const admin = await app.get(UsersService).findByEmail('admin@demo.regen.academy');
  if (!admin || (await reporting.list({ state: 'queued', limit: 1, offset: 0 })).total === 0) {
    return;
  }
  const batch = await reporting.createBatch(admin.id);
  const table: string[][] = parseCsv(batch.content);
  const [header, ...rows] = table;
  const results = toCsv({
    columns: [...header!, 'Result', 'Reason'],
    rows: rows.map((row) => [...row, 'Accepted', '']),
  });
  await reporting.importResults(results, batch.batch.number, admin.id);
}

/** 09:00 at the venue, `days` days from now. */
function morningAt(timeZone: string, now: Date, days: number): Date {
  const day = new TZDate(now.getTime() + days * 86_400_000, timeZone);
  return new Date(TZDate.tz(timeZone, day.getFullYear(), day.getMonth(), day.getDate(), 9, 0).getTime());
}

/**
 * Runs `work` with the app's clock at `moment` (the seed's travelling clock, or a test's fake
 * one), then puts it back: what happened in the past is recorded at the time it happened.
 */
async function atMoment<T>(app: INestApplicationContext, moment: Date, work: () => Promise<T>): Promise<T> {
  const clock = app.get(Clock);
  if (clock instanceof SeedClock) {
    clock.travelTo(moment);
    try {
      return await work();
    } finally {
      clock.travelTo(null);
    }
  }
  if (clock instanceof FakeClock) {
    const was = clock.now();
    clock.set(moment);
    try {
      return await work();
    } finally {
      clock.set(was);
    }
  }
  return work();
}

/** The demo's labs of the flagship course, and who runs them. */
interface DemoLabs {
  flagship: CatalogRow;
  instructor: UserEntity;
  /** Held three days ago: the certified physician attended and met every step. */
  past: LabWithQueue;
  /** In ten days: the demo cohort nearly fills it (7 of 8 seats). */
  soon: LabWithQueue;
}

/**
 * Schedules three labs of the flagship course, once: one held three days ago, one in ten days
 * and a roomy one in five weeks. Null when they were scheduled before (or the course or the
 * instructor is missing): nobody's lab story is to be told again.
 */
async function scheduleDemoLabs(app: INestApplicationContext): Promise<DemoLabs | null> {
  const schedule = app.get(LabScheduleService);
  const flagship = await app
    .get(CatalogService)
    .getPublished(FLAGSHIP)
    .catch(() => null);
  const instructor = await app.get(UsersService).findByEmail('instructor@demo.regen.academy');
  if (!flagship || !instructor) {
    return null;
  }
  if ((await schedule.list({ courseId: flagship.courseId, limit: 1, offset: 0 })).total > 0) {
    return null;
  }
  const now = app.get(Clock).now();
  const timeZone = 'Europe/Berlin';
  const venue = {
    venueName: 'Charité anatomy teaching centre',
    venueAddress: 'Philippstraße 11, 10115 Berlin',
  };
  const lab = (title: string, days: number, capacity: number) => {
    const startsAt = morningAt(timeZone, now, days);
    return schedule.schedule(flagship.courseId, {
      title,
      ...venue,
      timeZone,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * 3_600_000),
      capacity,
      ...(days < 0 ? {} : { bookingOpensAt: new Date(now.getTime() - 86_400_000) }),
      instructorIds: [instructor.id],
    });
  };
  // The clock goes back to record the past lab as it happened: scheduled a week beforehand.
  const past = await atMoment(app, new Date(morningAt(timeZone, now, -3).getTime() - 7 * 86_400_000), () =>
    lab('Bone marrow harvest skills lab (autumn cohort)', -3, 8),
  );
  const soon = await lab('Bone marrow harvest skills lab (winter cohort)', 10, 8);
  await lab('Bone marrow harvest skills lab (spring cohort)', 35, 12);
  return { flagship, instructor, past, soon };
}

/**
 * The certified physician at the lab held three days ago: checked in, every step at entrustment
 * level 4, signed off by the demo instructor, recorded during the session.
 */
async function attendPastLab(app: INestApplicationContext, labs: DemoLabs): Promise<void> {
  const certified = await app.get(UsersService).findByEmail('certified@demo.regen.academy');
  if (!certified) {
    return;
  }
  const roster = app.get(RosterService);
  const actor = { userId: labs.instructor.id, roles: labs.instructor.roles };
  await atMoment(app, new Date(labs.past.startsAt.getTime() + 3_600_000), async () => {
    const { booking } = await app.get(BookingService).book(certified.id, labs.past.id, { byAdmin: true });
    await roster.checkIn(actor, labs.past.id, booking.ticketCode, 'present');
    for (const step of labs.past.checklist) {
      await roster.recordStep(actor, labs.past.id, booking.id, { stepId: step.id, level: 4 });
    }
    await roster.sign(actor, labs.past.id, booking.id);
  });
}

/** A physician of the demo cohort: enrols, passes every quiz and books the lab in ten days. */
async function joinWinterCohort(
  app: INestApplicationContext,
  labs: DemoLabs,
  member: { fullName: string; email: string },
  password: string,
): Promise<void> {
  const users = app.get(UsersService);
  const learning = app.get(LearningService);
  const user =
    (await users.findByEmail(member.email)) ??
    (await users.createByAdmin({ ...member, password, roles: ['learner'], profile: LEARNER_PROFILE }));
  await learning.enrol(user.id, FLAGSHIP);
  await learning.acknowledgeDisclosures(user.id, FLAGSHIP);
  for (const module of labs.flagship.content.modules) {
    await passQuiz(app, user.id, module.id);
  }
  await app.get(BookingService).book(user.id, labs.soon.id);
}

/** Imports and publishes each shipped demo course that is not published yet. */
async function seedDemoCourses(app: INestApplicationContext): Promise<void> {
  const courses = app.get(CoursesService);
  const catalog = app.get(CatalogService);
  const logger = new Logger('DemoSeed');
  const documents = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
  // A course that names its recertification course comes after it: the name must exist.
  documents.sort(
    (a, b) =>
      Number(a.content.recertificationCourse !== undefined) -
      Number(b.content.recertificationCourse !== undefined),
  );
  for (const document of documents) {
    const published = await catalog.getPublished(document.slug).catch(() => null);
    if (published) {
      continue;
    }
    // The flagship awards MOC with ABA and ABIM; an academy reporting to other boards
    // (MOC_BOARDS) seeds it without them rather than have its import refused.
    if (document.content.moc) {
      document.content.moc = document.content.moc.filter((entry) =>
        courses.reportedBoards.includes(entry.board),
      );
    }
    const { course } = await courses.importDocument(document);
    // Lessons carry figures as stored images: upload the demo's into the draft before publishing.
    for (const figure of demoFigures().filter((each) => each.courseSlug === document.slug)) {
      await app.get(LessonMediaService).addFigure(course.id, figure.lessonId, {
        bytes: figure.bytes,
        fileName: figure.file,
        alt: figure.alt,
        caption: figure.caption,
      });
    }
    const draft = await courses.getDraft(course.id);
    try {
      await courses.publish(course.id, draft.revision);
    } catch (error) {
      // Demo content whose disclosures have aged past 24 months stays a draft; the app still starts.
      logger.warn({ err: error, slug: document.slug }, 'Demo course left as a draft');
    }
  }
}

const RECERTIFICATION = 'bone-marrow-harvesting-recertification';
const DAY = 86_400_000;

/** `months` calendar months before `at` (as certificates count their validity). */
function monthsBefore(at: Date, months: number): Date {
  const before = new Date(at);
  before.setUTCMonth(before.getUTCMonth() - months);
  return before;
}

/**
 * Dr Petrova completed the flagship course and its lab almost three years ago (the seed's clock
 * travels back), so her certificate (valid 36 months) expires in about seven weeks and she has
 * been reminded. Seeded once.
 */
async function seedExpiringCertificate(app: INestApplicationContext): Promise<void> {
  const story = await certificateStoryOf(app, 'expiring@demo.regen.academy');
  if (!story) {
    return;
  }
  const { clock, userId } = story;
  // Studied so that the certificate, issued two days later at the lab, expires in seven weeks.
  const start = monthsBefore(new Date(clock.now().getTime() + 47 * DAY), 36);
  await completeWithLab(app, clock, userId, FLAGSHIP, start);
  // Back to now, when the 60-day reminder is due.
  clock.travelTo(null);
  await app.get(ExpiryRemindersService).sendDue();
}

/**
 * Dr Ortega's flagship certificate expired a month ago, and he renewed it this week through the
 * recertification course and its lab. Seeded once.
 */
async function seedRenewedCertificate(app: INestApplicationContext): Promise<void> {
  const story = await certificateStoryOf(app, 'renewed@demo.regen.academy');
  if (!story) {
    return;
  }
  const { clock, userId } = story;
  const now = clock.now();
  await completeWithLab(app, clock, userId, FLAGSHIP, monthsBefore(now, 37));
  await completeWithLab(app, clock, userId, RECERTIFICATION, new Date(now.getTime() - 6 * DAY));
  clock.travelTo(null);
}

/**
 * The demo holder whose certificates' story is to be told, with the seed's clock to tell it:
 * null when it was told before (they hold certificates), or the clock cannot travel (a test's).
 */
async function certificateStoryOf(
  app: INestApplicationContext,
  email: string,
): Promise<{ clock: SeedClock; userId: string } | null> {
  const clock = app.get(Clock);
  const holder = await app.get(UsersService).findByEmail(email);
  if (!(clock instanceof SeedClock) || !holder) {
    return null;
  }
  if ((await app.get(CertificatesService).mine(holder.id)).length > 0) {
    return null;
  }
  return { clock, userId: holder.id };
}

/**
 * A learner studies a course from `start`, attends its lab two days later (checked in, every
 * step at entrustment level 4, signed off by the demo instructor) and claims the credit that
 * evening: the claim issues the certificate, dated then.
 */
async function completeWithLab(
  app: INestApplicationContext,
  clock: SeedClock,
  userId: string,
  slug: string,
  start: Date,
): Promise<void> {
  const course = await app
    .get(CatalogService)
    .getPublished(slug)
    .catch(() => null);
  const instructor = await app.get(UsersService).findByEmail('instructor@demo.regen.academy');
  if (!course || !instructor) {
    return;
  }
  const learning = app.get(LearningService);
  clock.travelTo(start);
  await learning.enrol(userId, slug);
  await learning.acknowledgeDisclosures(userId, slug);
  for (const module of course.content.modules) {
    for (const lesson of module.lessons) {
      await learning.openLesson(userId, slug, lesson.id);
      clock.advance(20 * 60_000);
    }
    await passQuiz(app, userId, module.id, slug);
  }
  const timeZone = 'Europe/Berlin';
  const startsAt = morningAt(timeZone, start, 2);
  const lab = await app.get(LabScheduleService).schedule(course.courseId, {
    title: `${course.content.title}: skills lab`,
    venueName: 'Charité anatomy teaching centre',
    venueAddress: 'Philippstraße 11, 10115 Berlin',
    timeZone,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * 3_600_000),
    capacity: 8,
    instructorIds: [instructor.id],
  });
  const actor = { userId: instructor.id, roles: instructor.roles };
  const { booking } = await app.get(BookingService).book(userId, lab.id, { byAdmin: true });
  clock.travelTo(new Date(startsAt.getTime() + 3_600_000));
  await app.get(RosterService).checkIn(actor, lab.id, booking.ticketCode, 'present');
  for (const step of lab.checklist) {
    await app.get(RosterService).recordStep(actor, lab.id, booking.id, { stepId: step.id, level: 4 });
  }
  await app.get(RosterService).sign(actor, lab.id, booking.id);
  clock.travelTo(new Date(startsAt.getTime() + 10 * 3_600_000));
  const credits = app.get(CreditService);
  await credits.submitEvaluation(userId, slug, {
    objectivesMet: 5,
    freeOfCommercialBias: 5,
    relevantToPractice: 4,
    intendedChange: 'Check the anaesthetic dose against the patient’s weight before every harvest.',
  });
  const ama = (await credits.status(userId, slug)).credits.find((credit) =>
    credit.type.startsWith('AMA PRA'),
  );
  if (ama && ama.allowed > 0) {
    await credits.claim(userId, slug, [{ type: ama.type, amount: ama.allowed }]);
  }
}
