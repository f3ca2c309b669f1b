import { CatalogCoreModule } from '@academy/catalog';
import { Database, FakeClock } from '@academy/core';
import { IdentityCoreModule, ReportingProfileService } from '@academy/identity';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { LearningService } from '../enrolments/learning.service';
import { LearningErrorCode } from '../learning-error';
import { LearningCoreModule } from '../learning.module';
import { CreditService } from './credit.service';

const MINUTE = 60_000;
const AMA = 'AMA PRA Category 1 Credit™';
const AAPA = 'AAPA Category 1 CME';
const EVALUATION = {
  objectivesMet: 5,
  freeOfCommercialBias: 5,
  relevantToPractice: 4,
  intendedChange: 'Report MOC.',
};

describe('consent to report a completion to certifying boards, at the first claim, on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let learning: LearningService;
  let credit: CreditService;
  let profiles: ReportingProfileService;
  let db: Database;

  /**
   * A learner ready to claim 2 hours of credit in a course awarding MOC with ABIM (2, MK) and
   * ABA (1.5, LL), with the reporting profile given.
   */
  async function readyToClaim(profile: { boards?: { board: string; boardId: string; consent: boolean }[] }) {
    const learner = await newUser(context.module);
    await profiles.update(learner.id, { birthDate: '03/14', ...profile });
    const { slug } = await newPublishedCourse(context.module, {
      credits: [
        { type: AMA, max: 2 },
        { type: AAPA, max: 2 },
      ],
      moc: [
        { board: 'ABIM', points: 2, types: ['MK'] },
        { board: 'ABA', points: 1.5, types: ['LL'] },
      ],
    });
    const enrolment = await enrolReady(context.module, learner.id, slug);
    const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
    for (let minute = 0; minute <= 120; minute += 10) {
      await learning.openLesson(learner.id, slug, lessonId);
      clock.advance(10 * MINUTE);
    }
    for (const module of sampleContent().modules) {
      await learning.recordModulePassed(enrolment.id, module.id);
    }
    await credit.submitEvaluation(learner.id, slug, EVALUATION);
    return { learnerId: learner.id, slug, enrolmentId: enrolment.id };
  }

  const decisions = (status: { boards: { board: string; report: boolean | null }[] }) =>
    status.boards.map((board) => [board.board, board.report]);

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], { clock });
    learning = context.get(LearningService);
    credit = context.get(CreditService);
    profiles = context.get(ReportingProfileService);
    db = context.get(Database);
  });

  afterAll(() => context.close());

  it('shows what would be reported, records the decision once at the first claim and sets the profile’s consent', async () => {
    const { learnerId, slug, enrolmentId } = await readyToClaim({
      boards: [{ board: 'ABIM', boardId: '123456', consent: false }],
    });
    const before = await credit.status(learnerId, slug);
    expect(before.reportedBirthDate).toBe('03/14');
    expect(before.boards).toEqual([
      {
        board: 'ABIM',
        boardName: 'American Board of Internal Medicine',
        points: 2,
        types: ['Medical Knowledge'],
        boardId: '123456',
        profileConsent: false,
        report: null,
      },
      {
        board: 'ABA',
        boardName: 'American Board of Anesthesiology',
        points: 1.5,
        types: ['Lifelong Learning'],
        boardId: null,
        profileConsent: false,
        report: null,
      },
    ]);

    const claimed = await credit.claim(learnerId, slug, [{ type: AMA, amount: 2 }], ['ABIM']);
    expect(decisions(claimed)).toEqual([
      ['ABIM', true],
      ['ABA', false],
    ]);
    expect((await profiles.profile(learnerId)).boards[0]!.consentedAt).not.toBeNull();

    // A later claim asks nothing again: the first decision stands.
    const later = await credit.claim(learnerId, slug, [{ type: AAPA, amount: 2 }], []);
    expect(decisions(later)).toEqual([
      ['ABIM', true],
      ['ABA', false],
    ]);
    const { rows } = await db.execute<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_event WHERE subject_id = $1 AND action = 'credit.board_reporting_decided'`,
      [enrolmentId],
    );
    expect(rows.map((row) => row.details)).toEqual([{ reportTo: ['ABIM'], notReported: ['ABA'] }]);
  });

  it('refuses a board the course awards no MOC with, and one the learner has no ID for, naming reportTo.N', async () => {
    const { learnerId, slug } = await readyToClaim({
      boards: [{ board: 'ABIM', boardId: '123456', consent: false }],
    });
    await expect(credit.claim(learnerId, slug, [{ type: AMA, amount: 1 }], ['ABS'])).rejects.toMatchObject({
      code: LearningErrorCode.BAD_CLAIM,
      field: 'reportTo.0',
      message: 'This course awards MOC points only with ABIM, ABA, not ABS.',
    });
    await expect(
      credit.claim(learnerId, slug, [{ type: AMA, amount: 1 }], ['ABIM', 'ABA']),
    ).rejects.toMatchObject({
      code: LearningErrorCode.BAD_CLAIM,
      field: 'reportTo.1',
      message:
        'Add your ABA ID to your reporting profile first, so the American Board of Anesthesiology can place the report.',
    });
    const status = await credit.status(learnerId, slug);
    expect(status.credits.every((line) => line.claimed === null)).toBe(true);
    expect(decisions(status)).toEqual([
      ['ABIM', null],
      ['ABA', null],
    ]);
  });

  it('follows the profile’s standing consent when reportTo is left out', async () => {
    const consenting = await readyToClaim({
      boards: [
        { board: 'ABIM', boardId: '123456', consent: true },
        { board: 'ABA', boardId: '12345678', consent: false },
      ],
    });
    expect(
      decisions(await credit.claim(consenting.learnerId, consenting.slug, [{ type: AMA, amount: 1 }])),
    ).toEqual([
      ['ABIM', true],
      ['ABA', false],
    ]);
    const withoutProfile = await readyToClaim({});
    expect(
      decisions(
        await credit.claim(withoutProfile.learnerId, withoutProfile.slug, [{ type: AMA, amount: 1 }]),
      ),
    ).toEqual([
      ['ABIM', false],
      ['ABA', false],
    ]);
  });
});
