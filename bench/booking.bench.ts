import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { Clock } from '@academy/core';
import { SessionsService } from '@academy/identity';
import { newPublishedCourse } from '../test/factories/courses';
import { newLab, passAllModules } from '../test/factories/labs';
import { newUser } from '../test/factories/users';
import { createTestApp, TestApp } from '../test/support/test-app';

// One hot lab, a rush of learners: a third of them get a seat, the rest join the waitlist, so
// both the quick path (the conditional UPDATE takes a seat) and the slow one (it finds the lab
// full, waits for the lab row and looks again) are timed, as in a real rush.
const BOOKINGS = 150;
const CAPACITY = 50;
// Bookings in flight at once; the app's pool and the baseline's both have 10 connections, so
// the rest queue for one, as they would in production.
const CONCURRENCY = 32;
const POOL_SIZE = 10;
// A rush lasts a fraction of a second, so one would measure the machine's mood as much as the
// code: the service and the baseline take turns, a rush each per round (each going first in every
// other round), each round on a course of its own (a learner holds one place per course, so the
// same learners book every round's hot lab). Rates are over the summed time of the rounds.
const ROUNDS = 5;
// One untimed round first, the same as the others, to warm both paths up.
const WARM_UP_ROUNDS = 1;
// Over HTTP that is (1 + 5) × 150 = 900 bookings, more than the throttler's 600 a minute from one
// address: the app trusts X-Forwarded-For and each learner books from an address of their own, as
// a real rush comes from many. Every status is checked, so a 429 would fail loudly. Tokens are
// issued through the service, not the token endpoint.
// Learners are made this many at a time.
const LEARNER_BATCH = 10;

/** A learner allowed to book the course's labs: enrolled, every module passed. */
interface Learner {
  userId: string;
  /** The learner's enrolment in each course, by course id. */
  enrolmentIds: Map<string, string>;
  token: string;
  /** Where the learner's requests come from (X-Forwarded-For). */
  address: string;
}

/** A lab as the baseline needs it to write a booking row. */
interface LabRow {
  id: string;
  courseId: string;
  startsAt: Date;
  endsAt: Date;
}

type Outcome = 'confirmed' | 'waitlisted';

/** One booking attempt: answers whether it got a seat, and the waitlist position if the path knows it. */
type Book = (lab: LabRow, learner: Learner) => Promise<{ status: Outcome; position: number | null }>;

interface Rush {
  bookings: number;
  perSecond: number;
  p50: number;
  p99: number;
  confirmed: number;
  waitlisted: number;
  positions: number[];
  /** Each booking's, from send to answer, in ms (sorted). */
  latencies: number[];
}

/** The latency at or below which `share` of the samples fall (nearest rank). */
function percentile(sorted: number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
}

/**
 * Books `lab` once for every learner, with `CONCURRENCY` bookings in flight: each worker takes
 * the next learner as soon as its last booking answers. Answers the rate over the wall time of
 * the whole rush and the latency of each booking.
 */
async function rush(lab: LabRow, learners: Learner[], book: Book): Promise<Rush> {
  const latencies: number[] = [];
  const positions: number[] = [];
  let confirmed = 0;
  let waitlisted = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < learners.length) {
      const learner = learners[next++]!;
      const start = process.hrtime.bigint();
      const { status, position } = await book(lab, learner);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (status === 'confirmed') {
        confirmed++;
      } else {
        waitlisted++;
        if (position !== null) {
          positions.push(position);
        }
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, learners.length) }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((left, right) => left - right);
  return {
    bookings: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    confirmed,
    waitlisted,
    positions: positions.sort((left, right) => left - right),
    latencies,
  };
}

/** What the lab's row and bookings say after a rush: the database's own count, not the answers'. */
async function stored(
  pool: Pool,
  labId: string,
): Promise<{ seatsTaken: number; byStatus: Record<string, number> }> {
  const lab = await pool.query<{ seats_taken: number }>(`SELECT seats_taken FROM lab_session WHERE id = $1`, [
    labId,
  ]);
  const bookings = await pool.query<{ status: string; count: number }>(
    `SELECT status, count(*)::int AS count FROM lab_booking WHERE lab_id = $1 GROUP BY status`,
    [labId],
  );
  return {
    seatsTaken: lab.rows[0]!.seats_taken,
    byStatus: Object.fromEntries(bookings.rows.map((row) => [row.status, row.count])),
  };
}

