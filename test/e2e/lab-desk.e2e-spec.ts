import { FakeClock } from '@academy/core';
import { BookingService, formatTicketCode } from '@academy/skills-lab';
import { newPublishedCourse } from '../factories/courses';
import { eligibleLearner, newLab } from '../factories/labs';
import { bearerToken, newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;
// Monday 23 November 2026, 18:00 in Berlin; the labs start on Tuesday at 09:00 there.
const EVENING = new Date('2026-11-23T17:00:00Z');
const STARTS = new Date('2026-11-24T08:00:00Z');

/** The text of a page without its tags, entities decoded as far as these pages use them. */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the instructor’s desk over HTTP', () => {
  const clock = new FakeClock(EVENING);
  let testApp: TestApp;
  let instructor: TestUser;
  let token: string;
  let lab: { id: string };
  let ownTicket: string;
  let otherTicket: string;

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    instructor = await newUser(app, { roles: ['instructor'], fullName: 'Dr Ines Instructor' });
    lab = await newLab(app, courseId, {
      startsAt: STARTS,
      endsAt: new Date(STARTS.getTime() + 8 * HOUR),
      instructorIds: [instructor.id],
    });
    const other = await newPublishedCourse(app);
    const otherLab = await newLab(app, other.courseId, {
      title: 'Sternal aspiration skills lab',
      startsAt: STARTS,
      endsAt: new Date(STARTS.getTime() + 8 * HOUR),
    });
    const bookings = app.get(BookingService);
    const learner = await eligibleLearner(app, slug, { fullName: 'Dr Hana Holder' });
    ownTicket = (await bookings.book(learner.id, lab.id)).booking.ticketCode;
    const stranger = await eligibleLearner(app, other.slug, { fullName: 'Dr Sam Sternal' });
    otherTicket = (await bookings.book(stranger.id, otherLab.id)).booking.ticketCode;
    token = await bearerToken(app, instructor);
  });

  afterAll(() => testApp.close());

  beforeEach(async () => {
    clock.set(EVENING);
    token = await bearerToken(testApp.app, instructor);
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, bearer = token) =>
    testApp.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}` } });

  it('keeps attendance shut before check-in opens, and says when it opens', async () => {
    const desk = await new BrowserSession(testApp.app).signIn(instructor);
    const page = await desk.request('GET', `/instructor/labs/${lab.id}`);
    expect(page.statusCode).toBe(200);
    // Nobody knows the instructor's zone: the venue's time, named.
    expect(textOf(page.body)).toContain(
      'Check-in and sign-off open when the lab starts, tomorrow at 9:00 am (Berlin time).',
    );
    expect(page.body).toMatch(/<button type="submit" class="button big" disabled[^>]*>Check in<\/button>/);
    const attendanceButtons = page.body.match(/<button type="submit" name="attendance"[^>]*>/g) ?? [];
    expect(attendanceButtons).toHaveLength(3);
    expect(attendanceButtons.every((button) => button.includes(' disabled'))).toBe(true);

    // The server refuses too, in words.
    const refused = await desk.submit(`/instructor/labs/${lab.id}/check-in`, { ticketCode: ownTicket });
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('Check-in and sign-off open when the lab starts');
    const viaApi = await api('POST', `/api/v1/labs/${lab.id}/check-in`, { ticketCode: ownTicket });
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.json<{ message: string }>().message).toBe(
      'Check-in and sign-off open when the lab starts, tomorrow at 9:00 am (Berlin time).',
    );

    // An hour before the start the door is open for ticket checks, but nothing is recorded yet.
    clock.set(new Date(STARTS.getTime() - HOUR));
    const early = await new BrowserSession(testApp.app).signIn(instructor);
    expect(textOf((await early.request('GET', `/instructor/labs/${lab.id}`)).body)).toContain(
      'Check-in and sign-off open when the lab starts, 9:00 am today (Berlin time).',
    );
    // From the start the buttons work.
    clock.set(STARTS);
    const morning = await new BrowserSession(testApp.app).signIn(instructor);
    const open = await morning.request('GET', `/instructor/labs/${lab.id}`);
    expect(open.body).not.toContain('sign-off open');
    expect(open.body).toMatch(/<button type="submit" class="button big">Check in<\/button>/);
    const buttons = open.body.match(/<button type="submit" name="attendance"[^>]*>/g) ?? [];
    expect(buttons.filter((button) => button.includes(' disabled'))).toEqual([]);
  });

  it('shows whose a scanned ticket is, and warns on another lab’s ticket instead of checking it in', async () => {
    clock.set(new Date(STARTS.getTime() + 5 * 60_000));
    // Signed in on the morning of the lab (yesterday's sign-in has expired).
    token = await bearerToken(testApp.app, instructor);
    const desk = await new BrowserSession(testApp.app).signIn(instructor);
    const wrong = await desk.request('GET', `/instructor/labs/${lab.id}/check-in?ticket=${otherTicket}`);
    const warning =
      'This is Dr Sam Sternal’s ticket for another lab, “Sternal aspiration skills lab”, 9:00 am today (Berlin time), not this one. Do not check them in here.';
    expect(textOf(wrong.body)).toContain('Do not check in: Dr Sam Sternal');
    expect(textOf(wrong.body)).toContain(warning);
    expect(wrong.body).toContain('role="alert"');

    const refused = await desk.submit(`/instructor/labs/${lab.id}/check-in`, { ticketCode: otherTicket });
    expect(refused.statusCode).toBe(409);
    // The warning once, by the holder; nobody checked in.
    expect(textOf(refused.body).split(warning)).toHaveLength(2);
    expect(textOf(refused.body)).toContain('Checked in 0 of 1 booked');

    const lookup = await api(
      'GET',
      `/api/v1/labs/${lab.id}/ticket?ticketCode=${formatTicketCode(otherTicket)}`,
    );
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      holderName: 'Dr Sam Sternal',
      degree: 'MD',
      status: 'confirmed',
      problem: 'other-lab',
      lab: { title: 'Sternal aspiration skills lab' },
    });
    const apiRefused = await api('POST', `/api/v1/labs/${lab.id}/check-in`, { ticketCode: otherTicket });
    expect(apiRefused.statusCode).toBe(409);
    expect(apiRefused.json<{ message: string }>().message).toContain(
      'Dr Sam Sternal’s ticket for another lab',
    );

    // The right ticket: the holder, their degree and seat, then checked in.
    const right = await desk.request('GET', `/instructor/labs/${lab.id}/check-in?ticket=${ownTicket}`);
    expect(textOf(right.body)).toContain('Ticket of Dr Hana Holder');
    expect(textOf(right.body)).toMatch(/Degree\s+MD · Sports medicine/);
    expect(textOf(right.body)).toMatch(/Booking\s+Seat confirmed/);
    const done = await desk.submit(`/instructor/labs/${lab.id}/check-in`, { ticketCode: ownTicket });
    expect(done.statusCode).toBe(303);
    const unknown = await api('GET', `/api/v1/labs/${lab.id}/ticket?ticketCode=ZZZZZZZZZZZZZZZZZZZZ`);
    expect(unknown.statusCode).toBe(404);
    const missing = await api('GET', `/api/v1/labs/${lab.id}/ticket`);
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('ticketCode');
  });

  it('lets only the lab’s instructors and admins download the roster and the sign-in sheet', async () => {
    for (const [file, type] of [
      ['roster.csv', 'text/csv; charset=utf-8'],
      ['sign-in-sheet.pdf', 'application/pdf'],
    ] as const) {
      const own = await api('GET', `/api/v1/labs/${lab.id}/${file}`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['content-type']).toBe(type);
      expect(own.headers['content-disposition']).toMatch(/^attachment; filename=/);
      expect(own.headers['cache-control']).toBe('private, no-store');

      const desk = await new BrowserSession(testApp.app).signIn(instructor);
      expect((await desk.request('GET', `/instructor/labs/${lab.id}/${file}`)).statusCode).toBe(200);

      const outsider = await newUser(testApp.app, { roles: ['instructor'] });
      expect(
        (
          await api(
            'GET',
            `/api/v1/labs/${lab.id}/${file}`,
            undefined,
            await bearerToken(testApp.app, outsider),
          )
        ).statusCode,
      ).toBe(403);
      const outsiderPage = await (
        await new BrowserSession(testApp.app).signIn(outsider)
      ).request('GET', `/instructor/labs/${lab.id}/${file}`);
      expect(outsiderPage.statusCode).toBe(403);
      expect(textOf(outsiderPage.body)).toContain('Only the instructors of this lab may run its roster.');

      const learner = await newUser(testApp.app, { roles: ['learner'] });
      expect(
        (
          await api(
            'GET',
            `/api/v1/labs/${lab.id}/${file}`,
            undefined,
            await bearerToken(testApp.app, learner),
          )
        ).statusCode,
      ).toBe(403);
      const anonymous = await testApp.app.inject({ method: 'GET', url: `/api/v1/labs/${lab.id}/${file}` });
      expect(anonymous.statusCode).toBe(401);

      const admin = await newUser(testApp.app, { roles: ['admin'] });
      expect(
        (await api('GET', `/api/v1/labs/${lab.id}/${file}`, undefined, await bearerToken(testApp.app, admin)))
          .statusCode,
      ).toBe(200);
    }
    const csv = await api('GET', `/api/v1/labs/${lab.id}/roster.csv`);
    expect(csv.body).toContain('Dr Hana Holder,MD,Sports medicine,Booked');
  });
});
