import { Database, FakeClock } from '@academy/core';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { IdentityCoreModule } from '../identity.module';
import { UsersService } from '../users/users.service';
import { asReported } from './as-reported';
import { ReportingProfileService } from './reporting-profile.service';
import { reportedLearnerOf, reportedLearnerSql } from './reported-learner.sql';
import type { ReportedLearnerColumns } from './reported-learner.sql';
import { reportedLearner } from './reporting-profile.types';

const PASSWORD = 'posterior superior iliac spine';
const HOUR = 3_600_000;

describe('the reporting profile on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let users: UsersService;
  let profiles: ReportingProfileService;
  let counter = 0;

  const learner = async (licence: { licenceState?: string; licenceNumber?: string } = {}) => {
    const user = await users.signUp({
      email: `reporting${++counter}@clinic.example`,
      password: PASSWORD,
      fullName: 'Dr Ada Bone',
      degree: 'MD',
      specialty: 'Orthopaedics',
      npi: '1234567893',
      ...licence,
    });
    if (!user) {
      throw new Error('address taken');
    }
    return user.id;
  };

  const refusal = async (
    promise: Promise<unknown>,
  ): Promise<{ code: string; field?: string; message: string }> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof IdentityError) {
        return { code: error.code, field: error.field, message: error.message };
      }
      throw error;
    }
    throw new Error('was not refused');
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-03-02T08:00:00Z'));
    context = await createTestContext([IdentityCoreModule], { clock });
    users = context.get(UsersService);
    profiles = context.get(ReportingProfileService);
  });

  afterAll(() => context.close());

  it('records the date of birth, licences and board IDs, and says them as PARS receives them', async () => {
    const userId = await learner();
    await profiles.update(userId, {
      birthDate: '3/7',
      licences: [
        { jurisdiction: 'tx', number: 'q 1234' },
        { jurisdiction: 'NY', number: '012345' },
      ],
      boards: [{ board: 'ABIM', boardId: '123-456', consent: true }],
    });
    expect(asReported(await profiles.profile(userId))).toEqual({
      birthDate: '03/07',
      licences: [
        { state: 'New York', number: '012345' },
        { state: 'Texas', number: 'Q1234' },
      ],
      npi: '1234567893',
      boards: [
        {
          board: 'ABIM',
          boardName: 'American Board of Internal Medicine',
          boardId: '123456',
          consent: true,
          consentedAt: clock.now(),
        },
      ],
    });
  });

  it('names learners to completion reports as their profiles do: the first licence by state code, or none', async () => {
    const several = await learner();
    await profiles.update(several, {
      birthDate: '11/30',
      licences: [
        { jurisdiction: 'TX', number: 'Q1234' },
        { jurisdiction: 'NY', number: '012345' },
      ],
    });
    const none = await learner();
    const unknown = '00000000-0000-4000-8000-000000000000';
    // As a report's statement reads them: its rows' user ids, and the learner's pieces joined on.
    const sql = reportedLearnerSql('asked.id');
    const { rows } = await context
      .get(Database)
      .execute<ReportedLearnerColumns & { id: string }>(
        `SELECT asked.id, ${sql.columns} FROM unnest($1::uuid[]) AS asked(id) ${sql.joins}`,
        [[several, none, unknown]],
      );
    const read = new Map(rows.map((row) => [row.id, reportedLearnerOf(row)]));
    for (const userId of [several, none]) {
      expect(read.get(userId)).toEqual(reportedLearner(await profiles.profile(userId)));
    }
    expect(read.get(several)).toEqual({
      npi: '1234567893',
      birthMonth: 11,
      birthDay: 30,
      licence: { jurisdiction: 'NY', number: '012345' },
    });
    expect(read.get(none)).toMatchObject({ birthMonth: null, licence: null });
    expect(read.get(unknown)).toEqual({ npi: null, birthMonth: null, birthDay: null, licence: null });
  });

  it('applies an edit all or nothing: a bad board ID leaves the licences as they were', async () => {
    const userId = await learner();
    await profiles.update(userId, { licences: [{ jurisdiction: 'TX', number: 'Q1234' }] });

    const refused = await refusal(
      profiles.update(userId, {
        birthDate: '04/01',
        licences: [{ jurisdiction: 'CA', number: 'A123456' }],
        boards: [{ board: 'ABIM', boardId: '12345', consent: true }],
      }),
    );
    expect(refused).toEqual({
      code: IdentityErrorCode.REPORTING_PROFILE_INVALID,
      field: 'boards.0.boardId',
      message: expect.stringMatching(/^An ABIM ID is 6 digits/) as string,
    });
    const after = await profiles.profile(userId);
    expect(after.licences).toEqual([{ jurisdiction: 'TX', number: 'Q1234' }]);
    expect(after.birthMonth).toBeNull();
    expect(after.boards).toEqual([]);
  });

  it('refuses a licence number of the wrong shape for its state, naming the row and the shape', async () => {
    const userId = await learner();
    expect(
      await refusal(
        profiles.update(userId, {
          licences: [
            { jurisdiction: 'CA', number: 'A123456' },
            { jurisdiction: 'TX', number: '123456' },
          ],
        }),
      ),
    ).toMatchObject({
      field: 'licences.1.number',
      message: 'A Texas licence number is one letter and 4 digits, such as Q1234.',
    });
    expect(await refusal(profiles.update(userId, { birthDate: '02/30' }))).toMatchObject({
      field: 'birthDate',
      message: 'February has no day 30 (it has at most 29 days).',
    });
  });

  it('keeps consent’s first moment while it is given, and asks for it anew when the board ID changes', async () => {
    const userId = await learner();
    const given = clock.now();
    await profiles.update(userId, { boards: [{ board: 'ABIM', boardId: '123456', consent: true }] });

    clock.advance(HOUR);
    await profiles.update(userId, {
      birthDate: '12/31',
      boards: [{ board: 'ABIM', boardId: '123456', consent: true }],
    });
    await profiles.setConsent(userId, 'ABIM', true);
    expect((await profiles.profile(userId)).boards).toEqual([
      { board: 'ABIM', boardId: '123456', consentedAt: given },
    ]);

    clock.advance(HOUR);
    await profiles.update(userId, { boards: [{ board: 'ABIM', boardId: '654321', consent: true }] });
    expect((await profiles.profile(userId)).boards).toEqual([
      { board: 'ABIM', boardId: '654321', consentedAt: clock.now() },
    ]);

    await profiles.setConsent(userId, 'ABIM', false);
    expect((await profiles.profile(userId)).boards[0]?.consentedAt).toBeNull();
  });

  it('refuses consent for a board the profile holds no ID for', async () => {
    const userId = await learner();
    expect(await refusal(profiles.setConsent(userId, 'ABS', true))).toEqual({
      code: IdentityErrorCode.REPORTING_PROFILE_INVALID,
      field: 'board',
      message: 'Add your ABS ID to your reporting profile first.',
    });
  });

  it('makes the sign-up licence the first licence, and the profile form’s licence one more', async () => {
    const userId = await learner({ licenceState: 'Texas', licenceNumber: 'Q1234' });
    expect((await profiles.profile(userId)).licences).toEqual([{ jurisdiction: 'TX', number: 'Q1234' }]);

    await users.updateProfile(userId, {
      fullName: 'Dr Ada Bone',
      degree: 'MD',
      specialty: 'Orthopaedics',
      licenceState: 'NY',
      licenceNumber: '123456',
    });
    expect((await profiles.profile(userId)).licences).toEqual([
      { jurisdiction: 'NY', number: '123456' },
      { jurisdiction: 'TX', number: 'Q1234' },
    ]);

    expect(
      await refusal(
        users.signUp({
          email: `reporting${++counter}@clinic.example`,
          password: PASSWORD,
          fullName: 'Dr Ada Bone',
          degree: 'MD',
          specialty: 'Orthopaedics',
          licenceState: 'TX',
          licenceNumber: 'A123456',
        }),
      ),
    ).toMatchObject({
      field: 'licenceNumber',
      message: expect.stringMatching(/^A Texas licence number/) as string,
    });
  });

  it('forgets the reporting profile when the account is anonymised, in the same transaction', async () => {
    const admin = await users.createByAdmin({
      email: `admin${++counter}@academy.example`,
      password: PASSWORD,
      fullName: 'Admin',
      roles: ['admin'],
    });
    const userId = await learner({ licenceState: 'TX', licenceNumber: 'Q1234' });
    await profiles.update(userId, {
      birthDate: '03/14',
      boards: [{ board: 'ABIM', boardId: '123456', consent: true }],
    });
    await users.anonymise(userId, admin.id);

    expect(await profiles.profile(userId)).toMatchObject({
      birthMonth: null,
      birthDay: null,
      npi: null,
      licences: [],
      boards: [],
    });
  });
});
