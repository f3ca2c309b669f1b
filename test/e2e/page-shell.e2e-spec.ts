import { FakeClock } from '@academy/core';
import { BookingService } from '@academy/skills-lab';
import { eligibleLearner, labOfCourse } from '../factories/labs';
import { newPublishedCourse } from '../factories/courses';
import { newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

/** The text a person reads in the page's main part, tags dropped and white space made single. */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const headerOf = (html: string): string => /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';

// What must never reach a person on a page.
const DEVELOPER_TEXT = [
  /Cannot (GET|POST)/,
  /must be a/,
  /\bUUID\b/,
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
  /lessonId|bookingId/,
];

describe('error pages: in words, under the signed-in header, with a way on', () => {
  let testApp: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
  });

  afterAll(() => testApp.close());

  it('answers an unknown address with a 404 page that keeps the learner’s header and offers their home', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Nora Lost' });
    const session = await new BrowserSession(testApp.app).signIn(learner);
    const page = await session.request('GET', '/nothing-here/at-all', {
      headers: { referer: 'http://localhost:80/courses' },
    });
    expect(page.statusCode).toBe(404);
    expect(headerOf(page.body)).toContain('Dr Nora Lost');
    expect(headerOf(page.body)).toContain('Sign out');
    expect(headerOf(page.body)).not.toContain('Create account');
    const text = mainText(page.body);
    expect(text).toContain('We could not find that page');
    expect(text).toContain('There is no page at this address.');
    expect(page.body).toContain('<a href="/learning">Go to My learning</a>');
    expect(page.body).toContain('action="/courses"');
    for (const pattern of DEVELOPER_TEXT) {
      expect(text).not.toMatch(pattern);
    }
  });

  it('offers each role its own home, and a visitor the home page and sign-in header', async () => {
    const instructor = await newUser(testApp.app, { roles: ['instructor'] });
    const page = await (
      await new BrowserSession(testApp.app).signIn(instructor)
    ).request('GET', '/no/such/page');
    expect(page.body).toContain('<a href="/instructor/labs">Go to My labs</a>');
    const anonymous = await new BrowserSession(testApp.app).request('GET', '/no/such/page');
    expect(anonymous.statusCode).toBe(404);
    expect(headerOf(anonymous.body)).toContain('Sign in');
    expect(anonymous.body).toContain('<a href="/">Go to the home page</a>');
  });

  it('answers a bad id in a page’s address with a 404 in words, not the validator’s message', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Ada Typo' });
    const session = await new BrowserSession(testApp.app).signIn(learner);
    const { slug } = await newPublishedCourse(testApp.app);
    for (const url of [
      `/learning/${slug}/lessons/not-a-uuid`,
      '/me/bookings/not-a-uuid',
      '/learning/Not A Slug!',
    ]) {
      const page = await session.request('GET', url);
      expect(page.statusCode).toBe(404);
      expect(headerOf(page.body)).toContain('Dr Ada Typo');
      const text = mainText(page.body);
      expect(text).toContain('There is no page at this address.');
      for (const pattern of DEVELOPER_TEXT) {
        expect(text).not.toMatch(pattern);
      }
    }
    // The API keeps naming the field for programs.
    const api = await testApp.app.inject({ method: 'GET', url: '/api/v1/labs/not-a-uuid' });
    expect(api.statusCode).toBe(400);
    expect(api.json<{ message: string }>().message).toContain('must be a UUID');
  });

  it('answers something unexpected with a 500 page under the user’s header, a reference and no details', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Unlucky' });
    const session = await new BrowserSession(testApp.app).signIn(learner);
    const bookings = testApp.app.get(BookingService);
    const spy = jest
      .spyOn(bookings, 'myBookings')
      .mockRejectedValueOnce(new Error('relation "lab_booking" does not exist at postgres://secret@db'));
    try {
      const page = await session.request('GET', '/me/bookings');
      expect(page.statusCode).toBe(500);
      expect(headerOf(page.body)).toContain('Dr Unlucky');
      const text = mainText(page.body);
      expect(text).toContain('Something went wrong on our side');
      expect(text).toContain('give this reference');
      expect(text).toContain(page.headers['x-request-id'] as string);
      expect(text).not.toContain('postgres');
      expect(text).not.toContain('lab_booking');
      expect(page.body).toContain('<a href="/learning">Go to My learning</a>');
    } finally {
      spy.mockRestore();
    }
  });

  it('puts an expired form (a stale CSRF token) in words', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Stale Tab' });
    const session = await new BrowserSession(testApp.app).signIn(learner);
    const page = await session.request('POST', '/profile', { form: { _csrf: 'stale-token', fullName: 'X' } });
    expect(page.statusCode).toBe(403);
    expect(headerOf(page.body)).toContain('Dr Stale Tab');
    expect(mainText(page.body)).toContain('This form had expired');
    expect(mainText(page.body)).not.toMatch(/csrf/i);
  });
});

