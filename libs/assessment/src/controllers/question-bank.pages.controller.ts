import { Body, Controller, Get, Post, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CoursesService } from '@academy/catalog';
import {
  AfterPost,
  DomainError,
  FormWithFieldErrors,
  parseForm,
  Roles,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { QuestionFormDto } from '../dto/question-form.dto';
import { QuestionBankService, QuestionInput } from '../questions/question-bank.service';
import type { QuestionEntity } from '../questions/question.entity';
import { QUESTION_DIFFICULTIES } from '../questions/question.entity';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType } from '../questions/question.types';

const VIEWS = 'libs/assessment/views';
const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

type FormValues = Record<string, unknown>;

/** Each type in the author's words, in the order the form offers them. */
const TYPE_WORDS: Record<QuestionType, string> = {
  single: 'One right answer',
  multiple: 'Several right answers',
  true_false: 'True or false',
  numeric: 'A number',
  ordering: 'Steps in order',
};

const DIFFICULTY_WORDS = { easy: 'Easy', moderate: 'Moderate', hard: 'Hard' } as const;

/** The question the form describes, for the bank to check and keep. */
export function questionFromForm(form: QuestionFormDto): QuestionInput {
  const { type } = form;
  const choices = LETTERS.map((id) => ({ id, text: form[`choice_${id}`] ?? '' })).filter(
    (choice) => choice.text !== '',
  );
  const ticked = ([] as string[]).concat(form.correct ?? []);
  return {
    type,
    prompt: form.prompt ?? '',
    explanation: form.explanation ?? '',
    reference: form.reference ?? '',
    tags: (form.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    difficulty: form.difficulty ?? null,
    ...(type === 'single' ? { options: choices, correct: ticked[0] } : {}),
    ...(type === 'multiple' ? { options: choices, correct: ticked } : {}),
    ...(type === 'true_false' ? { correct: form.truth === 'true' } : {}),
    ...(type === 'numeric'
      ? { answer: Number(form.answer), tolerance: Number(form.tolerance ?? '0'), unit: form.unit ?? '' }
      : {}),
    ...(type === 'ordering' ? { items: choices } : {}),
  };
}

/** A stored question as the form's values (choices by position, a to f). */
export function formValuesOf(question: QuestionEntity): FormValues {
  const { body } = question;
  const key = question.answerKey.key;
  const choices =
    body.type === 'single' || body.type === 'multiple'
      ? body.options
      : body.type === 'ordering'
        ? body.items
        : [];
  const letterOf = (id: string) => LETTERS[choices.findIndex((choice) => choice.id === id)];
  const values: FormValues = {
    type: question.type,
    prompt: body.prompt,
    explanation: question.answerKey.explanation,
    reference: question.answerKey.reference,
    tags: question.tags.join(', '),
    difficulty: question.difficulty ?? '',
  };
  choices
    .slice(0, LETTERS.length)
    .forEach((choice, index) => (values[`choice_${LETTERS[index]}`] = choice.text));
  if (key.type === 'single') {
    values.correct = [letterOf(key.correct)];
  } else if (key.type === 'multiple') {
    values.correct = key.correct.map(letterOf);
  } else if (key.type === 'true_false') {
    values.truth = String(key.correct);
  } else if (key.type === 'numeric') {
    values.answer = String(key.answer);
    values.tolerance = String(key.tolerance);
  }
  if (body.type === 'numeric') {
    values.unit = body.unit;
  }
  return values;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The form as the page shows it: only the chosen type's fields are shown and sent (the others
 * hidden and disabled, which the script toggles live), with a preview in the quiz's markup.
 */
export function questionFormModel(
  values: FormValues,
  fields: Record<string, string[]> = {},
): Record<string, unknown> {
  const type: QuestionType = QUESTION_TYPES.includes(values.type as QuestionType)
    ? (values.type as QuestionType)
    : 'single';
  const ticked = ([] as unknown[]).concat(values.correct ?? []).map(String);
  const choices = LETTERS.map((letter) => ({
    letter,
    text: text(values[`choice_${letter}`]),
    right: ticked.includes(letter),
  }));
  const written = choices.filter((choice) => choice.text !== '');
  const show = {
    single: type === 'single',
    multiple: type === 'multiple',
    ordering: type === 'ordering',
    choices: type === 'single' || type === 'multiple' || type === 'ordering',
    right: type === 'single' || type === 'multiple',
    truth: type === 'true_false',
    numeric: type === 'numeric',
  };
  return {
    type,
    types: QUESTION_TYPES.map((value) => ({ value, label: TYPE_WORDS[value], selected: value === type })),
    show,
    choices,
    truthTrue: text(values.truth) !== 'false',
    answer: text(values.answer),
    tolerance: text(values.tolerance),
    unit: text(values.unit),
    prompt: text(values.prompt),
    explanation: text(values.explanation),
    reference: text(values.reference),
    tags: text(values.tags),
    difficulties: [
      { value: '', label: 'Not set', selected: text(values.difficulty) === '' },
      ...QUESTION_DIFFICULTIES.map((value) => ({
        value,
        label: DIFFICULTY_WORDS[value],
        selected: text(values.difficulty) === value,
      })),
    ],
    fields,
    // What a learner will see, in the quiz page's markup (never the key).
    preview: {
      prompt: text(values.prompt) || 'Your question appears here.',
      isSingle: type === 'single',
      isMultiple: type === 'multiple',
      isTrueFalse: type === 'true_false',
      isNumeric: type === 'numeric',
      isOrdering: type === 'ordering',
      unit: text(values.unit),
      options: written.map((choice) => ({ id: choice.letter, text: choice.text })),
      items: written.map((choice) => ({
        id: choice.letter,
        text: choice.text,
        positions: written.map((_, position) => ({ value: position + 1 })),
      })),
    },
  };
}

/** The bank's refusals, said next to the field the author fixes. */
function fieldOfProblem(
  error: { field?: string; message: string },
  type: QuestionType,
): Record<string, string[]> {
  switch (error.field ?? '') {
    case 'options':
    case 'items':
      return { choices: ['Write at least two choices.'] };
    case 'correct':
      return type === 'true_false'
        ? { truth: ['Say whether the statement is true or false.'] }
        : { choices: [type === 'single' ? 'Tick the one right choice.' : 'Tick every right choice.'] };
    case 'answer':
    case 'tolerance':
      return { answer: ['Give the right number, and a tolerance of 0 or more.'] };
    default:
      return { form: [error.message] };
  }
}

/** The question bank of a module, for admins: every version's, changed only in a draft. */
@ApiExcludeController()
@Controller('admin/courses/:id/modules/:moduleId/questions')
@Roles('admin')
export class QuestionBankPagesController {
  constructor(
    private readonly bank: QuestionBankService,
    private readonly courses: CoursesService,
  ) {}

  @Get()
  @Render(`${VIEWS}/bank.hbs`)
  async list(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Query('version') version: unknown,
    @Query('notice') notice: unknown,
  ): Promise<Record<string, unknown>> {
    const number =
      typeof version === 'string' && /^[1-9]\d{0,5}$/.test(version) ? Number(version) : undefined;
    const course = await this.courses.getCourse(id);
    const bank = await this.bank.versionBank(id, moduleId, number);
    const module = await this.moduleOf(id, moduleId);
    const active = bank.items.filter((item) => item.retiredAt === null);
    return {
      title: `Question bank: ${module?.title ?? 'module'}`,
      course,
      courseId: id,
      moduleId,
      moduleTitle: module?.title ?? 'Module no longer in the course',
      questionCount: module?.quiz?.questionCount,
      version: { number: bank.versionNumber, status: bank.status, editable: bank.editable },
      versions: bank.versions.map((candidate) => ({
        ...candidate,
        current: candidate.number === bank.versionNumber,
      })),
      activeCount: active.length,
      questions: bank.items.map((question, index) => ({
        ...this.questionView(question),
        number: index + 1,
        replaces: question.replacesLineageId
          ? bank.replacedPrompts.get(question.replacesLineageId)
          : undefined,
        canChange: bank.editable && question.retiredAt === null,
      })),
      notice:
        typeof notice === 'string' && Object.hasOwn(NOTICES, notice)
          ? NOTICES[notice as keyof typeof NOTICES]
          : undefined,
    };
  }

  @Get('new')
  @Render(`${VIEWS}/question-form.hbs`)
  async newQuestion(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Query('type') type: unknown,
  ): Promise<Record<string, unknown>> {
    await this.courses.getDraft(id);
    return this.formPage(id, moduleId, 'add', { type: typeof type === 'string' ? type : 'single' });
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async add(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: FormValues,
  ): Promise<SeeOther> {
    await this.save(id, moduleId, 'add', body, (input) => this.bank.add(id, moduleId, input));
    return { url: `/admin/courses/${id}/modules/${moduleId}/questions?notice=added` };
  }

  @Get(':questionId/edit')
  @Render(`${VIEWS}/question-form.hbs`)
  async editForm(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
  ): Promise<Record<string, unknown>> {
    const question = await this.questionOf(id, moduleId, questionId);
    return this.formPage(id, moduleId, 'edit', formValuesOf(question), {}, question);
  }

  @Post(':questionId/edit')
  @FormWithFieldErrors()
  @AfterPost()
  async edit(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: FormValues,
  ): Promise<SeeOther> {
    const question = await this.questionOf(id, moduleId, questionId);
    await this.save(id, moduleId, 'edit', body, (input) => this.bank.edit(questionId, input), question);
    return { url: `/admin/courses/${id}/modules/${moduleId}/questions?notice=edited` };
  }

  @Get(':questionId/replace')
  @Render(`${VIEWS}/question-form.hbs`)
  async replaceForm(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
  ): Promise<Record<string, unknown>> {
    const question = await this.questionOf(id, moduleId, questionId);
    return this.formPage(id, moduleId, 'replace', formValuesOf(question), {}, question);
  }

  @Post(':questionId/replace')
  @FormWithFieldErrors()
  @AfterPost()
  async replace(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: FormValues,
  ): Promise<SeeOther> {
    const question = await this.questionOf(id, moduleId, questionId);
    await this.save(id, moduleId, 'replace', body, (input) => this.bank.replace(questionId, input), question);
    return { url: `/admin/courses/${id}/modules/${moduleId}/questions?notice=replaced` };
  }

  /**
   * Retires a question in the draft from the bank or from the item analysis (`from`), and goes
   * back there; the item analysis's one click starts a draft when the course has none.
   */
  @Post(':questionId/retire')
  @AfterPost()
  async retire(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: { from?: unknown } | undefined,
  ): Promise<SeeOther> {
    const fromAnalysis = body?.from === 'item-analysis';
    await this.questionOf(id, moduleId, questionId);
    const retired = await this.bank.retire(questionId, { startDraft: fromAnalysis });
    const module = `/admin/courses/${id}/modules/${moduleId}`;
    return {
      url: fromAnalysis
        ? `${module}/item-analysis?retired=${retired.lineageId}`
        : `${module}/questions?notice=retired`,
    };
  }

  /** Checks the form and saves it, or shows it again with each problem next to its field. */
  private async save(
    courseId: string,
    moduleId: string,
    mode: FormMode,
    body: FormValues,
    write: (input: QuestionInput) => Promise<unknown>,
    question?: QuestionEntity,
  ): Promise<void> {
    const form = await parseForm(QuestionFormDto, body);
    const show = async (fields: Record<string, string[]>, status = 400): Promise<never> => {
      throw new ShowPage(
        `${VIEWS}/question-form.hbs`,
        await this.formPage(courseId, moduleId, mode, body, fields, question),
        status,
      );
    };
    if (!form.ok) {
      return show(form.fields);
    }
    if (form.value.intent === 'switch-type') {
      return show({}, 200);
    }
    const input = questionFromForm(form.value);
    const missing: Record<string, string[]> = {};
    if (input.prompt === '') {
      missing.prompt = ['Write the question.'];
    }
    if (input.explanation === '') {
      missing.explanation = ['Explain the right answer: reviews show it.'];
    }
    if (input.reference === '') {
      missing.reference = ['Say where the answer is taught.'];
    }
    if (Object.keys(missing).length > 0) {
      return show(missing);
    }
    try {
      await write(input);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const refusal = error as DomainError<string>;
      return show(fieldOfProblem(refusal, input.type), Number(refusal.status) || 400);
    }
  }

  private async formPage(
    courseId: string,
    moduleId: string,
    mode: FormMode,
    values: FormValues,
    fields: Record<string, string[]> = {},
    question?: QuestionEntity,
  ): Promise<Record<string, unknown>> {
    const course = await this.courses.getCourse(courseId);
    const module = await this.moduleOf(courseId, moduleId);
    const base = `/admin/courses/${courseId}/modules/${moduleId}/questions`;
    const heading = { add: 'Add a question', edit: 'Edit a question', replace: 'Replace a question' }[mode];
    return {
      title: `${heading}: ${module?.title ?? 'module'}`,
      heading,
      course,
      courseId,
      moduleId,
      moduleTitle: module?.title ?? 'Module',
      action: mode === 'add' ? base : `${base}/${question!.id}/${mode}`,
      submitLabel: { add: 'Add question', edit: 'Save changes', replace: 'Replace question' }[mode],
      explain: {
        add: 'The question joins the draft; published versions and the learners on them are not affected.',
        edit: 'The change is made in the draft only: learners on published versions keep the question as it was.',
        replace:
          'The new question takes this one’s place in the draft; this one is retired there and stays in earlier versions.',
      }[mode],
      replacing: mode === 'replace' ? question?.body.prompt : undefined,
      form: questionFormModel(values, fields),
      formError: fields.form?.join(' '),
    };
  }

  /** A question of this course's module bank (any version); any other reads as not found. */
  private async questionOf(courseId: string, moduleId: string, questionId: string): Promise<QuestionEntity> {
    const question = await this.bank.get(questionId);
    if (question.courseId !== courseId || question.moduleId !== moduleId) {
      throw new AssessmentError(AssessmentErrorCode.QUESTION_NOT_FOUND, 'No such question in this bank.');
    }
    return question;
  }

  private async moduleOf(courseId: string, moduleId: string) {
    const history = await this.courses.history(courseId);
    const latest = history[0] ? await this.courses.getVersion(courseId, history[0].number) : null;
    return latest?.content.modules.find((candidate) => candidate.id === moduleId);
  }

  private questionView(question: QuestionEntity): Record<string, unknown> {
    const { body } = question;
    const key = question.answerKey.key;
    const choices = body.type === 'single' || body.type === 'multiple' ? body.options : [];
    const textOf = (id: string) => choices.find((choice) => choice.id === id)?.text ?? id;
    return {
      id: question.id,
      type: TYPE_WORDS[question.type],
      prompt: body.prompt,
      options: choices.length > 0 ? choices : undefined,
      items: body.type === 'ordering' ? body.items : undefined,
      key:
        key.type === 'single'
          ? textOf(key.correct)
          : key.type === 'multiple'
            ? key.correct.map(textOf).join('; ')
            : key.type === 'true_false'
              ? key.correct
                ? 'True'
                : 'False'
              : key.type === 'numeric'
                ? `${key.answer} ± ${key.tolerance}${body.type === 'numeric' && body.unit ? ` ${body.unit}` : ''}`
                : 'the order shown',
      reference: question.answerKey.reference,
      difficulty: question.difficulty ? DIFFICULTY_WORDS[question.difficulty] : undefined,
      retired: question.retiredAt !== null,
      edited: question.revisedAt !== null,
    };
  }
}

type FormMode = 'add' | 'edit' | 'replace';

const NOTICES = {
  added: 'Question added to the draft.',
  edited: 'Question saved in the draft.',
  replaced: 'Question replaced in the draft; the old one is retired there and stays in earlier versions.',
  retired: 'Question retired in the draft; it stays in earlier versions.',
} as const;
