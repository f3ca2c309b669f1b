import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { CertificatesService, newCertificateNumber } from '@academy/certificates';
import { APP_CONFIG, FakeClock } from '@academy/core';
import type { AppConfig } from '@academy/core';
import { certifiedLearner } from '../factories/certificates';
import { completedCourse } from '../factories/completion';
import { newPublishedCourse } from '../factories/courses';
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
  PHONE,
  snapshot,
  textOf,
  signInThroughPage,
} from './browser';

jest.setTimeout(240_000);

// Poppler reads the PDF as a person's viewer would: its pixels for the QR code, its text.
const run = promisify(execFile);

describe('certificates: verifiers check them one at a time or a thousand at once, admins revoke, holders download', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let directory: string;
  const clock = new FakeClock(new Date('2026-11-22T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
    directory = await mkdtemp(join(tmpdir(), 'certificates-browser-'));
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
    await rm(directory, { recursive: true, force: true });
  });

  async function newPage(viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  async function signedIn(
    user: TestUser,
    viewport: { width: number; height: number } = DESKTOP,
  ): Promise<Page> {
    const page = await newPage(viewport);
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** The address the certificate PDF's QR code holds, as a phone's camera reads it. */
  async function qrAddressOf(pdf: Buffer): Promise<string> {
    const file = join(directory, 'certificate.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', file, join(directory, 'certificate')]);
    const png = PNG.sync.read(await readFile(join(directory, 'certificate.png')));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if (!code) {
      throw new Error('No QR code found on the certificate');
    }
    return code.data;
  }

  /** The file a link downloads, as text. */
  async function download(page: Page, link: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: link }).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  }

  it('a verifier opens the QR code’s address and sees valid; an admin revokes; the page then says revoked, with the reason', async () => {
    const { app } = testApp;
    const holder = await certifiedLearner(app, { fullName: 'Dr Zoë Łukasiewicz-Nguyễn', signed: true });
    const service = app.get(CertificatesService);
    const address = await qrAddressOf(await service.pdf(holder.certificate));
    expect(address).toBe(service.verifyUrl(holder.number));

    // The verifier scans the code: the address opens on their phone, no account needed.
    const phone = await newPage(PHONE);
    const path = new URL(address).pathname;
    const first = await phone.goto(path);
    expect(first?.status()).toBe(200);
    expect(await textOf(phone.getByRole('heading', { level: 1 }))).toBe('Valid');
    const main = await textOf(phone.locator('main'));
    expect(main).toContain('This certificate is genuine and current.');
    expect(main).toContain('Dr Zoë Łukasiewicz-Nguyễn');
    expect(main).toContain(holder.certificate.courseTitle);
    expect(main).toContain('1.75 AMA PRA Category 1 Credit™');
    expect(main).toContain('Issued 22 November 2026');
    expect(main).toContain(holder.number);
    expect(main).toContain('Checked just now: 9:00 am today');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await snapshot(phone, 'certificate-verify-valid-phone');
    await phone.setViewportSize(DESKTOP);
    await snapshot(phone, 'certificate-verify-valid');

    // Another spelling of the number leads to the same page.
    await phone.goto(`/verify/${holder.number.toLowerCase().replace(/-/g, ' ')}`);
    expect(new URL(phone.url()).pathname).toBe(path);

    // An admin finds it by the holder's name and revokes it.
    const admin = await signedIn(await newUser(app, { roles: ['admin'], fullName: 'Dr Ada Admin' }));
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    await admin.waitForURL('**/admin/certificates');
    await admin.getByLabel('Find by number or holder’s name').fill('Łukasiewicz');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('link', { name: 'Dr Zoë Łukasiewicz-Nguyễn' }).click();
    await admin.waitForURL(`**/admin/certificates/${holder.number}`);
    await snapshot(admin, 'certificate-admin-details');
    // Without a reason, nothing changes and the field says why.
    await admin.getByLabel('Revoke: final, cannot be undone').check();
    await admin.getByRole('button', { name: 'Change the status' }).click();
    expect(await admin.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(admin.locator('#reason-error'))).toBe('Give a reason for the change.');
    await snapshot(admin, 'certificate-admin-reason-missing');
    await admin.getByLabel('Revoke: final, cannot be undone').check();
    await admin.getByLabel('Reason').selectOption({ label: 'Academic misconduct' });
    await admin.getByLabel('Internal note (optional)').fill('Quiz answers shared with another learner.');
    await admin.getByRole('button', { name: 'Change the status' }).click();
    await admin.waitForURL(`**/admin/certificates/${holder.number}?notice=revoked`);
    expect(await textOf(admin.locator('.notice'))).toContain('Certificate revoked.');
    expect(await textOf(admin.locator('main'))).toContain('Revocation is final');
    expect(await textOf(admin.locator('main'))).toContain('Quiz answers shared with another learner.');
    await snapshot(admin, 'certificate-admin-revoked');

    // The verifier checks again.
    await phone.setViewportSize(PHONE);
    const again = await phone.goto(path);
    expect(again?.status()).toBe(200);
    expect(await textOf(phone.getByRole('heading', { level: 1 }))).toBe('Revoked');
    // The public reason only: the admin's note is for the academy's staff.
    expect(await textOf(phone.locator('.verdict'))).toContain('Reason: Academic misconduct');
    expect(await textOf(phone.locator('main'))).not.toContain('Quiz answers shared');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await snapshot(phone, 'certificate-verify-revoked-phone');
    await phone.setViewportSize(DESKTOP);
    await snapshot(phone, 'certificate-verify-revoked');

    // A number nobody holds answers 404, and a mistyped one is named as such.
    const unknown = await phone.goto(`/verify/${newCertificateNumber()}`);
    expect(unknown?.status()).toBe(404);
    expect(await textOf(phone.getByRole('heading', { level: 1 }))).toBe('Unknown number');
    expect(await textOf(phone.locator('main'))).toContain('No certificate has this number.');
    const typo = `${holder.number.slice(0, -1)}${holder.number.endsWith('0') ? '1' : '0'}`;
    await phone.setViewportSize(PHONE);
    await phone.goto('/verify');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await snapshot(phone, 'certificate-verify-start-phone');
    await phone.getByRole('textbox', { name: 'Certificate number' }).fill(typo);
    await phone.getByRole('button', { name: 'Check the number' }).click();
    await phone.waitForURL(`**/verify/${typo}`);
    expect(await textOf(phone.locator('main'))).toContain('This is not a certificate number');
    expect(await textOf(phone.locator('main'))).toContain('Check the number for typos');
    await snapshot(phone, 'certificate-verify-typo');
    await phone.context().close();
    await admin.context().close();
  });

  it('a bulk check of 1000 numbers from a CSV file answers each, in order, and downloads as CSV', async () => {
    const { app } = testApp;
    const [first, middle, last] = [
      await certifiedLearner(app, { fullName: 'Dr Amira Haddad' }),
      await certifiedLearner(app, {
        fullName: 'Dr Bruno Costa',
        status: 'revoked',
        reason: 'issued_in_error',
      }),
      await certifiedLearner(app, { fullName: 'Dr Chen Wei' }),
    ];
    const numbers = Array.from({ length: 1000 }, () => newCertificateNumber());
    numbers[0] = first.number;
    numbers[499] = middle.number;
    numbers[999] = last.number;
    const expected = numbers.map((_number, index) =>
      index === 0 || index === 999 ? 'Valid' : index === 499 ? 'Revoked' : 'Unknown',
    );

    const page = await newPage();
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Verify a certificate' }).click();
    await page.waitForURL('**/verify');
    await snapshot(page, 'certificate-verify-start');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'register.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`Certificate number\r\n${numbers.join('\r\n')}\r\n`),
    });
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bulk check results' }).waitFor();
    expect(await textOf(page.locator('.bulk-tally'))).toBe(
      '1000 numbers checked: 997 unknown, 2 valid, 1 revoked.',
    );

    const shown = await page.locator('.bulk-results tbody th').allInnerTexts();
    const statuses = await page.locator('.bulk-results tbody .status-tag').allInnerTexts();
    expect(shown.map((text) => text.trim())).toEqual(numbers);
    expect(statuses.map((text) => text.trim())).toEqual(expected);
    const revokedRow = await textOf(page.locator('.bulk-results tbody tr').nth(499));
    expect(revokedRow).toContain('Dr Bruno Costa');
    expect(revokedRow).toContain('Issued in error');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'certificate-bulk-results.png') });
    // At 1280 px the whole table fits its box, the reason wrapping: nothing hides behind a
    // sideways scroll inside it.
    const resultsBox = page.locator('.table-scroll', { has: page.locator('.bulk-results') });
    expect(await resultsBox.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
    await resultsBox.locator('tbody tr').nth(499).locator('td').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'certificate-bulk-results-revoked.png') });

    const csv = await download(page, 'Download results as CSV');
    expect(csv.name).toBe('certificate-check.csv');
    const lines = csv.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('line,number,status,holder,course,course version,credits,issued,expires,reason');
    // Each row keeps its line in the file: the header is line 1.
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual(
      numbers.map((number, index) => [
        String(index + 2),
        number,
        expected[index] === 'Valid' ? 'valid' : expected[index] === 'Revoked' ? 'revoked' : 'unknown',
      ]),
    );

    // A pasted list works the same; a spreadsheet that is not CSV is refused with a reason.
    await page.goto('/verify');
    await page.getByLabel('Numbers, one a line').fill(`${last.number.toLowerCase()}\nRA-NOT-A-NUMBER\n`);
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bulk check results' }).waitFor();
    // RA-NOT-A-NUMBER is no certificate number at all: answered as such, in its row.
    expect(await textOf(page.locator('.bulk-tally'))).toBe('2 numbers checked: 1 valid, 1 not a number.');
    expect(await textOf(page.locator('.bulk-results tbody tr').nth(1))).toContain('Not a certificate number');
    await snapshot(page, 'certificate-bulk-pasted');

    await page.goto('/verify');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'register.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]),
    });
    const refused = page.waitForResponse((response) => response.url().includes('/verify/bulk'));
    await page.getByRole('button', { name: 'Check all' }).click();
    expect((await refused).status()).toBe(400);
    expect(await textOf(page.locator('#bulk-error'))).toContain('This file is not a CSV text file.');
    await snapshot(page, 'certificate-bulk-not-csv');
    await page.context().close();
  });

  it('checks a credential file: the certificate PDF and its JSON verify, even after a key rotation; a changed one does not', async () => {
    const { app } = testApp;
    const holder = await certifiedLearner(app, { fullName: 'Dr Dara Okafor', signed: true });
    const service = app.get(CertificatesService);
    const pdf = await service.pdf(holder.certificate);
    const credential = await service.credential(holder.certificate);

    // An admin rotates the signing key, confirming first.
    const admin = await signedIn(await newUser(app, { roles: ['admin'] }));
    await admin.goto('/admin/issuer');
    expect(await admin.locator('tbody tr').count()).toBe(1);
    await admin.getByRole('button', { name: 'Rotate signing key' }).click();
    expect(await textOf(admin.locator('#confirm-error'))).toContain('Tick the box');
    await admin.getByLabel('Yes, retire the current key and sign from now on with a new one').check();
    await admin.getByRole('button', { name: 'Rotate signing key' }).click();
    await admin.waitForURL('**/admin/issuer?notice=rotated');
    expect(await admin.locator('tbody tr').count()).toBe(2);
    expect(await textOf(admin.locator('tbody tr').first())).toContain('Current');
    expect(await textOf(admin.locator('tbody tr').nth(1))).not.toContain('still signing');
    await snapshot(admin, 'certificate-admin-issuer-rotated');
    await admin.context().close();

    const page = await newPage();
    const check = async (file: { name: string; mimeType: string; buffer: Buffer }): Promise<number> => {
      await page.goto('/verify');
      await page.getByLabel('Certificate PDF or credential (.json)').setInputFiles(file);
      const answered = page.waitForResponse((response) => response.url().includes('/verify/file'));
      await page.getByRole('button', { name: 'Check the file' }).click();
      const status = (await answered).status();
      await page.waitForLoadState();
      return status;
    };

    expect(await check({ name: `${holder.number}.pdf`, mimeType: 'application/pdf', buffer: pdf })).toBe(200);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Valid');
    let main = await textOf(page.locator('main'));
    expect(main).toContain(`Read from the credential attached to the PDF (${holder.number}.json)`);
    expect(main).toContain('Dr Dara Okafor');
    expect(main).toContain('The certificate in the academy’s register Valid');
    await snapshot(page, 'certificate-file-valid');

    const json = Buffer.from(JSON.stringify(credential, null, 2));
    expect(await check({ name: `${holder.number}.json`, mimeType: 'application/json', buffer: json })).toBe(
      200,
    );
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Valid');

    const changed = JSON.parse(json.toString('utf8')) as { credentialSubject: { name: string } };
    changed.credentialSubject.name = 'Dr Someone Else';
    expect(
      await check({
        name: 'changed.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(changed)),
      }),
    ).toBe(200);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Not valid');
    main = await textOf(page.locator('main'));
    expect(main).toContain('The signature does not match');
    expect(main).toContain('Until the credential verifies, do not rely on what it says.');
    await snapshot(page, 'certificate-file-changed');

    expect(
      await check({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n') }),
    ).toBe(400);
    expect(await textOf(page.locator('#file-error'))).toContain('neither a PDF nor a JSON credential');
    expect(await page.getByLabel('Certificate PDF or credential (.json)').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await snapshot(page, 'certificate-file-refused');

    const tooLarge = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024, 32)]);
    expect(await check({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: tooLarge })).toBe(413);
    expect(await textOf(page.locator('#file-error'))).toContain('The file is larger than 5 MB.');

    // The retired key turns out to have been exposed: the admin revokes it, saying why.
    const revoker = await signedIn(await newUser(app, { roles: ['admin'] }));
    await revoker.goto('/admin/issuer');
    await revoker.getByRole('button', { name: 'Revoke key' }).click();
    expect(await textOf(revoker.locator('#keyId-error'))).toContain('Choose the key');
    const retired = await revoker.locator('#keyId option', { hasText: '(retired)' }).getAttribute('value');
    await revoker.getByLabel('Key', { exact: true }).selectOption(retired);
    await revoker.getByLabel('Why').fill('Found in an unencrypted backup');
    await revoker.getByLabel('Yes, revoke this key for good').check();
    await revoker.getByRole('button', { name: 'Revoke key' }).click();
    await revoker.waitForURL('**/admin/issuer?notice=revoked');
    expect(await textOf(revoker.locator('tbody tr').nth(1))).toContain('Found in an unencrypted backup');
    await snapshot(revoker, 'certificate-admin-issuer-revoked');

    // What it signed no longer verifies; the verifier is told why and what to ask for.
    expect(await check({ name: `${holder.number}.json`, mimeType: 'application/json', buffer: json })).toBe(
      200,
    );
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Not valid');
    expect(await textOf(page.locator('main'))).toContain(
      'signed with an academy key that has since been revoked',
    );

    // The certificate itself stands: its credential is issued again, and the new one verifies.
    await revoker.goto(`/admin/certificates/${holder.number}`);
    await revoker.getByRole('button', { name: 'Issue the credential again' }).click();
    await revoker.waitForURL(`**/admin/certificates/${holder.number}?notice=reissued`);
    expect(await textOf(revoker.locator('main'))).toContain('Credential issued again');
    const reissued = Buffer.from(
      JSON.stringify(await service.credential(await service.byNumber(holder.number))),
    );
    expect(
      await check({ name: `${holder.number}.json`, mimeType: 'application/json', buffer: reissued }),
    ).toBe(200);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Valid');
    await revoker.context().close();
    await page.context().close();
  });

  it('a learner finds their certificate, downloads the PDF and the credential, and reads the transcript', async () => {
    const { app } = testApp;
    const holder = await certifiedLearner(app, { fullName: 'Dr Elena Petrova' });
    const page = await signedIn(holder.user);
    await page.goto('/learning');
    // My learning leads to the certificate, the last step of the course.
    expect(await page.getByRole('link', { name: /^See your certificate/ }).getAttribute('href')).toBe(
      `/me/certificates/${holder.number}`,
    );
    await page.getByRole('link', { name: 'My certificates', exact: true }).click();
    await page.waitForURL('**/me/certificates');
    expect(await page.locator('.certificate-card').count()).toBe(1);
    const card = await textOf(page.locator('.certificate-card'));
    expect(card).toContain('Valid');
    expect(card).toContain(holder.number);
    await snapshot(page, 'certificate-my-certificates');

    const pdf = await download(page, `Download PDF of ${holder.certificate.courseTitle}`);
    expect(pdf.name).toBe(`${holder.number}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(directory, 'downloaded.pdf');
    await writeFile(file, pdf.bytes);
    const { stdout } = await run('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(stdout.replace(/\s+/g, ' ')).toContain('Dr Elena Petrova, MD');
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/Participated \d{1,2} /);
    expect(stdout).toContain(holder.number);

    await page
      .getByRole('link', { name: `Details and sharing of ${holder.certificate.courseTitle}` })
      .click();
    await page.waitForURL(`**/me/certificates/${holder.number}`);
    expect(await page.getByRole('textbox', { name: 'Verification address' }).inputValue()).toBe(
      app.get(CertificatesService).verifyUrl(holder.number),
    );
    expect(await page.locator('.share-qr svg[role="img"]').count()).toBe(1);
    const facts = await textOf(page.locator('.lab-facts'));
    expect(facts).toContain('Dr Elena Petrova, MD');
    expect(facts).toMatch(/Participated \d/);
    expect(await textOf(page.locator('main'))).toContain('accredited by the ACCME');
    await snapshot(page, 'certificate-my-certificate');
    const json = await download(page, 'Download credential (JSON)');
    expect(json.name).toBe(`${holder.number}.json`);
    expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({
      id: app.get(CertificatesService).verifyUrl(holder.number),
      credentialSubject: { name: 'Dr Elena Petrova, MD' },
    });
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'certificate-my-certificate-phone');

    // On the phone, the holder adds the certificate to a wallet: a QR code for the wallet's scanner
    // and a link that opens the wallet app on this phone, both for the same single-use exchange.
    await page.setViewportSize(NARROW_PHONE);
    await page.getByRole('button', { name: 'Add to a wallet' }).click();
    await page.waitForURL(/\?wallet=[A-Za-z0-9_-]{43}#wallet$/);
    const wallet = page.locator('#wallet');
    expect(await textOf(wallet)).toMatch(/works once, until .+ \(15 minutes from when you made it\)/);
    expect(await textOf(wallet)).toContain('Install the free Learner Credential Wallet');
    const qr = PNG.sync.read(await wallet.locator('.wallet-qr svg').screenshot());
    const scanned = jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height)?.data;
    const exchangeId = /wallet=([A-Za-z0-9_-]{43})/.exec(page.url())![1]!;
    const publicUrl = app.get<AppConfig>(APP_CONFIG).publicUrl;
    expect(scanned).toBe(`${publicUrl}/wallet/${exchangeId}?iuv=1`);
    expect(
      await wallet.getByRole('link', { name: 'Open in Learner Credential Wallet' }).getAttribute('href'),
    ).toBe(`interaction:${scanned}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'certificate-wallet-phone');
    await page.setViewportSize(DESKTOP);

    await page.goto('/me/certificates');
    await page.getByRole('link', { name: 'My transcript' }).click();
    await page.waitForURL('**/me/transcript');
    expect(await textOf(page.locator('.totals'))).toContain('AMA PRA Category 1 Credit™ 1.75');
    await page.getByLabel('Issued from').fill('2026-12-01');
    await page.getByLabel('Issued until').fill('2026-11-01');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByLabel('Issued from').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Issued from').fill('2026-11-01');
    await page.getByLabel('Issued until').fill('2026-11-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL('**/me/transcript?from=2026-11-01&to=2026-11-30');
    expect(await textOf(page.locator('.transcript h2'))).toBe(
      'Issued from 1 November 2026 to 30 November 2026',
    );
    expect(await page.locator('.transcript-rows tbody tr').count()).toBe(1);
    expect(await textOf(page.locator('.transcript-rows tbody tr .activity-statements'))).toMatch(
      /^Participated \d/,
    );
    await snapshot(page, 'certificate-transcript');
    const transcript = await download(page, 'Download transcript (PDF)');
    expect(transcript.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.context().close();
  });

  it('a verifier checks an expired certificate that was renewed: expired, renewed by the new one, which is valid', async () => {
    const { app } = testApp;
    const issuedAt = clock.now();
    const recertification = await newPublishedCourse(app, { certificateValidityMonths: 36 });
    const course = await newPublishedCourse(app, {
      certificateValidityMonths: 12,
      recertificationCourse: recertification.slug,
    });
    const holder = await newUser(app, { fullName: 'Dr Amara Okafor' });
    const { userId, certificate } = await completedCourse(app, { course, userId: holder.id });
    try {
      // A month past its validity, the holder completes the recertification course.
      clock.set(new Date('2027-12-22T09:00:00Z'));
      const { certificate: renewal } = await completedCourse(app, { userId, course: recertification });

      const phone = await newPage(PHONE);
      await phone.goto(`/verify/${certificate.number}`);
      expect(await textOf(phone.getByRole('heading', { level: 1 }))).toBe('Expired');
      const verdict = await textOf(phone.locator('.verdict'));
      expect(verdict).toContain('its validity ended on 22 November 2027');
      expect(verdict).toContain(`Renewed by certificate ${renewal.number}`);
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await snapshot(phone, 'certificate-verify-renewed-phone');

      await phone.getByRole('link', { name: renewal.number }).click();
      await phone.waitForURL(`**/verify/${renewal.number}`);
      expect(await textOf(phone.getByRole('heading', { level: 1 }))).toBe('Valid');
      expect(await textOf(phone.locator('main'))).toContain('Dr Amara Okafor');
      await phone.setViewportSize(DESKTOP);
      await phone.goBack();
      await snapshot(phone, 'certificate-verify-renewed');
      await phone.context().close();

      // The holder's own pages link the two certificates both ways.
      const own = await signedIn(holder);
      await own.goto(`/me/certificates/${certificate.number}`);
      await own.getByRole('link', { name: `Certificate ${renewal.number}` }).click();
      await own.waitForURL(`**/me/certificates/${renewal.number}`);
      expect(await textOf(own.locator('main'))).toContain(`Renews Certificate ${certificate.number}`);
      await own.context().close();
    } finally {
      clock.set(issuedAt);
    }
  });
});
