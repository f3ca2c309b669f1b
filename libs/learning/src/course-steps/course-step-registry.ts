import { Injectable } from '@nestjs/common';
import type { Reader } from '@academy/core';
import type { CourseStep, CourseStepContext, CourseStepSource, StepPlace } from './course-steps';

/**
 * The features that add steps to a course's checklist. Learning defines this port and the places
 * in the path; the skills lab and certificates register here at start (`onModuleInit`) because
 * they depend on learning and learning may not import them. Without them (a test of learning
 * alone, a course without a lab) the checklist is learning's own steps.
 */
@Injectable()
export class CourseStepRegistry {
  private readonly sources: CourseStepSource[] = [];

  register(source: CourseStepSource): void {
    if (!this.sources.includes(source)) {
      this.sources.push(source);
    }
  }

  /** Every registered feature's steps of each enrolment, by enrolment id and place. */
  async stepsFor(
    contexts: CourseStepContext[],
    reader: Reader,
  ): Promise<Map<string, Partial<Record<StepPlace, CourseStep[]>>>> {
    const byEnrolment = new Map<string, Partial<Record<StepPlace, CourseStep[]>>>(
      contexts.map((context) => [context.enrolmentId, {}]),
    );
    if (contexts.length === 0) {
      return byEnrolment;
    }
    // One after another: a page's queries share one connection inside a transaction.
    for (const source of this.sources) {
      const steps = await source.stepsFor(contexts, reader);
      for (const [enrolmentId, contributed] of steps) {
        const places = byEnrolment.get(enrolmentId);
        if (places) {
          places[source.place] = [...(places[source.place] ?? []), ...contributed];
        }
      }
    }
    return byEnrolment;
  }
}