describe('cancelling a skills-lab seat asks first', () => {
  let testApp: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
  });

  afterAll(() => testApp.close());

  it('shows what happens to the seat (the waitlist’s first person gets it) and cancels only once confirmed', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    const { lab, slug } = await labOfCourse(
      testApp.app,
      { id: learner.id, roles: ['learner'] },
      { capacity: 1 },
    );
    const bookings = testApp.app.get(BookingService);
    const { booking } = await bookings.book(learner.id, lab.id);
    const waiting = await eligibleLearner(testApp.app, slug);
    const place = await bookings.book(waiting.id, lab.id);
    expect(place.booking.status).toBe('waitlisted');
    const session = await new BrowserSession(testApp.app).signIn(learner);

    // The booking page links to the confirmation; it changes nothing by itself.
    const ticket = await session.request('GET', `/me/bookings/${booking.id}`);
    expect(ticket.body).toContain(`href="/me/bookings/${booking.id}/cancel"`);
    expect(ticket.body).not.toContain(`action="/me/bookings/${booking.id}/cancel"`);

    const confirm = await session.request('GET', `/me/bookings/${booking.id}/cancel`);
    expect(confirm.statusCode).toBe(200);
    const text = mainText(confirm.body);
    expect(text).toContain('Cancel your seat?');
    expect(text).toContain(
      'Your seat is offered at once to the first person on the waitlist (1 waiting), who has 24 hours to accept it.',
    );
    expect(text).toContain('but the lab is full: you would join the end of the waitlist.');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect((await bookings.myBooking(learner.id, booking.id)).booking.status).toBe('confirmed');

    // A post without the confirmation (an old page's button) is sent to the question instead.
    const token = await session.csrfToken(`/me/bookings/${booking.id}/cancel`);
    const unconfirmed = await session.request('POST', `/me/bookings/${booking.id}/cancel`, {
      form: { _csrf: token },
    });
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toBe(`/me/bookings/${booking.id}/cancel`);
    expect((await bookings.myBooking(learner.id, booking.id)).booking.status).toBe('confirmed');

    const confirmed = await session.request('POST', `/me/bookings/${booking.id}/cancel`, {
      form: { _csrf: token, confirm: 'yes' },
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/me/bookings/${booking.id}?notice=cancelled`);
    expect((await bookings.myBooking(learner.id, booking.id)).booking.status).toBe('cancelled');
    expect((await bookings.myBooking(waiting.id, place.booking.id)).booking.status).toBe('offered');

    // Nothing left to cancel: the question is not asked again.
    const again = await session.request('GET', `/me/bookings/${booking.id}/cancel`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/me/bookings/${booking.id}`);
  });

  it('says a freed seat is open to anyone when nobody waits, and that a waitlist place is simply given up', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    const { lab, slug } = await labOfCourse(
      testApp.app,
      { id: learner.id, roles: ['learner'] },
      { capacity: 1 },
    );
    const { booking } = await testApp.app.get(BookingService).book(learner.id, lab.id);
    const session = await new BrowserSession(testApp.app).signIn(learner);
    const seat = mainText((await session.request('GET', `/me/bookings/${booking.id}/cancel`)).body);
    expect(seat).toContain('Nobody is waiting, so your seat becomes free for anyone to book.');
    expect(seat).toContain('while seats are left.');

    // A place on the waitlist of the now full lab.
    const waiting = await eligibleLearner(testApp.app, slug);
    const place = await testApp.app.get(BookingService).book(waiting.id, lab.id);
    const waitingSession = await new BrowserSession(testApp.app).signIn(waiting);
    const leave = mainText(
      (await waitingSession.request('GET', `/me/bookings/${place.booking.id}/cancel`)).body,
    );
    expect(leave).toContain('Leave the waitlist?');
    expect(leave).toContain('You give up your place on the waitlist (you are number 1).');
    expect(leave).toContain('but the lab is full: you would join the end of the waitlist.');
  });
});
