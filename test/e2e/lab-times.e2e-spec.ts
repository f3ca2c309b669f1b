import { FakeClock } from '@academy/core';
import { newPublishedCourse } from '../factories/courses';
import { bearerToken, newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { BookingService, LabScheduleService } from '@academy/skills-lab';
import { eligibleLearner, newLab } from '../factories/labs';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const NOW = new Date('2026-11-10T09:00:00Z');

/** How the labs API takes times: canonical zones only, in words naming the field. */
describe('lab times over the API', () => {
  const clock = new FakeClock(NOW);
  let testApp: TestApp;
  let headers: Record<string, string>;
  let courseId: string;
  let instructorId: string;
  let admin: TestUser;
  let desk: BrowserSession;

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
    courseId = (await newPublishedCourse(testApp.app)).courseId;
    instructorId = (await newUser(testApp.app, { roles: ['instructor'] })).id;
    // One sign-in: the second factor's code may be used once, and this clock stands still.
    desk = await new BrowserSession(testApp.app).signIn(admin);
  });

  afterAll(() => testApp.close());

  beforeEach(() => clock.set(NOW));

  const schedule = (overrides: Record<string, unknown>) => {
    const startsAt = NOW.getTime() + 14 * DAY;
    return testApp.app.inject({
      method: 'POST',
      url: '/api/v1/admin/labs',
      headers,
      payload: {
        courseId,
        title: 'Bone marrow harvest skills lab',
        venueName: 'Midtown teaching centre',
        venueAddress: '1 Main St, New York, NY',
        timeZone: 'America/New_York',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
        capacity: 12,
        instructorIds: [instructorId],
        ...overrides,
      },
    });
  };

  it('refuses abbreviations and other non-canonical zones with a 400 naming the field', async () => {
    for (const timeZone of ['EST', 'PST', 'america/new_york', 'US/Eastern', 'Mars/Olympus']) {
      const response = await schedule({ timeZone });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json())).toContain('timeZone');
      expect(JSON.stringify(response.json())).toContain('IANA name, such as America/New_York');
    }
    const made = await schedule({ timeZone: 'America/New_York' });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ timeZone: 'America/New_York' });
  });

  /** The text of a page without its tags and the entities these pages use. */
  const textOf = (html: string): string =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=')
      .replace(/\s+/g, ' ');

  /** The admin's lab form, sent as a browser sends it (wall times in the zone). */
  const sendForm = async (fields: Record<string, string>) =>
    desk.submit('/admin/labs', {
      courseId,
      title: 'Bone marrow harvest skills lab',
      venueName: 'Teaching centre',
      venueAddress: 'Main Street 1',
      capacity: '8',
      offerHoldHours: '24',
      instructorIds: [instructorId],
      ...fields,
    });

  it('refuses on the form a time the clocks skip, in Los Angeles, Berlin and Sydney, saying the jump', async () => {
    for (const [timeZone, startsAt, place, words] of [
      ['America/Los_Angeles', '2027-03-14T02:30', 'Los Angeles', '02:30 on Sunday 14 March 2027'],
      ['Europe/Berlin', '2027-03-28T02:30', 'Berlin', '02:30 on Sunday 28 March 2027'],
      ['Australia/Sydney', '2027-10-03T02:30', 'Sydney', '02:30 on Sunday 3 October 2027'],
    ] as const) {
      const refused = await sendForm({ timeZone, startsAt, endsAt: `${startsAt.slice(0, 10)}T04:00` });
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain(
        `${words} does not exist in ${place}: the clocks go forward from 02:00 to 03:00 that night. Choose a time before 02:00 or from 03:00.`,
      );
      expect(refused.body).toMatch(/id="startsAt"[^>]*aria-invalid="true"/);
    }
  });

  it('asks which of a time the clocks repeat is meant, then keeps the one chosen', async () => {
    for (const [timeZone, day, place, first, second, firstAt, secondAt] of [
      ['America/Los_Angeles', '2027-11-07', 'Los Angeles', 'GMT‑7', 'GMT‑8', '08:30', '09:30'],
      ['Europe/Berlin', '2027-10-31', 'Berlin', 'GMT+2', 'GMT+1', '00:30', '01:30'],
      ['Australia/Sydney', '2027-04-04', 'Sydney', 'GMT+11', 'GMT+10', '15:30', '16:30'],
    ] as const) {
      const title = `Repeated hour in ${place}`;
      const form = { timeZone, title, startsAt: `${day}T01:30`, endsAt: `${day}T06:00` };
      if (timeZone !== 'America/Los_Angeles') {
        form.startsAt = `${day}T02:30`;
      }
      const asked = await sendForm(form);
      expect(asked.statusCode).toBe(400);
      const text = textOf(asked.body);
      expect(text).toContain(`happens twice in ${place}, because the clocks go back that night`);
      expect(text).toContain(`the first (${first})`);
      expect(text).toContain(`the second (${second})`);
      expect(asked.body).toContain('name="startsAtOccurrence" value="second"');
      const kept = await sendForm({ ...form, startsAtOccurrence: 'second' });
      expect(kept.statusCode).toBe(303);
      const { items } = await testApp.app.get(LabScheduleService).list({ courseId, limit: 50, offset: 0 });
      const lab = items.find((candidate) => candidate.title === title)!;
      // The second occurrence; the first would have been an hour earlier.
      const startsUtc = lab.startsAt.toISOString();
      expect(startsUtc.slice(11, 16)).toBe(secondAt);
      expect(startsUtc.slice(11, 16)).not.toBe(firstAt);
      // The lab's form shows the choice it keeps.
      const edit = await desk.request('GET', `/admin/labs/${lab.id}`);
      expect(edit.body).toMatch(/name="startsAtOccurrence" value="second" checked/);
    }
  });

  it('names a calendar file by the lab’s day at the venue, not in UTC', async () => {
    const { courseId: sydneyCourse, slug } = await newPublishedCourse(testApp.app);
    // 09:00 on Sunday 4 April 2027 in Sydney is still 3 April in UTC.
    const lab = await newLab(testApp.app, sydneyCourse, {
      timeZone: 'Australia/Sydney',
      startsAt: new Date('2027-04-03T22:00:00Z'),
      endsAt: new Date('2027-04-04T07:00:00Z'),
    });
    const learner = await eligibleLearner(testApp.app, slug);
    const bookings = testApp.app.get(BookingService);
    const { booking } = await bookings.book(learner.id, lab.id);
    expect((await bookings.calendar(learner.id, booking.id)).filename).toBe('skills-lab-2027-04-04.ics');
  });

  it('refuses a new lab entirely in the past, naming the end, and takes one still running', async () => {
    const past = await schedule({
      startsAt: new Date(NOW.getTime() - 2 * DAY).toISOString(),
      endsAt: new Date(NOW.getTime() - 2 * DAY + 8 * 3_600_000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(JSON.stringify(past.json())).toContain('endsAt');
    expect(JSON.stringify(past.json())).toContain('This lab would already be over');
    const listed = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/admin/labs?limit=100&offset=0',
      headers,
    });
    expect(
      listed.json<{ items: { startsAt: string }[] }>().items.some((lab) => new Date(lab.startsAt) < NOW),
    ).toBe(false);
    const running = await schedule({
      startsAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
      endsAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
      bookingOpensAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(),
    });
    expect(running.statusCode).toBe(201);
  });
});
