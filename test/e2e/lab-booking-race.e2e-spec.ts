import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { freePort } from '@academy/core';
import { SessionsService } from '@academy/identity';
import { newPublishedCourse } from '../factories/courses';
import { newLab, passAllModules } from '../factories/labs';
import { newUser } from '../factories/users';
import { MAIN, start, Started, untilReady } from '../support/app-process';
import { createTestApp, TestApp, testConfig } from '../support/test-app';

interface Learner {
  id: string;
  token: string;
}

interface BookingBody {
  id: string;
  status: string;
  position: number | null;
}

const LEARNERS = 200;
const CAPACITY = 12;

/**
 * The acceptance race: learners booking one hot lab at once through the HTTP API of two app
 * processes over one database, then cancellations racing acceptances and declines.
 */
describe('booking a hot lab from two app processes', () => {
  let testApp: TestApp;
  let db: Client;
  let apps: Started[];
  let ports: number[];
  let labId: string;
  let learners: Learner[];
  let adminToken: string;

  beforeAll(async () => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
    }
    testApp = await createTestApp();
    const { app } = testApp;
    ports = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: testApp.databaseUrl,
      APP_SECRET: testConfig().appSecret,
      LOG_LEVEL: 'warn',
    };
    apps = ports.map((port) => start({ ...env, PORT: String(port) }));
    const course = await newPublishedCourse(app);
    const lab = await newLab(app, course.courseId, { capacity: CAPACITY });
    labId = lab.id;
    const sessions = app.get(SessionsService);
    learners = [];
    // Accounts in small parallel batches (argon2 hashing is the slow part).
    for (let batch = 0; batch < LEARNERS; batch += 10) {
      learners.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, LEARNERS - batch) }, async () => {
            const user = await newUser(app);
            await passAllModules(app, user.id, course.slug);
            return { id: user.id, token: (await sessions.issue(user.id, 'api')).token };
          }),
        )),
      );
    }
    const admin = await newUser(app, { roles: ['admin'] });
    adminToken = (await sessions.issue(admin.id, 'api')).token;
    db = new Client({ connectionString: testApp.databaseUrl });
    await db.connect();
    await Promise.all(apps.map((started, index) => untilReady(started, ports[index]!, 30_000)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all((apps ?? []).map((started) => started.stop()));
    await db?.end();
    await testApp?.close();
  });

  /** Calls the API of one of the two processes, alternating. */
  async function call(index: number, method: string, path: string, token: string) {
    const response = await fetch(`http://127.0.0.1:${ports[index % 2]}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as BookingBody & { message?: string } };
  }

  async function state() {
    const { rows } = await db.query<{ user_id: string; id: string; status: string; queue_no: string }>(
      `SELECT user_id, id, status, queue_no FROM lab_booking WHERE lab_id = $1 ORDER BY queue_no`,
      [labId],
    );
    const seats = (
      await db.query<{ seats_taken: number }>('SELECT seats_taken FROM lab_session WHERE id = $1', [labId])
    ).rows[0]!.seats_taken;
    const of = (status: string) => rows.filter((row) => row.status === status);
    return { rows, seats, confirmed: of('confirmed'), offered: of('offered'), waitlisted: of('waitlisted') };
  }

  /** What must hold whatever happened: seats counted right, no free seat while people wait, offers in queue order. */
  async function expectConsistent(): Promise<Awaited<ReturnType<typeof state>>> {
    const now = await state();
    expect(now.seats).toBe(now.confirmed.length + now.offered.length);
    expect(now.seats).toBeLessThanOrEqual(CAPACITY);
    if (now.waitlisted.length > 0) {
      expect(now.seats).toBe(CAPACITY);
      const firstWaiting = Math.min(...now.waitlisted.map((row) => Number(row.queue_no)));
      for (const offer of now.offered) {
        expect(Number(offer.queue_no)).toBeLessThan(firstWaiting);
      }
    }
    // The roster's positions are 1..n in the order of joining.
    const roster = await call(0, 'GET', `/api/v1/labs/${labId}/roster`, adminToken);
    expect(roster.status).toBe(200);
    const positions = (
      roster.body as unknown as { items: { bookingId: string; status: string; position: number }[] }
    ).items
      .filter((item) => item.status === 'waitlisted')
      .map((item) => [item.bookingId, item.position]);
    expect(positions).toEqual(now.waitlisted.map((row, index) => [row.id, index + 1]));
    return now;
  }

  it(`gives exactly ${CAPACITY} seats to ${LEARNERS} learners booking at once, and a strict waitlist to the rest`, async () => {
    const responses = await Promise.all(
      learners.map((learner, index) => call(index, 'POST', `/api/v1/labs/${labId}/bookings`, learner.token)),
    );
    expect(responses.filter((response) => response.status !== 201).map((response) => response.body)).toEqual(
      [],
    );
    const confirmed = responses.filter((response) => response.body.status === 'confirmed');
    const waitlisted = responses.filter((response) => response.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(CAPACITY);
    expect(waitlisted).toHaveLength(LEARNERS - CAPACITY);
    // Each was told a distinct place, 1 to 188, matching the order they joined in.
    const told = new Map(waitlisted.map((response) => [response.body.id, response.body.position]));
    const now = await expectConsistent();
    expect(now.waitlisted.map((row) => told.get(row.id))).toEqual(
      Array.from({ length: LEARNERS - CAPACITY }, (_, index) => index + 1),
    );
  });

  it('keeps the waitlist consistent while cancellations race acceptances and declines', async () => {
    const token = new Map(learners.map((learner) => [learner.id, learner.token]));
    for (let round = 0; round < 6; round++) {
      const before = await state();
      const actions = [
        // Four seats given up...
        ...before.confirmed.slice(round, round + 4).map((row) => ['cancel', row] as const),
        // ...while the people offered seats accept or decline...
        ...before.offered.map((row, index) => [index % 3 === 2 ? 'decline' : 'accept', row] as const),
        // ...and some of those waiting give up their place.
        ...before.waitlisted.slice(-3).map((row) => ['cancel', row] as const),
      ];
      const responses = await Promise.all(
        actions.map(([action, row], index) =>
          call(index, 'POST', `/api/v1/me/bookings/${row.id}/${action}`, token.get(row.user_id)!),
        ),
      );
      expect(
        responses.filter((response) => response.status !== 200).map((response) => response.body),
      ).toEqual([]);
      const after = await expectConsistent();
      expect(after.confirmed.length + after.offered.length).toBe(CAPACITY);
    }
  });
});
