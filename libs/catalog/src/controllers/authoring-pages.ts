import { createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import {
  boardByCode,
  Clock,
  FieldValidationException,
  formProblem,
  parseForm,
  ShowPage,
  US_STATE_NAMES,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { ACTIVITY_FORMATS, CREDIT_TYPES, EVIDENCE_LEVELS, MODULE_KINDS } from '../content/course-content';
import { calendarDate, inWords } from '../content/disclosure-rules';
import type { CourseContent, Lesson, CourseModule } from '../content/course-content.types';
import type { LicensureTopicDto, MocCreditDto } from '../content/course-content';
import { amaCreditsOf } from '../content/moc-rules';
import type { QuizSettingsDto, ReviewPolicy } from '../content/course-content';
import { renderMarkdown } from '../content/markdown';
import { unmetPublishRules } from '../content/publish-rules';
import {
  creditsAboveEstimate,
  MINUTES_PER_FIGURE,
  MINUTES_PER_QUESTION,
  minutesInWords,
  READING_WORDS_PER_MINUTE,
} from '../content/content-estimate';
import { PRETEST_POOL_ID } from '../content/course-bank';
import { CoursesService } from '../courses/courses.service';

export const VIEWS = 'libs/catalog/views/authoring';

// What a new module's quiz form starts with.
export const DEFAULT_QUIZ: QuizSettingsDto = {
  questionCount: 8,
  attemptsLimit: 3,
  retryDelayMinutes: 60,
  reviewPolicy: 'score_and_wrong',
  partialCredit: false,
};
export const REVIEW_POLICY_LABELS: [ReviewPolicy, string][] = [
  ['score_only', 'The score only'],
  ['score_and_wrong', 'The score and which answers were wrong'],
  ['full', 'A full review with the right answers and explanations'],
];
export const PAGE_SIZE = 25;

/** Where in the draft a form is: the draft page, a module's page or a lesson's. */
export interface DraftPlace {
  courseId: string;
  moduleId?: string;
  lessonId?: string;
}

/** The draft place a route names: `:id`, and `:moduleId` and `:lessonId` where it has them, each a UUID. */
export const DraftAt = createParamDecorator((_: unknown, context: ExecutionContext): DraftPlace => {
  const params = context.switchToHttp().getRequest<FastifyRequest>().params as Record<
    string,
    string | undefined
  >;
  const uuid = (name: string): string | undefined => {
    const value = params[name];
    if (value !== undefined && !isUUID(value)) {
      throw new FieldValidationException({ [name]: [`${name} must be a UUID`] });
    }
    return value;
  };
  return { courseId: uuid('id')!, moduleId: uuid('moduleId'), lessonId: uuid('lessonId') };
});

export type Form = Record<string, unknown>;

/**
 * What the buttons beside an item of a list post (`action`): move it one place `up` or `down`,
 * or `remove` it. Answers the list as it is to be.
 */
export function arrange<T extends { id: string }>(items: T[], id: string, action: unknown): T[] {
  if (action === 'remove') {
    return items.filter((item) => item.id !== id);
  }
  if (action !== 'up' && action !== 'down') {
    throw new FieldValidationException({ action: ['Choose up, down or remove.'] });
  }
  const index = items.findIndex((item) => item.id === id);
  const target = action === 'up' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) {
    return items;
  }
  const arranged = [...items];
  const [item] = arranged.splice(index, 1);
  arranged.splice(target, 0, item!);
  return arranged;
}

export function findModule(content: CourseContent, moduleId: string): CourseModule {
  const module = content.modules.find((candidate) => candidate.id === moduleId);
  if (!module) {
    throw new FieldValidationException({ moduleId: ['moduleId is not a module of this draft'] });
  }
  return module;
}

export function findLesson(content: CourseContent, place: DraftPlace): Lesson {
  const lesson = findModule(content, place.moduleId ?? '').lessons.find(
    (candidate) => candidate.id === place.lessonId,
  );
  if (!lesson) {
    throw new FieldValidationException({ lessonId: ['lessonId is not a lesson of this module'] });
  }
  return lesson;
}

/** Empty rows the licensure topics form offers for new topics. */
const NEW_TOPIC_ROWS = 2;

/** What the MOC form shows: the values typed (or saved) and the problems by the form's own field ids. */
export interface MocFormState {
  /** Points as typed, by board code. */
  points: Record<string, string>;
  /** Ticked types, by board code. */
  types: Record<string, string[]>;
  topics: { jurisdiction: string; topic: string }[];
  /** Problems by input id: `moc-ABIM-points`, `moc-ABIM-types`, `topic-2`, `jurisdiction-2`. */
  fields: Record<string, string[]>;
}

/** The MOC form as the saved draft fills it. */
export function savedMocForm(content: CourseContent): MocFormState {
  return {
    points: Object.fromEntries((content.moc ?? []).map((entry) => [entry.board, String(entry.points)])),
    types: Object.fromEntries((content.moc ?? []).map((entry) => [entry.board, entry.types])),
    topics: content.licensureTopics ?? [],
    fields: {},
  };
}

/**
 * The MOC and licensure section's model: one row per board the academy reports to (name,
 * points, its MOC types as boxes) under the AMA credit cap, and the licensure topics with empty
 * rows to add more.
 */
export function mocSectionModel(
  content: CourseContent,
  reportedBoards: readonly string[],
  form: MocFormState,
) {
  const cap = amaCreditsOf(content);
  const states = Object.entries(US_STATE_NAMES);
  return {
    cap,
    boards: reportedBoards.flatMap((code) => {
      const board = boardByCode(code);
      if (!board) {
        return [];
      }
      const ticked = form.types[code] ?? [];
      return [
        {
          code,
          name: board.name,
          pointsId: `moc-${code}-points`,
          typesId: `moc-${code}-types`,
          points: form.points[code] ?? '',
          pointsErrors: [
            ...(form.fields[`moc-${code}-board`] ?? []),
            ...(form.fields[`moc-${code}-points`] ?? []),
          ],
          typesErrors: form.fields[`moc-${code}-types`],
          types: board.mocTypes.map((type) => ({
            ...type,
            value: `${code}:${type.code}`,
            checked: ticked.includes(type.code),
          })),
        },
      ];
    }),
    topics: [
      ...form.topics,
      ...Array.from({ length: NEW_TOPIC_ROWS }, () => ({ jurisdiction: '', topic: '' })),
    ].map((row, index) => ({
      topicId: `topic-${index}`,
      jurisdictionId: `jurisdiction-${index}`,
      number: index + 1,
      topic: row.topic,
      topicErrors: form.fields[`topic-${index}`],
      jurisdictionErrors: form.fields[`jurisdiction-${index}`],
      states: states.map(([value, name]) => ({ value, name, selected: value === row.jurisdiction })),
    })),
  };
}

/**
 * The MOC form read into the version's `moc` and `licensureTopics` (a board row without points
 * and a topic row without a topic are left out), with where each entry came from on the form,
 * so the rules' problems (`moc.0.points`) can be put next to the inputs.
 */
export function mocFromForm(form: {
  board?: string[];
  points?: string[];
  types?: string[];
  jurisdiction?: string[];
  topic?: string[];
}): {
  moc: MocCreditDto[];
  licensureTopics: LicensureTopicDto[];
  state: Omit<MocFormState, 'fields'>;
  boardAt: string[];
  topicRowAt: number[];
} {
  const boards = form.board ?? [];
  const typed = boards.map((board, index) => ({ board, points: (form.points?.[index] ?? '').trim() }));
  const typesOf = (board: string) =>
    (form.types ?? [])
      .filter((value) => value.startsWith(`${board}:`))
      .map((value) => value.slice(board.length + 1));
  const entries = typed.filter((row) => row.points !== '');
  const topicRows = (form.topic ?? []).map((topic, index) => ({
    jurisdiction: (form.jurisdiction?.[index] ?? '').trim(),
    topic: topic.trim(),
  }));
  const topics = topicRows.filter((row) => row.topic !== '');
  return {
    moc: entries.map((row) => ({
      board: row.board,
      points: Number(row.points.replace(',', '.')),
      types: typesOf(row.board),
    })),
    licensureTopics: topics.map(({ jurisdiction, topic }) => ({ jurisdiction, topic })),
    state: {
      points: Object.fromEntries(typed.map((row) => [row.board, row.points])),
      types: Object.fromEntries(boards.map((board) => [board, typesOf(board)])),
      topics: topics.map(({ jurisdiction, topic }) => ({ jurisdiction, topic })),
    },
    boardAt: entries.map((row) => row.board),
    topicRowAt: topics.map((_, index) => index),
  };
}

/**
 * A problem's field on the MOC form (`moc-ABIM-points`, `topic-0`), from the document's field
 * (`moc.1.points`, `licensureTopics.0.topic`); null for a field the form does not have.
 */
export function mocFormField(field: string, boardAt: string[], topicRowAt: number[]): string | null {
  const moc = /^moc\.(\d+)(?:\.(points|board|types)(?:\.\d+)?)?$/.exec(field);
  if (moc) {
    const board = boardAt[Number(moc[1])];
    return board === undefined ? null : `moc-${board}-${moc[2] ?? 'points'}`;
  }
  const topic = /^licensureTopics\.(\d+)(?:\.(jurisdiction|topic))?$/.exec(field);
  if (topic) {
    const row = topicRowAt[Number(topic[1])];
    return row === undefined ? null : `${topic[2] ?? 'topic'}-${row}`;
  }
  return null;
}

/** What went wrong with a form, as messages an author can act on. */
export function problemsOf(error: unknown): string[] {
  const problem = formProblem(error);
  // A field's own rule names its field; a service's refusal reads as a sentence.
  return error instanceof FieldValidationException
    ? Object.entries(problem.fields).flatMap(([field, messages]) =>
        messages.map((message) => `${field}: ${message}`),
      )
    : [problem.message];
}

/**
 * What the authoring pages share: the draft, module and lesson pages' models, and one way to
 * apply a change to the draft (carrying the revision the author saw) that returns to the page it
 * came from or shows the problems there.
 */
@Injectable()
export class DraftPages {
  constructor(
    private readonly courses: CoursesService,
    private readonly clock: Clock,
  ) {}

  async draftModel(courseId: string, extra: Form = {}): Promise<Form> {
    const course = await this.courses.getCourse(courseId);
    const history = await this.courses.history(courseId);
    const draftSummary = history.find((version) => version.status === 'draft');
    if (!draftSummary) {
      return { title: `Course ${course.slug}`, course, history, draft: null, ...extra };
    }
    const draft = await this.courses.getDraft(courseId);
    const content = draft.content;
    return {
      title: `Edit ${content.title}`,
      course,
      history,
      draft,
      content,
      unmetCount: unmetPublishRules(
        content,
        this.clock.now(),
        this.courses.reportedBoards,
        this.courses.academyTimeZone,
      ).length,
      moc: mocSectionModel(content, this.courses.reportedBoards, savedMocForm(content)),
      topics: content.topics.join(', '),
      courseObjectives: (content.objectives ?? []).join('\n'),
      pretest: content.pretest ? { ...content.pretest, poolId: PRETEST_POOL_ID } : undefined,
      gatingOff: content.moduleGating === false,
      credits: CREDIT_TYPES.map((type) => ({
        type,
        max: content.credits.find((credit) => credit.type === type)?.max ?? '',
      })),
      modules: content.modules.map((module, index) => ({
        ...module,
        number: index + 1,
        first: index === 0,
        last: index === content.modules.length - 1,
      })),
      moduleKinds: MODULE_KINDS,
      designation: this.courses.designationOf(content),
      activityFormats: ACTIVITY_FORMATS.map((format) => ({
        value: format,
        selected: format === (content.activityFormat ?? 'enduring material'),
      })),
      people: content.people.map((person) => {
        const disclosedOn = calendarDate(person.disclosure.disclosedOn);
        return {
          ...person,
          disclosedInWords: disclosedOn ? inWords(disclosedOn) : 'no date',
          relationships: person.disclosure.relationships.map((relationship) => {
            const endedOn = calendarDate(relationship.endedOn);
            return {
              ...relationship,
              when: endedOn ? `ended ${inWords(endedOn)}` : 'ongoing',
              relevant: relationship.relevant !== false,
            };
          }),
        };
      }),
      ...extra,
    };
  }

  /**
   * The form `body` parsed by `dto`, or the page the form was on with what is wrong (a 400).
   */
  async parse<T extends object>(dto: new () => T, body: unknown, place: DraftPlace): Promise<T> {
    const form = await parseForm(dto, body);
    if (!form.ok) {
      throw await this.problemsPage(place, new FieldValidationException(form.fields));
    }
    return form.value;
  }

  /**
   * Applies one change to the draft (as of the revision the author saw) and returns to `back`, or
   * shows what went wrong on the page the form was on.
   */
  async change(
    place: DraftPlace,
    revision: number,
    back: string,
    apply: (content: CourseContent) => void,
  ): Promise<SeeOther> {
    try {
      await this.courses.editDraft(place.courseId, revision, apply);
      return { url: back };
    } catch (error) {
      throw await this.problemsPage(place, error);
    }
  }

  /** The page a form was on (the draft's, a module's or a lesson's), with what went wrong, as a 400. */
  async problemsPage(place: DraftPlace, error: unknown, extra: Form = {}): Promise<ShowPage> {
    const { courseId, moduleId, lessonId } = place;
    const model = { problems: problemsOf(error), ...extra };
    const [view, page] =
      moduleId === undefined
        ? ['draft', await this.draftModel(courseId, model)]
        : lessonId === undefined
          ? ['module', await this.moduleModel(courseId, moduleId, model)]
          : ['lesson', await this.lessonModel(courseId, moduleId, lessonId, model)];
    return new ShowPage(`${VIEWS}/${view}.hbs`, page, 400);
  }

  /**
   * The publish checklist: the rules still unmet, the content time estimate beside the credit
   * designated (with the justification when it is above), and the item-writing linter's summary
   * of every bank (warnings inform; they never stop a publication).
   */
  async checklistModel(courseId: string, extra: Form = {}): Promise<Form> {
    const { draft, unmet, estimate, lint } = await this.courses.checklist(courseId);
    const content = draft.content;
    const above = creditsAboveEstimate(content, estimate);
    const bankUrl = (bankId: string) => `/admin/courses/${courseId}/modules/${bankId}/questions`;
    return {
      title: 'Publish checklist',
      courseId,
      draft,
      unmet,
      ready: unmet.length === 0,
      estimate: {
        rates: {
          words: READING_WORDS_PER_MINUTE,
          question: MINUTES_PER_QUESTION,
          figure: MINUTES_PER_FIGURE,
        },
        parts: estimate.parts.map((part) => ({
          ...part,
          videoMinutes: Math.round(part.videoSeconds / 60),
          time: minutesInWords(part.minutes),
        })),
        words: estimate.words,
        questions: estimate.questions,
        figures: estimate.figures,
        videoMinutes: Math.round(estimate.videoSeconds / 60),
        videosWithoutLength: estimate.videosWithoutLength,
        time: minutesInWords(estimate.minutes),
        supported: estimate.supportedCredit.toFixed(2),
        credits: content.credits.map((credit) => ({
          type: credit.type,
          max: credit.max.toFixed(2),
          above: credit.max > estimate.supportedCredit,
        })),
        above: above.length > 0,
        justification: content.creditJustification ?? '',
      },
      lint: {
        ...lint,
        banks: lint.banks.map((bank) => ({ ...bank, url: bankUrl(bank.bankId) })),
      },
      ...extra,
    };
  }

  async moduleModel(courseId: string, moduleId: string, extra: Form = {}): Promise<Form> {
    const draft = await this.courses.getDraft(courseId);
    const module = findModule(draft.content, moduleId);
    return {
      title: `Module: ${module.title}`,
      courseId,
      draft,
      module,
      objectives: module.objectives.join('\n'),
      references: module.references
        .map((reference) =>
          [reference.evidenceLevel, reference.citation, reference.url ?? ''].join(' | ').replace(/ \| $/, ''),
        )
        .join('\n'),
      kinds: MODULE_KINDS.map((kind) => ({ kind, selected: kind === module.kind })),
      quiz: module.quiz ?? DEFAULT_QUIZ,
      quizTags: (module.quiz?.tags ?? []).join(', '),
      reviewPolicies: REVIEW_POLICY_LABELS.map(([value, label]) => ({
        value,
        label,
        selected: value === (module.quiz ?? DEFAULT_QUIZ).reviewPolicy,
      })),
      evidenceLevels: EVIDENCE_LEVELS.join(', '),
      lessons: module.lessons.map((lesson, index) => ({
        ...lesson,
        number: index + 1,
        first: index === 0,
        last: index === module.lessons.length - 1,
      })),
      ...extra,
    };
  }

  async lessonModel(courseId: string, moduleId: string, lessonId: string, extra: Form = {}): Promise<Form> {
    const draft = await this.courses.getDraft(courseId);
    const module = findModule(draft.content, moduleId);
    const lesson = findLesson(draft.content, { courseId, moduleId, lessonId });
    const markdown = typeof extra.markdown === 'string' ? extra.markdown : lesson.markdown;
    return {
      title: `Lesson: ${lesson.title}`,
      courseId,
      draft,
      module,
      lesson,
      markdown,
      previewHtml: renderMarkdown(markdown),
      ...extra,
    };
  }
}
