import { parse } from 'csv-parse/sync';
import { AuditService } from '@academy/core';
import { newCertificateNumber } from '@academy/certificates';
import { LOGIN_THROTTLE_RULES, UsersService } from '@academy/identity';
import { certifiedLearner } from '../factories/certificates';
import { multipartFile } from '../factories/images';
import { bearerToken, newUser, TestUser } from '../factories/users';
import { organisationKey, organisationMember, verifierOrganisation } from '../factories/verifiers';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Verifier organisations' own API keys over HTTP: managed by their key managers (seen read-only by
 * their other people), refused with a reason
 * when wrong (and counted like failed sign-ins), and what the organisation checked, as a history.
 */
describe('verifier API keys and history', () => {
  let testApp: TestApp;
  let addresses = 0;
  /** A client address of its own per test, so one test's failures never lock another's. */
  const newAddress = () => `198.51.100.${++addresses}`;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  const verify = (number: string, key: string | null, remoteAddress = '203.0.113.9') =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/v1/verify/${number}`,
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
      remoteAddress,
    });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
    testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });

  /** A verifier of a new organisation, with their API token. */
  async function organisationVerifier(
    fullName = 'Dr Vera Board',
  ): Promise<{ user: TestUser; organisationId: string; token: string }> {
    const user = await newUser(testApp.app, { roles: ['verifier'], fullName });
    const organisationId = await verifierOrganisation(testApp.app, user);
    return { user, organisationId, token: await bearerToken(testApp.app, user) };
  }

  it("lets a key manager create, list and revoke their own organisation's keys, the secret shown once, audited", async () => {
    const { user, organisationId, token } = await organisationVerifier();
    const created = await api('POST', '/api/v1/verifier/api-keys', token, { name: 'Licensing system' });
    expect(created.statusCode).toBe(201);
    const key = created.json<{ id: string; key: string; name: string; lastUsedAt: string | null }>();
    expect(key).toMatchObject({ name: 'Licensing system', organisationId, lastUsedAt: null });
    expect(key.key).toMatch(/^rak_[A-Za-z0-9_-]{43}$/);

    const { number } = await certifiedLearner(testApp.app);
    expect((await verify(number, key.key)).statusCode).toBe(200);
    const listed = await api('GET', '/api/v1/verifier/api-keys', token);
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ id: key.id, name: 'Licensing system', lastUsedAt: expect.any(String) }),
    ]);
    // The secret is never shown again.
    expect(listed.body).not.toContain(key.key.slice(10));

    // Another organisation's key is none of theirs: not found, and it keeps working.
    const other = await organisationKey(testApp.app, await verifierOrganisation(testApp.app));
    const refused = await api('DELETE', `/api/v1/verifier/api-keys/${other.id}`, token);
    expect(refused.statusCode).toBe(404);
    expect((await verify(number, other.key)).statusCode).toBe(200);

    const revoked = await api('DELETE', `/api/v1/verifier/api-keys/${key.id}`, token);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect((await verify(number, key.key)).statusCode).toBe(401);

    const audit = testApp.app.get(AuditService);
    for (const action of ['api_key.created', 'api_key.revoked']) {
      const events = await audit.list({ action, subjectId: key.id, limit: 5, offset: 0 });
      expect(events.items).toEqual([expect.objectContaining({ actorUserId: user.id })]);
    }

    // A verifier of no organisation has no keys to manage, and is told why.
    const alone = await bearerToken(testApp.app, await newUser(testApp.app, { roles: ['verifier'] }));
    const none = await api('POST', '/api/v1/verifier/api-keys', alone, { name: 'Mine' });
    expect(none.statusCode).toBe(403);
    expect(none.json<{ message: string }>().message).toContain('does not belong to a verifier organisation');
  });

  it('refuses a wrong, malformed or revoked key with a sentence (never as anonymous) and shows the organisation its failures', async () => {
    const { organisationId, token } = await organisationVerifier();
    const good = await organisationKey(testApp.app, organisationId, 'Licensing system');
    const old = await organisationKey(testApp.app, organisationId, 'Old portal');
    await api('DELETE', `/api/v1/verifier/api-keys/${old.id}`, token);
    const { number } = await certifiedLearner(testApp.app);
    const address = newAddress();

    const answered = await verify(number, good.key, address);
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'valid', number });
    // Anonymous checks still work: only a key that is sent must be right.
    expect((await verify(number, null, address)).statusCode).toBe(200);

    const wrongOfOurs = `${good.prefix}${'x'.repeat(good.key.length - good.prefix.length)}`;
    const cases: [key: string, words: string][] = [
      ['rak_wrong', 'not an API key of the academy'],
      [`rak_${'A'.repeat(43)}`, 'not known to the academy'],
      [wrongOfOurs, 'not known to the academy'],
      [old.key, 'has been revoked'],
    ];
    for (const [key, words] of cases) {
      const response = await verify(number, key, address);
      expect(response.statusCode).toBe(401);
      const body = response.json<{ message: string }>();
      expect(body.message).toContain(words);
      // Refused before anything is looked up: nothing of the certificate in the answer.
      expect(body).not.toHaveProperty('holderName');
    }

    // The organisation's managers see the uses of its keys: the revoked one, and the wrong key
    // starting like one of theirs; a stranger's malformed key is none of theirs.
    const failures = await api('GET', '/api/v1/verifier/api-key-failures', token);
    expect(failures.statusCode).toBe(200);
    expect(failures.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ reason: 'revoked', keyName: 'Old portal', prefix: old.prefix, ip: address }),
      expect.objectContaining({ reason: 'unknown', keyName: 'Licensing system', prefix: good.prefix }),
    ]);
    expect(failures.body).not.toContain(old.key.slice(10));

    // Counted like failed sign-ins: at the address's limit it is locked, good key or not, and so
    // are sign-ins from it; another address is not.
    for (let failure = cases.length; failure < LOGIN_THROTTLE_RULES.ip.limit; failure++) {
      expect((await verify(number, 'rak_wrong', address)).statusCode).toBe(401);
    }
    const locked = await verify(number, good.key, address);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    expect(locked.json<{ message: string }>().message).toContain('wrong API keys from this address');
    const user = await newUser(testApp.app);
    const signIn = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: user.email, password: user.password },
      remoteAddress: address,
    });
    expect(signIn.statusCode).toBe(429);
    expect((await verify(number, good.key, newAddress())).statusCode).toBe(200);
  });

  it("keeps the organisation's history: what its keys and people checked, when, the answer; paginated and as CSV", async () => {
    const { organisationId, token } = await organisationVerifier('Dr Ines Auditor');
    // A colleague checks on the pages (a second sign-in of one account would wait for a new code).
    const colleague = await newUser(testApp.app, { roles: ['verifier'], fullName: 'Dr Paul Reviewer' });
    await testApp.app.get(UsersService).joinOrganisation(organisationId, colleague.email);
    const key = await organisationKey(testApp.app, organisationId, 'Licensing system');
    const valid = await certifiedLearner(testApp.app);
    const revoked = await certifiedLearner(testApp.app, { status: 'revoked', reason: 'issued_in_error' });
    const unknown = newCertificateNumber();

    // 27 checks by the key (one bulk call of 26, one single), then 1 by the person on the page.
    const bulk = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: `Bearer ${key.key}` },
      payload: { numbers: [valid.number, revoked.number, ...Array.from({ length: 24 }, () => unknown)] },
    });
    expect(bulk.statusCode).toBe(200);
    expect((await verify(valid.number, key.key)).statusCode).toBe(200);
    const browser = await new BrowserSession(testApp.app).signIn(colleague);
    expect((await browser.request('GET', `/verify/${revoked.number}`)).statusCode).toBe(200);

    const history = await api('GET', '/api/v1/verifier/verifications?limit=50&offset=0', token);
    const page = history.json<{
      total: number;
      items: {
        number: string;
        result: string;
        userName: string | null;
        apiKeyName: string | null;
        channel: string;
      }[];
    }>();
    expect(page.total).toBe(28);
    expect(page.items[0]).toMatchObject({
      number: revoked.number,
      result: 'revoked',
      userName: 'Dr Paul Reviewer',
      channel: 'page',
    });
    expect(page.items[1]).toMatchObject({
      number: valid.number,
      result: 'valid',
      apiKeyName: 'Licensing system',
      channel: 'api',
    });
    expect(page.items.filter((item) => item.result === 'unknown')).toHaveLength(24);

    // The page shows 25 a page, newest first; the rest on the next.
    const first = await browser.request('GET', '/verifier');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('28 check(s)');
    expect(first.body.match(/<tr>\s*<td class="nowrap">/g)).toHaveLength(25);
    expect(first.body).toContain('Dr Paul Reviewer');
    expect(first.body).toContain('API key “Licensing system”');
    const second = await browser.request('GET', '/verifier?page=2');
    expect(second.body.match(/<tr>\s*<td class="nowrap">/g)).toHaveLength(3);

    const csv = await browser.request('GET', '/verifier/verifications.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="?verifications-\d{4}-\d{2}-\d{2}\.csv"?$/,
    );
    const rows = parse(csv.body);
    expect(rows[0]).toEqual(['checked at (UTC)', 'certificate number', 'result', 'how', 'by']);
    expect(rows).toHaveLength(29);
    expect(rows[1]).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      revoked.number,
      'Revoked',
      'Verification page',
      'Dr Paul Reviewer',
    ]);
    expect(rows[2]).toEqual([expect.any(String), valid.number, 'Valid', 'API', 'API key “Licensing system”']);

    // Another organisation sees none of it.
    const stranger = await organisationVerifier();
    const theirs = await api('GET', '/api/v1/verifier/verifications?limit=50&offset=0', stranger.token);
    expect(theirs.json()).toMatchObject({ total: 0, items: [] });
  });

  it('answers every row of a bulk CSV with its line in the file and a reason in words', async () => {
    const valid = await certifiedLearner(testApp.app);
    const revoked = await certifiedLearner(testApp.app, { status: 'revoked', reason: 'issued_in_error' });
    const unknown = newCertificateNumber();
    const file = [
      'Name,Certificate number',
      `Dr Valid,${valid.number}`,
      '',
      'Dr Typo,hello',
      '',
      `Dr Revoked,${revoked.number}`,
      'Dr Missing,',
      `Dr Unknown,${unknown}`,
    ].join('\r\n');
    const browser = new BrowserSession(testApp.app);
    const token = await browser.csrfToken('/login');
    const response = await browser.upload(
      `/verify/bulk?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'register.csv', 'text/csv', Buffer.from(file)),
    );
    expect(response.statusCode).toBe(200);
    const rows = [...response.body.matchAll(/<tr>\s*<td class="muted">(\d+)<\/td>([\s\S]*?)<\/tr>/g)].map(
      ([, line, cells]) => ({
        line: Number(line),
        status: /status-tag[^>]*>([^<]*)</.exec(cells!)?.[1],
        reason: /<td class="wide bulk-reason">([^<]*)<\/td>\s*$/.exec(cells!)?.[1],
      }),
    );
    const day = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(rows).toEqual([
      { line: 2, status: 'Valid', reason: 'Valid; does not expire' },
      { line: 4, status: 'Not a number', reason: 'Not a certificate number' },
      { line: 6, status: 'Revoked', reason: `Revoked on ${day.format(new Date())}: Issued in error` },
      { line: 7, status: 'No number', reason: 'No certificate number in this row' },
      { line: 8, status: 'Unknown', reason: 'Unknown number: no certificate of the academy has it' },
    ]);
    expect(response.body).toContain(
      '5 numbers checked:</strong> 1 valid, 1 not a number, 1 revoked, 1 without a number, 1 unknown.',
    );
  });

  it('shows a member who is no key manager the keys read-only and who manages them, and refuses them changes in words', async () => {
    const { organisationId } = await organisationVerifier('Dr Ana Ruiz');
    const ben = await newUser(testApp.app, { roles: ['verifier'], fullName: 'Dr Ben Ode' });
    await organisationMember(testApp.app, organisationId, ben, { manager: true });
    const cleo = await newUser(testApp.app, { roles: ['verifier'], fullName: 'Dr Cleo Park' });
    await organisationMember(testApp.app, organisationId, cleo, { manager: false });
    const token = await bearerToken(testApp.app, cleo);
    const key = await organisationKey(testApp.app, organisationId, 'Licensing system');
    const { number } = await certifiedLearner(testApp.app);
    const ask =
      "Only your organisation's key managers can create or revoke its API keys. Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them.";

    const listed = await api('GET', '/api/v1/verifier/api-keys', token);
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ id: key.id, name: 'Licensing system' }),
    ]);
    const created = await api('POST', '/api/v1/verifier/api-keys', token, { name: 'Mine' });
    expect(created.statusCode).toBe(403);
    expect(created.json<{ message: string }>().message).toBe(ask);
    const revoked = await api('DELETE', `/api/v1/verifier/api-keys/${key.id}`, token);
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json<{ message: string }>().message).toBe(ask);
    expect((await verify(number, key.key)).statusCode).toBe(200);
    const failures = await api('GET', '/api/v1/verifier/api-key-failures', token);
    expect(failures.statusCode).toBe(403);
    expect(failures.json<{ message: string }>().message).toContain('key managers can see refused uses of');
    expect(
      (await api('GET', '/api/v1/verifier/api-keys', token)).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);

    // On the page (another member: one account's second sign-in would wait for a new code).
    const dev = await newUser(testApp.app, { roles: ['verifier'], fullName: 'Dr Dev Patel' });
    await organisationMember(testApp.app, organisationId, dev, { manager: false });
    const browser = await new BrowserSession(testApp.app).signIn(dev);
    const page = await browser.request('GET', '/verifier/api-keys');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them.');
    expect(page.body).toContain('Licensing system');
    // Its last use (the check above), in the reader's words.
    expect(page.body).toMatch(/\d{1,2}:\d{2} [ap]m today/);
    expect(page.body).not.toContain('Create API key');
    expect(page.body).not.toContain('/revoke');
    expect(page.body).not.toContain('Refused key uses');
    expect(page.body).not.toContain(key.prefix);
    // A form sent anyway (a page left open since they stopped managing) is refused in words.
    const csrf = await browser.csrfToken('/verifier/api-keys');
    const sent = await browser.request('POST', '/verifier/api-keys', { form: { _csrf: csrf, name: 'Mine' } });
    expect(sent.statusCode).toBe(403);
    expect(sent.body).toContain('Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them.');
    const revokedOnPage = await browser.request('POST', `/verifier/api-keys/${key.id}/revoke`, {
      form: { _csrf: csrf },
    });
    expect(revokedOnPage.statusCode).toBe(403);
    expect((await verify(number, key.key)).statusCode).toBe(200);
  });

  it('lets an admin make a member a key manager and no longer one, through the API and the page, audited', async () => {
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const adminToken = await bearerToken(testApp.app, admin);
    const organisationId = await verifierOrganisation(testApp.app);
    const cleo = await newUser(testApp.app, { roles: ['verifier'], fullName: 'Dr Cleo Park' });
    await organisationMember(testApp.app, organisationId, cleo, { manager: false });
    const cleoToken = await bearerToken(testApp.app, cleo);
    const manager = `/api/v1/admin/organisations/${organisationId}/members/${cleo.id}/manager`;
    const audit = testApp.app.get(AuditService);

    expect((await api('POST', '/api/v1/verifier/api-keys', cleoToken, { name: 'Portal' })).statusCode).toBe(
      403,
    );
    const made = await api('PUT', manager, adminToken);
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ id: cleo.id, keyManager: true, organisationId });
    expect((await api('POST', '/api/v1/verifier/api-keys', cleoToken, { name: 'Portal' })).statusCode).toBe(
      201,
    );
    const members = await api('GET', `/api/v1/admin/organisations/${organisationId}/members`, adminToken);
    expect(members.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ id: cleo.id, keyManager: true }),
    ]);
    const added = await audit.list({
      action: 'organisation.manager_added',
      subjectId: cleo.id,
      limit: 5,
      offset: 0,
    });
    expect(added.items).toEqual([
      expect.objectContaining({ actorUserId: admin.id, details: { organisationId } }),
    ]);

    // Only members, and only verifiers, can manage the keys.
    const stranger = await newUser(testApp.app);
    const notMember = await api(
      'PUT',
      `/api/v1/admin/organisations/${organisationId}/members/${stranger.id}/manager`,
      adminToken,
    );
    expect(notMember.statusCode).toBe(404);
    expect(notMember.json<{ message: string }>().message).toBe(
      'This account is not a member of the organisation.',
    );
    const learner = await newUser(testApp.app, { fullName: 'Dr Lee Learner' });
    await testApp.app.get(UsersService).joinOrganisation(organisationId, learner.email);
    await testApp.app.get(UsersService).setRoles(learner.id, ['learner']);
    const noRole = await api(
      'PUT',
      `/api/v1/admin/organisations/${organisationId}/members/${learner.id}/manager`,
      adminToken,
    );
    expect(noRole.statusCode).toBe(409);
    expect(noRole.json<{ message: string }>().message).toContain(
      'Dr Lee Learner does not have the verifier role',
    );

    const cleared = await api('DELETE', manager, adminToken);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ keyManager: false, organisationId });
    expect((await api('POST', '/api/v1/verifier/api-keys', cleoToken, { name: 'Again' })).statusCode).toBe(
      403,
    );
    const removed = await audit.list({
      action: 'organisation.manager_removed',
      subjectId: cleo.id,
      limit: 5,
      offset: 0,
    });
    expect(removed.items).toEqual([expect.objectContaining({ actorUserId: admin.id })]);

    // On the organisation's page (another admin): a toggle per member, confirmed in words first.
    const browser = await new BrowserSession(testApp.app).signIn(
      await newUser(testApp.app, { roles: ['admin'] }),
    );
    const organisationPage = `/admin/organisations/${organisationId}`;
    const before = await browser.request('GET', organisationPage);
    expect(before.body).toContain(`href="${organisationPage}/members/${cleo.id}/manager"`);
    expect(before.body).toContain('Make manager');
    const confirmation = await browser.request('GET', `${organisationPage}/members/${cleo.id}/manager`);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Make Dr Cleo Park a key manager?');
    expect(confirmation.body).toContain('can create API keys for');
    expect(confirmation.body).toContain('Nobody else manages its keys.');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirmation.body)![1]!;
    const confirmed = await browser.request('POST', `${organisationPage}/members/${cleo.id}/manager`, {
      form: { _csrf: csrf, manager: 'yes' },
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`${organisationPage}?done=manager_added`);
    const after = await browser.request('GET', `${organisationPage}?done=manager_added`);
    expect(after.body).toContain('The person now manages the organisation&#x27;s API keys.');
    expect(after.body).toMatch(/<span class="tag">Manager<\/span>/);
    expect(after.body).toContain('Stop managing');
    expect(
      (await audit.list({ action: 'organisation.manager_added', subjectId: cleo.id, limit: 5, offset: 0 }))
        .total,
    ).toBe(2);
  });
});
