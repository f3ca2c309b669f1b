import { FakeClock } from '@academy/core';
import { BookingService, LabScheduleService } from '@academy/skills-lab';
import { newPublishedCourse } from '../factories/courses';
import { eligibleLearner, newLab } from '../factories/labs';
import { bearerToken } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { icalendarProblems, parsedCalendar } from '../support/icalendar-rules';
import { deliverPending, partsOf, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-10T09:00:00Z');
// 09:00 UTC on a November day is 03:00 in Chicago.
const STARTS = new Date('2026-11-24T09:00:00Z');

/** What a learner's calendar app receives for a booked skills lab, over HTTP. */
describe('a booked lab’s calendar file', () => {
  const clock = new FakeClock(NOW);
  let testApp: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    testApp = await createTestApp({
      clock,
      env: {
        PUBLIC_URL: 'https://academy.example',
        CME_PROVIDER_NAME: 'Regen Academy CME',
        SMTP_URL: sink.url,
      },
    });
  });

  afterAll(async () => {
    await testApp.close();
    await sink.stop();
  });

  /** The .ics attached to the learner's latest e-mail, as their mail client receives it. */
  const mailedCalendar = async (email: string): Promise<string> => {
    await deliverPending(testApp.app);
    const parts = partsOf(sink.receivedFor(email).at(-1)!.raw);
    const attachment = parts.find((part) => part.headers['content-type']?.includes('text/calendar'));
    expect(attachment).toBeDefined();
    return attachment!.text;
  };

  it('is an RFC 5545 invitation, then an update, then a CANCEL of the same event', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    const lab = await newLab(app, courseId, {
      timeZone: 'America/Chicago',
      startsAt: STARTS,
      endsAt: new Date(STARTS.getTime() + 8 * HOUR),
    });
    const learner = await eligibleLearner(app, slug);
    const booking = (await app.get(BookingService).book(learner.id, lab.id)).booking;
    const token = await bearerToken(app, learner);
    const calendarFile = async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/me/bookings/${booking.id}/calendar`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/calendar');
      return response.body;
    };

    const invitation = await calendarFile();
    expect(icalendarProblems(invitation)).toEqual([]);
    const first = parsedCalendar(invitation);
    expect(first.calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(invitation).toContain('DTSTART;TZID=America/Chicago:20261124T030000\r\n');
    // No MAIL_FROM configured: the academy writes from no-reply on its public host.
    const organizer = first.event.component.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:no-reply@academy.example');
    expect(organizer.getParameter('cn')).toBe('Regen Academy CME');

    // The confirmation e-mail carries the same event.
    const mailed = await mailedCalendar(learner.email);
    expect(icalendarProblems(mailed)).toEqual([]);
    expect(parsedCalendar(mailed).event.uid).toBe(first.event.uid);

    // The booking page offers the same file.
    const page = await new BrowserSession(app).signIn(learner);
    const download = await page.request('GET', `/me/bookings/${booking.id}/calendar.ics`);
    expect(download.statusCode).toBe(200);
    expect(icalendarProblems(download.body)).toEqual([]);
    expect(parsedCalendar(download.body).event.uid).toBe(first.event.uid);

    await app.get(LabScheduleService).change(lab.id, {
      title: lab.title,
      venueName: lab.venueName,
      venueAddress: lab.venueAddress,
      timeZone: lab.timeZone,
      startsAt: new Date(lab.startsAt.getTime() + 24 * HOUR),
      endsAt: new Date(lab.endsAt.getTime() + 24 * HOUR),
      capacity: lab.capacity,
      bookingOpensAt: lab.bookingOpensAt,
      instructorIds: lab.instructorIds,
    });
    const update = parsedCalendar(await calendarFile());
    expect(update.calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(update.event.uid).toBe(first.event.uid);
    expect(update.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(update.event.startDate.toString()).toBe('2026-11-25T03:00:00');

    const cancel = await app.inject({
      method: 'POST',
      url: `/api/v1/me/bookings/${booking.id}/cancel`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cancel.statusCode).toBeLessThan(300);
    const cancellation = parsedCalendar(await calendarFile());
    expect(cancellation.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancellation.event.uid).toBe(first.event.uid);
    expect(cancellation.event.sequence).toBeGreaterThan(update.event.sequence);
    expect(cancellation.event.component.getFirstProperty('organizer')).not.toBeNull();
    // So does the cancellation e-mail.
    const mailedCancel = await mailedCalendar(learner.email);
    expect(icalendarProblems(mailedCancel)).toEqual([]);
    expect(parsedCalendar(mailedCancel).calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(parsedCalendar(mailedCancel).event.uid).toBe(first.event.uid);
  });
});
