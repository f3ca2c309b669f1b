import type { ValidationError } from 'class-validator';
import { COURSE_DOCUMENT_FORMAT } from './course-content';
import type { MocProblem } from './moc-rules';

/** One problem of an uploaded course document: where it is, in words, and what is wrong there. */
export interface ImportProblem {
  /** "Module 2, lesson 3", "Course details", "The file". */
  place: string;
  /** "the title is missing". */
  problem: string;
}

/** How a document's fields are named to an author. */
const FIELD_NAMES: Record<string, string> = {
  format: 'the format',
  slug: 'the address (slug)',
  content: 'the course content',
  title: 'the title',
  summary: 'the summary',
  topics: 'the topics',
  targetAudience: 'the target audience',
  accreditationStatement: 'the accreditation statement',
  designationStatement: 'the designation statement',
  activityFormat: 'the activity format',
  releaseDate: 'the release date',
  expiryDate: 'the expiry date',
  certificateValidityMonths: 'the certificate validity (months)',
  recertificationCourse: 'the recertification course',
  passingScore: 'the passing score',
  skillsLabRequired: 'whether a skills lab is required',
  pretest: 'the pre-test',
  moduleGating: 'whether modules open in order',
  credits: 'the credit designations',
  moc: 'the MOC points per board',
  licensureTopics: 'the state licensure topics',
  board: 'the board',
  points: 'the MOC points',
  types: 'the MOC types',
  jurisdiction: 'the state',
  topic: 'the topic',
  people: 'the people and disclosures',
  modules: 'the modules',
  id: 'the id',
  kind: 'the kind',
  objectives: 'the learning objectives',
  estimatedMinutes: 'the estimated minutes',
  newOrEvolving: 'whether the topic is new or evolving',
  references: 'the references',
  lessons: 'the lessons',
  quiz: 'the quiz settings',
  markdown: 'the lesson text',
  videoUrl: 'the video link',
  citation: 'the citation',
  url: 'the link',
  evidenceLevel: 'the evidence level',
  questionCount: 'the number of questions',
  attemptsLimit: 'the number of attempts',
  retryDelayMinutes: 'the wait between attempts',
  timeLimitMinutes: 'the time limit',
  reviewPolicy: 'what learners see after an attempt',
  partialCredit: 'partial credit',
  tags: 'the question tags',
  type: 'the credit type',
  max: 'the maximum credit',
  name: 'the name',
  credentials: 'the credentials',
  role: 'the role',
  disclosure: 'the disclosure',
  disclosedOn: 'the disclosure date',
  relationships: 'the financial relationships',
  mitigation: 'the mitigation',
  company: 'the company',
  nature: 'the nature of the relationship',
  endedOn: 'the end date',
  relevant: 'whether it is relevant',
  questions: 'the question bank',
  creditJustification: 'the justification of the credit designated',
  lintNotes: 'the explanations of kept warnings',
  rule: 'the rule',
  explanation: 'the explanation',
};

/** A list's item, by the list it is in: "Module 2", "lesson 3". */
const ITEM_NAMES: Record<string, string> = {
  modules: 'Module',
  lessons: 'lesson',
  references: 'reference',
  credits: 'Credit designation',
  moc: 'MOC entry',
  licensureTopics: 'Licensure topic',
  types: 'MOC type',
  people: 'Person',
  relationships: 'relationship',
  objectives: 'objective',
  topics: 'topic',
  tags: 'tag',
  questions: 'question',
  lintNotes: 'explanation',
};

/** Groups of fields that are a place of their own inside their item. */
const OBJECT_PLACES: Record<string, string> = { quiz: 'quiz', disclosure: 'disclosure', pretest: 'pre-test' };

/** The fields a course document lists last in their group (modules, a module's questions). */
const LISTED_LAST = new Set(['modules', 'questions']);

/**
 * Problems in the order the file lists them: class-validator reports a subclass's own fields
 * first (the document's modules with their banks extend the stored content), so those go back
 * to the end, where a course document has them; the rest keep their order.
 */
function inDocumentOrder(errors: ValidationError[] | undefined): ValidationError[] {
  const rank = (error: ValidationError) => (LISTED_LAST.has(error.property) ? 1 : 0);
  return [...(errors ?? [])].sort((left, right) => rank(left) - rank(right));
}

