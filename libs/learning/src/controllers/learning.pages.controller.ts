import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AfterPost,
  durationInWords,
  FieldValidationException,
  formProblem,
  FormWithFieldErrors,
  Page,
  parseForm,
  parseSlug,
  readerOf,
  Roles,
  ShowPage,
  SlugParam,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { relevantRelationships } from '@academy/catalog';
import { CourseChecklistService } from '../course-steps/course-checklist.service';
import type { CourseChecklist } from '../course-steps/course-steps';
import { claimLimitInWords, CreditService } from '../credit/credit.service';
import type { BoardReporting, CreditStatus } from '../credit/credit.service';
import { IDLE_LIMIT_MS } from '../credit/credit-rules';
import { EvaluationDto } from '../dto/credit.dto';
import { toEnrolmentDto } from '../dto/enrolment.dto';
import { LearningService, unlockedModuleIds } from '../enrolments/learning.service';
import { LessonMediaAccessService } from '../lesson-media/lesson-media-access.service';

const VIEWS = 'libs/learning/views';

type Model = Record<string, unknown>;

/** The evaluation's questions on a 1–5 scale, as the form asks them. */
const SCALES = [
  { name: 'objectivesMet', legend: 'The learning objectives were met' },
  { name: 'freeOfCommercialBias', legend: 'The content was free of commercial bias' },
  { name: 'relevantToPractice', legend: 'The content is relevant to my practice' },
] as const;

/** What a physician reads next to an evaluation field that needs another look. */
const EVALUATION_PROBLEMS: Record<string, string> = {
  objectivesMet: 'Choose how far the learning objectives were met, from 1 to 5.',
  freeOfCommercialBias: 'Choose how free of commercial bias the content was, from 1 to 5.',
  relevantToPractice: 'Choose how relevant the content is to your practice, from 1 to 5.',
  intendedChange: 'Say what you will change in your practice, in up to 2000 characters.',
  comments: 'Keep your comments to 2000 characters.',
};

/** The page's checklist: each step with whether it is the one to do next. */
function checklistModel(checklist: CourseChecklist) {
  const steps = checklist.steps.map((step) => ({
    ...step,
    isNext: step === checklist.next,
    isDone: step.status === 'done',
    isLocked: step.status === 'locked',
    isWaiting: step.status === 'waiting',
    statusText: STATUS_WORDS[step.status],
  }));
  return { ...checklist, steps, next: steps.find((step) => step.isNext) ?? null };
}

const STATUS_WORDS = { done: 'done', open: 'to do', waiting: 'waiting', locked: 'locked' } as const;

/** Where the learner records board IDs and birth date for reporting. */
const REPORTING_PROFILE = '/me/reporting-profile';

/** The values of a repeated checkbox: none, one (text) or several (a list). */
function ticked(value: unknown): string[] {
  const values = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string');
}

/** "6 MOC points, Medical Knowledge, to the American Board of Internal Medicine": what a board is sent. */
function awardInWords(board: BoardReporting): string {
  return `${board.points} MOC ${board.points === 1 ? 'point' : 'points'}, ${board.types.join(' and ')}`;
}

/**
 * Each board the course awards MOC with, as the claim step shows it: before the first claim,
 * what will be reported and a box to consent (ticked when the profile consents, or as the
 * learner left it), or why it cannot be; after, the decision.
 */
function boardsModel(
  status: CreditStatus,
  values: Record<string, unknown>,
  fields: Record<string, string[]>,
) {
  const asked = values.reportAsked !== undefined;
  const chosen = ticked(values.reportTo);
  return status.boards.map((board) => {
    const decided = board.report !== null;
    return {
      ...board,
      id: `report-${board.board}`,
      award: awardInWords(board),
      decided,
      reportable: board.boardId !== null,
      checked: asked ? chosen.includes(board.board) : board.profileConsent,
      birthDate: status.reportedBirthDate,
      errors: fields[`report-${board.board}`],
      decision: board.report
        ? `Will be reported to ${board.board}`
        : board.boardId === null
          ? `Not reported to ${board.board}: your reporting profile has no ${board.board} ID`
          : `Not reported to ${board.board}, as you chose`,
    };
  });
}