const TICKET_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A ticket code the table's CHECK accepts (the service's is signed; the baseline's need not be). */
function rawTicketCode(): string {
  return [...randomBytes(20)].map((byte) => TICKET_ALPHABET[byte % TICKET_ALPHABET.length]).join('');
}

/**
 * The floor for a booking: the service's seat logic in one raw `pg` transaction, and nothing
 * else: the same conditional UPDATE, on no row the same lock on the lab row and the same second
 * try, then a booking row (confirmed or waitlisted). No HTTP, authentication, eligibility reads,
 * TypeORM, signed ticket, audit event, notification or reading back the lab.
 */
function rawBook(pool: Pool): Book {
  const takeSeat = `UPDATE lab_session SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity RETURNING id`;
  return async (lab, learner) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      let seated = (await client.query(takeSeat, [lab.id])).rowCount === 1;
      if (!seated) {
        await client.query(`SELECT id FROM lab_session WHERE id = $1 FOR UPDATE`, [lab.id]);
        seated = (await client.query(takeSeat, [lab.id])).rowCount === 1;
      }
      const status: Outcome = seated ? 'confirmed' : 'waitlisted';
      await client.query(
        `INSERT INTO lab_booking (lab_id, course_id, user_id, enrolment_id, during, status, ticket_code,
           created_at, confirmed_at)
         VALUES ($1, $2, $3, $4, tstzrange($5, $6), $7, $8, now(), CASE WHEN $7 = 'confirmed' THEN now() END)`,
        [
          lab.id,
          lab.courseId,
          learner.userId,
          learner.enrolmentIds.get(lab.courseId),
          lab.startsAt,
          lab.endsAt,
          status,
          rawTicketCode(),
        ],
      );
      await client.query('COMMIT');
      return { status, position: null };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
}

