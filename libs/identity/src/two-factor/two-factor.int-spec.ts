import { Database, FakeClock } from '@academy/core';
import { newUser } from '../../../../test/factories/users';
import { SoftPasskey } from '../../../../test/factories/passkeys';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AuthService, PENDING_SIGN_IN_TRIES } from '../auth/auth.service';
import { IdentityErrorCode } from '../identity-error';
import { IdentityCoreModule } from '../identity.module';
import { UsersService } from '../users/users.service';
import { totpCodeAt } from './totp';
import { TwoFactorService } from './two-factor.service';

const STEP = 30_000;
const ORIGIN = { origin: 'http://localhost:3000' };

describe('two-factor sign-in', () => {
  let context: TestContext;
  let clock: FakeClock;
  let twoFactor: TwoFactorService;
  let auth: AuthService;
  let users: UsersService;

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-03-02T08:00:10Z'));
    context = await createTestContext([IdentityCoreModule], { clock });
    twoFactor = context.get(TwoFactorService);
    auth = context.get(AuthService);
    users = context.get(UsersService);
  });

  afterAll(() => context.close());

  /** A learner with an authenticator app set up through the pages' path; answers its secret and recovery codes. */
  async function withApp(): Promise<{
    id: string;
    email: string;
    password: string;
    secret: string;
    codes: string[];
  }> {
    const user = await newUser(context.module);
    const { secret, uri } = await twoFactor.startTotp(user.id);
    expect(uri).toContain(`secret=${secret}`);
    const codes = await twoFactor.confirmTotp(user.id, totpCodeAt(secret, clock.now()));
    clock.advance(STEP);
    return { ...user, secret, codes: codes! };
  }

  it('sets an app up with a code it shows, keeps its secret sealed, and issues ten recovery codes once', async () => {
    const user = await newUser(context.module);
    const { secret } = await twoFactor.startTotp(user.id);
    await expect(twoFactor.confirmTotp(user.id, '000000')).rejects.toMatchObject({
      code: IdentityErrorCode.SECOND_FACTOR_INVALID,
      field: 'code',
    });
    expect((await users.get(user.id)).secondFactorAt).toBeNull();
    const codes = await twoFactor.confirmTotp(user.id, totpCodeAt(secret, clock.now()));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await users.get(user.id)).secondFactorAt).toEqual(clock.now());
    const { rows } = await context.get(Database).execute<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM totp_factor t WHERE user_id = $1
         UNION ALL SELECT row_to_json(r)::text FROM recovery_code r WHERE user_id = $1`,
      [user.id],
    );
    expect(
      rows.filter(({ row }) => row.includes(secret) || codes!.some((code) => row.includes(code))),
    ).toEqual([]);
    await expect(twoFactor.startTotp(user.id)).rejects.toMatchObject({
      code: IdentityErrorCode.SECOND_FACTOR_EXISTS,
    });
  });

  it('asks the token API for the code, takes each step’s code once, and each recovery code once', async () => {
    const user = await withApp();
    await expect(auth.login(user.email, user.password, 'api')).rejects.toMatchObject({
      code: IdentityErrorCode.SECOND_FACTOR_NEEDED,
      status: 401,
    });
    const code = totpCodeAt(user.secret, clock.now());
    await expect(auth.login(user.email, user.password, 'api', code)).resolves.toHaveProperty('token');
    // The same code again (a replay, or a second sign-in within the step) is refused.
    await expect(auth.login(user.email, user.password, 'api', code)).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_SECOND_FACTOR,
    });
    // A phone a step behind still works, once; the step after the one used works too.
    clock.advance(STEP);
    await expect(
      auth.login(
        user.email,
        user.password,
        'api',
        totpCodeAt(user.secret, new Date(clock.now().getTime() + STEP)),
      ),
    ).resolves.toHaveProperty('token');
    await expect(
      auth.login(user.email, user.password, 'api', totpCodeAt(user.secret, clock.now())),
    ).rejects.toMatchObject({ code: IdentityErrorCode.WRONG_SECOND_FACTOR });

    const recovery = user.codes[3]!;
    await expect(
      auth.login(user.email, user.password, 'api', ` ${recovery.toUpperCase()} `),
    ).resolves.toHaveProperty('token');
    await expect(auth.login(user.email, user.password, 'api', recovery)).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_SECOND_FACTOR,
    });
    expect((await twoFactor.status(user.id)).recoveryCodesLeft).toBe(9);
  });

  it('counts wrong codes toward the lockout, and ends a pending sign-in after five', async () => {
    const user = await withApp();
    const started = await auth.beginWebSignIn(user.email, user.password);
    if (!('pending' in started)) {
      throw new Error('The web sign-in did not ask for the second factor');
    }
    for (let attempt = 1; attempt < PENDING_SIGN_IN_TRIES; attempt++) {
      await expect(auth.completeSignIn(started.pending.token, '111111')).rejects.toMatchObject({
        code: IdentityErrorCode.WRONG_SECOND_FACTOR,
        field: 'code',
      });
    }
    // The fifth wrong code also locks the account for a while, as five wrong passwords do.
    await expect(auth.completeSignIn(started.pending.token, '111111')).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_SECOND_FACTOR,
    });
    await expect(
      auth.completeSignIn(started.pending.token, totpCodeAt(user.secret, clock.now())),
    ).rejects.toMatchObject({ code: expect.stringMatching(/SIGN_IN_EXPIRED|TOO_MANY_ATTEMPTS/) });
    await expect(auth.beginWebSignIn(user.email, user.password)).rejects.toMatchObject({
      code: IdentityErrorCode.TOO_MANY_ATTEMPTS,
    });
  });

  it('ends a pending sign-in after ten minutes, and uses one only once', async () => {
    const user = await withApp();
    const late = await auth.beginWebSignIn(user.email, user.password);
    clock.advance(11 * 60_000);
    await expect(
      auth.completeSignIn(
        (late as { pending: { token: string } }).pending.token,
        totpCodeAt(user.secret, clock.now()),
      ),
    ).rejects.toMatchObject({ code: IdentityErrorCode.SIGN_IN_EXPIRED });

    const started = (await auth.beginWebSignIn(user.email, user.password)) as { pending: { token: string } };
    await expect(
      auth.completeSignIn(started.pending.token, totpCodeAt(user.secret, clock.now())),
    ).resolves.toHaveProperty('token');
    clock.advance(STEP);
    await expect(
      auth.completeSignIn(started.pending.token, totpCodeAt(user.secret, clock.now())),
    ).rejects.toMatchObject({ code: IdentityErrorCode.SIGN_IN_EXPIRED });
  });

  it('adds a passkey that signs in alone, once per ceremony, and only its own account', async () => {
    const user = await newUser(context.module);
    const passkey = new SoftPasskey();
    const registration = await twoFactor.passkeyRegistration(user.id);
    expect(registration.options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    const codes = await twoFactor.registerPasskey(
      user.id,
      {
        challengeId: registration.challengeId,
        response: passkey.register(registration.options) as never,
        name: 'Laptop',
      },
      ORIGIN,
    );
    expect(codes).toHaveLength(10);
    expect((await twoFactor.status(user.id)).passkeys).toMatchObject([{ name: 'Laptop' }]);

    const ceremony = await twoFactor.passkeySignIn(null);
    const answer = {
      challengeId: ceremony.challengeId,
      response: passkey.authenticate(ceremony.options) as never,
    };
    await expect(auth.signInWithPasskey(answer, ORIGIN)).resolves.toMatchObject({
      session: { userId: user.id },
    });
    // The same answer again: its challenge is spent.
    await expect(auth.signInWithPasskey(answer, ORIGIN)).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_SECOND_FACTOR,
    });
    // An answer the browser signed for another site is refused.
    const forged = new SoftPasskey('localhost', 'https://evil.example');
    const forgedCeremony = await twoFactor.passkeySignIn(null);
    await expect(
      auth.signInWithPasskey(
        {
          challengeId: forgedCeremony.challengeId,
          response: forged.authenticate(forgedCeremony.options) as never,
        },
        ORIGIN,
      ),
    ).rejects.toMatchObject({ code: IdentityErrorCode.WRONG_SECOND_FACTOR });

    // As the second step of another account's sign-in, it is refused.
    const other = await withApp();
    const pending = (await auth.beginWebSignIn(other.email, other.password)) as {
      pending: { token: string };
    };
    const second = await auth.pendingPasskeyCeremony(pending.pending.token);
    await expect(
      auth.completeSignInWithPasskey(
        pending.pending.token,
        { challengeId: second.challengeId, response: passkey.authenticate(second.options) as never },
        ORIGIN,
      ),
    ).rejects.toMatchObject({ code: IdentityErrorCode.WRONG_SECOND_FACTOR });
  });

  it('takes a passkey of the account as the second step after the password', async () => {
    const user = await withApp();
    const passkey = new SoftPasskey();
    const registration = await twoFactor.passkeyRegistration(user.id);
    await twoFactor.registerPasskey(
      user.id,
      {
        challengeId: registration.challengeId,
        response: passkey.register(registration.options) as never,
        name: 'Key',
      },
      ORIGIN,
    );
    const started = await auth.beginWebSignIn(user.email, user.password);
    expect(started).toMatchObject({ pending: { passkey: true } });
    const token = (started as { pending: { token: string } }).pending.token;
    const ceremony = await auth.pendingPasskeyCeremony(token);
    // Only this account's passkeys are offered.
    expect(ceremony.options.allowCredentials).toEqual([
      expect.objectContaining({ id: passkey.credentialId }),
    ]);
    await expect(
      auth.completeSignInWithPasskey(
        token,
        { challengeId: ceremony.challengeId, response: passkey.authenticate(ceremony.options) as never },
        ORIGIN,
      ),
    ).resolves.toMatchObject({ session: { userId: user.id } });
  });

  it('lets an admin take every factor off a holder who lost them: sessions end, the ledger and audit record it', async () => {
    const admin = await newUser(context.module, { roles: ['admin'] });
    const verifier = await newUser(context.module, { roles: ['verifier'] });
    const session = await auth.login(
      verifier.email,
      verifier.password,
      'web',
      totpCodeAt(verifier.totpSecret!, clock.now()),
    );
    await expect(twoFactor.resetByAdmin(admin.id, admin.id)).rejects.toMatchObject({ status: 409 });
    const after = await twoFactor.resetByAdmin(verifier.id, admin.id);
    expect(after.secondFactorAt).toBeNull();
    expect(await auth.authenticate(session.token, 'web')).toBeNull();
    expect(await twoFactor.status(verifier.id)).toMatchObject({
      totp: false,
      passkeys: [],
      recoveryCodesLeft: 0,
    });
    // Signing in again works with the password; acting as a verifier waits for a new factor.
    const again = await auth.login(verifier.email, verifier.password, 'web');
    expect((await auth.authenticate(again.token, 'web'))?.secondFactor).toBe(false);
    const { rows } = await context
      .get(Database)
      .execute<{ action: string }>(`SELECT action FROM ledger_entry WHERE subject_id = $1 ORDER BY seq`, [
        verifier.id,
      ]);
    expect(rows.map((row) => row.action)).toEqual(['user.created']);
  });

  it('keeps an admin’s last factor, and takes the password to remove one', async () => {
    const admin = await newUser(context.module, { roles: ['admin'] });
    await expect(twoFactor.removeTotp(admin.id, admin.password)).rejects.toMatchObject({
      code: IdentityErrorCode.SECOND_FACTOR_REQUIRED_FOR_ROLE,
    });
    const learner = await withApp();
    await expect(twoFactor.removeTotp(learner.id, 'not the password')).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_CURRENT_PASSWORD,
    });
    await twoFactor.removeTotp(learner.id, learner.password);
    expect((await users.get(learner.id)).secondFactorAt).toBeNull();
    expect((await twoFactor.status(learner.id)).recoveryCodesLeft).toBe(0);
    await expect(auth.login(learner.email, learner.password, 'api')).resolves.toHaveProperty('token');
  });
});
