import { Injectable, OnModuleInit } from '@nestjs/common';
import { CourseStepRegistry } from '@academy/learning';
import type { CourseStep, CourseStepContext, CourseStepSource } from '@academy/learning';
import { PRETEST_ID } from './attempts.service';
import { AttemptRepository } from './attempt.repository';

/**
 * The ungraded pre-test in a course's checklist, for courses that have one: optional, and
 * suggested before the first lesson (it measures where the learner starts). Registered with
 * learning's checklist at start: learning cannot import assessment, which depends on it.
 */
@Injectable()
export class PretestCourseStep implements CourseStepSource, OnModuleInit {
  readonly place = 'before-modules' as const;

  constructor(
    private readonly registry: CourseStepRegistry,
    private readonly attempts: AttemptRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /** One query per course with a pre-test. */
  async stepsFor(contexts: CourseStepContext[]): Promise<Map<string, CourseStep[]>> {
    const steps = new Map<string, CourseStep[]>();
    for (const context of contexts.filter((candidate) => candidate.course.content.pretest)) {
      const attempts = await this.attempts.findForQuiz(context.enrolmentId, PRETEST_ID);
      const finished = attempts.find((attempt) => attempt.status !== 'open');
      const href = `/learning/${context.course.slug}/modules/${PRETEST_ID}/quiz`;
      // Pages mark a step that is not required "(optional)" themselves.
      const title = 'Take the pre-test (ungraded)';
      steps.set(context.enrolmentId, [
        finished
          ? {
              key: 'pretest',
              title,
              status: 'done',
              required: false,
              detail: `Taken: ${finished.score ?? 0}%. It measures where you started; it passes or fails nothing.`,
              action: { label: 'See the pre-test', href },
            }
          : {
              key: 'pretest',
              title,
              status: context.disclosuresAcknowledged ? 'open' : 'locked',
              required: false,
              // Before the first lesson it measures the starting point; after, it still may be taken.
              suggested: context.seen.size === 0,
              detail: context.disclosuresAcknowledged
                ? context.seen.size === 0
                  ? 'Best taken before the first lesson: it measures where you start, and passes or fails nothing.'
                  : 'You may still take it; it measures your starting point best before the lessons.'
                : 'Opens once you acknowledge the course’s disclosures and accreditation statement (the first step).',
              action: context.disclosuresAcknowledged
                ? { label: attempts.length > 0 ? 'Continue the pre-test' : 'Take the pre-test', href }
                : undefined,
            },
      ]);
    }
    return steps;
  }
}
