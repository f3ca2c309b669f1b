import { AuditService, Database, FakeClock, RequestContext } from '@academy/core';
import { countQueries } from '../../../test/support/query-counter';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthService } from './auth/auth.service';
import { LOGIN_THROTTLE_RULES } from './auth/login-throttle.service';
import { IdentityError, IdentityErrorCode } from './identity-error';
import { IdentityCoreModule } from './identity.module';
import { PruneSessionsJob } from './sessions/prune-sessions.job';
import { PruneApiKeyFailuresJob } from './api-keys/prune-api-key-failures.job';
import { SESSION_LIFETIME } from './sessions/sessions.service';
import { UsersService } from './users/users.service';

const PASSWORD = 'posterior superior iliac spine';
const MINUTE = 60_000;

describe('identity services on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let users: UsersService;
  let auth: AuthService;
  let audit: AuditService;
  let counter = 0;

  const signUp = (email: string) =>
    users.signUp({
      email,
      password: PASSWORD,
      fullName: 'Dr Ada Bone',
      degree: 'MD',
      specialty: 'Orthopaedics',
    });
  const physician = async (email = `doc${++counter}@clinic.example`) => {
    const user = await signUp(email);
    if (!user) {
      throw new Error(`${email} was taken`);
    }
    return user;
  };

  const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      if (error instanceof IdentityError) {
        return error.code;
      }
      throw error;
    }
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-03-02T08:00:00Z'));
    context = await createTestContext([IdentityCoreModule], { clock });
    users = context.get(UsersService);
    auth = context.get(AuthService);
    audit = context.get(AuditService);
  });

  afterAll(() => context.close());

  it('signs a physician up as a learner, e-mail stored lower-case and not yet confirmed, and audits it', async () => {
    const user = await physician('Jane.Doe@Clinic.Example');
    expect(user.email).toBe('jane.doe@clinic.example');
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.roles).toEqual(['learner']);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const events = await audit.list({ subjectId: user.id, limit: 10, offset: 0 });
    expect(events.items.map((event) => event.action)).toEqual([
      'user.email_confirmation_sent',
      'user.signed_up',
    ]);
    expect(events.items[1]?.actorUserId).toBe(user.id);
  });

  it('lets exactly one of many concurrent sign-ups with the same e-mail (any case) through; the holder hears of the rest', async () => {
    const attempts = [
      'Race@Clinic.Example',
      'race@clinic.example',
      'RACE@CLINIC.EXAMPLE',
      'race@Clinic.example',
    ];
    const results = await Promise.all(attempts.map((email) => signUp(email)));
    const created = results.filter((result) => result !== null);
    expect(created).toHaveLength(1);
    const events = await audit.list({ subjectId: created[0]!.id, limit: 10, offset: 0 });
    expect(events.items.filter((event) => event.action === 'user.sign_up_refused')).toHaveLength(3);
  });

  it('lets staff rename themselves without clinical details, but keeps degree and specialty required of learners', async () => {
    const instructor = await users.createByAdmin({
      email: `lab${++counter}@academy.example`,
      fullName: 'Lab Lead',
      password: PASSWORD,
      roles: ['instructor'],
    });
    await expect(users.updateProfile(instructor.id, { fullName: 'Dr Lab Lead' })).resolves.toMatchObject({
      fullName: 'Dr Lab Lead',
      degree: null,
    });
    const learner = await physician();
    await expect(
      codeOf(users.updateProfile(learner.id, { fullName: 'Dr Renamed', specialty: 'Pain' })),
    ).resolves.toBe(IdentityErrorCode.PROFILE_FIELD_REQUIRED);
  });

  it('refuses common and short passwords', async () => {
    await expect(
      codeOf(
        users.signUp({
          email: 'weak@clinic.example',
          password: 'password123',
          fullName: 'Dr W',
          degree: 'RN',
          specialty: 'x',
        }),
      ),
    ).resolves.toBe(IdentityErrorCode.WEAK_PASSWORD);
  });

  it('ends sessions at their idle and absolute limits', async () => {
    const user = await physician();
    const login = await auth.login(user.email, PASSWORD, 'web');
    expect(await auth.authenticate(login.token, 'web')).toMatchObject({
      userId: user.id,
      sessionKind: 'web',
    });
    // A token of one kind does not work as the other.
    expect(await auth.authenticate(login.token, 'api')).toBeNull();

    clock.advance(SESSION_LIFETIME.web.idleMs - MINUTE);
    expect(await auth.authenticate(login.token, 'web')).not.toBeNull();
    clock.advance(SESSION_LIFETIME.web.idleMs - MINUTE);
    expect(await auth.authenticate(login.token, 'web')).not.toBeNull();
    clock.advance(SESSION_LIFETIME.web.idleMs + MINUTE);
    expect(await auth.authenticate(login.token, 'web')).toBeNull();

    const api = await auth.login(user.email, PASSWORD, 'api');
    expect(api.expiresInSeconds).toBe(900);
    clock.advance(SESSION_LIFETIME.api.absoluteMs + 1);
    expect(await auth.authenticate(api.token, 'api')).toBeNull();
  });

  it('ends every session on password change, and the old password stops working', async () => {
    const user = await physician();
    const web = await auth.login(user.email, PASSWORD, 'web');
    const api = await auth.login(user.email, PASSWORD, 'api');
    await users.changePassword(user.id, PASSWORD, 'a brand new passphrase');
    expect(await auth.authenticate(web.token, 'web')).toBeNull();
    expect(await auth.authenticate(api.token, 'api')).toBeNull();
    await expect(codeOf(auth.login(user.email, PASSWORD, 'web'))).resolves.toBe(
      IdentityErrorCode.INVALID_CREDENTIALS,
    );
    await expect(auth.login(user.email, 'a brand new passphrase', 'web')).resolves.toHaveProperty('token');
    await expect(
      codeOf(users.changePassword(user.id, 'wrong current', 'another new passphrase')),
    ).resolves.toBe(IdentityErrorCode.WRONG_CURRENT_PASSWORD);
  });

  it('locks an account after repeated failures, with the time left, even for the right password', async () => {
    const user = await physician();
    for (let attempt = 0; attempt < LOGIN_THROTTLE_RULES.account.limit; attempt++) {
      await expect(codeOf(auth.login(user.email, 'wrong password', 'api'))).resolves.toBe(
        IdentityErrorCode.INVALID_CREDENTIALS,
      );
    }
    let locked: IdentityError | undefined;
    try {
      await auth.login(user.email, PASSWORD, 'api');
    } catch (error) {
      locked = error as IdentityError;
    }
    expect(locked?.code).toBe(IdentityErrorCode.TOO_MANY_ATTEMPTS);
    expect(Number(locked?.headers['Retry-After'])).toBe(LOGIN_THROTTLE_RULES.account.lockMs / 1000);
    clock.advance(LOGIN_THROTTLE_RULES.account.lockMs + 1);
    await expect(auth.login(user.email, PASSWORD, 'api')).resolves.toHaveProperty('token');
    const failures = await audit.list({
      action: 'auth.login_failed',
      subjectId: user.id,
      limit: 50,
      offset: 0,
    });
    expect(failures.total).toBe(LOGIN_THROTTLE_RULES.account.limit);
  });

  it('locks a client address guessing across many accounts, but not other addresses', async () => {
    const attacker = { requestId: 'r-attacker', ip: '203.0.113.9', userAgent: undefined };
    const emails = Array.from(
      { length: LOGIN_THROTTLE_RULES.ip.limit },
      (_, index) => `nobody${index}@clinic.example`,
    );
    for (const email of emails) {
      await RequestContext.run(attacker, async () => {
        await expect(codeOf(auth.login(email, 'guess', 'api'))).resolves.toBe(
          IdentityErrorCode.INVALID_CREDENTIALS,
        );
      });
    }
    const user = await physician();
    await RequestContext.run(attacker, async () => {
      await expect(codeOf(auth.login(user.email, PASSWORD, 'api'))).resolves.toBe(
        IdentityErrorCode.TOO_MANY_ATTEMPTS,
      );
    });
    await RequestContext.run({ ...attacker, ip: '198.51.100.7' }, async () => {
      await expect(auth.login(user.email, PASSWORD, 'api')).resolves.toHaveProperty('token');
    });
    clock.advance(LOGIN_THROTTLE_RULES.ip.lockMs + 1);
  });

  it('disabling an account ends its sessions and refuses sign-in', async () => {
    const admin = await users.createByAdmin({
      email: `admin${++counter}@academy.example`,
      fullName: 'Admin',
      password: PASSWORD,
      roles: ['admin'],
    });
    const user = await physician();
    const login = await auth.login(user.email, PASSWORD, 'web');
    await users.disable(user.id, admin.id);
    expect(await auth.authenticate(login.token, 'web')).toBeNull();
    await expect(codeOf(auth.login(user.email, PASSWORD, 'web'))).resolves.toBe(
      IdentityErrorCode.ACCOUNT_DISABLED,
    );
    await users.enable(user.id);
    await expect(auth.login(user.email, PASSWORD, 'web')).resolves.toHaveProperty('token');
    const actions = (await audit.list({ subjectId: user.id, limit: 50, offset: 0 })).items.map(
      (event) => event.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['user.disabled', 'user.enabled', 'auth.login_refused', 'auth.login_succeeded']),
    );
  });

  it('keeps at least one admin when two admins demote each other at the same time', async () => {
    // Start from a database whose only admins are these two.
    const [first, second] = await Promise.all([
      users.createByAdmin({
        email: `a${++counter}@academy.example`,
        fullName: 'A',
        password: PASSWORD,
        roles: ['admin'],
      }),
      users.createByAdmin({
        email: `b${++counter}@academy.example`,
        fullName: 'B',
        password: PASSWORD,
        roles: ['admin'],
      }),
    ]);
    const others = (await users.list({ limit: 100, offset: 0 })).items.filter(
      (user) => user.roles.includes('admin') && user.id !== first.id && user.id !== second.id,
    );
    for (const other of others) {
      await users.setRoles(other.id, ['learner']);
    }
    const results = await Promise.allSettled([
      users.setRoles(first.id, ['learner']),
      users.setRoles(second.id, ['learner']),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const admins = (await users.list({ limit: 100, offset: 0 })).items.filter((user) =>
      user.roles.includes('admin'),
    );
    expect(admins).toHaveLength(1);
    const changed = await audit.list({ action: 'user.roles_changed', limit: 100, offset: 0 });
    expect(changed.items.some((event) => event.details.to !== undefined)).toBe(true);
  });

  it('verifier API keys authenticate until revoked and are stored hashed', async () => {
    const apiKeys = context.get(ApiKeysService);
    const organisation = await apiKeys.createOrganisation(`Medical Board ${++counter}`);
    await expect(codeOf(apiKeys.createOrganisation(organisation.name.toUpperCase()))).resolves.toBe(
      IdentityErrorCode.ORGANISATION_NAME_TAKEN,
    );
    const created = await apiKeys.createKey(organisation.id, 'Licensing system');
    expect(created.key).toMatch(/^rak_/);
    expect(created.entity.secretHash.toString('utf8')).not.toContain(created.key.slice(4));
    expect(await apiKeys.authenticate(created.key)).toMatchObject({
      kind: 'apiKey',
      organisationId: organisation.id,
      scopes: ['verify'],
    });
    // The verify hot path: a good key (touched within the minute) is ONE statement, the client
    // address's lock looked up in it.
    const statements = await countQueries(context.get(Database).dataSource, () =>
      apiKeys.authenticate(created.key),
    );
    expect(statements).toBe(1);
    await apiKeys.revokeKey(created.entity.id);
    await expect(codeOf(apiKeys.authenticate(created.key))).resolves.toBe(IdentityErrorCode.API_KEY_REFUSED);
    // The refusal is remembered for the organisation, named by its key and never by its secret.
    const failures = await apiKeys.recentFailures(organisation.id);
    expect(failures).toEqual([
      expect.objectContaining({
        reason: 'revoked',
        keyName: 'Licensing system',
        prefix: created.entity.prefix,
      }),
    ]);
    expect(JSON.stringify(failures)).not.toContain(created.key.slice(12));
  });

  it('the prune job deletes dead sessions and keeps live ones', async () => {
    const user = await physician();
    const live = await auth.login(user.email, PASSWORD, 'web');
    const ended = await auth.login(user.email, PASSWORD, 'api');
    const principal = await auth.authenticate(ended.token, 'api');
    await auth.logout(principal!);
    await context.get(PruneSessionsJob).run();
    expect(await auth.authenticate(live.token, 'web')).not.toBeNull();
    const count = await context.module
      .get(AuditService)
      .list({ action: 'auth.logged_out', subjectId: user.id, limit: 10, offset: 0 });
    expect(count.total).toBe(1);
  });

  describe('key managers of a verifier organisation', () => {
    const verifier = (fullName: string, organisationId: string) =>
      users.createByAdmin({
        email: `verifier${++counter}@board.example`,
        fullName,
        password: PASSWORD,
        roles: ['verifier'],
        organisationId,
      });

    it('only managers create and revoke keys and see refused uses; the others are told who to ask', async () => {
      const apiKeys = context.get(ApiKeysService);
      const organisation = await apiKeys.createOrganisation(`Managed Board ${++counter}`);
      const ana = await verifier('Dr Ana Ruiz', organisation.id);
      const ben = await verifier('Dr Ben Ode', organisation.id);
      const cleo = await verifier('Dr Cleo Park', organisation.id);

      // Nobody manages the keys yet: a member is refused and told to ask the academy.
      const refused = apiKeys.createKeyAsMember(cleo.id, 'Mine');
      await expect(refused).rejects.toMatchObject({ code: IdentityErrorCode.NOT_KEY_MANAGER, status: 403 });
      await expect(refused).rejects.toThrow('Nobody manages these keys yet');

      await users.setOrganisationManager(organisation.id, ana.id, true);
      await users.setOrganisationManager(organisation.id, ben.id, true);
      const created = await apiKeys.createKeyAsMember(ana.id, 'Licensing system');
      expect(created.entity.organisationId).toBe(organisation.id);

      await expect(apiKeys.createKeyAsMember(cleo.id, 'Mine')).rejects.toThrow(
        "Only your organisation's key managers can create or revoke its API keys. Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them.",
      );
      await expect(codeOf(apiKeys.revokeKeyAsMember(cleo.id, created.entity.id))).resolves.toBe(
        IdentityErrorCode.NOT_KEY_MANAGER,
      );
      await expect(codeOf(apiKeys.recentFailuresAsMember(cleo.id))).resolves.toBe(
        IdentityErrorCode.NOT_KEY_MANAGER,
      );
      expect((await apiKeys.listKeys(organisation.id)).map((key) => key.revokedAt)).toEqual([null]);

      // Another manager revokes it; a manager no longer is refused from then on.
      expect((await apiKeys.revokeKeyAsMember(ben.id, created.entity.id)).revokedAt).not.toBeNull();
      await users.setOrganisationManager(organisation.id, ben.id, false);
      await expect(codeOf(apiKeys.createKeyAsMember(ben.id, 'Again'))).resolves.toBe(
        IdentityErrorCode.NOT_KEY_MANAGER,
      );
      expect(await apiKeys.recentFailuresAsMember(ana.id)).toEqual([]);
    });

    it('keeps managers to members with the verifier role, audits each change, and a leaver stops managing', async () => {
      const organisation = await context.get(ApiKeysService).createOrganisation(`Managed Board ${++counter}`);
      const dana = await verifier('Dr Dana Wu', organisation.id);
      const outsider = await physician();

      await expect(codeOf(users.setOrganisationManager(organisation.id, outsider.id, true))).resolves.toBe(
        IdentityErrorCode.USER_NOT_FOUND,
      );
      const learner = await physician();
      await users.joinOrganisation(organisation.id, learner.email);
      await users.setRoles(learner.id, ['learner']);
      await expect(codeOf(users.setOrganisationManager(organisation.id, learner.id, true))).resolves.toBe(
        IdentityErrorCode.MANAGER_NEEDS_VERIFIER_ROLE,
      );

      expect((await users.setOrganisationManager(organisation.id, dana.id, true)).organisationManager).toBe(
        true,
      );
      // Setting what is already so changes nothing, and is not audited twice.
      await users.setOrganisationManager(organisation.id, dana.id, true);
      const added = await audit.list({
        action: 'organisation.manager_added',
        subjectId: dana.id,
        limit: 5,
        offset: 0,
      });
      expect(added.items).toEqual([
        expect.objectContaining({ details: { organisationId: organisation.id } }),
      ]);
      // Who manages an accreditation body's keys is in the tamper-evident ledger too.
      const { rows: ledger } = await context
        .get(Database)
        .execute<{ action: string }>(`SELECT action FROM ledger_entry WHERE subject_id = $1 ORDER BY seq`, [
          dana.id,
        ]);
      expect(ledger.map((entry) => entry.action)).toContain('organisation.manager_added');
      expect((await users.managersOf(organisation.id)).map((manager) => manager.fullName)).toEqual([
        'Dr Dana Wu',
      ]);

      // The database refuses a manager outside any organisation, whoever writes.
      await expect(
        context.get(Database).execute(`UPDATE app_user SET organisation_id = NULL WHERE id = $1`, [dana.id]),
      ).rejects.toThrow(/app_user_manager_is_member/);

      // Losing the verifier role ends it too: given the role back, she does not manage the keys.
      await users.setRoles(dana.id, ['learner']);
      await users.setRoles(dana.id, ['verifier']);
      expect((await users.get(dana.id)).organisationManager).toBe(false);
      expect(await users.managersOf(organisation.id)).toEqual([]);
      await users.setOrganisationManager(organisation.id, dana.id, true);

      const left = await users.leaveOrganisation(organisation.id, dana.id);
      expect(left).toMatchObject({ organisationId: null, organisationManager: false });
      expect(await users.managersOf(organisation.id)).toEqual([]);
    });
  });

  it('the daily prune job forgets refused key uses older than 90 days, and only those', async () => {
    const apiKeys = context.get(ApiKeysService);
    const organisation = await apiKeys.createOrganisation(`Pruned Board ${++counter}`);
    const created = await apiKeys.createKey(organisation.id, 'Old portal');
    await apiKeys.revokeKey(created.entity.id);
    const DAY = 24 * 60 * MINUTE;

    await codeOf(apiKeys.authenticate(created.key));
    const oldest = clock.now();
    clock.advance(60 * DAY);
    await codeOf(apiKeys.authenticate(created.key));
    const recent = clock.now();
    // Now the first is 90 days and a minute old, the second 30 days.
    clock.advance(30 * DAY + MINUTE);
    expect((await apiKeys.recentFailures(organisation.id)).map((failure) => failure.at)).toEqual([
      recent,
      oldest,
    ]);

    const report = await context.get(PruneApiKeyFailuresJob).run();
    expect(report.deleted).toBeGreaterThanOrEqual(1);
    expect((await apiKeys.recentFailures(organisation.id)).map((failure) => failure.at)).toEqual([recent]);
  });
});
