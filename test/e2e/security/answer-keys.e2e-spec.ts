import type { QuestionInput } from '@academy/assessment';
import { sampleContent } from '../../factories/course-content';
import { newPublishedCourse } from '../../factories/courses';
import { enrolReady } from '../../factories/enrolments';
import { addQuestions } from '../../factories/questions';
import { bearerToken, newUser } from '../../factories/users';
import { BrowserSession } from '../../support/http-client';
import { createTestApp, TestApp } from '../../support/test-app';

// One question of every type, each authored the way authors write them: choices id'd a, b, c…
// in a telling order (an ordering question's items in their right order, the right option first).
const BANK: QuestionInput[] = [
  {
    type: 'single',
    prompt: 'Which landmark guides a posterior iliac crest harvest?',
    options: [
      { id: 'a', text: 'Posterior superior iliac spine' },
      { id: 'b', text: 'Anterior superior iliac spine' },
      { id: 'c', text: 'Xiphoid process' },
      { id: 'd', text: 'Greater trochanter' },
    ],
    correct: 'a',
    explanation: 'The PSIS.',
    reference: 'Lesson 1',
  },
  {
    type: 'multiple',
    prompt: 'Which lower the dilution of an aspirate with peripheral blood?',
    options: [
      { id: 'a', text: 'Small-volume pulls' },
      { id: 'b', text: 'Repositioning the needle' },
      { id: 'c', text: 'One large pull' },
      { id: 'd', text: 'A wider syringe' },
    ],
    correct: ['a', 'b'],
    explanation: 'Small pulls and repositioning.',
    reference: 'Lesson 2',
  },
  {
    type: 'ordering',
    prompt: 'Put the harvest steps in order.',
    items: [
      { id: 'a', text: 'Palpate the landmark' },
      { id: 'b', text: 'Prepare the sterile field' },
      { id: 'c', text: 'Anaesthetise to the periosteum' },
      { id: 'd', text: 'Insert the trocar' },
      { id: 'e', text: 'Aspirate in small pulls' },
    ],
    explanation: 'Landmark, field, anaesthesia, trocar, aspiration.',
    reference: 'Lesson 3',
  },
  {
    type: 'true_false',
    prompt: 'The sternum carries more risk than the iliac crest.',
    correct: true,
    explanation: 'It does.',
    reference: 'Lesson 1',
  },
  {
    type: 'numeric',
    prompt: 'How many days until light activity?',
    unit: 'days',
    answer: 3,
    tolerance: 1,
    explanation: 'Two to three days.',
    reference: 'Lesson 4',
  },
];

interface ShownChoice {
  id: string;
  text: string;
}
interface ShownQuestion {
  id: string;
  type: string;
  prompt: string;
  options?: ShownChoice[];
  items?: ShownChoice[];
}

/** What one learner could read of one attempt before review: the API's JSON and the page's HTML. */
interface Observed {
  attemptId: string;
  questions: ShownQuestion[];
  html: string;
}

/** The right answer, in the ids this attempt shows (found through the texts, as the test knows the key). */
function truth(question: ShownQuestion): string[] {
  const authored = BANK.find((candidate) => candidate.prompt === question.prompt)!;
  const choices = question.options ?? question.items ?? [];
  const idOf = (authoredId: string) =>
    choices.find(
      (choice) =>
        choice.text ===
        [...(authored.options ?? []), ...(authored.items ?? [])].find((c) => c.id === authoredId)!.text,
    )!.id;
  if (authored.type === 'ordering') {
    return authored.items!.map((item) => idOf(item.id));
  }
  return ([] as string[]).concat(authored.correct as string | string[]).map(idOf);
}

/** Ids in the order the page's HTML names them for one question (option values, or ordering selects). */
function htmlOrder(html: string, question: ShownQuestion): string[] {
  const ids = new Set((question.options ?? question.items ?? []).map((choice) => choice.id));
  const found: string[] = [];
  const pattern = new RegExp(
    `(?:name="q_${question.id}"[^>]*value="([^"]+)"|id="q_${question.id}_([^"]+)")`,
    'g',
  );
  for (const match of html.matchAll(pattern)) {
    const id = match[1] ?? match[2]!;
    if (ids.has(id) && !found.includes(id)) {
      found.push(id);
    }
  }
  return found;
}

/**
 * Every way a learner might try to read the key off what they see: the order shown (API and
 * page), the ids sorted as text, by length, and their reverses.
 */
function strategies(observed: Observed, question: ShownQuestion): Record<string, string[]> {
  const shown = (question.options ?? question.items ?? []).map((choice) => choice.id);
  const sorted = [...shown].sort();
  const byLength = [...shown].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return {
    'API order': shown,
    'API order reversed': [...shown].reverse(),
    'page order': htmlOrder(observed.html, question),
    'ids sorted': sorted,
    'ids sorted, reversed': [...sorted].reverse(),
    'ids by length': byLength,
  };
}

