import { ListProperty, TextProperty } from '@academy/core';
import { LintNoteDto } from '@academy/catalog';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  IsBoolean,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { AttemptView, QuizStatus } from '../attempts/attempts.service';
import { shownIdOf, toShown } from '../attempts/served-choices';
import { correctResponse, gradeResponse } from '../questions/grading';
import { QUESTION_DIFFICULTIES } from '../questions/question.entity';
import type { QuestionDifficulty, QuestionEntity } from '../questions/question.entity';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType, Response } from '../questions/question.types';

export class ChoiceDto {
  @ApiProperty({ example: 'a', maxLength: 20 })
  @IsString()
  @Length(1, 20)
  id!: string;

  @TextProperty({ min: 1, max: 300 })
  text!: string;
}

/** A question as served to a learner: never its answer. */
export class ServedQuestionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  type!: QuestionType;

  prompt!: string;

  /** In the order shown to this learner */
  options?: ChoiceDto[];

  /** Ordering questions: the items, shuffled */
  items?: ChoiceDto[];

  unit?: string;
}

export class ReviewItemDto {
  @ApiProperty({ format: 'uuid' })
  questionId!: string;

  /** Whether the answer earned full credit */
  correct!: boolean;

  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'The credit the answer earned (partial on all-that-apply questions when the quiz gives it)',
  })
  credit!: number;

  @ApiPropertyOptional({
    description: 'Only in a full review',
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' } },
      { type: 'boolean' },
      { type: 'number' },
    ],
  })
  // Spelled out: a property typed `Response` would be reflected as the global fetch `Response` class.
  correctAnswer?: string | string[] | boolean | number;

  /** Only in a full review */
  explanation?: string;

  /** Only in a full review */
  reference?: string;
}

export class AttemptResultDto {
  score!: number;

  /** Always false when the quiz is ungraded (see graded) */
  passed!: boolean;

  /** False for an ungraded quiz (the pre-test): the score is a baseline, not a pass or fail */
  graded!: boolean;

  passingScore!: number;

  attemptsUsed!: number;

  attemptsLimit!: number;
}

/** Which module's quiz: what an attempt and a quiz's status both name. */
export class QuizOfModuleDto {
  courseSlug!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  moduleTitle!: string;
}

export class AttemptDto extends QuizOfModuleDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  number!: number;

  @ApiProperty({ enum: ['open', 'submitted', 'expired'] })
  status!: string;

  startedAt!: string;

  /** Server time after which answers are not graded */
  deadlineAt!: string | null;

  /** Seconds left to the deadline on the server clock (open timed attempts) */
  secondsLeft!: number | null;

  /** False for an ungraded quiz (the pre-test): its score is a baseline */
  graded!: boolean;

  questions!: ServedQuestionDto[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Saved answers by question id' })
  answers!: Record<string, Response>;

  /** Questions the learner flagged for review */
  flagged!: string[];

  result?: AttemptResultDto;

  @ApiProperty({ enum: ['none', 'score_only', 'score_and_wrong', 'full'] })
  reviewLevel!: string;

  review?: ReviewItemDto[];
}

export class AttemptSummaryDto {
  number!: number;

  @ApiProperty({ enum: ['open', 'submitted', 'expired'] })
  status!: string;

  score!: number | null;

  passed!: boolean | null;

  finishedAt!: string | null;
}

export class QuizStatusDto extends QuizOfModuleDto {
  questionCount!: number;

  passingScore!: number;

  attemptsLimit!: number;

  attemptsLeft!: number;

  timeLimitMinutes!: number | null;

  passed!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  openAttemptId!: string | null;

  nextAttemptAt!: string | null;

  /** The retry delay still runs: no new attempt before nextAttemptAt */
  waiting!: boolean;

  /** False for an ungraded quiz (the pre-test): scores are baselines */
  graded!: boolean;

  attempts!: AttemptSummaryDto[];
}

export class AnswersDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Question id → option id, option ids, true/false, a number, or item ids in order',
  })
  @IsObject({ message: 'answers must be an object of question id → answer' })
  answers!: Record<string, unknown>;
}

/** What an answer given for one question may look like (the question checks the rest). */
function isGivenAnswer(value: unknown): boolean {
  const id = (candidate: unknown) =>
    typeof candidate === 'string' && candidate.length >= 1 && candidate.length <= 20;
  return (
    value === undefined ||
    value === null ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    id(value) ||
    (Array.isArray(value) && value.length <= 20 && value.every(id))
  );
}

