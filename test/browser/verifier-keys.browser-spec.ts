import type { Browser, Page } from 'playwright-core';
import { certifiedLearner } from '../factories/certificates';
import { newUser } from '../factories/users';
import { organisationKey, organisationMember, verifierOrganisation } from '../factories/verifiers';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  launchChromium,
  listen,
  lookAt,
  signInThroughPage,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(180_000);

describe("a verifier's own API keys in the browser", () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  async function signedIn(user: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** A check by the organisation's system: over HTTP with its key, as a licensing system calls. */
  const checkWith = (key: string, number: string) =>
    fetch(`${baseUrl}/api/v1/verify/${number}`, { headers: { authorization: `Bearer ${key}` } });

  it('a key manager creates a key (shown once), uses it, sees its last use and the checks, revokes it, and the key stops working', async () => {
    const { app } = testApp;
    const verifier = await newUser(app, { roles: ['verifier'], fullName: 'Dr Vera Lindqvist' });
    await verifierOrganisation(app, verifier);
    const { number } = await certifiedLearner(app, { fullName: 'Dr Amara Okafor' });
    const page = await signedIn(verifier);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/verifier/api-keys');
    expect(await textOf(page.getByRole('table', { name: /API keys of/ }))).toContain('No API keys yet.');

    // A name is required, and said next to its field.
    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await page.getByLabel("New key's name").getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel("New key's name").fill('Licensing system');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = await page.getByLabel('The key').inputValue();
    expect(key).toMatch(/^rak_[A-Za-z0-9_-]{43}$/);
    expect(await textOf(page.getByRole('alert'))).toContain('shown only this once');
    await snapshot(page, 'verifier-key-created');

    // The organisation's system uses it; a wrong key starting like it is refused, with a reason.
    const checked = await checkWith(key, number);
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ status: 'valid', holderName: 'Dr Amara Okafor' });
    const wrong = await checkWith(`${key.slice(0, 20)}${'x'.repeat(key.length - 20)}`, number);
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toContain('not known to the academy');

    // Shown once: back on the page the secret is gone, its last use is there, and the refused call.
    await page.goto('/verifier/api-keys');
    expect(await page.getByLabel('The key').count()).toBe(0);
    expect(await page.content()).not.toContain(key.slice(10));
    const keys = await textOf(page.getByRole('table', { name: /API keys of/ }));
    expect(keys).toContain('Licensing system');
    expect(keys).toContain(`${key.slice(0, 10)}…`);
    expect(keys).toMatch(/\d{1,2}:\d{2} [ap]m today/);
    expect(keys).not.toContain('Never');
    const refused = await textOf(page.getByRole('table', { name: /refused uses/ }));
    expect(refused).toContain('Wrong key');
    expect(refused).toContain('Licensing system');

    // The check is in the organisation's history, by the key.
    await page.getByRole('link', { name: 'Verifications' }).first().click();
    await page.waitForURL('**/verifier');
    const history = await textOf(page.getByRole('table', { name: /Certificate checks made by/ }));
    expect(history).toContain(number);
    expect(history).toContain('API key “Licensing system”');
    expect(history).toContain('Valid');
    await lookAt(page, 'verifier-history');

    // Revoked, it stops working at once, and its use is shown to the organisation.
    await page.goto('/verifier/api-keys');
    await page.getByRole('button', { name: 'Revoke key Licensing system' }).click();
    await page.waitForURL('**/verifier/api-keys?done=revoked');
    expect(await textOf(page.getByRole('status'))).toContain('API key revoked');
    expect(await textOf(page.getByRole('table', { name: /API keys of/ }))).toMatch(/Revoked .*today/);
    const afterRevoke = await checkWith(key, number);
    expect(afterRevoke.status).toBe(401);
    expect(((await afterRevoke.json()) as { message: string }).message).toContain('has been revoked');
    await page.reload();
    expect(await textOf(page.getByRole('table', { name: /refused uses/ }))).toContain(
      'Revoked key still in use',
    );

    // At 1280 and on a narrow phone: no sideways scrolling (on a phone each key is a card).
    await lookAt(page, 'verifier-keys');
    await page.context().close();
  });

  it('shows a member who is no key manager the keys read-only and who manages them, until an admin makes them a manager after a confirmation in words', async () => {
    const { app } = testApp;
    const ana = await newUser(app, { roles: ['verifier'], fullName: 'Dr Ana Ruiz' });
    const organisationId = await verifierOrganisation(app, ana);
    await organisationKey(app, organisationId, 'Licensing system');
    const cleo = await newUser(app, { roles: ['verifier'], fullName: 'Dr Cleo Park' });
    await organisationMember(app, organisationId, cleo, { manager: false });

    const page = await signedIn(cleo);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/verifier/api-keys');
    expect(await textOf(page.getByRole('note'))).toBe(
      "Only your organisation's key managers create and revoke its keys. Keys are managed by Dr Ana Ruiz; ask them.",
    );
    const keys = await textOf(page.getByRole('table', { name: /API keys of/ }));
    expect(keys).toContain('Licensing system');
    expect(keys).toContain('Never');
    expect(keys).toContain('Active');
    expect(await page.getByRole('button', { name: /Revoke|Create API key/ }).count()).toBe(0);
    expect(await page.getByRole('table', { name: /refused uses/ }).count()).toBe(0);
    await lookAt(page, 'verifier-keys-read-only');

    // An admin makes her a key manager on the organisation's page, after reading what it means.
    const admin = await signedIn(await newUser(app, { roles: ['admin'], fullName: 'Dr Admin Lee' }));
    await admin.goto(`/admin/organisations/${organisationId}`);
    await admin.getByRole('link', { name: 'Make manager of the keys: Dr Cleo Park' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Make Dr Cleo Park a key manager?' }).waitFor();
    const consequences = await textOf(admin.locator('.key-manager-confirm ul'));
    expect(consequences).toContain('Dr Cleo Park can create API keys for');
    expect(consequences).toContain('Dr Ana Ruiz manages its keys too');
    await lookAt(admin, 'admin-key-manager-confirm');
    await admin.getByRole('button', { name: 'Yes, make Dr Cleo Park a key manager' }).click();
    await admin.waitForURL('**?done=manager_added');
    expect(await textOf(admin.getByRole('status'))).toContain("now manages the organisation's API keys");
    const people = await textOf(admin.getByRole('row', { name: /Dr Cleo Park/ }));
    expect(people).toContain('Manager');
    await lookAt(admin, 'admin-organisation-people');

    // Back on her page, she creates and revokes keys now, alongside the other manager.
    await page.reload();
    expect(await textOf(page.getByRole('main'))).toContain(
      'You manage these keys together with Dr Ana Ruiz.',
    );
    await page.getByLabel("New key's name").fill('Portal');
    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await page.getByLabel('The key').inputValue()).toMatch(/^rak_/);
    await page.context().close();
    await admin.context().close();
  });
});