@ApiExcludeController()
@Controller('learning')
@Roles('learner')
export class LearningPagesController {
  constructor(
    private readonly learning: LearningService,
    private readonly credits: CreditService,
    private readonly checklists: CourseChecklistService,
    private readonly lessonMedia: LessonMediaAccessService,
  ) {}

  @Get()
  @Page(`${VIEWS}/dashboard.hbs`)
  async dashboard(@Req() request: FastifyRequest, @CurrentUser() user: UserPrincipal): Promise<Model> {
    const courses = await this.checklists.forLearner(user.userId, readerOf(request));
    return {
      title: 'My learning',
      courses: courses.map(({ summary, checklist }) => ({
        ...toEnrolmentDto(summary),
        checklist: checklistModel(checklist),
      })),
    };
  }

  @Post('enrol')
  async enrol(
    @CurrentUser() user: UserPrincipal,
    @Body() body: { course?: unknown },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const slug = parseSlug(body?.course, 'course');
    await this.learning.enrol(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Get(':slug/credit')
  @Page(`${VIEWS}/credit.hbs`)
  async credit(@CurrentUser() user: UserPrincipal, @SlugParam() slug: string): Promise<Model> {
    return this.creditModel(user, slug);
  }

  private async creditModel(user: UserPrincipal, slug: string, extra: Model = {}): Promise<Model> {
    const status = await this.credits.status(user.userId, slug);
    const values = (extra.values ?? {}) as Record<string, unknown>;
    const fields = (extra.fields ?? {}) as Record<string, string[]>;
    const quizzes = status.requirements.find((requirement) => requirement.key === 'quizzes');
    const studied = durationInWords(status.timeOnTaskMinutes * 60_000);
    const credits = status.credits.map((credit, index) => {
      const typed = values[`credit${index}`];
      return {
        ...credit,
        field: `credit${index}`,
        claimable: credit.claimed === null && credit.allowed > 0,
        limit: claimLimitInWords(credit, status.timeOnTaskMinutes),
        value: typeof typed === 'string' ? typed : String(credit.allowed),
        errors: fields[`credit${index}`],
      };
    });
    return {
      idleLimit: durationInWords(IDLE_LIMIT_MS),
      title: 'Evaluation and credit',
      status,
      slug,
      missing: status.requirements.filter((requirement) => !requirement.met),
      evaluationLocked: !quizzes?.met,
      quizzesLabel: quizzes?.label,
      showEvaluation: quizzes?.met === true && !status.evaluationSubmitted,
      studied,
      credits,
      claimable: status.canClaim && credits.some((credit) => credit.claimable),
      boards: boardsModel(status, values, fields),
      reportingProfile: REPORTING_PROFILE,
      // Something is claimable later, but nothing now: the study time supports none yet.
      nothingYet:
        status.canClaim &&
        credits.every((credit) => credit.claimed !== null || credit.allowed <= 0) &&
        credits.some((credit) => credit.claimed === null),
      scales: SCALES.map((scale) => ({
        ...scale,
        errors: fields[scale.name],
        options: [1, 2, 3, 4, 5].map((value) => ({
          value,
          checked: values[scale.name] === String(value),
        })),
      })),
      values,
      fields,
      ...extra,
    };
  }

  @Post(':slug/evaluation')
  @FormWithFieldErrors()
  @AfterPost()
  async evaluate(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const values = (body ?? {}) as Record<string, unknown>;
    const form = await parseForm(EvaluationDto, body);
    if (!form.ok) {
      // One sentence per field, in the page's words (the DTO's are the API's).
      const fields = Object.fromEntries(
        Object.entries(form.fields).map(([field, problems]) => [
          field,
          [EVALUATION_PROBLEMS[field] ?? [...new Set(problems)].join(' ')],
        ]),
      );
      throw new ShowPage(`${VIEWS}/credit.hbs`, await this.creditModel(user, slug, { fields, values }));
    }
    try {
      await this.credits.submitEvaluation(user.userId, slug, form.value);
    } catch (error) {
      const problem = formProblem(error);
      throw new ShowPage(
        `${VIEWS}/credit.hbs`,
        await this.creditModel(user, slug, { formError: problem.message, values }),
        problem.status,
      );
    }
    return { url: `/learning/${slug}/credit#credit` };
  }

  @Post(':slug/credit-claims')
  @FormWithFieldErrors()
  @AfterPost()
  async claim(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const values = (body ?? {}) as Record<string, unknown>;
    const status = await this.credits.status(user.userId, slug);
    // One number field per designated type (credit0, credit1, …); an empty field claims nothing.
    const asked = status.credits.flatMap((credit, index) => {
      const raw = values[`credit${index}`];
      const text = typeof raw === 'string' ? raw.trim().replace(',', '.') : '';
      return text === '' || credit.claimed !== null
        ? []
        : [{ field: `credit${index}`, claim: { type: credit.type, amount: Number(text) } }];
    });
    try {
      if (asked.length === 0) {
        throw new FieldValidationException({
          [`credit${status.credits.findIndex((credit) => credit.claimed === null && credit.allowed > 0)}`]: [
            'Enter the credit you claim.',
          ],
        });
      }
      // Before the first claim the page asks about every board it can report to: the ticked
      // ones are the learner's consent, an unticked box a refusal. After it, nothing is asked.
      const undecided = status.boards.length > 0 && status.boards.every((board) => board.report === null);
      const reportTo = undecided ? ticked(values.reportTo) : undefined;
      await this.credits.claim(
        user.userId,
        slug,
        asked.map((entry) => entry.claim),
        reportTo,
      );
    } catch (error) {
      const problem = formProblem(error);
      // The service names the API's field (claims.0.amount, reportTo.0); the page names its own input.
      const reportTo = ticked(values.reportTo);
      const fields = Object.fromEntries(
        Object.entries(problem.fields).map(([field, problems]) => {
          const index = /^claims\.(\d+)\./.exec(field)?.[1];
          const board = /^reportTo\.(\d+)$/.exec(field)?.[1];
          if (board !== undefined) {
            return [`report-${reportTo[Number(board)] ?? ''}`, problems];
          }
          return [index === undefined ? field : (asked[Number(index)]?.field ?? field), problems];
        }),
      );
      throw new ShowPage(
        `${VIEWS}/credit.hbs`,
        await this.creditModel(user, slug, { fields, values, formError: problem.formError }),
        problem.status,
      );
    }
    return { url: `/learning/${slug}/credit#credit` };
  }

  @Post(':slug/disclosures')
  async acknowledge(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.learning.acknowledgeDisclosures(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Get(':slug')
  @Page(`${VIEWS}/player.hbs`)
  async player(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
  ): Promise<Model> {
    const { summary, checklist } = await this.checklists.forCourse(user.userId, slug, readerOf(request));
    const { course, enrolment } = summary;
    return {
      title: course.content.title,
      course,
      progress: summary.progress,
      lessonsSeen: summary.lessonsSeen,
      lessonsTotal: summary.lessonsTotal,
      checklist: checklistModel(checklist),
      mustAcknowledge: !enrolment.disclosuresAcknowledgedAt,
      // The relevant relationships, each mitigated; those unrelated to the content are not shown.
      people: course.content.people.map((person) => ({
        ...person,
        relationships: relevantRelationships(person),
        hasRelationships: relevantRelationships(person).length > 0,
      })),
    };
  }

  @Get(':slug/lessons/:lessonId')
  @Page(`${VIEWS}/lesson.hbs`)
  async lesson(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
  ): Promise<Model> {
    const opened = await this.learning.openLesson(user.userId, slug, lessonId);
    const { course, progress, passed } = await this.learning.myCourse(user.userId, slug);
    const nextModule = opened.next
      ? course.content.modules.find((module) =>
          module.lessons.some((lesson) => lesson.id === opened.next!.id),
        )
      : undefined;
    const lastOfModule = opened.module.lessons.at(-1)?.id === opened.lesson.id;
    // At the end of a module its quiz comes next; a lesson of a module still closed is not offered.
    const quizNext = lastOfModule && opened.module.quiz !== undefined && !passed.has(opened.module.id);
    const nextOpen = nextModule !== undefined && unlockedModuleIds(course.content, passed).has(nextModule.id);
    return {
      title: opened.lesson.title,
      slug,
      course,
      progress,
      ...opened,
      next: quizNext || !nextOpen ? null : opened.next,
      quizNext,
      media: await this.lessonMedia.pageModel(slug, opened.lesson),
    };
  }
}