/** One question's answer or flag, saved as the learner gives it. */
export class GivenAnswerDto {
  @ApiPropertyOptional({
    nullable: true,
    description:
      'Option id, option ids, true/false, a number, or item ids in order (the ids the attempt shows); null clears the answer',
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' } },
      { type: 'boolean' },
      { type: 'number' },
    ],
  })
  @ValidateBy({
    name: 'isGivenAnswer',
    validator: {
      validate: isGivenAnswer,
      defaultMessage: () =>
        'answer must be a choice id, a list of up to 20 choice ids, true or false, a number, or null',
    },
  })
  answer?: unknown;

  /** Flag the question to come back to (true) or take the flag off (false) */
  // A page's form (no script) sends its flag as the text "true" or "false".
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsOptional()
  @IsBoolean({ message: 'flagged must be true or false' })
  flagged?: boolean;
}

export class SubmitDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Last answers to save before grading',
  })
  @IsOptional()
  @IsObject({ message: 'answers must be an object of question id → answer' })
  answers?: Record<string, unknown>;
}

export class QuestionInputDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsIn(QUESTION_TYPES, { message: `type must be one of ${QUESTION_TYPES.join(', ')}` })
  type!: QuestionType;

  @TextProperty({ min: 1, max: 600 })
  prompt!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ChoiceDto)
  options?: ChoiceDto[];

  /** Ordering: the items in the right order */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ChoiceDto)
  items?: ChoiceDto[];

  @TextProperty({ max: 20, optional: true })
  unit?: string;

  /** single: option id; multiple: option ids; true_false: boolean */
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'boolean' }],
  })
  @Allow()
  correct?: string | string[] | boolean;

  @IsOptional()
  @IsNumber()
  answer?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  tolerance?: number;

  @TextProperty({ min: 1, max: 1500 })
  explanation!: string;

  @TextProperty({ min: 1, max: 300 })
  reference!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  /** How hard the author means it to be */
  @IsOptional()
  @IsIn(QUESTION_DIFFICULTIES, { message: `difficulty must be one of ${QUESTION_DIFFICULTIES.join(', ')}` })
  difficulty?: QuestionDifficulty | null;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: 20,
    nullable: true,
    description:
      'The learning objective it measures: its 1-based position among the module’s objectives (in the pre-test pool, of the module in objectiveModule); null for none; absent on an edit keeps it',
  })
  @IsOptional()
  @IsInt({ message: 'objective must be the position of one of the module’s objectives, such as 2' })
  @Min(1, { message: 'objective must be the position of one of the module’s objectives, such as 2' })
  @Max(20, { message: 'objective must be the position of one of the module’s objectives, such as 2' })
  objective?: number | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Pre-test pool only: the module whose objective the question measures',
  })
  @IsOptional()
  @IsUUID()
  objectiveModule?: string;

  @ListProperty(LintNoteDto, {
    max: 20,
    optional: true,
    description: 'Why the author keeps item-writing warnings about it, by rule; absent on an edit keeps them',
  })
  lintNotes?: LintNoteDto[];
}

export class QuestionDto extends QuestionInputDto {
  @ApiProperty({ format: 'uuid' })
  declare id: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty({ format: 'uuid', description: 'The course version this item belongs to' })
  courseVersionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The item across versions: copies and edits keep it' })
  lineageId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The item (lineage) this one replaced',
  })
  replacesLineageId!: string | null;

  /** When it was retired in its version */
  retiredAt!: Date | null;
}

export class QuestionListDto {
  items!: QuestionDto[];
}

export function toQuestionDto(question: QuestionEntity): QuestionDto {
  const { body, answerKey } = question;
  const key = answerKey.key;
  return {
    id: question.id,
    moduleId: question.moduleId,
    type: question.type,
    prompt: body.prompt,
    ...(body.type === 'single' || body.type === 'multiple' ? { options: body.options } : {}),
    ...(body.type === 'ordering' ? { items: body.items } : {}),
    ...(body.type === 'numeric' ? { unit: body.unit } : {}),
    ...(key.type === 'single' || key.type === 'multiple' || key.type === 'true_false'
      ? { correct: key.correct }
      : {}),
    ...(key.type === 'numeric' ? { answer: key.answer, tolerance: key.tolerance } : {}),
    explanation: answerKey.explanation,
    reference: answerKey.reference,
    tags: question.tags,
    difficulty: question.difficulty,
    objective: question.objective,
    ...(question.moduleId === question.objectiveModuleId || question.objectiveModuleId === null
      ? {}
      : { objectiveModule: question.objectiveModuleId }),
    lintNotes: question.lintNotes.map(({ rule, explanation }) => ({
      rule: rule as LintNoteDto['rule'],
      explanation,
    })),
    courseVersionId: question.courseVersionId,
    lineageId: question.lineageId,
    replacesLineageId: question.replacesLineageId,
    retiredAt: question.retiredAt,
  };
}

