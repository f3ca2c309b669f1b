import { AssessmentCoreModule, AssessmentErrorCode, AttemptsService } from '@academy/assessment';
import { CatalogCoreModule } from '@academy/catalog';
import { Database, FakeClock, parseForm } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule, LearningService } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newQuestionBank } from '../../../../test/factories/questions';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AccreditationCoreModule } from '../accreditation.module';
import { AccommodationDto, GrantAttemptDto } from './dto/learner-support.dto';
import { LearnersService } from './learners.service';

const MINUTE = 60_000;

/** Learner support as an admin gives it, and as the learner's quiz then holds it. */
describe('learner support', () => {
  let context: TestContext;
  let clock: FakeClock;
  let learners: LearnersService;
  let attempts: AttemptsService;
  let db: Database;
  const moduleId = sampleContent().modules[0]!.id;

  async function learnerWithQuiz(quiz: { timeLimitMinutes?: number; attemptsLimit?: number } = {}) {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, ...quiz };
    const { courseId, slug } = await newPublishedCourse(context.module, { modules: content.modules });
    await newQuestionBank(context.module, courseId, moduleId);
    const learner = await newUser(context.module, { fullName: 'Dr Wren Okafor' });
    const enrolment = await enrolReady(context.module, learner.id, slug);
    return { slug, learner, enrolment };
  }

  async function auditOf(action: string, subjectId: string) {
    const { rows } = await db.execute<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_event WHERE action = $1 AND subject_id = $2`,
      [action, subjectId],
    );
    return rows.map((row) => row.details);
  }

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
    context = await createTestContext(
      [
        IdentityCoreModule,
        CatalogCoreModule,
        LearningCoreModule,
        AssessmentCoreModule,
        AccreditationCoreModule,
      ],
      { clock },
    );
    learners = context.get(LearnersService);
    attempts = context.get(AttemptsService);
    db = context.get(Database);
  });

  afterAll(() => context.close());

  it('finds learners by a part of their name, e-mail or NPI, in any case, a page at a time', async () => {
    const found = await newUser(context.module, { fullName: 'Dr Quillon Marrowfield' });
    await db.execute(`UPDATE app_user SET npi = '1987654321' WHERE id = $1`, [found.id]);
    for (const q of ['quillon marrow', found.email.slice(0, 8).toUpperCase(), '98765']) {
      const page = await learners.search({ q, limit: 10, offset: 0 });
      expect(page.items.map((user) => user.id)).toContain(found.id);
    }
    await newUser(context.module, { fullName: 'Dr Quillon Second' });
    const first = await learners.search({ q: 'QUILLON', limit: 1, offset: 0 });
    const second = await learners.search({ q: 'QUILLON', limit: 1, offset: 1 });
    expect(first.total).toBe(2);
    expect(first.items[0]!.id).not.toBe(second.items[0]!.id);
    // Staff are not learners.
    const admin = await newUser(context.module, { roles: ['admin'], fullName: 'Dr Quillon Admin' });
    expect(
      (await learners.search({ q: 'quillon', limit: 10, offset: 0 })).items.map((u) => u.id),
    ).not.toContain(admin.id);
  });

  it('grants another attempt once all are used: the quiz then really allows it, and it is audited with the reason', async () => {
    const { slug, learner, enrolment } = await learnerWithQuiz({ attemptsLimit: 1 });
    const first = await attempts.start(learner.id, slug, moduleId);
    await attempts.submit(learner.id, first.attemptId, {});
    clock.advance(61 * MINUTE);
    await expect(attempts.start(learner.id, slug, moduleId)).rejects.toMatchObject({
      code: AssessmentErrorCode.ATTEMPTS_EXHAUSTED,
    });
    await learners.grantAttempt(
      learner.id,
      { enrolmentId: enrolment.id, moduleId, reason: 'Power cut during the first attempt' },
      null,
    );
    expect((await attempts.status(learner.id, slug, moduleId)).attemptsLeft).toBe(1);
    const second = await attempts.start(learner.id, slug, moduleId);
    expect(second.created).toBe(true);
    expect(await auditOf('quiz.extra_attempt_granted', enrolment.id)).toEqual([
      expect.objectContaining({ moduleId, reason: 'Power cut during the first attempt' }),
    ]);
    const record = await learners.record(learner.id);
    expect(record.enrolments[0]!.quizzes[0]).toMatchObject({
      attemptsLimit: 2,
      extraAttempts: 1,
      attemptsUsed: 1,
    });
  });

  it('refuses another attempt at a quiz already passed, or in a course the learner is not enrolled in, in words', async () => {
    const { learner, enrolment } = await learnerWithQuiz();
    const other = await learnerWithQuiz();
    await expect(
      learners.grantAttempt(learner.id, { enrolmentId: other.enrolment.id, moduleId, reason: 'x' }, null),
    ).rejects.toMatchObject({ code: AssessmentErrorCode.ENROLMENT_NOT_FOUND, field: 'enrolmentId' });
    await context.get(LearningService).recordModulePassed(enrolment.id, moduleId);
    await expect(
      learners.grantAttempt(learner.id, { enrolmentId: enrolment.id, moduleId, reason: 'x' }, null),
    ).rejects.toMatchObject({
      code: AssessmentErrorCode.ALREADY_PASSED,
      message: expect.stringContaining('passed'),
    });
  });

  it('gives an accommodation that the next timed attempt really has, and ends it', async () => {
    const { slug, learner } = await learnerWithQuiz({ timeLimitMinutes: 20 });
    await learners.accommodate(
      learner.id,
      { extraTimePercent: 50, extraMinutes: 0, reason: 'Dyslexia, documented' },
      null,
    );
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const view = await attempts.view(learner.id, attemptId);
    expect(view.settings.timeLimitMinutes).toBe(30);
    expect(view.timeLeftMs).toBe(30 * MINUTE);
    // At 25 minutes the usual learner is out of time; this one still answers.
    clock.advance(25 * MINUTE);
    await expect(attempts.saveAnswers(learner.id, attemptId, {})).resolves.toMatchObject({
      attempt: { status: 'open' },
    });
    await attempts.submit(learner.id, attemptId, {});
    expect(await auditOf('quiz.accommodation_granted', learner.id)).toEqual([
      expect.objectContaining({
        extraTimePercent: 50,
        reason: 'Dyslexia, documented',
        words: '50% more time',
      }),
    ]);

    await learners.endAccommodation(learner.id, 'Assessment finished');
    clock.advance(61 * MINUTE);
    const next = await attempts.start(learner.id, slug, moduleId);
    expect((await attempts.view(learner.id, next.attemptId)).timeLeftMs).toBe(20 * MINUTE);
    expect(await auditOf('quiz.accommodation_ended', learner.id)).toHaveLength(1);
  });

  it('refuses an accommodation with no extra time, and a form without a reason, naming the field', async () => {
    const { learner } = await learnerWithQuiz();
    await expect(
      learners.accommodate(learner.id, { extraTimePercent: 0, extraMinutes: 0, reason: 'none' }, null),
    ).rejects.toMatchObject({ code: AssessmentErrorCode.BAD_ACCOMMODATION, field: 'extraTimePercent' });
    const form = await parseForm(AccommodationDto, {
      extraTimePercent: '50',
      extraMinutes: '0',
      reason: '   ',
    });
    expect(form).toMatchObject({ ok: false, fields: { reason: [expect.stringMatching(/^Must say why/)] } });
    const grant = await parseForm(GrantAttemptDto, { enrolmentId: 'nope', moduleId, reason: 'ok' });
    expect(grant).toMatchObject({ ok: false, fields: { enrolmentId: [expect.any(String)] } });
  });

  it('extends the deadline of an open timed attempt, and refuses once it is finished', async () => {
    const { slug, learner } = await learnerWithQuiz({ timeLimitMinutes: 10 });
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const deadline = await learners.extendAttempt(learner.id, attemptId, 15, 'Fire alarm in the building');
    expect(deadline.getTime()).toBe(clock.now().getTime() + 25 * MINUTE);
    clock.advance(20 * MINUTE);
    expect((await attempts.view(learner.id, attemptId)).timeLeftMs).toBe(5 * MINUTE);
    await attempts.submit(learner.id, attemptId, {});
    await expect(learners.extendAttempt(learner.id, attemptId, 5, 'late')).rejects.toMatchObject({
      code: AssessmentErrorCode.NOTHING_TO_EXTEND,
    });
    expect(await auditOf('quiz.attempt_extended', attemptId)).toEqual([
      expect.objectContaining({ minutes: 15, reason: 'Fire alarm in the building' }),
    ]);
  });

  it('shows one learner’s record: enrolments with progress, attempts and the accommodation', async () => {
    const { slug, learner } = await learnerWithQuiz({ timeLimitMinutes: 10 });
    await attempts.start(learner.id, slug, moduleId);
    await learners.accommodate(learner.id, { extraTimePercent: 0, extraMinutes: 15, reason: 'Tremor' }, null);
    const record = await learners.record(learner.id);
    expect(record.user.fullName).toBe('Dr Wren Okafor');
    expect(record.enrolments).toHaveLength(1);
    expect(record.enrolments[0]!.progress).toBeGreaterThanOrEqual(0);
    expect(record.attempts).toEqual([expect.objectContaining({ status: 'open', number: 1 })]);
    expect(record.accommodation).toMatchObject({ extraMinutes: 15, reason: 'Tremor' });
    expect(record.bookings).toEqual([]);
    expect(record.certificates).toEqual([]);
  });
});