/** The rushes of one path over the rounds, summed. */
function summed(rushes: Rush[], latencies: number[]): { perSecond: number; p50: number; p99: number } {
  const seconds = rushes.reduce((sum, one) => sum + one.bookings / one.perSecond, 0);
  const sorted = [...latencies].sort((left, right) => left - right);
  return {
    perSecond: rushes.reduce((sum, one) => sum + one.bookings, 0) / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

describe('skills-lab booking rush', () => {
  let testApp: TestApp;
  let pool: Pool;
  /** Per round (the warm-up first), the hot lab of each path. */
  const rounds: { http: LabRow; raw: LabRow }[] = [];
  const learners = {
    http: [] as Learner[],
    raw: [] as Learner[],
  };

  beforeAll(async () => {
    testApp = await createTestApp({ contract: false, env: { TRUST_PROXY: 'true' } });
    const { app } = testApp;
    const sessions = app.get(SessionsService);
    // Each course's labs on a day of their own: a learner's bookings may not overlap in time.
    const labOf = async (courseId: string, capacity: number, day: number): Promise<LabRow> => {
      const scheduled = await newLab(app, courseId, {
        capacity,
        startsAt: new Date(app.get(Clock).now().getTime() + (7 + day) * 86_400_000),
      });
      return { id: scheduled.id, courseId, startsAt: scheduled.startsAt, endsAt: scheduled.endsAt };
    };
    const courses = [];
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      const course = await newPublishedCourse(app);
      courses.push(course);
      rounds.push({
        http: await labOf(course.courseId, CAPACITY, round),
        raw: await labOf(course.courseId, CAPACITY, round),
      });
    }
    // Before any clock, in batches: each learner is enrolled in every course they book, with
    // every module passed.
    let made = 0;
    const learner = async (
      bookedCourses: readonly { courseId: string; slug: string }[],
    ): Promise<Learner> => {
      const index = made++;
      const user = await newUser(app, { roles: ['learner'] });
      const enrolmentIds = new Map<string, string>();
      for (const course of bookedCourses) {
        enrolmentIds.set(course.courseId, await passAllModules(app, user.id, course.slug));
      }
      const { token } = await sessions.issue(user.id, 'api');
      return { userId: user.id, enrolmentIds, token, address: `10.${index >> 8}.${index & 255}.1` };
    };
    for (const [path, count, bookedCourses] of [
      ['http', BOOKINGS, courses],
      ['raw', BOOKINGS, courses],
    ] as const) {
      while (learners[path].length < count) {
        const batch = Math.min(LEARNER_BATCH, count - learners[path].length);
        learners[path].push(
          ...(await Promise.all(Array.from({ length: batch }, () => learner(bookedCourses)))),
        );
      }
    }

    pool = new Pool({ connectionString: testApp.databaseUrl, max: POOL_SIZE });
  });

  afterAll(async () => {
    // Before the test app: dropping its database (WITH FORCE) would kill idle pool connections.
    await pool?.end();
    await testApp?.close();
  });

  it('books one hot lab under contention at a fair fraction of raw pg', async () => {
    const { app } = testApp;
    const http: Book = async (lab, learner) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/labs/${lab.id}/bookings`,
        headers: { authorization: `Bearer ${learner.token}`, 'x-forwarded-for': learner.address },
      });
      // Checked on every request: a 4xx (a 429 above all) would flatter the rate.
      if (response.statusCode !== 201) {
        throw new Error(`Booking answered ${response.statusCode}: ${response.body}`);
      }
      const { status, position } = response.json<{ status: string; position: number | null }>();
      if (status !== 'confirmed' && status !== 'waitlisted') {
        throw new Error(`Booking answered status ${status}`);
      }
      return { status, position };
    };
    const raw = rawBook(pool);

    const rushes = { http: [] as Rush[], raw: [] as Rush[] };
    const latencies = { http: [] as number[], raw: [] as number[] };
    const roundRatios: number[] = [];
    for (const [round, labs] of rounds.entries()) {
      const timed = round >= WARM_UP_ROUNDS;
      for (const path of round % 2 === 0 ? (['http', 'raw'] as const) : (['raw', 'http'] as const)) {
        const result = await rush(labs[path], learners[path], path === 'http' ? http : raw);
        if (timed) {
          rushes[path].push(result);
          latencies[path].push(...result.latencies);
        }
        // Both rushes must end the same way, or the comparison means nothing: every seat taken
        // once, everyone else on the waitlist, in the answers and in the database alike.
        expect({ round, path, confirmed: result.confirmed, waitlisted: result.waitlisted }).toEqual({
          round,
          path,
          confirmed: CAPACITY,
          waitlisted: BOOKINGS - CAPACITY,
        });
        expect({ round, path, ...(await stored(pool, labs[path].id)) }).toEqual({
          round,
          path,
          seatsTaken: CAPACITY,
          byStatus: { confirmed: CAPACITY, waitlisted: BOOKINGS - CAPACITY },
        });
        expect(result.bookings).toBe(BOOKINGS);
        // The service's waitlist keeps the order of joining: positions 1..100, each once.
        if (path === 'http') {
          expect(result.positions).toEqual(
            Array.from({ length: BOOKINGS - CAPACITY }, (_, index) => index + 1),
          );
        }
      }
      if (timed) {
        roundRatios.push(rushes.http.at(-1)!.perSecond / rushes.raw.at(-1)!.perSecond);
      }
    }
    const service = summed(rushes.http, latencies.http);
    const baseline = summed(rushes.raw, latencies.raw);

    console.log(
      [
        `POST /api/v1/labs/{id}/bookings over HTTP (app.inject), one hot lab, ${BOOKINGS} learners, ${CONCURRENCY} in flight, capacity ${CAPACITY} (${CAPACITY} confirmed, ${BOOKINGS - CAPACITY} waitlisted), ${ROUNDS} rounds taking turns:`,
        `  service:          ${service.perSecond.toFixed(0)} bookings/s, p50 ${service.p50.toFixed(1)} ms, p99 ${service.p99.toFixed(1)} ms`,
        `  raw-pg baseline:  ${baseline.perSecond.toFixed(0)} bookings/s, p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms (same conditional UPDATE + FOR UPDATE retry + booking row, one transaction)`,
        `  → throughput ratio ${(service.perSecond / baseline.perSecond).toFixed(2)} (target ≥ 0.50; by round ${roundRatios.map((ratio) => ratio.toFixed(2)).join(' ')}), p99 ratio ${(service.p99 / baseline.p99).toFixed(2)}`,
      ].join('\n'),
    );
    expect(service.perSecond).toBeGreaterThan(0);
    expect(baseline.perSecond).toBeGreaterThan(0);
  });
});