function fieldName(property: string): string {
  return FIELD_NAMES[property] ?? `the ${property.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** What a constraint means, said of the field (`subject` is "the title"). */
function sentence(subject: string, constraint: string, detail: string, value: unknown): string {
  if (value === undefined || value === null) {
    return constraint === 'whitelistValidation'
      ? `${subject} is not part of a course document`
      : `${subject} is missing`;
  }
  const limit = /(\d+)(?:\s+and\s+(\d+))?\s+characters/.exec(detail);
  switch (constraint) {
    case 'whitelistValidation':
      return `${subject} is not part of a course document; remove it`;
    case 'isString':
      return `${subject} should be text`;
    case 'isLength':
    case 'maxLength':
    case 'minLength':
      if (typeof value === 'string' && value.length === 0) {
        return `${subject} is empty`;
      }
      return limit?.[2]
        ? `${subject} should be ${limit[1]} to ${limit[2]} characters long`
        : `${subject} is longer than ${limit?.[1] ?? 'allowed'} characters`;
    case 'isUuid':
      return `${subject} is not a valid identifier (a UUID such as 3b8a6d2e-9c1f-4a7b-8e2d-7f6a5b4c3d25)`;
    case 'isIn': {
      const choices = /one of (.+)$/.exec(detail)?.[1];
      const given = typeof value === 'string' ? ` "${value}"` : '';
      return `${subject}${given} is not one of the choices${choices ? ` (${choices})` : ''}`;
    }
    case 'isArray':
      return `${subject} should be a list`;
    case 'arrayMaxSize':
      return `${subject} has too many items`;
    case 'isInt':
      return `${subject} should be a whole number`;
    case 'isNumber':
      return `${subject} should be a number`;
    case 'min':
    case 'max':
      return `${subject}${typeof value === 'number' ? ` (${value})` : ''} is out of range`;
    case 'isBoolean':
      return `${subject} should be true or false`;
    case 'isIso8601':
      return `${subject} is not a date written year-month-day (e.g. 2026-09-01)`;
    case 'isUrl':
      return `${subject} is not a web address starting with https://`;
    case 'matches':
      return `${subject} should be lower-case words joined by hyphens (e.g. bone-marrow-harvesting)`;
    case 'equals':
      return `${subject} is not ${COURSE_DOCUMENT_FORMAT}: this is not a course document exported by the academy`;
    case 'nestedValidation':
    case 'isObject':
      return `${subject} should be a group of fields, not ${Array.isArray(value) ? 'a list' : 'a single value'}`;
    default:
      return `${subject} cannot be used as it is`;
  }
}

/**
 * Every problem class-validator found in a course document, said by its place in the file
 * ("Module 2, lesson 3: the title is missing") rather than by a path (`content.modules.1…`).
 */
export function importProblems(errors: ValidationError[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const report = (places: string[], rootField: boolean, subject: string, error: ValidationError): void => {
    const place = places.length > 0 ? places.join(', ') : rootField ? 'The file' : 'Course details';
    for (const [constraint, detail] of Object.entries(error.constraints ?? {})) {
      problems.push({
        place: capitalised(place),
        problem: sentence(subject, constraint, detail, error.value),
      });
    }
  };
  /** `list` is the list property an index error is an item of. */
  const walk = (
    error: ValidationError,
    places: string[],
    list: string | undefined,
    atRoot: boolean,
  ): void => {
    if (list !== undefined && /^\d+$/.test(error.property)) {
      const word = ITEM_NAMES[list] ?? 'item';
      const name = (error.value as { name?: unknown } | undefined)?.name;
      const item = `${word} ${Number(error.property) + 1}${list === 'people' && typeof name === 'string' ? ` (${name})` : ''}`;
      const itemPlaces = [...places, item];
      report(itemPlaces, false, `this ${word.toLowerCase()}`, error);
      for (const child of inDocumentOrder(error.children)) {
        walk(child, itemPlaces, undefined, false);
      }
      return;
    }
    report(places, atRoot, fieldName(error.property), error);
    // `content` is the document's body: its fields are the course's details, not a place of their own.
    const inner =
      error.property === 'content'
        ? []
        : OBJECT_PLACES[error.property]
          ? [...places, OBJECT_PLACES[error.property]!]
          : places;
    for (const child of inDocumentOrder(error.children)) {
      walk(child, inner, error.property, false);
    }
  };
  for (const error of inDocumentOrder(errors)) {
    walk(error, [], undefined, true);
  }
  // One sentence per place and problem, however many rules said it.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.place}\u0000${problem.problem}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** A problem as one line of the report. */
export function problemInWords(problem: ImportProblem): string {
  return `${problem.place}: ${problem.problem}.`;
}

/**
 * A MOC or licensure rule's problem (`moc.1.types.0`) by its place in the file: "MOC entry 2
 * (ABIM), MOC type 1: …". `content` is the document's, to name the entry's board.
 */
export function mocProblemInWords(problem: MocProblem, content: { moc?: { board: string }[] }): string {
  const [list, index, field, item] = problem.field.split('.');
  const number = Number(index) + 1;
  const places =
    list === 'moc'
      ? [
          `${ITEM_NAMES.moc} ${number} (${content.moc?.[Number(index)]?.board ?? 'no board'})`,
          ...(field === 'types' ? [`${ITEM_NAMES.types} ${Number(item) + 1}`] : []),
        ]
      : [`${ITEM_NAMES.licensureTopics} ${number}`];
  return problemInWords({ place: places.join(', '), problem: problem.message.replace(/\.$/, '') });
}