/** The attempt as its learner may see it: the answer key only as far as the review level allows. */
export function toAttemptDto(view: AttemptView): AttemptDto {
  const { attempt } = view;
  const byId = new Map(view.questions.map((question) => [question.id, question]));
  const servedById = new Map(attempt.served.map((served) => [served.questionId, served]));
  // Everything a learner reads names choices by the ids this attempt shows, never the authored ones.
  const shown = (questionId: string, response: Response): Response =>
    toShown(servedById.get(questionId), response);
  const questions = attempt.served.flatMap((served): ServedQuestionDto[] => {
    const question = byId.get(served.questionId);
    if (!question) {
      return [];
    }
    const body = question.body;
    const inOrder = (choices: ChoiceDto[]) =>
      (served.choiceOrder ?? choices.map((choice) => choice.id)).map((id) => ({
        id: shownIdOf(served, id),
        text: choices.find((choice) => choice.id === id)!.text,
      }));
    return [
      {
        id: question.id,
        type: question.type,
        prompt: body.prompt,
        ...(body.type === 'single' || body.type === 'multiple' ? { options: inOrder(body.options) } : {}),
        ...(body.type === 'ordering' ? { items: inOrder(body.items) } : {}),
        ...(body.type === 'numeric' ? { unit: body.unit } : {}),
      },
    ];
  });
  const finished = attempt.status !== 'open' && attempt.score !== null && attempt.passed !== null;
  const review =
    view.review === 'score_and_wrong' || view.review === 'full'
      ? questions.map((served) => {
          const question = byId.get(served.id)!;
          const key = question.answerKey.key;
          const credit = gradeResponse(key, attempt.answers[served.id], {
            partialCredit: view.settings.partialCredit,
          });
          return view.review === 'full'
            ? {
                questionId: served.id,
                correct: credit === 1,
                credit,
                correctAnswer: shown(served.id, correctResponse(key)),
                explanation: question.answerKey.explanation,
                reference: question.answerKey.reference,
              }
            : { questionId: served.id, correct: credit === 1, credit };
        })
      : undefined;
  const servedIds = new Set(questions.map((question) => question.id));
  return {
    id: attempt.id,
    courseSlug: view.course.slug,
    moduleId: attempt.moduleId,
    moduleTitle: view.moduleTitle,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.startedAt.toISOString(),
    deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
    secondsLeft: view.timeLeftMs === null ? null : Math.ceil(view.timeLeftMs / 1000),
    graded: view.graded,
    questions,
    answers: Object.fromEntries(
      Object.entries(attempt.answers).map(([questionId, response]) => [
        questionId,
        shown(questionId, response),
      ]),
    ),
    flagged: (attempt.flagged ?? []).filter((questionId) => servedIds.has(questionId)),
    reviewLevel: view.review,
    ...(finished
      ? {
          result: {
            score: attempt.score!,
            passed: attempt.passed!,
            graded: view.graded,
            passingScore: view.passingScore,
            attemptsUsed: view.attemptsUsed,
            attemptsLimit: view.settings.attemptsLimit,
          },
        }
      : {}),
    ...(review ? { review } : {}),
  };
}

export function toQuizStatusDto(status: QuizStatus, moduleId: string): QuizStatusDto {
  return {
    courseSlug: status.course.slug,
    moduleId,
    moduleTitle: status.moduleTitle,
    questionCount: status.settings.questionCount,
    passingScore: status.passingScore,
    attemptsLimit: status.settings.attemptsLimit,
    attemptsLeft: status.attemptsLeft,
    timeLimitMinutes: status.settings.timeLimitMinutes ?? null,
    passed: status.passed,
    openAttemptId: status.openAttemptId,
    nextAttemptAt: status.nextAttemptAt?.toISOString() ?? null,
    waiting: status.waiting,
    graded: status.graded,
    attempts: status.attempts.map((attempt) => ({
      number: attempt.number,
      status: attempt.status,
      score: attempt.score,
      passed: attempt.passed,
      finishedAt: attempt.finishedAt?.toISOString() ?? null,
    })),
  };
}
