import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { FakeClock } from '@academy/core';
import { BookingService } from '@academy/skills-lab';
import { newPublishedCourse } from '../factories/courses';
import { eligibleLearner, newLab } from '../factories/labs';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  ARTIFACTS_DIR,
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  NARROW_PHONE,
  signInThroughPage,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(180_000);

const run = promisify(execFile);
const HOUR = 3_600_000;
// The lab: Tuesday 24 November 2026, 09:00–17:00 in Berlin.
const STARTS = new Date('2026-11-24T08:00:00Z');

describe('the instructor’s desk: whose ticket, when check-in opens, the files for accreditation', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  // The evening before the lab, 18:00 in Berlin.
  const clock = new FakeClock(new Date('2026-11-23T17:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  async function signedIn(user: TestUser, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport,
      acceptDownloads: true,
      timezoneId: 'Europe/Berlin',
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('warns on another lab’s ticket with its holder, checks in the right one, and downloads the roster and sign-in sheet', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    const instructor = await newUser(app, { roles: ['instructor'], fullName: 'Dr Ines Instructor' });
    const lab = await newLab(app, courseId, {
      title: 'Bone marrow harvest skills lab',
      startsAt: STARTS,
      endsAt: new Date(STARTS.getTime() + 8 * HOUR),
      instructorIds: [instructor.id],
    });
    const other = await newPublishedCourse(app);
    const otherLab = await newLab(app, other.courseId, {
      title: 'Sternal aspiration skills lab',
      venueName: 'Klinikum Simulation Centre',
      startsAt: STARTS,
      endsAt: new Date(STARTS.getTime() + 6 * HOUR),
    });
    const bookings = app.get(BookingService);
    const holder = await eligibleLearner(app, slug, { fullName: 'Dr Hana Holder' });
    const ownTicket = (await bookings.book(holder.id, lab.id)).booking.ticketCode;
    for (const name of ['Dr Ada Aspirate', 'Dr Ben Biopsy']) {
      await bookings.book((await eligibleLearner(app, slug, { fullName: name })).id, lab.id);
    }
    const stranger = await eligibleLearner(app, other.slug, { fullName: 'Dr Sam Sternal' });
    const otherTicket = (await bookings.book(stranger.id, otherLab.id)).booking.ticketCode;

    // The evening before: attendance is shut, and the roster says when it opens.
    const evening = await signedIn(instructor, DESKTOP);
    await evening.getByRole('link', { name: 'My labs' }).click();
    await evening.getByRole('link', { name: /^Open roster/ }).click();
    await evening.getByRole('heading', { level: 1, name: lab.title }).waitFor();
    expect(await textOf(evening.locator('.check-in-window'))).toBe(
      'Check-in and sign-off open when the lab starts, tomorrow at 9:00 am.',
    );
    expect(await evening.getByRole('button', { name: 'Check in' }).isDisabled()).toBe(true);
    expect(await evening.getByRole('button', { name: /^Present\W+Dr Hana Holder/ }).isDisabled()).toBe(true);
    await snapshot(evening, 'lab-desk-before-check-in');
    await evening.context().close();

    // Lab day, just after the start: check-in and sign-off are open.
    clock.set(new Date(STARTS.getTime() + 5 * 60_000));
    const desk = await signedIn(instructor, DESKTOP);
    // The QR code of another lab's ticket, scanned: its holder, and a warning instead of a check-in.
    await desk.goto(`/instructor/labs/${lab.id}/check-in?ticket=${otherTicket}`);
    const wrong = desk.locator('.ticket-holder');
    await wrong.getByRole('heading', { name: 'Do not check in: Dr Sam Sternal' }).waitFor();
    expect(await wrong.getAttribute('role')).toBe('alert');
    expect(await textOf(desk.locator('.ticket-warning'))).toBe(
      'This is Dr Sam Sternal’s ticket for another lab, “Sternal aspiration skills lab”, 9:00 am today, not this one. Do not check them in here.',
    );
    expect(await textOf(wrong)).toContain('Degree MD · Sports medicine');
    await snapshot(desk, 'lab-desk-wrong-ticket');
    // Pressing Check in anyway changes nothing, and says so once.
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.locator('.ticket-warning').waitFor();
    expect(await desk.locator('main').getByText('Do not check them in here.').count()).toBe(1);
    expect(await textOf(desk.locator('.lab-facts').first())).toContain('Checked in 0 of 3 booked');
    await desk.setViewportSize(NARROW_PHONE);
    expect(await horizontalOverflow(desk)).toBeLessThanOrEqual(0);
    await snapshot(desk, 'lab-desk-wrong-ticket-375');
    await desk.setViewportSize(DESKTOP);

    // The right ticket: whose it is, then checked in.
    await desk.goto(`/instructor/labs/${lab.id}/check-in?ticket=${ownTicket}`);
    await desk.getByRole('heading', { name: 'Ticket of Dr Hana Holder' }).waitFor();
    const right = await textOf(desk.locator('.ticket-holder'));
    expect(right).toContain('Degree MD · Sports medicine');
    expect(right).toContain('Booking Seat confirmed');
    expect(await desk.locator('.ticket-warning').count()).toBe(0);
    await snapshot(desk, 'lab-desk-right-ticket');
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.getByText('Dr Hana Holder is checked in (present).').waitFor();
    expect(await desk.getByRole('button', { name: /^Present\W+Dr Ada Aspirate/ }).isDisabled()).toBe(false);

    // The files for the accreditation file.
    const [csvDownload] = await Promise.all([
      desk.waitForEvent('download'),
      desk.getByRole('link', { name: 'Download roster (CSV)' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe('roster-bone-marrow-harvest-skills-lab-2026-11-24.csv');
    const csv = (await readFile(await csvDownload.path(), 'utf8')).split('\r\n');
    expect(csv[0]).toContain('Name,Degree,Specialty,Booking');
    expect(csv.find((line) => line.includes('Dr Hana Holder'))).toMatch(
      /Dr Hana Holder,MD,Sports medicine,Booked,,Present,2026-11-24 09:05,/,
    );
    expect(csv.some((line) => line.includes('Dr Sam Sternal'))).toBe(false);

    const [pdfDownload] = await Promise.all([
      desk.waitForEvent('download'),
      desk.getByRole('link', { name: 'Sign-in sheet (PDF)' }).click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toBe(
      'sign-in-sheet-bone-marrow-harvest-skills-lab-2026-11-24.pdf',
    );
    const pdfPath = join(ARTIFACTS_DIR, 'lab-desk-sign-in-sheet.pdf');
    await pdfDownload.saveAs(pdfPath);
    const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Bone marrow harvest skills lab');
    expect(text).toContain('Tuesday, 24 November 2026, 09:00–17:00 Berlin time (CET)');
    expect(text).toContain('Dr Ines Instructor');
    for (const name of ['Dr Hana Holder', 'Dr Ada Aspirate', 'Dr Ben Biopsy']) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('Dr Sam Sternal');
    // The sheet as a picture, to look at (artifacts/lab-desk-sign-in-sheet-1.png).
    await run('pdftoppm', ['-png', '-r', '80', pdfPath, join(ARTIFACTS_DIR, 'lab-desk-sign-in-sheet')]);

    await desk.setViewportSize(NARROW_PHONE);
    expect(await horizontalOverflow(desk)).toBeLessThanOrEqual(0);
    await snapshot(desk, 'lab-desk-roster-375');
    await desk.setViewportSize(DESKTOP);
    await snapshot(desk, 'lab-desk-roster');
    await desk.context().close();
  });
});
