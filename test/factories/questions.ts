import type { INestApplicationContext } from '@nestjs/common';
import { QuestionBankService } from '@academy/assessment';
import type { QuestionInput } from '@academy/assessment';
import { CoursesService } from '@academy/catalog';

/** Three questions of different types for a module's bank; answers listed for tests. */
export const SAMPLE_QUESTIONS: QuestionInput[] = [
  {
    type: 'single',
    prompt: 'Which landmark is usually palpated first for a posterior iliac crest harvest?',
    options: [
      { id: 'a', text: 'Anterior superior iliac spine' },
      { id: 'b', text: 'Posterior superior iliac spine' },
      { id: 'c', text: 'Xiphoid process' },
      { id: 'd', text: 'Greater trochanter' },
    ],
    correct: 'b',
    explanation: 'The PSIS is the usual landmark for posterior crest aspiration.',
    reference: 'Lesson: The PSIS',
    tags: ['landmarks'],
  },
  {
    type: 'true_false',
    prompt: 'Large single pulls give a purer marrow sample than small pulls with repositioning.',
    correct: false,
    explanation: 'Large pulls draw in peripheral blood and dilute the sample.',
    reference: 'Lesson: Small pulls',
  },
  {
    type: 'ordering',
    prompt: 'Put these steps in order.',
    items: [
      { id: 'a', text: 'Palpate the landmark' },
      { id: 'b', text: 'Prepare the sterile field' },
      { id: 'c', text: 'Anaesthetise to the periosteum' },
      { id: 'd', text: 'Insert the trocar' },
    ],
    explanation: 'Landmark, sterile field, anaesthesia, then the trocar.',
    reference: 'Lesson: Small pulls',
  },
];

/** The responses that answer SAMPLE_QUESTIONS right, by position. */
export const RIGHT_RESPONSES = ['b', false, ['a', 'b', 'c', 'd']] as const;

/**
 * Fills a module's bank with the sample questions; answers their ids in the same order. Banks
 * are versioned with the course: into its draft, or, for a published course without one, into a
 * new draft that is then published (learners enrolled before stay on the version they had).
 */
export function newQuestionBank(
  app: INestApplicationContext,
  courseId: string,
  moduleId: string,
): Promise<string[]> {
  return addQuestions(app, courseId, moduleId, SAMPLE_QUESTIONS);
}

/** Adds these questions to a module's bank as `newQuestionBank` does; answers their ids. */
export async function addQuestions(
  app: INestApplicationContext,
  courseId: string,
  moduleId: string,
  questions: readonly QuestionInput[],
): Promise<string[]> {
  return (await addBanks(app, courseId, [moduleId], questions))[0]!;
}

/** Sample banks for several modules in one version; answers the ids per module, in order. */
export function newQuestionBanks(
  app: INestApplicationContext,
  courseId: string,
  moduleIds: string[],
): Promise<string[][]> {
  return addBanks(app, courseId, moduleIds, SAMPLE_QUESTIONS);
}

async function addBanks(
  app: INestApplicationContext,
  courseId: string,
  moduleIds: string[],
  questions: readonly QuestionInput[],
): Promise<string[][]> {
  const bank = app.get(QuestionBankService);
  const courses = app.get(CoursesService);
  const hadDraft = (await courses.getDraft(courseId).catch(() => null)) !== null;
  if (!hadDraft) {
    await courses.startDraft(courseId);
  }
  const added = await bank.addAll(
    courseId,
    moduleIds.flatMap((moduleId) => questions.map((input) => ({ moduleId, input }))),
  );
  const ids = moduleIds.map((_, index) =>
    added.slice(index * questions.length, (index + 1) * questions.length).map((question) => question.id),
  );
  if (!hadDraft) {
    await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
  }
  return ids;
}

/** A served question as the learner's JSON shows it. */
export interface ShownQuestion {
  id: string;
  prompt: string;
  options?: { id: string; text: string }[];
  items?: { id: string; text: string }[];
}

/**
 * The right answers to sample questions as a learner gives them over HTTP: by reading the
 * choices' text, in the ids the attempt shows (the authored ids never reach a learner).
 */
export function rightAnswersAsShown(questions: ShownQuestion[]): Record<string, unknown> {
  return Object.fromEntries(
    questions.map((question) => {
      const index = SAMPLE_QUESTIONS.findIndex((candidate) => candidate.prompt === question.prompt);
      const sample = SAMPLE_QUESTIONS[index]!;
      const authored = [
        ...(('options' in sample ? sample.options : undefined) ?? []),
        ...(('items' in sample ? sample.items : undefined) ?? []),
      ];
      const shownId = (authoredId: string): string => {
        const text = authored.find((choice) => choice.id === authoredId)!.text;
        return [...(question.options ?? []), ...(question.items ?? [])].find(
          (choice) => choice.text === text,
        )!.id;
      };
      const right = RIGHT_RESPONSES[index];
      return [
        question.id,
        typeof right === 'string' ? shownId(right) : Array.isArray(right) ? right.map(shownId) : right,
      ];
    }),
  );
}
