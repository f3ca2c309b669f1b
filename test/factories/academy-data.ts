import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { correctResponse, PRETEST_ID, QuestionBankService, demoQuestionBanks } from '@academy/assessment';
import type { AnswerKey, QuestionBody, Response } from '@academy/assessment';
import {
  contentHash,
  demoCourseDocuments,
  parseCourseDocument,
  plainContent,
  unmetPublishRules,
} from '@academy/catalog';
import type { CourseContent } from '@academy/catalog';
import { expiryOf, newCertificateNumber } from '@academy/certificates';
import type { StatusReason } from '@academy/certificates';
import { AppSecret, Clock, Database } from '@academy/core';
import { PasswordService, UsersService } from '@academy/identity';
import { DEFAULT_CHECKLIST, newTicketCode } from '@academy/skills-lab';

/**
 * A realistic academy at volume, for reports, dashboards, item analysis and benchmarks.
 *
 * The real services take a request's worth of work per step, far too slow for 10,000 learners,
 * so this writes rows directly with bulk `INSERT … SELECT FROM unnest(…)`, in one transaction.
 * It keeps every invariant the services keep: enrolments on the version published at that
 * moment (a course revised part-way through has learners on both versions); disclosures
 * acknowledged before any study; modules opened in order, each after the previous quiz is
 * passed; at most three attempts per quiz, an hour apart, graded as the service grades them (8
 * of the bank's questions served, choices shuffled, all-or-nothing, the course's passing score)
 * with a module pass at the passing attempt; the ungraded pre-test taken once before the first
 * module; study moments behind every claim, so no claim exceeds what the time on task allows;
 * the evaluation only after every quiz, credit only after the evaluation; a lab booked only with
 * every module passed, seats within capacity, signed tickets, attendance before sign-off and the
 * checklist at the required levels before the lab counts; and a certificate, numbered by
 * `newCertificateNumber()`, exactly when the last step completes the course, at that moment.
 * Nothing happens after the clock's now: a learner part-way through may hold an open attempt or
 * a seat at a lab still to come. Some certificates are later revoked or suspended by an admin.
 *
 * What it does not write: audit events (and so ledger entries) and notifications, which record
 * what people did through the app; certificates are left unsigned, to be signed and rendered on
 * first demand as the service does.
 *
 * The same seed and `now` give the same academy (people, progress, scores, answers, dates); ids,
 * slugs' suffixes, ticket codes and certificate numbers are random. (Labs fall on calendar days,
 * so another time of day for `now` shifts a few learners' stories: pass `now` to pin them.)
 */

/** Every generated learner's password (they can sign in). */
export const GENERATED_PASSWORD = 'generated learner passphrase 2026';

export interface GeneratedVersion {
  versionId: string;
  number: number;
  publishedAt: Date;
  archivedAt: Date | null;
  content: CourseContent;
}

export interface GeneratedCourse {
  courseId: string;
  slug: string;
  title: string;
  versions: GeneratedVersion[];
  /** The bank of each module quiz, question ids in bank order. */
  banks: Record<string, string[]>;
}

export interface AcademyDataOptions {
  learners: number;
  /** Default 1. */
  seed?: number;
  /**
   * The flagship course only (1) or with the diagnostic course too (2, the default). More than two
   * adds further runs of the same two courses (an academy running a course again for another
   * cohort, under its own title), which many learners take too: volume for benchmarks.
   */
  courseCount?: number;
  /** Courses of an earlier call, to grow the same academy instead of starting a new one. */
  courses?: GeneratedCourse[];
  /** Learners enrol over this many days before now (default 360). */
  days?: number;
  /** The end of the history (default: the app's clock). */
  now?: Date;
}

export interface AcademyDataCounts {
  learners: number;
  enrolments: number;
  lessonViews: number;
  studyMoments: number;
  attempts: number;
  modulePasses: number;
  evaluations: number;
  claims: number;
  labs: number;
  bookings: number;
  certificates: number;
}

