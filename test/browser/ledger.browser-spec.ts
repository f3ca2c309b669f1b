import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Database } from '@academy/core';
import { completedCourse } from '../factories/completion';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  PHONE,
  snapshot,
  textOf,
  signInThroughPage,
} from './browser';

jest.setTimeout(120_000);

describe('ledger: an admin checks the chain, makes a checkpoint, and sees a tampered entry named', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-browser-'));
    testApp = await createTestApp({ env: { DATA_DIR: dataDir } });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signedIn(user: TestUser, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('shows the chain intact, signs a checkpoint on demand, and names the entry altered behind its back', async () => {
    await completedCourse(testApp.app);
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const page = await signedIn(admin, DESKTOP);

    await page.goto('/admin/ledger');
    await page.getByRole('heading', { name: 'Tamper-evident ledger' }).waitFor();
    const verdict = await textOf(page.getByRole('status').filter({ hasText: 'Intact' }));
    const entries = Number(/All (\d+) entries/.exec(verdict)?.[1]);
    expect(entries).toBeGreaterThan(3);
    expect(await textOf(page.getByRole('table'))).toContain('No checkpoints yet.');

    await page.getByRole('button', { name: 'Make a checkpoint now' }).click();
    await page.waitForURL('**/admin/ledger?notice=checkpoint');
    expect(await textOf(page.getByRole('status').first())).toContain('Checkpoint made and signed');
    const row = page.getByRole('row').filter({ hasText: 'On demand' });
    expect(await textOf(row)).toContain(String(entries));
    expect(await textOf(row)).toContain('did:key:z6Mk');
    await snapshot(page, 'ledger-admin');

    // Someone with the database owner's rights edits entry 2 and puts the triggers back.
    const db = testApp.app.get(Database);
    await db.withTransaction(async () => {
      await db.execute('ALTER TABLE ledger_entry DISABLE TRIGGER USER');
      await db.execute(`UPDATE ledger_entry SET details = details || '{"forged": true}' WHERE seq = 2`);
      await db.execute('ALTER TABLE ledger_entry ENABLE TRIGGER USER');
    });
    await page.reload();
    const alert = await textOf(page.getByRole('alert'));
    expect(alert).toContain('Broken at entry 2.');
    expect(alert).toContain('Entry 1 is intact.');
    await snapshot(page, 'ledger-admin-broken');

    const phone = await signedIn(admin, PHONE);
    await phone.goto('/admin/ledger');
    expect(await horizontalOverflow(phone)).toBe(0);
    await snapshot(phone, 'ledger-admin-phone');
  });
});