/** Whether a guessed ordering (or first-k set) is the key. */
function hits(question: ShownQuestion, guess: string[], key: string[]): boolean {
  if (question.type === 'ordering') {
    return guess.join() === key.join();
  }
  return [...guess.slice(0, key.length)].sort().join() === [...key].sort().join();
}

const CHANCE: Record<string, number> = {
  single: 1 / 4,
  multiple: 1 / 6, // two of four
  ordering: 1 / 120, // five items
};

/** The smallest number of hits of `trials` guesses at `chance` that is reached with probability at most `odds`. */
function binomialCeiling(trials: number, chance: number, odds: number): number {
  // P(X = k) for k = 0..trials, then the tail from the top.
  const probability: number[] = [(1 - chance) ** trials];
  for (let k = 1; k <= trials; k++) {
    probability.push((probability[k - 1]! * (trials - k + 1) * chance) / (k * (1 - chance)));
  }
  let tail = 0;
  for (let k = trials; k >= 0; k--) {
    tail += probability[k]!;
    if (tail > odds) {
      return k + 1;
    }
  }
  return 0;
}

describe('no answer key can be derived from what a learner sees before review', () => {
  let testApp: TestApp;
  const observed: Observed[] = [];
  const LEARNERS = 60;

  beforeAll(async () => {
    testApp = await createTestApp();
    const { app } = testApp;
    const content = sampleContent();
    const moduleId = content.modules[0]!.id;
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: BANK.length };
    const { courseId, slug } = await newPublishedCourse(app, { modules: content.modules });
    await addQuestions(app, courseId, moduleId, BANK);
    for (let learner = 0; learner < LEARNERS; learner++) {
      const user = await newUser(app);
      await enrolReady(app, user.id, slug);
      const headers = { authorization: `Bearer ${await bearerToken(app, user)}` };
      const started = await app.inject({
        method: 'POST',
        url: `/api/v1/me/courses/${slug}/modules/${moduleId}/quiz/attempts`,
        headers,
      });
      expect(started.statusCode).toBe(201);
      const attempt = started.json<{ id: string; questions: ShownQuestion[] }>();
      const page = await (
        await new BrowserSession(app).signIn(user)
      ).request('GET', `/learning/attempts/${attempt.id}`);
      expect(page.statusCode).toBe(200);
      observed.push({ attemptId: attempt.id, questions: attempt.questions, html: page.body });
    }
  }, 120_000);

  afterAll(() => testApp.close());

  it.each(['single', 'multiple', 'ordering'])(
    '%s: every reading of ids, order and lengths does no better than chance',
    (type) => {
      // The most hits guessing could score with odds of one in a million (the exact binomial
      // tail: a normal approximation under-states it for rare events like a 1-in-120 guess);
      // a leak of any size lands far above it.
      const ceiling = binomialCeiling(LEARNERS, CHANCE[type]!, 1e-6) / LEARNERS;
      const rates: Record<string, number> = {};
      for (const attempt of observed) {
        const question = attempt.questions.find((candidate) => candidate.type === type)!;
        const key = truth(question);
        for (const [name, guess] of Object.entries(strategies(attempt, question))) {
          rates[name] = (rates[name] ?? 0) + (hits(question, guess, key) ? 1 / LEARNERS : 0);
        }
      }
      for (const [name, rate] of Object.entries(rates)) {
        expect({ strategy: name, beatsChance: rate >= ceiling }).toEqual({
          strategy: name,
          beatsChance: false,
        });
      }
    },
  );

  it('shows every choice under an id of the same length, new in every attempt, and no authored id', () => {
    const seen = new Map<string, number>();
    for (const attempt of observed) {
      for (const question of attempt.questions) {
        const choices = question.options ?? question.items ?? [];
        for (const choice of choices) {
          expect(choice.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
          seen.set(choice.id, (seen.get(choice.id) ?? 0) + 1);
          // Neither the JSON nor the page carries the authored id ("a"…"e") as a value anywhere.
          expect(attempt.html).not.toMatch(new RegExp(`value="[a-e]"`));
        }
      }
    }
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('true/false and numeric questions carry nothing but their prompt (and unit)', () => {
    for (const attempt of observed) {
      for (const question of attempt.questions.filter((candidate) =>
        ['true_false', 'numeric'].includes(candidate.type),
      )) {
        expect(Object.keys(question).sort()).toEqual(
          question.type === 'numeric' ? ['id', 'prompt', 'type', 'unit'] : ['id', 'prompt', 'type'],
        );
      }
    }
  });
});
