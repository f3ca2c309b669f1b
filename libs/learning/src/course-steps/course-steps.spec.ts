import type { CatalogRow } from '@academy/catalog';
import { sampleContent } from '../../../../test/factories/course-content';
import {
  checklistOf,
  CourseStep,
  CourseStepContext,
  learningSteps,
  moduleLockReason,
  nextStepOf,
} from './course-steps';

const content = sampleContent();
const [landmarks, aspiration] = content.modules;
const course = { slug: 'psis', content } as CatalogRow;

function context(overrides: Partial<CourseStepContext> = {}): CourseStepContext {
  return {
    enrolmentId: 'e1',
    userId: 'u1',
    course,
    disclosuresAcknowledged: true,
    seen: new Set(),
    passed: new Set(),
    evaluated: false,
    claimed: false,
    labCompleted: false,
    requirementsMet: false,
    ...overrides,
  };
}

const step = (key: string, status: CourseStep['status'], extra: Partial<CourseStep> = {}): CourseStep => ({
  key,
  title: key,
  status,
  required: true,
  ...extra,
});

/** The checklist of learning's own steps with a lab and a certificate where the features put them. */
function checklist(over: Partial<CourseStepContext>, lab: CourseStep['status'] = 'locked') {
  return checklistOf(learningSteps(context(over)), {
    'after-modules': [step('lab-booking', lab), step('lab-sign-off', 'locked')],
    'after-credit': [step('certificate', 'locked')],
  });
}

describe('the course checklist', () => {
  it('keeps the path’s order: disclosures, each module’s lessons and quiz, the lab, evaluation, credit, certificate', () => {
    expect(checklist({}).steps.map((each) => each.key)).toEqual([
      'disclosures',
      `lessons:${landmarks!.id}`,
      `quiz:${landmarks!.id}`,
      `lessons:${aspiration!.id}`,
      `quiz:${aspiration!.id}`,
      'lab-booking',
      'lab-sign-off',
      'evaluation',
      'credit',
      'certificate',
    ]);
  });

  it('puts a step contributed before the modules after the disclosures', () => {
    const steps = checklistOf(learningSteps(context()), {
      'before-modules': [step('pretest', 'open', { required: false, suggested: true })],
    }).steps;
    expect(steps.slice(0, 3).map((each) => each.key)).toEqual([
      'disclosures',
      'pretest',
      `lessons:${landmarks!.id}`,
    ]);
  });

  it('highlights one step at a time, lessons before their quiz, as the learner moves on', () => {
    const lessons1 = landmarks!.lessons.map((lesson) => lesson.id);
    const both = new Set([landmarks!.id, aspiration!.id]);
    const walk: [Partial<CourseStepContext>, CourseStep['status'], string][] = [
      [{ disclosuresAcknowledged: false }, 'locked', 'disclosures'],
      [{}, 'locked', `lessons:${landmarks!.id}`],
      [{ seen: new Set(lessons1) }, 'locked', `quiz:${landmarks!.id}`],
      [{ seen: new Set(lessons1), passed: new Set([landmarks!.id]) }, 'locked', `lessons:${aspiration!.id}`],
      [{ passed: both }, 'open', 'lab-booking'],
      // A lab booked is its own next step (go to it); the evaluation may still be done meanwhile.
      [{ passed: both, evaluated: true }, 'done', 'credit'],
      [{ passed: both, evaluated: true, claimed: true }, 'done', 'lab-sign-off'],
    ];
    for (const [over, lab, expected] of walk) {
      expect(checklist(over, lab).next?.key).toBe(expected);
    }
  });

  it('waits on what the learner cannot act on, and offers the next thing they can', () => {
    const both = new Set([landmarks!.id, aspiration!.id]);
    // On a waitlist: nothing to do about the lab now, the evaluation is.
    expect(checklist({ passed: both }, 'waiting').next?.key).toBe('evaluation');
    // Nothing open at all: the first required step not done is what the learner waits for.
    expect(nextStepOf([step('a', 'done'), step('b', 'waiting'), step('c', 'locked')])?.key).toBe('b');
    // Everything done: the last step with something to see (the certificate).
    const done = [
      step('a', 'done'),
      step('certificate', 'done', { action: { label: 'See', href: '/me/certificates/1' } }),
    ];
    expect(nextStepOf(done)?.key).toBe('certificate');
  });

  it('never pushes an optional step unless it is suggested now', () => {
    const pretest = step('pretest', 'open', { required: false });
    expect(nextStepOf([pretest, step('lessons', 'open')])?.key).toBe('lessons');
    expect(nextStepOf([{ ...pretest, suggested: true }, step('lessons', 'open')])?.key).toBe('pretest');
  });

  it('counts required steps only', () => {
    const { done, total } = checklist({ passed: new Set([landmarks!.id]) });
    // disclosures, 2 quizzes, lab booking and sign-off, evaluation, credit, certificate.
    expect([done, total]).toEqual([2, 8]);
  });

  it('says a quiz may be taken before its lessons are read, and how many are unread', () => {
    const quiz = learningSteps(context()).modules.find((each) => each.key === `quiz:${landmarks!.id}`)!;
    expect(quiz.status).toBe('open');
    expect(quiz.detail).toBe(
      'You may take it now, but it asks about the lessons: read them first (0 of 1 read, 1 unread).',
    );
  });
});

describe('why a module is locked', () => {
  it('names the disclosures for the first module before they are acknowledged, not a quiz', () => {
    expect(moduleLockReason(content, new Set(), false, landmarks!.id)).toBe(
      'Opens once you acknowledge the course’s disclosures and accreditation statement (the first step).',
    );
  });

  it('names every quiz still to pass before a later module, and nothing once they are passed', () => {
    const third = { ...aspiration!, id: '0a5c2d1e-9f8b-4c7d-a6e5-3b2c1d0e9f8a', title: 'Processing' };
    const longer = { ...content, modules: [landmarks!, aspiration!, third] };
    expect(moduleLockReason(longer, new Set(), true, landmarks!.id)).toBeNull();
    expect(moduleLockReason(longer, new Set(), true, aspiration!.id)).toBe(
      'Opens once you pass the quiz of “Landmarks”.',
    );
    expect(moduleLockReason(longer, new Set(), true, third.id)).toBe(
      'Opens once you pass the quizzes of “Landmarks” and “Aspiration”, in that order.',
    );
    expect(moduleLockReason(longer, new Set([landmarks!.id, aspiration!.id]), true, third.id)).toBeNull();
    expect(moduleLockReason({ ...longer, moduleGating: false }, new Set(), true, third.id)).toBeNull();
  });
});
