import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  CoursesService,
  LINT_RULES,
  lintCourse,
  lintQuestion,
  PRETEST_POOL_ID,
  pretestToDocument,
} from '@academy/catalog';
import type {
  BankLint,
  CourseContent,
  CourseModule,
  LintNote,
  LintPretestQuestion,
  LintQuestion,
  LintRule,
  LintWarning,
} from '@academy/catalog';
import {
  AfterPost,
  DomainError,
  FormWithFieldErrors,
  Page,
  parseForm,
  Roles,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { BankNotesFormDto, QuestionFormDto } from '../dto/question-form.dto';
import { questionToDocument } from '../questions/question-document';
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

/** The linter's rules about one question, in the editor's order; each has a field for keeping it. */
const ITEM_RULES: LintRule[] = [
  'key-longest',
  'all-none-of-above',
  'negative-stem',
  'absolute-distractor',
  'option-length',
  'no-objective',
];
/** The rules about a bank as a whole, explained on the bank's page. */
const BANK_RULES: LintRule[] = ['fixed-key-count', 'bank-too-small', 'objective-uncovered', 'pretest-pool'];

/** The form field that holds the explanation of a kept warning (`note_negative_stem`). */
export function noteField(rule: LintRule): string {
  return `note_${rule.replace(/-/g, '_')}`;
}

/** The explanations typed for `rules`, as notes (empty ones left out). */
function notesOf(values: FormValues, rules: LintRule[]): (LintNote & { rule: LintRule })[] {
  return rules.flatMap((rule) => {
    const written = values[noteField(rule)];
    return typeof written === 'string' && written.trim() !== ''
      ? [{ rule, explanation: written.trim() }]
      : [];
  });
}

/** The objective chosen in the form (`<module id>:<position>`), or none. */
function objectiveOf(value: unknown): { objectiveModule: string; objective: number } | null {
  const match = typeof value === 'string' ? /^([0-9a-f-]{36}):([1-9]\d?)$/.exec(value) : null;
  return match ? { objectiveModule: match[1]!, objective: Number(match[2]) } : null;
}

/** What the editor knows of the course: the modules whose objectives a question may measure. */
interface EditorContext {
  /** The bank's own module, or every module for the pre-test's pool. */
  modules: Pick<CourseModule, 'id' | 'title' | 'objectives'>[];
  /** Module numbers in the course, by id. */
  numbers: Map<string, number>;
}

/** The form's question as the linter reads it (the choices by letter, the ticked ones as the key). */
function lintedForm(values: FormValues, context: EditorContext): LintWarning[] {
  const ticked = ([] as unknown[]).concat(values.correct ?? []).map(String);
  const type = typeof values.type === 'string' ? values.type : 'single';
  const tag = objectiveOf(values.objective);
  const module = tag ? context.modules.find((candidate) => candidate.id === tag.objectiveModule) : undefined;
  const question: LintQuestion = {
    type,
    prompt: text(values.prompt),
    options: LETTERS.map((id) => ({ id, text: text(values[`choice_${id}`]).trim() })).filter(
      (choice) => choice.text !== '',
    ),
    correct: type === 'single' ? ticked[0] : ticked,
    objective: module ? tag!.objective : null,
    lintNotes: notesOf(values, ITEM_RULES),
  };
  return lintQuestion(question, module?.objectives.length);
}

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
    ...(objectiveOf(form.objective) ?? { objective: null }),
    lintNotes: notesOf(form as unknown as FormValues, ITEM_RULES),
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
    objective: question.objective ? `${question.objectiveModuleId}:${question.objective}` : '',
  };
  for (const note of question.lintNotes) {
    values[noteField(note.rule as LintRule)] = note.explanation;
  }
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
  context: EditorContext = { modules: [], numbers: new Map() },
): Record<string, unknown> {
  const warnings = lintedForm(values, context);
  const chosen = text(values.objective);
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
    objectiveGroups: context.modules.map((module) => ({
      label: `Module ${context.numbers.get(module.id) ?? ''}: ${module.title}`,
      options: module.objectives.map((objective, index) => ({
        value: `${module.id}:${index + 1}`,
        label: `${index + 1}. ${objective}`,
        selected: chosen === `${module.id}:${index + 1}`,
      })),
    })),
    // The item-writing linter's warnings, each with its rule explained and a field for keeping it.
    lint: ITEM_RULES.map((rule) => {
      const found = warnings.find((warning) => warning.rule === rule);
      return {
        rule,
        field: noteField(rule),
        title: LINT_RULES[rule].title,
        why: LINT_RULES[rule].why,
        on: found !== undefined,
        detail: found?.detail ?? '',
        note: text(values[noteField(rule)]),
      };
    }),
    lintCount: warnings.length,
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
    case 'objective':
      return { objective: [error.message] };
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
  @Page(`${VIEWS}/bank.hbs`)
  async list(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Query('version') version: unknown,
    @Query('notice') notice: unknown,
  ): Promise<Record<string, unknown>> {
    const number =
      typeof version === 'string' && /^[1-9]\d{0,5}$/.test(version) ? Number(version) : undefined;
    return this.bankPage(id, moduleId, number, {
      notice:
        typeof notice === 'string' && Object.hasOwn(NOTICES, notice)
          ? NOTICES[notice as keyof typeof NOTICES]
          : undefined,
    });
  }

  /**
   * Why the author keeps each warning about the bank as a whole, recorded in the draft (on the
   * module, or on the pre-test for its pool), so it travels with the version.
   */
  @Post('notes')
  @AfterPost()
  async notes(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: FormValues,
  ): Promise<SeeOther> {
    const form = await parseForm(BankNotesFormDto, body);
    try {
      if (!form.ok) {
        throw new AssessmentError(
          AssessmentErrorCode.BAD_QUESTION,
          Object.values(form.fields).flat().join(' '),
        );
      }
      const notes = notesOf(body, BANK_RULES);
      await this.courses.editDraft(id, form.value.revision, (content) => {
        const target =
          moduleId === PRETEST_POOL_ID
            ? content.pretest
            : content.modules.find((module) => module.id === moduleId);
        if (!target) {
          throw new AssessmentError(AssessmentErrorCode.QUESTION_NOT_FOUND, 'This draft has no such bank.');
        }
        if (notes.length > 0) {
          target.lintNotes = notes;
        } else {
          delete target.lintNotes;
        }
      });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      throw new ShowPage(
        `${VIEWS}/bank.hbs`,
        await this.bankPage(id, moduleId, undefined, { problems: [error.message] }),
        Number((error as DomainError<string>).status) || 400,
      );
    }
    return { url: `/admin/courses/${id}/modules/${moduleId}/questions?notice=notes` };
  }

  /**
   * The editor's live check: the item-writing linter over the form as it stands (as the author
   * types), answered as the warnings by rule; the editor shows them without saving anything.
   */
  @Post('lint')
  @HttpCode(HttpStatus.OK)
  async lint(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: FormValues | undefined,
  ): Promise<{ warnings: { rule: LintRule; detail: string; explained: boolean }[] }> {
    const context = await this.editorContext(id, moduleId);
    return {
      warnings: lintedForm(body ?? {}, context).map((warning) => ({
        rule: warning.rule,
        detail: warning.detail,
        explained: warning.explanation !== undefined,
      })),
    };
  }

  private async bankPage(
    id: string,
    moduleId: string,
    number: number | undefined,
    extra: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const course = await this.courses.getCourse(id);
    const bank = await this.bank.versionBank(id, moduleId, number);
    const content = (await this.courses.getVersion(id, bank.versionNumber)).content;
    const module = await this.moduleOf(id, moduleId);
    const active = bank.items.filter((item) => item.retiredAt === null);
    const lint = bankLintOf(content, moduleId, active);
    const itemWarnings = new Map(
      (lint?.questions ?? []).map((entry) => [active[entry.number - 1]!.id, entry.warnings]),
    );
    const draft = bank.editable ? await this.courses.getDraft(id) : null;
    const pretest = moduleId === PRETEST_POOL_ID;
    return {
      title: `Question bank: ${module?.title ?? 'module'}`,
      course,
      courseId: id,
      moduleId,
      pretest,
      moduleTitle: module?.title ?? 'Module no longer in the course',
      questionCount: pretest ? content.pretest?.questionCount : module?.quiz?.questionCount,
      version: { number: bank.versionNumber, status: bank.status, editable: bank.editable },
      revision: draft?.revision,
      versions: bank.versions.map((candidate) => ({
        ...candidate,
        current: candidate.number === bank.versionNumber,
      })),
      activeCount: active.length,
      blueprint: lint?.blueprint
        ? { ...lint.blueprint, objectives: lint.blueprint.objectives }
        : pretest
          ? pretestBlueprint(content, active)
          : null,
      bankWarnings: (lint?.bank ?? []).map((warning) => ({
        ...warning,
        field: noteField(warning.rule),
        note: warning.explanation ?? '',
      })),
      lintSummary: lint ? { warnings: lint.warnings, unexplained: lint.unexplained } : null,
      questions: bank.items.map((question, index) => ({
        ...this.questionView(question),
        number: index + 1,
        replaces: question.replacesLineageId
          ? bank.replacedPrompts.get(question.replacesLineageId)
          : undefined,
        canChange: bank.editable && question.retiredAt === null,
        objective: objectiveLabel(content, question),
        warnings: itemWarnings.get(question.id) ?? [],
      })),
      ...extra,
    };
  }

  @Get('new')
  @Page(`${VIEWS}/question-form.hbs`)
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
  @Page(`${VIEWS}/question-form.hbs`)
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
  @Page(`${VIEWS}/question-form.hbs`)
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
    // An explanation is kept for a warning the question still gets, not for one it no longer does.
    const warned = new Set(lintedForm(body, await this.editorContext(courseId, moduleId)).map((w) => w.rule));
    input.lintNotes = (input.lintNotes ?? []).filter((note) => warned.has(note.rule as LintRule));
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
      lintUrl: `${base}/lint`,
      form: questionFormModel(values, fields, await this.editorContext(courseId, moduleId)),
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

  private async latestContent(courseId: string): Promise<CourseContent | null> {
    const history = await this.courses.history(courseId);
    return history[0] ? (await this.courses.getVersion(courseId, history[0].number)).content : null;
  }

  /** The bank's module in the latest version; the pre-test's pool reads as a module of its own. */
  private async moduleOf(courseId: string, moduleId: string) {
    const content = await this.latestContent(courseId);
    if (moduleId === PRETEST_POOL_ID) {
      return { id: PRETEST_POOL_ID, title: 'Pre-test', objectives: [] as string[], quiz: undefined };
    }
    return content?.modules.find((candidate) => candidate.id === moduleId);
  }

  /** The objectives a question of this bank may measure: its module's, or every module's for the pre-test. */
  private async editorContext(courseId: string, moduleId: string): Promise<EditorContext> {
    const content = await this.latestContent(courseId);
    const modules = content?.modules ?? [];
    return {
      modules: moduleId === PRETEST_POOL_ID ? modules : modules.filter((module) => module.id === moduleId),
      numbers: new Map(modules.map((module, index) => [module.id, index + 1])),
    };
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
  notes: 'Explanations saved in the draft.',
} as const;

/** A version's bank under the linter: its questions', the bank's and its blueprint (null: no such bank there). */
function bankLintOf(content: CourseContent, moduleId: string, active: QuestionEntity[]): BankLint | null {
  const documents = active.map((question) => questionToDocument(question));
  if (moduleId === PRETEST_POOL_ID) {
    if (!content.pretest) {
      return null;
    }
    const pool = pretestToDocument(documents, content.modules) as unknown[] as LintPretestQuestion[];
    // The modules name what the pool's questions measure; the pre-test's bank comes first.
    return (
      lintCourse(content, new Map(), pool).banks.find((entry) => entry.bankId === PRETEST_POOL_ID) ?? null
    );
  }
  const module = content.modules.find((candidate) => candidate.id === moduleId);
  if (!module) {
    return null;
  }
  const banks = new Map([[moduleId, documents as unknown[] as LintQuestion[]]]);
  return lintCourse({ modules: [module] }, banks, []).banks[0] ?? null;
}

/** The pre-test pool's blueprint: questions per objective of every module. */
function pretestBlueprint(content: CourseContent, active: QuestionEntity[]) {
  const objectives = content.modules.flatMap((module, index) =>
    module.objectives.map((text, at) => ({
      number: `${index + 1}.${at + 1}`,
      text: `${module.title}: ${text}`,
      items: active.filter(
        (question) => question.objectiveModuleId === module.id && question.objective === at + 1,
      ).length,
    })),
  );
  const tagged = objectives.reduce((sum, objective) => sum + objective.items, 0);
  return { objectives, untagged: active.length - tagged };
}

/** "Objective 2: Describe …" (or the module's too, in the pre-test's pool); null when untagged. */
function objectiveLabel(content: CourseContent, question: QuestionEntity): string | null {
  if (question.objective === null) {
    return null;
  }
  const index = content.modules.findIndex((module) => module.id === question.objectiveModuleId);
  const text = content.modules[index]?.objectives[question.objective - 1];
  const which =
    question.moduleId === PRETEST_POOL_ID
      ? `Module ${index + 1}, objective ${question.objective}`
      : `Objective ${question.objective}`;
  return text ? `${which}: ${text}` : `${which} (no longer in the module)`;
}
