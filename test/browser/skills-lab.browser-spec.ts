import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '@academy/core';
import { NotificationsService } from '@academy/notifications';
import { BookingService, LabScheduleService } from '@academy/skills-lab';
import { newPublishedCourse } from '../factories/courses';
import { enrolReady } from '../factories/enrolments';
import { eligibleLearner, newLab } from '../factories/labs';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { icalendarProblems } from '../support/icalendar-rules';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  descriptionOf,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  PHONE,
  snapshot,
  textOf,
  signInThroughPage,
} from './browser';

jest.setTimeout(180_000);

const TABLET = { width: 820, height: 1180 } as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('skills labs: a learner books a seat, an instructor checks them in and signs their checklist', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
  });

  async function signedIn(user: TestUser, viewport: { width: number; height: number }): Promise<Page> {
    const context: BrowserContext = await browser.newContext({
      baseURL: baseUrl,
      viewport,
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('books, downloads the calendar, cancels, rebooks, is checked in and signed off', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    const instructor = await newUser(app, { roles: ['instructor'], fullName: 'Dr Ines Instructor' });
    const startsAt = new Date(clock.now().getTime() + 3 * DAY);
    const lab = await newLab(app, courseId, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * HOUR),
      timeZone: 'America/Chicago',
      venueName: 'Midwest Orthobiologics Simulation Centre',
      venueAddress: '1200 W Harrison St, Chicago, IL 60607',
      capacity: 6,
      instructorIds: [instructor.id],
    });
    const learner = await eligibleLearner(app, slug, { fullName: 'Dr Lena Learner' });
    // A second learner who has not passed the modules sees why they cannot book yet.
    const early = await newUser(app, { roles: ['learner'], fullName: 'Dr Early Bird' });
    await enrolReady(app, early.id, slug);

    const beginner = await signedIn(early, DESKTOP);
    await beginner.goto(`/learning/${slug}/labs`);
    await beginner.getByText('You cannot book yet.').waitFor();
    expect(await textOf(beginner.locator('.lab-reason'))).toContain('Pass these modules first');
    await snapshot(beginner, 'lab-course-labs-not-eligible');
    await beginner.context().close();

    // The learner books a seat from the course's labs.
    const page = await signedIn(learner, DESKTOP);
    await page.goto('/learning');
    await page.getByRole('link', { name: 'book a lab' }).click();
    await page.waitForURL(`**/learning/${slug}/labs`);
    await page.getByRole('heading', { level: 1, name: 'Skills labs' }).waitFor();
    const card = page.locator('.lab-card', { hasText: lab.title });
    expect(await textOf(card)).toContain('6 of 6 left');
    // The venue's wall time: 09:00 UTC is 03:00 in Chicago.
    expect(await textOf(card)).toContain('Tuesday, 24 November 2026, 03:00–11:00 Chicago time (GMT\u20116)');
    await snapshot(page, 'lab-course-labs');
    await card.getByRole('button', { name: /^Book a seat/ }).click();
    await page.waitForURL('**/me/bookings/*?notice=booked');
    await page.getByText('Seat confirmed. Show the ticket below when you arrive.').waitFor();
    const firstCode = await textOf(page.locator('.ticket-code'));
    expect(firstCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await page.locator('.ticket-qr svg[role="img"]').count()).toBe(1);
    await snapshot(page, 'lab-ticket');

    // The calendar file carries the venue's zone and keeps RFC 5545.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const ics = await readFile(await download.path(), 'utf8');
    expect(icalendarProblems(ics)).toEqual([]);
    expect(ics).toContain('TZID:America/Chicago');
    expect(ics).toContain('DTSTART;TZID=America/Chicago:20261124T030000');
    expect(download.suggestedFilename()).toMatch(/\.ics$/);

    // The ticket on a tablet and a phone.
    await page.setViewportSize(TABLET);
    await snapshot(page, 'lab-ticket-tablet');
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'lab-ticket-phone');
    await page.setViewportSize(DESKTOP);

    // Cancel (before the cutoff), then book again: a new ticket.
    expect(await textOf(page.locator('main'))).toContain('You can cancel until');
    await page.getByRole('link', { name: 'Cancel my seat…' }).click();
    // A confirmation first: what happens to the seat, and whether booking again is possible.
    await page.getByRole('heading', { level: 1, name: 'Cancel your seat?' }).waitFor();
    const consequences = await textOf(page.locator('.cancel-consequences'));
    expect(consequences).toContain('Nobody is waiting, so your seat becomes free for anyone to book.');
    expect(consequences).toContain('You can book again until');
    await snapshot(page, 'lab-booking-cancel-confirm');
    await page.getByRole('button', { name: 'Yes, cancel my seat' }).click();
    await page.getByText('Your booking is cancelled.').waitFor();
    expect(await page.locator('.ticket-code').count()).toBe(0);
    await snapshot(page, 'lab-booking-cancelled');
    clock.advance(10 * 60_000);
    await page.getByRole('link', { name: 'Skills labs of the course' }).click();
    await page
      .locator('.lab-card', { hasText: lab.title })
      .getByRole('button', { name: /^Book a seat/ })
      .click();
    await page.getByText('Seat confirmed.').waitFor();
    const secondCode = await textOf(page.locator('.ticket-code'));
    expect(secondCode).not.toBe(firstCode);

    await page.getByRole('link', { name: 'My bookings' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    expect(await page.locator('.lab-card').count()).toBe(2);
    expect(await textOf(page.locator('.lab-card').first())).toContain('Seat confirmed');
    await snapshot(page, 'lab-my-bookings');
    await page.context().close();

    // Lab day: check-in and sign-off open as the lab starts.
    clock.set(new Date(startsAt.getTime() + 5 * 60_000));
    const desk = await signedIn(instructor, TABLET);
    await desk.getByRole('link', { name: 'My labs' }).click();
    await desk.getByRole('heading', { level: 1, name: 'My labs' }).waitFor();
    await snapshot(desk, 'lab-instructor-labs-tablet');
    await desk.getByRole('link', { name: /^Open roster/ }).click();
    await desk.getByRole('heading', { level: 1, name: lab.title }).waitFor();
    const ticketField = desk.getByLabel('Ticket number');
    expect(await ticketField.getAttribute('autocomplete')).toBe('off');
    await snapshot(desk, 'lab-roster-tablet');
    // A mistyped code is refused by the field, and the roster stays as it was.
    await ticketField.fill('7KQ4-M2XD-9PRT-A3BC-Z8WN');
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.getByText('No ticket with this code; check the code and try again.').waitFor();
    expect(await desk.getByLabel('Ticket number').getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(desk.getByLabel('Ticket number'))).toContain('No ticket with this code');
    await snapshot(desk, 'lab-roster-bad-ticket-tablet');
    // Typed as read aloud: lower case, spaces instead of dashes.
    await ticketField.fill(secondCode.toLowerCase().replace(/-/g, ' '));
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.getByText('Dr Lena Learner is checked in (present).').waitFor();
    await snapshot(desk, 'lab-roster-checked-in-tablet');

    // The checklist, each step at its required level, then signed.
    await desk.getByRole('link', { name: 'Checklist of Dr Lena Learner' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Checklist: Dr Lena Learner' }).waitFor();
    const steps = desk.locator('fieldset.step');
    expect(await steps.count()).toBe(lab.checklist.length);
    await snapshot(desk, 'lab-checklist-tablet');
    for (const step of await steps.all()) {
      await step.getByRole('radio', { name: /\(required\)/ }).check();
    }
    await desk
      .getByLabel('Comment on step 5 (optional)')
      .fill('Smooth, small-volume pulls; repositioned twice.');
    await desk.getByRole('button', { name: 'Save levels' }).click();
    await desk.getByText('Levels saved.').waitFor();
    await desk.getByLabel('I observed these steps and sign this checklist as Dr Ines Instructor.').check();
    await snapshot(desk, 'lab-checklist-ready-to-sign-tablet');
    await desk.getByRole('button', { name: 'Sign checklist' }).click();
    await desk.getByText('Checklist signed. The learner meets the skills-lab requirement.').waitFor();
    await desk.getByRole('heading', { name: 'Signed by Dr Ines Instructor' }).waitFor();
    // Final for instructors: no more editing.
    expect(await desk.getByRole('button', { name: 'Save levels' }).count()).toBe(0);
    expect(await desk.getByRole('radio').count()).toBe(0);
    await snapshot(desk, 'lab-checklist-signed-tablet');
    await desk.context().close();

    // The learner, signing in again days later, sees the requirement met.
    const after = await signedIn(learner, DESKTOP);
    await after.goto(`/learning/${slug}`);
    await after.getByText('Signed off at the required levels').waitFor();
    await snapshot(after, 'lab-dashboard-requirement-met');
    await after.goto('/me/bookings');
    await after.getByRole('link', { name: lab.title }).first().click();
    await after.getByRole('heading', { name: 'Skills lab requirement met' }).waitFor();
    expect(await textOf(after.locator('main'))).toContain('signed by Dr Ines Instructor');
    await snapshot(after, 'lab-ticket-requirement-met');
    await after.context().close();

    const [booking] = (await app.get(BookingService).myBookings(learner.id)).filter(
      (view) => view.booking.status === 'confirmed',
    );
    expect(booking?.booking.requirementMet).toBe(true);
  });

  it('lets an admin schedule a lab in the venue’s time zone, with problems shown by their fields', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app, { title: 'Sternal Aspiration in Practice' });
    const instructor = await newUser(app, { roles: ['instructor'], fullName: 'Dr Otto Observer' });
    const admin = await newUser(app, { roles: ['admin'], fullName: 'Ada Admin' });
    const page = await signedIn(admin, DESKTOP);
    await page.getByRole('link', { name: 'Labs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Skills labs' }).waitFor();
    await snapshot(page, 'lab-admin-list');
    await page.getByRole('link', { name: 'Schedule a lab' }).click();
    await page.getByRole('heading', { level: 1, name: 'Schedule a skills lab' }).waitFor();
    await page.getByLabel('Course').selectOption(courseId);
    await page.getByLabel('Title').fill('Sternal aspiration skills lab');
    await page.getByLabel('Venue name').fill('Klinikum Simulation Centre');
    await page.getByLabel('Address').fill('Marchioninistraße 15, 81377 München');
    await page.getByLabel('Time zone of the venue').fill('Europe/Berlin');
    await page.getByLabel('Starts').fill('2026-12-10T09:00');
    await page.getByLabel('Ends').fill('2026-12-10T08:00');
    await page.getByLabel('Seats').fill('8');
    await page.getByLabel('Dr Otto Observer').check();
    await page.getByRole('button', { name: 'Schedule the lab' }).click();
    // The end before the start: the problem sits by the end, and what was typed stays.
    await page.getByText('The end must be after the start.').waitFor();
    expect(await page.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').inputValue()).toBe('Sternal aspiration skills lab');
    expect(await page.getByLabel('Dr Otto Observer').isChecked()).toBe(true);
    await snapshot(page, 'lab-admin-form-error');
    await page.getByLabel('Ends').fill('2026-12-10T17:00');
    await page.getByRole('button', { name: 'Schedule the lab' }).click();
    await page.getByText('The lab is scheduled.').waitFor();
    await snapshot(page, 'lab-admin-edit');

    // 09:00 in Munich in December is 08:00 UTC; the form shows it back as wall time.
    const { items } = await app.get(LabScheduleService).list({ courseId, limit: 10, offset: 0 });
    expect(items[0]?.startsAt.toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect(items[0]?.instructorIds).toEqual([instructor.id]);
    expect(await page.getByLabel('Starts').inputValue()).toBe('2026-12-10T09:00');

    // Changing it keeps the zone's wall time.
    await page.getByLabel('Seats').fill('10');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(await page.getByLabel('Seats').inputValue()).toBe('10');

    // Admins run any lab's roster from here.
    const booked = await eligibleLearner(app, slug, { fullName: 'Dr Sam Sternal' });
    await app.get(BookingService).book(booked.id, items[0]!.id);
    await page.getByRole('link', { name: 'Roster of this lab' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sternal aspiration skills lab' }).waitFor();
    await page.locator('.roster-name', { hasText: 'Dr Sam Sternal' }).waitFor();
    expect(await textOf(page.locator('main'))).toContain(
      'Check-in and sign-off open when the lab starts, Thursday 10 December at',
    );
    await snapshot(page, 'lab-roster-admin-desktop');
    await page.context().close();
  });

  it('schedules a lab across a clock change; the page, the e-mail and the .ics say each end right', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app, { title: 'Harvest Across the Clock Change' });
    await newUser(app, { roles: ['instructor'], fullName: 'Dr Cleo Clockwise' });
    const admin = await newUser(app, { roles: ['admin'], fullName: 'Ada Springforward' });
    const page = await signedIn(admin, DESKTOP);
    await page.goto('/admin/labs/new');
    await page.getByLabel('Course').selectOption(courseId);
    await page.getByLabel('Title').fill('Night harvest lab');
    await page.getByLabel('Venue name').fill('Westside Simulation Center');
    await page.getByLabel('Address').fill('100 Ocean Ave, Los Angeles, CA');
    await page.getByLabel('Time zone of the venue').fill('America/Los_Angeles');
    // Los Angeles springs forward at 02:00 on 14 March 2027: 02:30 never shows there.
    await page.getByLabel('Starts').fill('2027-03-14T02:30');
    await page.getByLabel('Ends').fill('2027-03-14T05:00');
    await page.getByLabel('Seats').fill('4');
    await page.getByLabel('Dr Cleo Clockwise').check();
    await page.getByRole('button', { name: 'Schedule the lab' }).click();
    await page
      .getByText(
        '02:30 on Sunday 14 March 2027 does not exist in Los Angeles: the clocks go forward from 02:00 to 03:00',
      )
      .waitFor();
    expect(await page.getByLabel('Starts').getAttribute('aria-invalid')).toBe('true');
    await snapshot(page, 'lab-admin-form-clock-change');
    await page.getByLabel('Starts').fill('2027-03-14T01:00');
    await page.getByRole('button', { name: 'Schedule the lab' }).click();
    await page.getByText('The lab is scheduled.').waitFor();
    await page.context().close();
    const { items } = await app.get(LabScheduleService).list({ courseId, limit: 10, offset: 0 });
    const lab = items[0]!;
    // 01:00 PST and 05:00 PDT: three hours, not four.
    expect([lab.startsAt.toISOString(), lab.endsAt.toISOString()]).toEqual([
      '2027-03-14T09:00:00.000Z',
      '2027-03-14T12:00:00.000Z',
    ]);

    const learner = await eligibleLearner(app, slug, { fullName: 'Dr Dora Daylight' });
    const { booking } = await app.get(BookingService).book(learner.id, lab.id);
    const period =
      'Sunday, 14 March 2027, 01:00–05:00 Los Angeles time (GMT\u20118 at the start, GMT\u20117 at the end)';
    const mine = await signedIn(learner, DESKTOP);
    await mine.goto(`/me/bookings/${booking.id}`);
    expect(await textOf(mine.locator('main'))).toContain(period);
    await snapshot(mine, 'lab-booking-clock-change');
    // The confirmation e-mail says the same hours.
    const inbox = await app.get(NotificationsService).inbox(learner.id, { limit: 10, offset: 0 });
    expect(inbox.items.find((item) => item.kind === 'lab.booking_confirmed')?.body).toContain(
      `Your seat in Night harvest lab on ${period} at Westside Simulation Center`,
    );
    // The calendar file: wall times in the venue's zone, with both of its offsets defined.
    const [download] = await Promise.all([
      mine.waitForEvent('download'),
      mine.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const ics = await readFile(await download.path(), 'utf8');
    expect(icalendarProblems(ics)).toEqual([]);
    expect(ics).toContain('DTSTART;TZID=America/Los_Angeles:20270314T010000');
    expect(ics).toContain('DTEND;TZID=America/Los_Angeles:20270314T050000');
    expect(ics).toContain('TZOFFSETTO:-0700');
    expect(ics).toContain('TZOFFSETTO:-0800');
    expect(download.suggestedFilename()).toBe('skills-lab-2027-03-14.ics');
    await mine.context().close();
  });
});
