import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { SessionsService } from '@academy/identity';
import { newPublishedCourse } from '../test/factories/courses';
import { eligibleLearner, newLab } from '../test/factories/labs';
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
// The warm-up books a lab of its own (half of it a waitlist), with learners of its own: a
// learner holds one place per course, so no learner books twice.
const WARM_UP = 20;
const WARM_UP_CAPACITY = 10;
// Over HTTP that is 20 + 150 = 170 bookings; tokens are issued through the service, not the
// token endpoint. The throttler allows 600 requests a minute per address (every inject comes
// from 127.0.0.1), so we never time a 429 (and every status is checked, so one would fail loudly).
// Learners are made this many at a time: each hashes a password (argon2).
const LEARNER_BATCH = 10;

/** A learner allowed to book the course's labs: enrolled, every module passed. */
interface Learner {
  userId: string;
  enrolmentId: string;
  token: string;
}

/** A lab as the baseline needs it to write a booking row. */
interface LabRow {
  id: string;
  courseId: string;
  startsAt: Date;
  endsAt: Date;
}

type Outcome = 'confirmed' | 'waitlisted';

/** The labs booked: a warm-up lab and a hot lab for each path, each with learners of its own. */
type Path = 'httpWarmUp' | 'http' | 'rawWarmUp' | 'raw';
const PATHS: [Path, capacity: number, learners: number][] = [
  ['httpWarmUp', WARM_UP_CAPACITY, WARM_UP],
  ['http', CAPACITY, BOOKINGS],
  ['rawWarmUp', WARM_UP_CAPACITY, WARM_UP],
  ['raw', CAPACITY, BOOKINGS],
];

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
          learner.enrolmentId,
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

describe('skills-lab booking rush', () => {
  let testApp: TestApp;
  let pool: Pool;
  const labs = new Map<Path, LabRow>();
  const learners = new Map<Path, Learner[]>();
  const labOf = (path: Path): LabRow => labs.get(path)!;
  const learnersOf = (path: Path): Learner[] => learners.get(path)!;

  beforeAll(async () => {
    testApp = await createTestApp();
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    const sessions = app.get(SessionsService);
    // Four labs of the same course and time: one hot lab per path, one warm-up lab per path.
    for (const [path, capacity, count] of PATHS) {
      const scheduled = await newLab(app, courseId, { capacity });
      labs.set(path, { id: scheduled.id, courseId, startsAt: scheduled.startsAt, endsAt: scheduled.endsAt });
      // Before any clock: in batches, since each hashes a password.
      const made: Learner[] = [];
      while (made.length < count) {
        const batch = Math.min(LEARNER_BATCH, count - made.length);
        made.push(
          ...(await Promise.all(
            Array.from({ length: batch }, async (): Promise<Learner> => {
              const user = await eligibleLearner(app, slug);
              const { token } = await sessions.issue(user.id, 'api');
              return { userId: user.id, enrolmentId: user.enrolmentId, token };
            }),
          )),
        );
      }
      learners.set(path, made);
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
        headers: { authorization: `Bearer ${learner.token}` },
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

    await rush(labOf('httpWarmUp'), learnersOf('httpWarmUp'), http);
    await rush(labOf('rawWarmUp'), learnersOf('rawWarmUp'), raw);
    const service = await rush(labOf('http'), learnersOf('http'), http);
    const baseline = await rush(labOf('raw'), learnersOf('raw'), raw);

    // Both rushes must end the same way, or the comparison means nothing: every seat taken once,
    // everyone else on the waitlist, in the answers and in the database alike.
    for (const [path, result] of [
      ['http', service],
      ['raw', baseline],
    ] as const) {
      expect({ path, confirmed: result.confirmed, waitlisted: result.waitlisted }).toEqual({
        path,
        confirmed: CAPACITY,
        waitlisted: BOOKINGS - CAPACITY,
      });
      expect({ path, ...(await stored(pool, labOf(path).id)) }).toEqual({
        path,
        seatsTaken: CAPACITY,
        byStatus: { confirmed: CAPACITY, waitlisted: BOOKINGS - CAPACITY },
      });
    }
    // The service's waitlist keeps the order of joining: positions 1..100, each once.
    expect(service.positions).toEqual(Array.from({ length: BOOKINGS - CAPACITY }, (_, index) => index + 1));

    console.log(
      [
        `POST /api/v1/labs/{id}/bookings over HTTP (app.inject), one hot lab, ${BOOKINGS} learners, ${CONCURRENCY} in flight, capacity ${CAPACITY} (${CAPACITY} confirmed, ${BOOKINGS - CAPACITY} waitlisted):`,
        `  service:          ${service.perSecond.toFixed(0)} bookings/s, p50 ${service.p50.toFixed(1)} ms, p99 ${service.p99.toFixed(1)} ms`,
        `  raw-pg baseline:  ${baseline.perSecond.toFixed(0)} bookings/s, p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms (same conditional UPDATE + FOR UPDATE retry + booking row, one transaction)`,
        `  → throughput ratio ${(service.perSecond / baseline.perSecond).toFixed(2)}, p99 ratio ${(service.p99 / baseline.p99).toFixed(2)}`,
      ].join('\n'),
    );
    expect(service.bookings).toBe(BOOKINGS);
    expect(baseline.bookings).toBe(BOOKINGS);
    expect(service.perSecond).toBeGreaterThan(0);
    expect(baseline.perSecond).toBeGreaterThan(0);
  });
});
