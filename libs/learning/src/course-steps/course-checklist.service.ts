import { Injectable } from '@nestjs/common';
import type { Reader } from '@academy/core';
import { EnrolmentDetail, LearningService } from '../enrolments/learning.service';
import { LearningError, LearningErrorCode } from '../learning-error';
import { CourseStepRegistry } from './course-step-registry';
import { checklistOf, CourseChecklist, CourseStepContext, learningSteps } from './course-steps';

/** One of the learner's courses with its checklist. */
export interface CourseWithChecklist {
  summary: EnrolmentDetail;
  checklist: CourseChecklist;
}

function contextOf(summary: EnrolmentDetail): CourseStepContext {
  const content = summary.course.content;
  const quizzes = content.modules.filter((module) => module.quiz);
  const disclosuresAcknowledged = summary.enrolment.disclosuresAcknowledgedAt !== null;
  return {
    enrolmentId: summary.enrolment.id,
    userId: summary.enrolment.userId,
    course: summary.course,
    disclosuresAcknowledged,
    seen: summary.seen,
    passed: summary.passed,
    evaluated: summary.evaluated,
    claimed: summary.claimed,
    labCompleted: summary.labCompleted,
    requirementsMet:
      disclosuresAcknowledged &&
      quizzes.every((module) => summary.passed.has(module.id)) &&
      summary.evaluated &&
      summary.claimed &&
      (!content.skillsLabRequired || summary.labCompleted),
  };
}

/**
 * Every course's one checklist: learning's own steps (disclosures, lessons and quizzes,
 * evaluation, credit) with those other features register (the skills lab, the certificate), in
 * the path's order, and the one step to do next. The course page and My learning both read it.
 */
@Injectable()
export class CourseChecklistService {
  constructor(
    private readonly learning: LearningService,
    private readonly registry: CourseStepRegistry,
  ) {}

  /** The learner's courses, newest first, each with its checklist (a few queries per feature, whatever their number). */
  async forLearner(userId: string, reader: Reader): Promise<CourseWithChecklist[]> {
    return this.withChecklists(await this.learning.myCoursesInDetail(userId), reader);
  }

  /** One enrolled course with its checklist; refused when not enrolled. */
  async forCourse(userId: string, courseSlug: string, reader: Reader): Promise<CourseWithChecklist> {
    const [found] = await this.withChecklists(
      (await this.learning.myCoursesInDetail(userId)).filter((summary) => summary.course.slug === courseSlug),
      reader,
    );
    if (!found) {
      throw new LearningError(LearningErrorCode.NOT_ENROLLED, 'You are not enrolled in this course.');
    }
    return found;
  }

  private async withChecklists(summaries: EnrolmentDetail[], reader: Reader): Promise<CourseWithChecklist[]> {
    const contexts = summaries.map(contextOf);
    const contributed = await this.registry.stepsFor(contexts, reader);
    return summaries.map((summary, index) => ({
      summary,
      checklist: checklistOf(learningSteps(contexts[index]!), contributed.get(summary.enrolment.id) ?? {}),
    }));
  }
}