export interface AcademyData {
  courses: GeneratedCourse[];
  /** The first instant of the history (enrolments start here) and its end. */
  from: Date;
  now: Date;
  adminId: string;
  instructorId: string;
  learnerIds: string[];
  counts: AcademyDataCounts;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const AMA = 'AMA PRA Category 1 Credit™';
const AAPA = 'AAPA Category 1 CME';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  int(low: number, high: number): number {
    return Math.floor(this.between(low, high + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [value, weight] of choices) {
      at -= weight;
      if (at < 0) {
        return value;
      }
    }
    return choices[choices.length - 1]![0];
  }

  normal(mean = 0, deviation = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// People

const FIRST_NAMES = [
  'Amara',
  'Benedikt',
  'Carmen',
  'Dmitri',
  'Elif',
  'Farid',
  'Greta',
  'Hiroshi',
  'Ingrid',
  'José',
  'Kavya',
  'Lars',
  'Mei',
  'Nuno',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Siobhán',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Aisha',
  'Björn',
  'Chiara',
  'Daniel',
  'Emily',
  'Francesca',
  'Gabriel',
  'Hannah',
  'Isaac',
  'Julia',
  'Kwame',
  'Leila',
  'Marcus',
  'Nadia',
  'Oliver',
  'Paula',
  'Rahul',
  'Sofia',
  'Thomas',
  'Valentina',
  'William',
  'Yara',
  'Łukasz',
  'Renée',
];
const LAST_NAMES = [
  'Adeyemi',
  'Becker',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fernández',
  'Gupta',
  'Hoffmann',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schneider',
  'Tanaka',
  'Ueda',
  'Vasquez',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Brennan',
  'Chen',
  'Davies',
  'Evans',
  'Fischer',
  'García',
  'Hughes',
  "O'Neill",
  'Kim',
  'Lindqvist',
  'Müller',
  'Novak',
  'Osei',
  'Patel',
  'Ramírez',
  'Silva',
  'Thompson',
  'van der Berg',
  'Walsh',
  'Nguyen',
];
const SPECIALTIES = [
  'Orthopaedic surgery',
  'Sports medicine',
  'Physical medicine and rehabilitation',
  'Pain medicine',
  'Interventional radiology',
  'Rheumatology',
  'Family medicine',
];
const STATES = ['CA', 'TX', 'NY', 'FL', 'IL', 'PA', 'OH', 'GA', 'NC', 'MI', 'WA', 'AZ', 'MA', 'CO', 'MN'];
const DEGREES = [
  ['MD', 55],
  ['DO', 18],
  ['MBBS', 6],
  ['PA', 12],
  ['NP', 6],
  ['RN', 3],
] as const;
type GeneratedDegree = (typeof DEGREES)[number][0];
const PHYSICIAN_DEGREES: readonly GeneratedDegree[] = ['MD', 'DO', 'MBBS'];

/** A well-formed NPI: nine digits and the Luhn check digit over the prefix 80840 (CMS rule). */
function npiFrom(random: Random): string {
  const body = `${random.pick(['1', '2'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
  const digits = `80840${body}`;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const INTENDED_CHANGES = [
  'Limit each pull to a few millilitres and reposition the needle between pulls.',
  'Use ultrasound to confirm the PSIS before every harvest.',
  'Check platelet count and anticoagulants at the pre-procedure visit.',
  'Label and document the chain of custody for every sample.',
  'Discuss the developing evidence base honestly with every patient.',
  'Anaesthetise down to the periosteum before inserting the trocar.',
  'Keep the time between harvest and injection within the processing limits.',
  'Introduce a written aftercare sheet with the activity timeline.',
  'Track outcomes with a validated score at each follow-up.',
  'Prefer the posterior iliac crest over the sternum for harvests.',
  'Audit our cell counts against the quality markers from the course.',
  'Use a closed processing system where we can.',
  'Image-guide every injection into the target tissue.',
  'Review patient selection criteria with the team.',
];
const COMMENTS = [
  'The processing module was the most useful part.',
  'More video of the aspiration technique would help.',
  'Excellent references.',
  'The quizzes were hard but fair.',
  'Please add a module on complications management.',
  'The lab checklist matched what we practised.',
  'Some lessons were long; shorter sections would help.',
  'Clear and balanced on the evidence.',
  'Would like a case discussion session.',
  'Good pacing.',
];

// ---------------------------------------------------------------------------------------------
// Questions and answers

interface BankQuestion {
  id: string;
  moduleId: string;
  body: QuestionBody;
  key: AnswerKey;
  /** Item response theory (2PL with guessing): difficulty, discrimination, guessing floor. */
  difficulty: number;
  discrimination: number;
  guessing: number;
}

function choiceIds(body: QuestionBody): string[] | null {
  switch (body.type) {
    case 'single':
    case 'multiple':
      return body.options.map((option) => option.id);
    case 'ordering':
      return body.items.map((item) => item.id);
    case 'true_false':
    case 'numeric':
      return null;
  }
}

/** A response the grader marks wrong, of the kind a learner gives. */
function wrongResponse(question: BankQuestion, random: Random): Response {
  const key = question.key;
  switch (key.type) {
    case 'single': {
      const others = choiceIds(question.body)!.filter((id) => id !== key.correct);
      return random.pick(others);
    }
    case 'multiple': {
      const all = choiceIds(question.body)!;
      const wrong = all.filter((id) => !key.correct.includes(id));
      if (key.correct.length > 1 && (wrong.length === 0 || random.chance(0.5))) {
        return key.correct.filter((id) => id !== random.pick(key.correct));
      }
      return [...key.correct, random.pick(wrong)];
    }
    case 'true_false':
      return !key.correct;
    case 'numeric': {
      const miss = key.tolerance + Math.max(1, Math.abs(key.answer) * random.between(0.1, 0.5));
      return Math.round((key.answer + (random.chance(0.5) ? miss : -miss)) * 100) / 100;
    }
    case 'ordering': {
      const order = [...key.order];
      const at = random.int(0, order.length - 2);
      [order[at], order[at + 1]] = [order[at + 1]!, order[at]!];
      return order;
    }
  }
}

function probabilityRight(question: BankQuestion, ability: number): number {
  const logistic = 1 / (1 + Math.exp(-question.discrimination * (ability - question.difficulty)));
  return question.guessing + (1 - question.guessing) * logistic;
}

// ---------------------------------------------------------------------------------------------
// Rows, as the tables hold them

interface UserRow {
  id: string;
  email: string;
  fullName: string;
  degree: GeneratedDegree;
  specialty: string;
  npi: string | null;
  licenceState: string | null;
  licenceNumber: string | null;
  createdAt: Date;
}

interface EnrolmentRow {
  id: string;
  userId: string;
  courseId: string;
  versionId: string;
  enrolledAt: Date;
  acknowledgedAt: Date | null;
  labCompletedAt: Date | null;
}

interface AttemptRow {
  id: string;
  enrolmentId: string;
  userId: string;
  versionId: string;
  moduleId: string;
  number: number;
  status: 'open' | 'submitted';
  startedAt: Date;
  finishedAt: Date | null;
  served: string;
  answers: string;
  score: number | null;
  passed: boolean | null;
}

interface LabRow {
  id: string;
  courseId: string;
  title: string;
  venueName: string;
  venueAddress: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsTaken: number;
}

interface BookingRow {
  id: string;
  lab: LabRow;
  courseId: string;
  userId: string;
  enrolmentId: string;
  ticketCode: string;
  createdAt: Date;
  attendance: 'present' | 'late' | 'absent' | null;
  attendanceAt: Date | null;
  signedOffAt: Date | null;
  requirementMet: boolean;
}

interface CertificateRow {
  number: string;
  enrolmentId: string;
  userId: string;
  holderName: string;
  courseId: string;
  versionId: string;
  courseTitle: string;
  courseVersion: number;
  contentHash: string;
  credits: { type: string; amount: number }[];
  issuedAt: Date;
  expiresAt: Date | null;
  status: 'valid' | 'revoked' | 'suspended';
  statusReason: StatusReason | null;
  statusChangedAt: Date | null;
}

class Rows {
  users: UserRow[] = [];
  enrolments: EnrolmentRow[] = [];
  lessonViews: { enrolmentId: string; lessonId: string; at: Date }[] = [];
  moments: { enrolmentId: string; at: Date; kind: 'lesson' | 'quiz' }[] = [];
  attempts: AttemptRow[] = [];
  passes: { enrolmentId: string; moduleId: string; at: Date }[] = [];
  evaluations: { enrolmentId: string; answers: string; at: Date }[] = [];
  claims: { enrolmentId: string; type: string; amount: number; at: Date }[] = [];
  bookings: BookingRow[] = [];
  checklist: { bookingId: string; stepId: string; level: number; at: Date }[] = [];
  certificates: CertificateRow[] = [];
}

/** Thrown inside one learner's story when its next step would fall after now. */
class PastNow extends Error {}

// ---------------------------------------------------------------------------------------------
// Courses

const RECERTIFICATION_SLUG = 'bone-marrow-harvesting-recertification';

const iso = (date: Date): string => date.toISOString();
const day = (date: Date): string => date.toISOString().slice(0, 10);

function datedContent(content: CourseContent, publishedAt: Date): CourseContent {
  const copy = plainContent(content);
  const release = new Date(`${day(publishedAt)}T00:00:00Z`);
  const expiry = new Date(release.getTime());
  expiry.setUTCFullYear(expiry.getUTCFullYear() + 3);
  expiry.setUTCDate(expiry.getUTCDate() - 1);
  copy.releaseDate = day(release);
  copy.expiryDate = day(expiry);
  for (const person of copy.people) {
    person.disclosure.disclosedOn = day(new Date(publishedAt.getTime() - 20 * DAY));
  }
  return copy;
}

/**
 * The demo course documents as new courses of their own (fresh slugs, so several generated
 * academies or the demo's own courses can share a database), published at the start of the
 * history; the flagship is revised part-way through, its first version archived then. Rows are
 * written directly so the publication can be dated in the past; each version meets every
 * publishing rule at its date. Question banks are the demo banks, added through the service.
 * Past the two demo courses, each further course is another run of one of them.
 */
async function createCourses(
  app: INestApplicationContext,
  count: number,
  start: Date,
  now: Date,
  adminId: string,
): Promise<GeneratedCourse[]> {
  const db = app.get(Database);
  const tag = randomBytes(3).toString('hex');
  // Generated learners start from scratch, so the flagship's recertification course (for those
  // certified about three years before) is not among the courses they take.
  const demo = (await Promise.all(demoCourseDocuments().map(parseCourseDocument))).filter(
    (document) => document.slug !== RECERTIFICATION_SLUG,
  );
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`courseCount must be a whole number of at least 1, not ${count}`);
  }
  const banks = demoQuestionBanks();
  const span = now.getTime() - start.getTime();
  const courses: GeneratedCourse[] = [];
  for (let index = 0; index < count; index++) {
    const document = demo[index % demo.length]!;
    const run = Math.floor(index / demo.length) + 1;
    const flagship = index === 0;
    const firstPublished = flagship
      ? new Date(start.getTime() - 2 * DAY)
      : new Date(start.getTime() + Math.min(0.15 * index, 0.5) * span);
    const versions: GeneratedVersion[] = [];
    const v1 = datedContent(document.content, firstPublished);
    if (run > 1) {
      v1.title = `${v1.title} (run ${run})`;
    }
    versions.push({
      versionId: randomUUID(),
      number: 1,
      publishedAt: firstPublished,
      archivedAt: null,
      content: v1,
    });
    if (flagship) {
      const revisedAt = new Date(start.getTime() + 0.55 * span);
      const v2 = datedContent(document.content, revisedAt);
      v2.summary = `${v2.summary} Revised with updated evidence on cell yield and aftercare.`;
      versions[0]!.archivedAt = revisedAt;
      versions.push({
        versionId: randomUUID(),
        number: 2,
        publishedAt: revisedAt,
        archivedAt: null,
        content: v2,
      });
    }
    for (const version of versions) {
      const unmet = unmetPublishRules(version.content, version.publishedAt);
      if (unmet.length > 0) {
        throw new Error(`Generated course would not publish: ${unmet.map((rule) => rule.message).join(' ')}`);
      }
    }
    const courseId = randomUUID();
    const slug = `${document.slug}-${run > 1 ? `run${run}-` : ''}${tag}`.slice(0, 100);
    await db.execute(
      `INSERT INTO course (id, slug, created_at, created_by_user_id) VALUES ($1, $2, $3, $4)`,
      [courseId, slug, iso(new Date(firstPublished.getTime() - 7 * DAY)), adminId],
    );
    const bank = banks.find((candidate) => candidate.courseSlug === document.slug);
    const questionBank = app.get(QuestionBankService);
    const bankIds: Record<string, string[]> = {};
    // Each version as authors make it: a draft (the next one starts from the bank before it),
    // then published, archiving the one before. The bank is written into the first draft.
    for (const [index, version] of versions.entries()) {
      await db.execute(
        `INSERT INTO course_version (id, course_id, number, status, revision, content, content_hash, created_at,
           updated_at, published_at, published_by_user_id, archived_at)
         VALUES ($1, $2, $3, 'draft', 1, $4, NULL, $5, $5, NULL, NULL, NULL)`,
        [
          version.versionId,
          courseId,
          version.number,
          JSON.stringify(version.content),
          iso(version.publishedAt),
        ],
      );
      if (index === 0) {
        for (const module of bank?.banks ?? []) {
          bankIds[module.moduleId] = [];
        }
        // The shipped questions carry fixed ids; these are new questions of a new course.
        const added = await questionBank.addAll(
          courseId,
          (bank?.banks ?? []).flatMap((module) =>
            module.questions.map((question) => ({
              moduleId: module.moduleId,
              input: { ...question, id: undefined },
            })),
          ),
        );
        for (const question of added) {
          bankIds[question.moduleId]!.push(question.id);
        }
        // Written before the course was published, as authors do (in the same order: bank order).
        await db.execute(
          `UPDATE question SET created_at = $2::timestamptz + (created_at - (SELECT min(created_at) FROM question WHERE course_id = $1))
            WHERE course_id = $1`,
          [courseId, iso(new Date(firstPublished.getTime() - DAY))],
        );
      }
      const previous = versions[index - 1];
      if (previous?.archivedAt) {
        await db.execute(`UPDATE course_version SET status = 'archived', archived_at = $2 WHERE id = $1`, [
          previous.versionId,
          iso(previous.archivedAt),
        ]);
      }
      await db.execute(
        `UPDATE course_version SET status = 'published', content_hash = $2, published_at = $3, published_by_user_id = $4
          WHERE id = $1`,
        [version.versionId, contentHash(version.content), iso(version.publishedAt), adminId],
      );
    }
    courses.push({ courseId, slug, title: v1.title, versions, banks: bankIds });
  }
  return courses;
}

async function loadQuestions(app: INestApplicationContext, course: GeneratedCourse, random: Random) {
  const bank = app.get(QuestionBankService);
  const questions = new Map<string, BankQuestion[]>();
  for (const [moduleIndex, moduleId] of Object.keys(course.banks).entries()) {
    // In bank order, whatever order the database answers in: the seed decides the rest.
    const order = course.banks[moduleId]!;
    // The first version's bank: later versions started from copies of it.
    const entities = (await bank.versionBank(course.courseId, moduleId, 1)).items.sort(
      (left, right) => order.indexOf(left.id) - order.indexOf(right.id),
    );
    questions.set(
      moduleId,
      entities
        .filter((entity) => entity.retiredAt === null)
        .map((entity, index) => {
          const choice = entity.body.type === 'single' || entity.body.type === 'multiple';
          const question: BankQuestion = {
            id: entity.id,
            moduleId,
            body: entity.body,
            key: entity.answerKey.key,
            difficulty: random.normal(-0.4, 0.9),
            discrimination: random.between(0.7, 1.8),
            guessing: entity.body.type === 'true_false' ? 0.35 : choice ? 0.15 : 0.03,
          };
          // A few items outside sensible bounds, so item analysis has something to flag.
          if (moduleIndex === 0 && index === 0) {
            question.difficulty = -4;
          }
          if (moduleIndex === 1 && index === 1) {
            question.difficulty = 3.2;
            question.guessing = 0.02;
          }
          if (moduleIndex === 2 && index === 2) {
            question.discrimination = -1.1;
            question.difficulty = 0;
          }
          return question;
        }),
    );
  }
  return questions;
}

// ---------------------------------------------------------------------------------------------
// Skills labs: weekly, from the first weeks of the history to two months ahead

function scheduleLabs(course: GeneratedCourse, start: Date, now: Date): LabRow[] {
  const labs: LabRow[] = [];
  const venues = [
    {
      venueName: 'Anatomy teaching centre',
      venueAddress: 'Philippstraße 11, 10115 Berlin',
      timeZone: 'Europe/Berlin',
      hour: 7,
    },
    {
      venueName: 'Surgical skills laboratory',
      venueAddress: '1740 W Taylor St, Chicago, IL 60612',
      timeZone: 'America/Chicago',
      hour: 14,
    },
  ];
  const first = new Date(`${day(new Date(start.getTime() + 10 * DAY))}T00:00:00Z`);
  for (let at = first.getTime(), week = 0; at < now.getTime() + 63 * DAY; at += 7 * DAY, week++) {
    const venue = venues[week % venues.length]!;
    const startsAt = new Date(at + venue.hour * HOUR);
    labs.push({
      id: randomUUID(),
      courseId: course.courseId,
      title: 'Bone marrow harvest skills lab',
      venueName: venue.venueName,
      venueAddress: venue.venueAddress,
      timeZone: venue.timeZone,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * HOUR),
      capacity: 0,
      seatsTaken: 0,
    });
  }
  return labs;
}

const BOOKING_CLOSES_BEFORE = DAY;

/** The share of learners who enrol in the flagship, the diagnostic course, and each further run. */
const ENROLS_IN = [0.92, 0.65, 0.8];

// ---------------------------------------------------------------------------------------------
// One learner's story in one course

interface Context {
  random: Random;
  now: Date;
  rows: Rows;
  questions: Map<string, Map<string, BankQuestion[]>>;
  labs: Map<string, LabRow[]>;
  /** The labs each learner has booked (by user id): a physician is at one lab at a time. */
  booked: Map<string, LabRow[]>;
  signTicket: (data: string) => Buffer;
  instructorId: string;
}

interface Learner {
  user: UserRow;
  ability: number;
  diligence: number;
  satisfaction: number;
}

function study(context: Context, learner: Learner, course: GeneratedCourse, enrolledAt: Date): void {
  const { random, now, rows } = context;
  const version = [...course.versions].reverse().find((candidate) => candidate.publishedAt <= enrolledAt)!;
  const content = version.content;
  const enrolment: EnrolmentRow = {
    id: randomUUID(),
    userId: learner.user.id,
    courseId: course.courseId,
    versionId: version.versionId,
    enrolledAt,
    acknowledgedAt: null,
    labCompletedAt: null,
  };
  rows.enrolments.push(enrolment);
  const moments: Date[] = [];
  const check = (at: Date): Date => {
    if (at > now) {
      throw new PastNow();
    }
    return at;
  };
  const moment = (at: Date, kind: 'lesson' | 'quiz'): void => {
    check(at);
    moments.push(at);
    rows.moments.push({ enrolmentId: enrolment.id, at, kind });
  };
  const later = (from: Date, low: number, high: number): Date =>
    new Date(from.getTime() + random.between(low, high));
  const bank = context.questions.get(course.courseId)!;

  /** One attempt: served, answered question by question (each save a study moment), submitted. */
  const attempt = (
    moduleId: string,
    number: number,
    startedAt: Date,
    pool: BankQuestion[],
    ability: number,
    count: number,
  ) => {
    check(startedAt);
    const served = random.shuffled(pool).slice(0, count);
    const row: AttemptRow = {
      id: randomUUID(),
      enrolmentId: enrolment.id,
      userId: enrolment.userId,
      versionId: enrolment.versionId,
      moduleId,
      number,
      status: 'open',
      startedAt,
      finishedAt: null,
      served: JSON.stringify(
        served.map((question) => {
          const choices = choiceIds(question.body);
          return choices
            ? { questionId: question.id, choiceOrder: random.shuffled(choices) }
            : { questionId: question.id };
        }),
      ),
      answers: '{}',
      score: null,
      passed: null,
    };
    rows.attempts.push(row);
    moments.push(startedAt);
    rows.moments.push({ enrolmentId: enrolment.id, at: startedAt, kind: 'quiz' });
    const answers: Record<string, Response> = {};
    let right = 0;
    let at = startedAt;
    for (const question of served) {
      at = later(at, 40_000, 150_000);
      if (at > now) {
        // Still answering at the clock's now: the attempt stays open with what was saved.
        row.answers = JSON.stringify(answers);
        throw new PastNow();
      }
      if (random.chance(0.02)) {
        continue; // left blank: graded wrong
      }
      const isRight = random.chance(probabilityRight(question, ability));
      answers[question.id] = isRight ? correctResponse(question.key) : wrongResponse(question, random);
      right += isRight ? 1 : 0;
      moments.push(at);
      rows.moments.push({ enrolmentId: enrolment.id, at, kind: 'quiz' });
    }
    const finishedAt = later(at, 20_000, 90_000);
    row.answers = JSON.stringify(answers);
    if (finishedAt > now) {
      throw new PastNow();
    }
    moments.push(finishedAt);
    rows.moments.push({ enrolmentId: enrolment.id, at: finishedAt, kind: 'quiz' });
    const score = Math.floor((100 * right) / served.length + 1e-9);
    row.status = 'submitted';
    row.finishedAt = finishedAt;
    row.score = score;
    row.passed = moduleId !== PRETEST_ID && score >= content.passingScore;
    return row;
  };

  try {
    // Some enrol and never come back.
    if (random.chance(0.05)) {
      return;
    }
    let at = check(later(enrolledAt, MINUTE, 2 * DAY));
    enrolment.acknowledgedAt = at;
    if (content.pretest && random.chance(0.88)) {
      const pool = [...bank.values()].flat();
      at = later(at, 2 * MINUTE, 30 * MINUTE);
      const pretest = attempt(PRETEST_ID, 1, at, pool, learner.ability - 1.1, content.pretest.questionCount);
      at = pretest.finishedAt!;
    }
    const seen = new Set<string>();
    let lastPass = at;
    for (const [index, module] of content.modules.entries()) {
      // Dropping out grows with each module for the less diligent.
      if (random.chance(0.03 + 0.04 * (1 - learner.diligence) * (index + 1))) {
        return;
      }
      at = later(
        at,
        index === 0 ? 5 * MINUTE : 2 * HOUR,
        (index === 0 ? 1 : 6) * DAY * (1.6 - learner.diligence),
      );
      for (const lesson of module.lessons) {
        at = later(at, 6 * MINUTE, 26 * MINUTE);
        moment(at, 'lesson');
        if (!seen.has(lesson.id)) {
          seen.add(lesson.id);
          rows.lessonViews.push({ enrolmentId: enrolment.id, lessonId: lesson.id, at });
        }
      }
      // Reading lessons again before the quiz.
      const rereads = random.int(0, 2 + Math.round(3 * learner.diligence));
      for (let reread = 0; reread < rereads; reread++) {
        at = later(at, 5 * MINUTE, 22 * MINUTE);
        moment(at, 'lesson');
      }
      if (!module.quiz) {
        continue;
      }
      let passed = false;
      for (let number = 1; number <= module.quiz.attemptsLimit && !passed; number++) {
        if (number > 1) {
          if (random.chance(0.06)) {
            return; // gave up after a failed attempt
          }
          // The retry delay, then a revision session.
          at = later(at, module.quiz.retryDelayMinutes * MINUTE, 3 * DAY);
          const revisions = random.int(1, 3);
          for (let reread = 0; reread < revisions; reread++) {
            at = later(at, 5 * MINUTE, 20 * MINUTE);
            moment(at, 'lesson');
          }
        }
        at = later(at, 3 * MINUTE, 40 * MINUTE);
        const ability = learner.ability + 0.2 + 0.5 * (number - 1);
        const row = attempt(
          module.id,
          number,
          at,
          bank.get(module.id) ?? [],
          ability,
          module.quiz.questionCount,
        );
        at = row.finishedAt!;
        passed = row.passed === true;
        if (passed) {
          rows.passes.push({ enrolmentId: enrolment.id, moduleId: module.id, at });
          lastPass = at;
        }
      }
      if (!passed) {
        return; // attempts exhausted
      }
    }

    // Every quiz passed: the evaluation, credit, and the skills lab where the course requires one.
    let evaluatedAt: Date | null = null;
    if (random.chance(0.93)) {
      evaluatedAt = check(later(lastPass, 5 * MINUTE, 4 * DAY));
      rows.evaluations.push({
        enrolmentId: enrolment.id,
        answers: evaluationAnswers(random, learner),
        at: evaluatedAt,
      });
    }
    let claimedAt: Date | null = null;
    const claimed: { type: string; amount: number }[] = [];
    const claimStep = (): void => {
      if (!evaluatedAt || !random.chance(0.95)) {
        return;
      }
      const at = later(evaluatedAt, MINUTE, 2 * DAY);
      if (at > now) {
        return;
      }
      const type =
        learner.user.degree === 'PA' && content.credits.some((credit) => credit.type === AAPA) ? AAPA : AMA;
      const designation = content.credits.find((credit) => credit.type === type) ?? content.credits[0]!;
      const allowed = Math.min(designation.max, Math.floor((timeOnTaskMs(moments) / HOUR) * 4 + 1e-9) / 4);
      // Most claim a little less than allowed, in quarter hours; a quarter hour is the least claim.
      const amount =
        allowed < 0.25 ? 0 : Math.max(0.25, Math.floor(allowed * random.between(0.75, 1.0001) * 4) / 4);
      if (amount < 0.25) {
        return; // not enough recorded study for any credit
      }
      claimedAt = at;
      claimed.push({ type: designation.type, amount });
      rows.claims.push({ enrolmentId: enrolment.id, type: designation.type, amount, at });
    };
    claimStep();

    let labDoneAt: Date | null = null;
    if (content.skillsLabRequired) {
      labDoneAt = attendLab(context, learner, course, enrolment, later(lastPass, HOUR, 6 * DAY));
    }
    const lastStep = [claimedAt, labDoneAt].reduce<Date | null>(
      (latest, step) => (step && (!latest || step > latest) ? step : latest),
      null,
    );
    if (claimed.length > 0 && (!content.skillsLabRequired || labDoneAt) && lastStep && lastStep <= now) {
      certify(context, learner, course, version, enrolment, claimed, lastStep);
    }
  } catch (error) {
    if (!(error instanceof PastNow)) {
      throw error;
    }
  }
}

/** Time on task as the credit rule counts it: gaps between moments, a gap over 30 minutes counting nothing. */
function timeOnTaskMs(moments: Date[]): number {
  const sorted = moments.map((moment) => moment.getTime()).sort((left, right) => left - right);
  let total = 0;
  for (let index = 1; index < sorted.length; index++) {
    const gap = sorted[index]! - sorted[index - 1]!;
    total += gap <= 30 * MINUTE ? gap : 0;
  }
  return total;
}

function likert(random: Random, mood: number): number {
  return Math.max(1, Math.min(5, Math.round(4 + mood + random.normal(0, 0.7))));
}

function evaluationAnswers(random: Random, learner: Learner): string {
  return JSON.stringify({
    objectivesMet: likert(random, learner.satisfaction + 0.2),
    freeOfCommercialBias: random.weighted([
      [5, 78],
      [4, 15],
      [3, 5],
      [2, 2],
    ] as const),
    relevantToPractice: likert(random, learner.satisfaction - 0.1),
    intendedChange: random.pick(INTENDED_CHANGES),
    ...(random.chance(0.35) ? { comments: random.pick(COMMENTS) } : {}),
  });
}

/**
 * Books the first lab whose booking is still open after `wantedAt`; past labs get attendance
 * and, for those present, the checklist signed (at the required levels, mostly). An absent
 * learner may book a later lab. Answers when the lab requirement was met, or null.
 */
function attendLab(
  context: Context,
  learner: Learner,
  course: GeneratedCourse,
  enrolment: EnrolmentRow,
  wantedAt: Date,
): Date | null {
  const { random, now, rows } = context;
  let bookedAt = wantedAt;
  for (let booking = 0; booking < 2; booking++) {
    if (bookedAt > now || random.chance(0.04 + 0.06 * (1 - learner.diligence))) {
      return null;
    }
    const held = context.booked.get(learner.user.id) ?? [];
    // All courses' labs meet in the same weeks: one overlapping a lab the learner holds in
    // another course is passed over, as the database would refuse the second booking.
    const lab = context.labs
      .get(course.courseId)!
      .find(
        (candidate) =>
          candidate.startsAt.getTime() - BOOKING_CLOSES_BEFORE >= bookedAt.getTime() &&
          candidate.seatsTaken < 500 &&
          !held.some((other) => other.startsAt < candidate.endsAt && candidate.startsAt < other.endsAt),
      );
    if (!lab) {
      return null;
    }
    lab.seatsTaken += 1;
    context.booked.set(learner.user.id, [...held, lab]);
    const row: BookingRow = {
      id: randomUUID(),
      lab,
      courseId: course.courseId,
      userId: learner.user.id,
      enrolmentId: enrolment.id,
      ticketCode: newTicketCode(context.signTicket),
      createdAt: bookedAt,
      attendance: null,
      attendanceAt: null,
      signedOffAt: null,
      requirementMet: false,
    };
    rows.bookings.push(row);
    const checkedInAt = new Date(lab.startsAt.getTime() + random.between(-20 * MINUTE, 15 * MINUTE));
    if (lab.endsAt > now || checkedInAt > now) {
      return null; // the lab is still to come (or running)
    }
    row.attendance = random.weighted([
      ['present', 88],
      ['late', 5],
      ['absent', 7],
    ] as const);
    row.attendanceAt =
      row.attendance === 'late'
        ? new Date(lab.startsAt.getTime() + random.between(20, 70) * MINUTE)
        : checkedInAt;
    if (row.attendance === 'absent') {
      bookedAt = new Date(lab.endsAt.getTime() + random.between(1, 10) * DAY);
      continue;
    }
    const signedOffAt = new Date(lab.startsAt.getTime() + random.between(5.5, 7.5) * HOUR);
    const met = random.chance(0.93);
    const weakStep = random.int(0, DEFAULT_CHECKLIST.length - 1);
    for (const [index, step] of DEFAULT_CHECKLIST.entries()) {
      const level =
        !met && index === weakStep
          ? step.requiredLevel - 1
          : Math.min(5, step.requiredLevel + random.int(0, 1));
      rows.checklist.push({
        bookingId: row.id,
        stepId: step.id,
        level,
        at: new Date(lab.startsAt.getTime() + (1 + (4 * index) / DEFAULT_CHECKLIST.length) * HOUR),
      });
    }
    row.signedOffAt = signedOffAt;
    row.requirementMet = met;
    if (met) {
      enrolment.labCompletedAt = signedOffAt;
      return signedOffAt;
    }
    return null;
  }
  return null;
}

function certify(
  context: Context,
  learner: Learner,
  course: GeneratedCourse,
  version: GeneratedVersion,
  enrolment: EnrolmentRow,
  credits: { type: string; amount: number }[],
  issuedAt: Date,
): void {
  const { random, now } = context;
  const changedAt = new Date(issuedAt.getTime() + random.between(1, 40) * DAY);
  const status =
    changedAt > now
      ? 'valid'
      : random.weighted([
          ['valid', 97.5],
          ['revoked', 1.5],
          ['suspended', 1],
        ] as const);
  context.rows.certificates.push({
    number: newCertificateNumber(),
    enrolmentId: enrolment.id,
    userId: learner.user.id,
    holderName: learner.user.fullName,
    courseId: course.courseId,
    versionId: version.versionId,
    courseTitle: version.content.title,
    courseVersion: version.number,
    contentHash: contentHash(version.content),
    credits: [...credits].sort((left, right) => left.type.localeCompare(right.type)),
    issuedAt,
    expiresAt: expiryOf(issuedAt, version.content.certificateValidityMonths),
    status,
    statusReason:
      status === 'revoked'
        ? random.pick(['issued_in_error', 'academic_misconduct'] as const)
        : status === 'suspended'
          ? 'under_review'
          : null,
    statusChangedAt: status === 'valid' ? null : changedAt,
  });
}

// ---------------------------------------------------------------------------------------------
// Bulk writing

interface BulkInsert<Row> {
  table: string;
  /** Sent as one array per column (element type `type`), unnested as `u.<name>`. */
  columns: { name: string; type: string }[];
  /** Target columns and their expressions; default: the unnested columns as they are. */
  select?: [target: string, expression: string][];
  /** Parameters every row shares, `$1`, `$2`… in `select` (the arrays come after them). */
  shared?: unknown[];
  rows: Row[];
  values: (row: Row) => unknown[];
  chunk?: number;
}

async function insertAll<Row>(db: Database, insert: BulkInsert<Row>): Promise<void> {
  const shared = insert.shared ?? [];
  const select =
    insert.select ?? insert.columns.map((column) => [column.name, `u.${column.name}`] as [string, string]);
  const arrays = insert.columns.map((column, index) => `$${shared.length + index + 1}::${column.type}[]`);
  const sql = `INSERT INTO ${insert.table} (${select.map(([target]) => target).join(', ')})
    SELECT ${select.map(([, expression]) => expression).join(', ')}
    FROM unnest(${arrays.join(', ')}) AS u(${insert.columns.map((column) => column.name).join(', ')})`;
  const chunk = insert.chunk ?? 5000;
  for (let offset = 0; offset < insert.rows.length; offset += chunk) {
    const slice = insert.rows.slice(offset, offset + chunk).map(insert.values);
    await db.execute(sql, [...shared, ...insert.columns.map((_, index) => slice.map((row) => row[index]))]);
  }
}

const isoOrNull = (date: Date | null): string | null => (date ? iso(date) : null);

async function writeRows(
  db: Database,
  rows: Rows,
  labs: LabRow[],
  people: { passwordHash: string; adminId: string; instructorId: string },
): Promise<void> {
  await insertAll(db, {
    table: 'app_user',
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'email', type: 'text' },
      { name: 'full_name', type: 'text' },
      { name: 'degree', type: 'text' },
      { name: 'specialty', type: 'text' },
      { name: 'npi', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
    ],
    select: [
      ['id', 'u.id'],
      ['email', 'u.email'],
      ['full_name', 'u.full_name'],
      ['password_hash', '$1'],
      ['roles', `ARRAY['learner']::text[]`],
      ['degree', 'u.degree'],
      ['specialty', 'u.specialty'],
      ['npi', 'u.npi'],
      ['password_changed_at', 'u.created_at'],
      ['created_at', 'u.created_at'],
      ['updated_at', 'u.created_at'],
    ],
    shared: [people.passwordHash],
    rows: rows.users,
    values: (user) => [
      user.id,
      user.email,
      user.fullName,
      user.degree,
      user.specialty,
      user.npi,
      iso(user.createdAt),
    ],
  });
  // The reporting profile: the licence as the learner's first (and only) licence, and a birth
  // month and day (a day every month has) for most licensed learners, some never having given it.
  const licensed = rows.users.filter((user) => user.licenceState !== null && user.licenceNumber !== null);
  await insertAll(db, {
    table: 'medical_licence',
    columns: [
      { name: 'user_id', type: 'uuid' },
      { name: 'jurisdiction', type: 'text' },
      { name: 'number', type: 'text' },
      { name: 'added_at', type: 'timestamptz' },
    ],
    rows: licensed,
    values: (user) => [user.id, user.licenceState, user.licenceNumber, iso(user.createdAt)],
  });
  await db.execute(
    `UPDATE app_user SET birth_month = 1 + get_byte(decode(md5(email), 'hex'), 0) % 12,
                         birth_day = 1 + get_byte(decode(md5(email), 'hex'), 1) % 28
      WHERE id = ANY($1::uuid[]) AND get_byte(decode(md5(email), 'hex'), 2) % 5 <> 0`,
    [licensed.map((user) => user.id)],
  );
  await insertAll(db, {
    table: 'enrolment',
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
      { name: 'course_id', type: 'uuid' },
      { name: 'course_version_id', type: 'uuid' },
      { name: 'enrolled_at', type: 'timestamptz' },
      { name: 'disclosures_acknowledged_at', type: 'timestamptz' },
      { name: 'lab_completed_at', type: 'timestamptz' },
    ],
    rows: rows.enrolments,
    values: (row) => [
      row.id,
      row.userId,
      row.courseId,
      row.versionId,
      iso(row.enrolledAt),
      isoOrNull(row.acknowledgedAt),
      isoOrNull(row.labCompletedAt),
    ],
  });
  await insertAll(db, {
    table: 'lesson_view',
    columns: [
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'lesson_id', type: 'uuid' },
      { name: 'first_seen_at', type: 'timestamptz' },
    ],
    rows: rows.lessonViews,
    values: (row) => [row.enrolmentId, row.lessonId, iso(row.at)],
    chunk: 20_000,
  });
  await insertAll(db, {
    table: 'study_activity',
    columns: [
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'at', type: 'timestamptz' },
      { name: 'kind', type: 'text' },
    ],
    rows: rows.moments,
    values: (row) => [row.enrolmentId, iso(row.at), row.kind],
    chunk: 20_000,
  });
  await insertAll(db, {
    table: 'quiz_attempt',
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
      { name: 'course_version_id', type: 'uuid' },
      { name: 'module_id', type: 'uuid' },
      { name: 'number', type: 'int' },
      { name: 'status', type: 'text' },
      { name: 'started_at', type: 'timestamptz' },
      { name: 'finished_at', type: 'timestamptz' },
      { name: 'served', type: 'jsonb' },
      { name: 'answers', type: 'jsonb' },
      { name: 'score', type: 'int' },
      { name: 'passed', type: 'boolean' },
    ],
    rows: rows.attempts,
    values: (row) => [
      row.id,
      row.enrolmentId,
      row.userId,
      row.versionId,
      row.moduleId,
      row.number,
      row.status,
      iso(row.startedAt),
      isoOrNull(row.finishedAt),
      row.served,
      row.answers,
      row.score,
      row.passed,
    ],
    chunk: 2500,
  });
  await insertAll(db, {
    table: 'module_pass',
    columns: [
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'module_id', type: 'uuid' },
      { name: 'passed_at', type: 'timestamptz' },
    ],
    rows: rows.passes,
    values: (row) => [row.enrolmentId, row.moduleId, iso(row.at)],
    chunk: 20_000,
  });
  await insertAll(db, {
    table: 'course_evaluation',
    columns: [
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'answers', type: 'jsonb' },
      { name: 'submitted_at', type: 'timestamptz' },
    ],
    rows: rows.evaluations,
    values: (row) => [row.enrolmentId, row.answers, iso(row.at)],
  });
  await insertAll(db, {
    table: 'credit_claim',
    columns: [
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'credit_type', type: 'text' },
      { name: 'amount', type: 'numeric' },
      { name: 'claimed_at', type: 'timestamptz' },
    ],
    rows: rows.claims,
    values: (row) => [row.enrolmentId, row.type, row.amount, iso(row.at)],
  });
  await insertAll(db, {
    table: 'lab_session',
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'course_id', type: 'uuid' },
      { name: 'title', type: 'text' },
      { name: 'venue_name', type: 'text' },
      { name: 'venue_address', type: 'text' },
      { name: 'time_zone', type: 'text' },
      { name: 'starts_at', type: 'timestamptz' },
      { name: 'ends_at', type: 'timestamptz' },
      { name: 'capacity', type: 'int' },
      { name: 'seats_taken', type: 'int' },
    ],
    select: [
      ['id', 'u.id'],
      ['course_id', 'u.course_id'],
      ['title', 'u.title'],
      ['venue_name', 'u.venue_name'],
      ['venue_address', 'u.venue_address'],
      ['time_zone', 'u.time_zone'],
      ['starts_at', 'u.starts_at'],
      ['ends_at', 'u.ends_at'],
      ['capacity', 'u.capacity'],
      ['seats_taken', 'u.seats_taken'],
      ['booking_opens_at', `u.starts_at - interval '60 days'`],
      ['booking_closes_at', `u.starts_at - interval '1 day'`],
      ['cancellation_cutoff_at', `u.starts_at - interval '2 days'`],
      ['checklist', '$1::jsonb'],
      ['created_at', `u.starts_at - interval '61 days'`],
      ['updated_at', `u.starts_at - interval '61 days'`],
    ],
    shared: [JSON.stringify(DEFAULT_CHECKLIST)],
    rows: labs,
    values: (lab) => [
      lab.id,
      lab.courseId,
      lab.title,
      lab.venueName,
      lab.venueAddress,
      lab.timeZone,
      iso(lab.startsAt),
      iso(lab.endsAt),
      lab.capacity,
      lab.seatsTaken,
    ],
  });
  await insertAll(db, {
    table: 'lab_instructor',
    columns: [{ name: 'lab_id', type: 'uuid' }],
    select: [
      ['lab_id', 'u.lab_id'],
      ['user_id', '$1::uuid'],
    ],
    shared: [people.instructorId],
    rows: labs,
    values: (lab) => [lab.id],
  });
  await insertAll(db, {
    table: 'lab_booking',
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'lab_id', type: 'uuid' },
      { name: 'course_id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'starts_at', type: 'timestamptz' },
      { name: 'ends_at', type: 'timestamptz' },
      { name: 'ticket_code', type: 'text' },
      { name: 'attendance', type: 'text' },
      { name: 'attendance_at', type: 'timestamptz' },
      { name: 'signed_off_at', type: 'timestamptz' },
      { name: 'requirement_met', type: 'boolean' },
      { name: 'created_at', type: 'timestamptz' },
    ],
    select: [
      ['id', 'u.id'],
      ['lab_id', 'u.lab_id'],
      ['course_id', 'u.course_id'],
      ['user_id', 'u.user_id'],
      ['enrolment_id', 'u.enrolment_id'],
      ['during', 'tstzrange(u.starts_at, u.ends_at)'],
      ['status', `'confirmed'`],
      ['ticket_code', 'u.ticket_code'],
      ['attendance', 'u.attendance'],
      ['attendance_at', 'u.attendance_at'],
      ['attendance_by', 'CASE WHEN u.attendance IS NOT NULL THEN $1::uuid END'],
      ['signed_off_at', 'u.signed_off_at'],
      ['signed_off_by', 'CASE WHEN u.signed_off_at IS NOT NULL THEN $1::uuid END'],
      ['requirement_met', 'u.requirement_met'],
      ['created_at', 'u.created_at'],
      ['confirmed_at', 'u.created_at'],
    ],
    shared: [people.instructorId],
    rows: rows.bookings,
    values: (row) => [
      row.id,
      row.lab.id,
      row.courseId,
      row.userId,
      row.enrolmentId,
      iso(row.lab.startsAt),
      iso(row.lab.endsAt),
      row.ticketCode,
      row.attendance,
      isoOrNull(row.attendanceAt),
      isoOrNull(row.signedOffAt),
      row.requirementMet,
      iso(row.createdAt),
    ],
  });
  await insertAll(db, {
    table: 'lab_checklist_entry',
    columns: [
      { name: 'booking_id', type: 'uuid' },
      { name: 'step_id', type: 'text' },
      { name: 'level', type: 'smallint' },
      { name: 'recorded_at', type: 'timestamptz' },
    ],
    select: [
      ['booking_id', 'u.booking_id'],
      ['step_id', 'u.step_id'],
      ['level', 'u.level'],
      ['recorded_by', '$1::uuid'],
      ['recorded_at', 'u.recorded_at'],
    ],
    shared: [people.instructorId],
    rows: rows.checklist,
    values: (row) => [row.bookingId, row.stepId, row.level, iso(row.at)],
    chunk: 20_000,
  });
  await insertAll(db, {
    table: 'certificate',
    columns: [
      { name: 'number', type: 'text' },
      { name: 'enrolment_id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
      { name: 'holder_name', type: 'text' },
      { name: 'course_id', type: 'uuid' },
      { name: 'course_version_id', type: 'uuid' },
      { name: 'course_title', type: 'text' },
      { name: 'course_version', type: 'int' },
      { name: 'content_hash', type: 'text' },
      { name: 'credits', type: 'jsonb' },
      { name: 'issued_at', type: 'timestamptz' },
      { name: 'expires_at', type: 'timestamptz' },
      { name: 'status', type: 'text' },
      { name: 'status_reason', type: 'text' },
      { name: 'status_changed_at', type: 'timestamptz' },
    ],
    select: [
      ['number', 'u.number'],
      ['enrolment_id', 'u.enrolment_id'],
      ['user_id', 'u.user_id'],
      ['holder_name', 'u.holder_name'],
      ['course_id', 'u.course_id'],
      ['course_version_id', 'u.course_version_id'],
      ['course_title', 'u.course_title'],
      ['course_version', 'u.course_version'],
      ['content_hash', 'u.content_hash'],
      ['credits', 'u.credits'],
      ['issued_at', 'u.issued_at'],
      ['expires_at', 'u.expires_at'],
      ['status', 'u.status'],
      ['status_reason', 'u.status_reason'],
      ['status_changed_at', 'u.status_changed_at'],
      ['status_changed_by', `CASE WHEN u.status <> 'valid' THEN $1::uuid END`],
    ],
    shared: [people.adminId],
    rows: rows.certificates,
    values: (row) => [
      row.number,
      row.enrolmentId,
      row.userId,
      row.holderName,
      row.courseId,
      row.versionId,
      row.courseTitle,
      row.courseVersion,
      row.contentHash,
      JSON.stringify(row.credits),
      iso(row.issuedAt),
      isoOrNull(row.expiresAt),
      row.status,
      row.statusReason,
      isoOrNull(row.statusChangedAt),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// The academy

function asciiOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function newLearner(random: Random, index: number, tag: string, firstEnrolment: Date): Learner {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const middle = random.chance(0.15) ? ` ${random.pick(FIRST_NAMES).charAt(0)}.` : '';
  const degree = random.weighted(DEGREES);
  const licensed = degree !== 'RN' && random.chance(0.9);
  const user: UserRow = {
    id: randomUUID(),
    email: `${asciiOf(first)}.${asciiOf(last)}.${tag}${index}@learners.example`,
    fullName: `${first}${middle} ${last}`,
    degree,
    specialty: random.pick(SPECIALTIES),
    npi: licensed ? npiFrom(random) : null,
    licenceState: licensed && PHYSICIAN_DEGREES.includes(degree) ? random.pick(STATES) : null,
    licenceNumber: null,
    createdAt: new Date(firstEnrolment.getTime() - random.between(10 * MINUTE, 5 * DAY)),
  };
  if (user.licenceState) {
    user.licenceNumber = `${random.pick(['A', 'G', 'MD', 'DO', 'L'])}${random.int(10_000, 999_999)}`;
  }
  return {
    user,
    ability: random.normal(0, 1),
    diligence: random.between(0.2, 1),
    satisfaction: random.normal(0.3, 0.6),
  };
}

/**
 * Builds `learners` learners with varied, realistic progress on the flagship course (and the
 * diagnostic one) over the past `days` days, deterministic from `seed`. See the top of this file
 * for what is written and which invariants hold.
 */
export async function generateAcademyData(
  app: INestApplicationContext,
  options: AcademyDataOptions,
): Promise<AcademyData> {
  const seed = options.seed ?? 1;
  const now = options.now ?? app.get(Clock).now();
  const days = options.days ?? 360;
  const from = new Date(now.getTime() - days * DAY);
  const random = new Random(seed);
  const tag = randomBytes(3).toString('hex');
  const users = app.get(UsersService);
  const admin = await users.createByAdmin({
    email: `reports-admin-${tag}@academy.example`,
    fullName: 'Dr Generated Admin',
    password: GENERATED_PASSWORD,
    roles: ['admin'],
  });
  const instructor = await users.createByAdmin({
    email: `lab-instructor-${tag}@academy.example`,
    fullName: 'Dr Generated Instructor',
    password: GENERATED_PASSWORD,
    roles: ['instructor'],
  });
  const courses =
    options.courses ?? (await createCourses(app, options.courseCount ?? 2, from, now, admin.id));

  // How hard each question is belongs to the question, not to a cohort: the same whatever the seed.
  const questionRandom = new Random(7919);
  const questions = new Map<string, Map<string, BankQuestion[]>>();
  const labs = new Map<string, LabRow[]>();
  for (const course of courses) {
    questions.set(course.courseId, await loadQuestions(app, course, questionRandom));
    if (course.versions.some((version) => version.content.skillsLabRequired)) {
      labs.set(course.courseId, scheduleLabs(course, from, now));
    } else {
      labs.set(course.courseId, []);
    }
  }
  const secret = app.get(AppSecret);
  const context: Context = {
    random,
    now,
    rows: new Rows(),
    questions,
    labs,
    booked: new Map(),
    signTicket: await secret.signer('lab-ticket'),
    instructorId: instructor.id,
  };

  for (let index = 0; index < options.learners; index++) {
    const chosen = courses.filter((_, position) =>
      courses.length === 1 ? true : random.chance(ENROLS_IN[Math.min(position, ENROLS_IN.length - 1)]!),
    );
    const taken = chosen.length > 0 ? chosen : [courses[0]!];
    const enrolments = taken.map((course) => {
      const opens = Math.max(from.getTime(), course.versions[0]!.publishedAt.getTime() + HOUR);
      const span = now.getTime() - HOUR - opens;
      return { course, at: new Date(opens + span * Math.pow(random.next(), 0.85)) };
    });
    const first = enrolments.reduce((earliest, next) => (next.at < earliest ? next.at : earliest), now);
    const learner = newLearner(random, index, tag, first);
    context.rows.users.push(learner.user);
    for (const { course, at: enrolledAt } of enrolments) {
      study(context, learner, course, enrolledAt);
    }
  }

  // Labs nobody booked that are already over are left out: they would be noise.
  const allLabs = [...labs.values()].flat().filter((lab) => lab.seatsTaken > 0 || lab.startsAt > now);
  for (const lab of allLabs) {
    if (lab.seatsTaken > 500) {
      throw new Error('A generated lab would exceed the 500 seats a lab may have');
    }
    lab.capacity = Math.min(500, Math.max(12, Math.ceil((lab.seatsTaken + 2) / 4) * 4));
  }
  const db = app.get(Database);
  const passwordHash = await app.get(PasswordService).hash(GENERATED_PASSWORD);
  await db.withTransaction(() =>
    writeRows(db, context.rows, allLabs, { passwordHash, adminId: admin.id, instructorId: instructor.id }),
  );
  // The planner should see the volume before anyone measures a query on it, and the tables be
  // as autovacuum keeps a live academy's: pages all-visible, so index-only scans read no rows. A
  // transaction open elsewhere while VACUUM runs keeps it from marking the newest pages: then
  // again, a few times.
  for (const table of [
    'app_user',
    'enrolment',
    'lesson_view',
    'study_activity',
    'quiz_attempt',
    'module_pass',
    'course_evaluation',
    'credit_claim',
    'lab_session',
    'lab_booking',
    'lab_checklist_entry',
    'certificate',
  ]) {
    for (let pass = 0; pass < 5; pass++) {
      await db.execute(`VACUUM (ANALYZE) ${table}`);
      const { rows } = await db.execute<{ visible: boolean }>(
        `SELECT relallvisible >= relpages * 0.95 AS visible FROM pg_class WHERE oid = $1::regclass`,
        [table],
      );
      if (rows[0]?.visible) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const rows = context.rows;
  return {
    courses,
    from,
    now,
    adminId: admin.id,
    instructorId: instructor.id,
    learnerIds: rows.users.map((user) => user.id),
    counts: {
      learners: rows.users.length,
      enrolments: rows.enrolments.length,
      lessonViews: rows.lessonViews.length,
      studyMoments: rows.moments.length,
      attempts: rows.attempts.length,
      modulePasses: rows.passes.length,
      evaluations: rows.evaluations.length,
      claims: rows.claims.length,
      labs: allLabs.length,
      bookings: rows.bookings.length,
      certificates: rows.certificates.length,
    },
  };
}
