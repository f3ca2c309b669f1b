import { CatalogCoreModule } from '@academy/catalog';
import { Database, FakeClock } from '@academy/core';
import { IdentityCoreModule, UsersService } from '@academy/identity';
import { tinyPng } from '../../../../test/factories/images';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { LearningErrorCode } from '../learning-error';
import { LearningCoreModule } from '../learning.module';
import { OutsideCreditInput, OutsideCreditsService } from './outside-credits.service';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.from(
  'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode',
  'latin1',
);

function asrm(overrides: Partial<OutsideCreditInput> = {}): OutsideCreditInput {
  return {
    provider: 'American Society for Regenerative Medicine',
    activity: 'Annual meeting 2026: orthobiologics track',
    completedOn: '2026-05-14',
    creditType: 'AMA PRA Category 1 Credit™',
    amount: 6.25,
    ...overrides,
  };
}

describe('outside credits on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let outside: OutsideCreditsService;

  /** The refusal's code and field, or undefined when it went through. */
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      const { code, field } = error as { code?: string; field?: string };
      return { code, field };
    }
  };

  const auditOf = async (subjectId: string) => {
    const { rows } = await context
      .get(Database)
      .execute<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_event WHERE subject_id = $1 ORDER BY occurred_at, id`,
        [subjectId],
      );
    return rows;
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], { clock });
    outside = context.get(OutsideCreditsService);
  });

  afterAll(() => context.close());

  it('adds a credit with its certificate, lists it latest completed first, and deletes it', async () => {
    const learner = await newUser(context.module);
    const older = await outside.add(learner.id, asrm({ completedOn: '2025-03-02', amount: 2 }));
    const added = await outside.add(
      learner.id,
      asrm({ creditType: 'Other', otherCreditType: 'ABIM MOC points', amount: 10 }),
      { bytes: PDF, fileName: 'asrm 2026.pdf' },
    );

    expect(added).toMatchObject({
      provider: 'American Society for Regenerative Medicine',
      completedOn: '2026-05-14',
      creditType: 'Other',
      otherCreditType: 'ABIM MOC points',
      amount: 10,
      file: { name: 'asrm 2026.pdf', type: 'application/pdf', size: PDF.length },
    });
    expect(older.file).toBeNull();
    const page = await outside.list(learner.id, { limit: 20, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((credit) => credit.id)).toEqual([added.id, older.id]);
    const file = await outside.file(learner.id, added.id);
    expect(file).toMatchObject({ type: 'application/pdf', fileName: 'asrm 2026.pdf' });
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);

    await outside.remove(learner.id, added.id);

    expect(
      (await outside.list(learner.id, { limit: 20, offset: 0 })).items.map((credit) => credit.id),
    ).toEqual([older.id]);
    expect(await refusal(outside.file(learner.id, added.id))).toEqual({
      code: LearningErrorCode.OUTSIDE_CREDIT_NOT_FOUND,
      field: undefined,
    });
    // The audit trail keeps ids, the credit type and the amount: nothing the learner typed.
    expect(await auditOf(added.id)).toEqual([
      {
        action: 'outside_credit.added',
        details: { userId: learner.id, creditType: 'ABIM MOC points', amount: 10 },
      },
      {
        action: 'outside_credit.deleted',
        details: { userId: learner.id, creditType: 'ABIM MOC points', amount: 10 },
      },
    ]);
  });

  it('takes a PDF, PNG or JPEG by its content and refuses anything else, whatever its name', async () => {
    const learner = await newUser(context.module);
    const png = await outside.add(learner.id, asrm(), { bytes: tinyPng(3), fileName: 'scan.pdf' });
    expect(png.file).toMatchObject({ type: 'image/png', name: 'scan.png' });

    expect(
      await refusal(outside.add(learner.id, asrm(), { bytes: EXE, fileName: 'certificate.pdf' })),
    ).toEqual({
      code: LearningErrorCode.FILE_TYPE_REFUSED,
      field: 'file',
    });
    expect(
      await refusal(
        outside.add(learner.id, asrm(), {
          bytes: Buffer.alloc(5 * 1024 * 1024 + 1, PDF),
          fileName: 'big.pdf',
        }),
      ),
    ).toEqual({ code: LearningErrorCode.FILE_TOO_LARGE, field: 'file' });
    expect((await outside.list(learner.id, { limit: 20, offset: 0 })).total).toBe(1);
  });

  it('keeps each learner’s credits to themselves: another’s id is unknown', async () => {
    const owner = await newUser(context.module);
    const other = await newUser(context.module);
    const credit = await outside.add(owner.id, asrm(), { bytes: PDF, fileName: 'c.pdf' });
    const notFound = { code: LearningErrorCode.OUTSIDE_CREDIT_NOT_FOUND, field: undefined };

    expect(await refusal(outside.get(other.id, credit.id))).toEqual(notFound);
    expect(await refusal(outside.file(other.id, credit.id))).toEqual(notFound);
    expect(await refusal(outside.remove(other.id, credit.id))).toEqual(notFound);
    expect((await outside.list(other.id, { limit: 20, offset: 0 })).total).toBe(0);
    expect((await outside.get(owner.id, credit.id)).id).toBe(credit.id);
  });

  it('takes amounts in quarter steps, more than 0 and at most 100', async () => {
    const learner = await newUser(context.module);
    for (const amount of [0.25, 1.5, 2.75, 100]) {
      expect((await outside.add(learner.id, asrm({ amount }))).amount).toBe(amount);
    }
    for (const amount of [0, -1, 1.3, 0.1, 100.25, Number.NaN]) {
      expect(await refusal(outside.add(learner.id, asrm({ amount })))).toEqual({
        code: LearningErrorCode.BAD_OUTSIDE_CREDIT,
        field: 'amount',
      });
    }
  });

  it('refuses a completion date in the future, before 1950 or not on the calendar', async () => {
    const learner = await newUser(context.module);
    const bad = { code: LearningErrorCode.BAD_OUTSIDE_CREDIT, field: 'completedOn' };
    // At 09:00 UTC it is 23:00 on the 21st in Kiribati (UTC+14), furthest ahead: the 22nd has begun nowhere.
    expect(await refusal(outside.add(learner.id, asrm({ completedOn: '2026-11-22' })))).toEqual(bad);
    expect(await refusal(outside.add(learner.id, asrm({ completedOn: '2027-01-01' })))).toEqual(bad);
    expect(await refusal(outside.add(learner.id, asrm({ completedOn: '1949-12-31' })))).toEqual(bad);
    expect(await refusal(outside.add(learner.id, asrm({ completedOn: '2026-02-30' })))).toEqual(bad);
    expect((await outside.add(learner.id, asrm({ completedOn: '2026-11-21' }))).completedOn).toBe(
      '2026-11-21',
    );
    expect((await outside.add(learner.id, asrm({ completedOn: '1950-01-01' }))).completedOn).toBe(
      '1950-01-01',
    );
    // By 11:00 UTC, the 22nd has begun in Kiribati (UTC+14): someone there may record it.
    clock.set(new Date('2026-11-21T11:00:00Z'));
    expect((await outside.add(learner.id, asrm({ completedOn: '2026-11-22' }))).completedOn).toBe(
      '2026-11-22',
    );
    clock.set(new Date('2026-11-21T09:00:00Z'));
  });

  it('needs a name for a credit type that is “Other”', async () => {
    const learner = await newUser(context.module);
    expect(await refusal(outside.add(learner.id, asrm({ creditType: 'Other' })))).toEqual({
      code: LearningErrorCode.BAD_OUTSIDE_CREDIT,
      field: 'otherCreditType',
    });
    // A name given with a known designation is not kept: the designation names it.
    const known = await outside.add(learner.id, asrm({ otherCreditType: 'ignored' }));
    expect(known.otherCreditType).toBeNull();
  });

  it('gives the transcript the credits of its period with totals per type', async () => {
    const learner = await newUser(context.module);
    await outside.add(learner.id, asrm({ completedOn: '2025-12-31', amount: 1 }));
    await outside.add(learner.id, asrm({ completedOn: '2026-01-01', amount: 2.5 }));
    await outside.add(learner.id, asrm({ completedOn: '2026-06-30', amount: 1.25 }));
    await outside.add(
      learner.id,
      asrm({ completedOn: '2026-07-01', creditType: 'Other', otherCreditType: 'ABIM MOC points', amount: 4 }),
    );

    const half = await outside.forTranscript(learner.id, { from: '2026-01-01', to: '2026-06-30' });
    expect(half.items.map((credit) => credit.completedOn)).toEqual(['2026-06-30', '2026-01-01']);
    expect(half.totals).toEqual([{ type: 'AMA PRA Category 1 Credit™', amount: 3.75 }]);

    const all = await outside.forTranscript(learner.id, {});
    expect(all.items).toHaveLength(4);
    expect(all.totals).toEqual([
      { type: 'ABIM MOC points', amount: 4 },
      { type: 'AMA PRA Category 1 Credit™', amount: 4.75 },
    ]);
  });

  it('deletes an anonymised learner’s credits and files', async () => {
    const admin = await newUser(context.module, { roles: ['admin'] });
    const learner = await newUser(context.module);
    const credit = await outside.add(learner.id, asrm(), { bytes: PDF, fileName: 'c.pdf' });

    await context.get(UsersService).anonymise(learner.id, admin.id);

    expect((await outside.list(learner.id, { limit: 20, offset: 0 })).total).toBe(0);
    const { rows } = await context
      .get(Database)
      .execute(`SELECT 1 FROM outside_credit WHERE id = $1`, [credit.id]);
    expect(rows).toHaveLength(0);
  });
});
